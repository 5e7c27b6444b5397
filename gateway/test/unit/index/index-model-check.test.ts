import { expect } from 'chai';
import { ALICE, applyAll, BANK_OF, BOB, CAROL, Chain, DAN, type PaymentState, STORES } from './ledger-fixtures';

/**
 * Seeded random workloads checked against a model of the ledger's balance rules: after
 * every run, every account's and every bank's indexed balance equals the model's, and
 * statements add up over random ranges. A failure prints its seed.
 */

function prng(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const ACCOUNTS = [ALICE, BOB, CAROL, DAN];

function cents(value: bigint): string {
    const text = value.toString().padStart(3, '0');
    return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

interface Model {
    available: Map<string, bigint>;
    reserved: Map<string, bigint>;
}

function runWorkload(seed: number, steps: number): { chain: Chain; model: Model } {
    const random = prng(seed);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
    const chain = new Chain();
    const model: Model = { available: new Map(ACCOUNTS.map((a) => [a, 0n])), reserved: new Map(ACCOUNTS.map((a) => [a, 0n])) };
    const add = (map: Map<string, bigint>, account: string, delta: bigint): void => {
        map.set(account, (map.get(account) ?? 0n) + delta);
    };
    const held: PaymentState[] = [];
    const settled: { payment: PaymentState; left: bigint }[] = [];
    let n = 0;
    for (let step = 0; step < steps; step++) {
        const op = random();
        const account = pick(ACCOUNTS);
        const available = model.available.get(account) ?? 0n;
        if (op < 0.15 || available === 0n) {
            const amount = BigInt(1 + Math.floor(random() * 50_000));
            chain.mint(account, cents(amount));
            add(model.available, account, amount);
        } else if (op < 0.55) {
            const payee = pick(ACCOUNTS.filter((a) => a !== account));
            const amount = BigInt(1 + Math.floor(random() * Number(available)));
            const hold = random() < 0.3;
            const payment = chain.pay(`m-${seed}-${n++}`, account, payee, cents(amount), { hold });
            add(model.available, account, -amount);
            if (hold) {
                add(model.reserved, account, amount);
                held.push(payment);
            } else {
                add(model.available, payee, amount);
                settled.push({ payment, left: amount });
            }
        } else if (op < 0.75 && held.length > 0) {
            const payment = held.splice(Math.floor(random() * held.length), 1)[0] as PaymentState;
            const amount = BigInt(payment.amount.replace('.', ''));
            const ending = pick(['PaymentSettled', 'PaymentRejected', 'PaymentCancelled', 'PaymentExpired'] as const);
            chain.close(payment, ending);
            add(model.reserved, payment.payer, -amount);
            if (ending === 'PaymentSettled') {
                add(model.available, payment.payee, amount);
                settled.push({ payment, left: amount });
            } else {
                add(model.available, payment.payer, amount);
            }
        } else if (op < 0.9 && settled.length > 0) {
            const target = pick(settled);
            const payeeHas = model.available.get(target.payment.payee) ?? 0n;
            const most = target.left < payeeHas ? target.left : payeeHas;
            if (most === 0n) {
                continue;
            }
            const amount = BigInt(1 + Math.floor(random() * Number(most)));
            const approve = random() < 0.7;
            chain.refund(target.payment, `mr-${seed}-${n++}`, cents(amount), approve ? 'RefundApproved' : 'RefundDeclined');
            if (approve) {
                target.left -= amount;
                add(model.available, target.payment.payee, -amount);
                add(model.available, target.payment.payer, amount);
            }
        } else {
            const amount = BigInt(1 + Math.floor(random() * Number(available)));
            chain.burn(account, cents(amount));
            add(model.available, account, -amount);
        }
        if (random() < 0.1) {
            chain.advance(Math.floor(random() * 86_400_000));
        }
    }
    return { chain, model };
}

for (const adapter of STORES) {
    describe(`index against a model of the ledger, on ${adapter.name}`, function () {
        this.timeout(120_000);

        for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
            it(`when random workload ${seed} (150 steps) is indexed, then every account and bank balance equals the model and statements add up`, async () => {
                const { store } = await adapter.open();
                try {
                    const { chain, model } = runWorkload(seed, 150);
                    await applyAll(store, chain.blocks);
                    const end = '2100-01-01T00:00:00.000Z';
                    const banks = new Map<string, { available: bigint; reserved: bigint }>();
                    for (const account of ACCOUNTS) {
                        const expected = { available: model.available.get(account) ?? 0n, reserved: model.reserved.get(account) ?? 0n };
                        const indexed = (await store.balancesBefore({ kind: 'account', address: account }, end))[0] ?? { available: 0n, reserved: 0n };
                        expect({ available: indexed.available, reserved: indexed.reserved }, `seed ${seed} ${account}`).to.deep.equal(expected);
                        const bank = BANK_OF[account] as string;
                        const sum = banks.get(bank) ?? { available: 0n, reserved: 0n };
                        banks.set(bank, { available: sum.available + expected.available, reserved: sum.reserved + expected.reserved });
                    }
                    for (const [bank, expected] of banks) {
                        const indexed = (await store.balancesBefore({ kind: 'bank', mspId: bank }, end))[0] ?? { available: 0n, reserved: 0n };
                        expect({ available: indexed.available, reserved: indexed.reserved }, `seed ${seed} ${bank}`).to.deep.equal(expected);
                    }
                    const random = prng(seed * 7919);
                    const times = chain.blocks.map((b) => b.transactions[0]?.time).filter((t): t is string => typeof t === 'string');
                    for (let i = 0; i < 10; i++) {
                        const [a, b] = [Math.floor(random() * times.length), Math.floor(random() * times.length)].sort((x, y) => x - y) as [number, number];
                        const range = { from: times[a] as string, to: b === a ? end : (times[b] as string) };
                        const owner = random() < 0.5 ? { kind: 'account' as const, address: ACCOUNTS[i % 4] as string } : { kind: 'bank' as const, mspId: 'Bank1MSP' };
                        const opening = (await store.balancesBefore(owner, range.from))[0] ?? { available: 0n, reserved: 0n };
                        const closing = (await store.balancesBefore(owner, range.to))[0] ?? { available: 0n, reserved: 0n };
                        const entries = await store.entries(owner, range, undefined, 10_000);
                        const moved = entries.reduce((sum, e) => sum + e.availableDelta + e.reservedDelta, 0n);
                        expect(opening.available + opening.reserved + moved, `seed ${seed} range ${a}-${b}`).to.equal(closing.available + closing.reserved);
                    }
                } finally {
                    await store.close();
                }
            });
        }
    });
}
