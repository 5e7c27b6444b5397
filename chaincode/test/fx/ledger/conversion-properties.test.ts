import { expect } from 'chai';
import fc from 'fast-check';
import { readStoredAmount, showAmount } from '../../../src/core/amount';
import { acceptedOrRefused, circulatingSupply, nonZero, storedBalances, Holder, sha256 } from '../../support/corridor-fixture';
import { FxWorld, Quote } from './fx-world';

/**
 * Random workloads of quotes and cross-currency payments in both directions through one
 * provider (Bank2), with holds, settlements, rejections, cancellations, expiries, funding,
 * defunding, refunds approved or declined, reused quotes and clock moves. After every step: each currency is conserved
 * exactly (balances + reservations + credit keys == issued - redeemed), nothing is
 * negative, every quote executed at most once and its status matches the one payment
 * that used it, and every reservation (the payer's and the provider's) matches the
 * payments still held, so each is released exactly once.
 */

type Op =
    | { kind: 'quote'; payer: number; cents: number; fixTarget: boolean; lifetime: number }
    | { kind: 'pay'; quote: number; payee: number; hold: boolean; wrongPayer: boolean }
    | { kind: 'settle' | 'reject' | 'cancel' | 'expire'; payment: number }
    | { kind: 'fund' | 'defund' | 'mint'; currency: 'USD' | 'CNY'; cents: number; holder: number }
    | { kind: 'refund'; payment: number; cents: number }
    | { kind: 'decide'; refund: number; approve: boolean }
    | { kind: 'advance'; minutes: number };

const HOLDERS = 4;
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('quote' as const), payer: fc.nat({ max: HOLDERS - 1 }), cents: fc.integer({ min: 1, max: 60_000 }), fixTarget: fc.boolean(), lifetime: fc.integer({ min: 30, max: 1800 }) }) },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('pay' as const), quote: fc.nat({ max: 4 }), payee: fc.nat({ max: HOLDERS - 1 }), hold: fc.boolean(), wrongPayer: fc.constant(false) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('pay' as const), quote: fc.nat({ max: 60 }), payee: fc.nat({ max: HOLDERS - 1 }), hold: fc.boolean(), wrongPayer: fc.constant(true) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('settle' as const, 'reject' as const, 'cancel' as const, 'expire' as const), payment: fc.nat({ max: 60 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('fund' as const, 'defund' as const, 'mint' as const), currency: fc.constantFrom('USD' as const, 'CNY' as const), cents: fc.integer({ min: 1, max: 500_000 }), holder: fc.nat({ max: HOLDERS - 1 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('refund' as const), payment: fc.nat({ max: 5 }), cents: fc.integer({ min: 1, max: 20_000 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('decide' as const), refund: fc.nat({ max: 3 }), approve: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), minutes: fc.integer({ min: 1, max: 40 }) }) },
);

interface Paid {
    paymentId: string;
    payer: Holder;
    payee: Holder;
}

class Run {
    readonly quotes: Array<{ quote: Quote; payer: Holder }> = [];
    readonly payments: Paid[] = [];
    readonly refunds: Array<{ refundId: string; payeeBank: string }> = [];
    approvedRefunds = 0;
    private references = 0;

    constructor(
        readonly world: FxWorld,
        readonly holders: Holder[],
    ) {}

    static async start(): Promise<Run> {
        const world = await FxWorld.start({ cnyLiquidity: '20000.00' });
        const dave = await world.corridor.openHolder('Bank3MSP', 3);
        await world.corridor.topUp(world.bob, '3000.00', 'CNY');
        await world.corridor.topUp(dave, '3000.00', 'CNY');
        await world.corridor.topUp(world.carol, '1000.00', 'USD');
        await world.fund('USD', '3000.00');
        return new Run(world, [world.alice, world.carol, world.bob, dave]);
    }

    private currencyOf(holder: Holder): 'USD' | 'CNY' {
        return holder.bank === 'Bank2MSP' ? 'USD' : 'CNY';
    }

    async apply(op: Op): Promise<boolean> {
        return acceptedOrRefused(() => this.execute(op));
    }

    private async execute(op: Op): Promise<void> {
        const { world } = this;
        const { corridor } = world;
        switch (op.kind) {
            case 'quote': {
                const payer = this.holders[op.payer] as Holder;
                const source = this.currencyOf(payer);
                const target = source === 'USD' ? 'CNY' : 'USD';
                const amount = showAmount(BigInt(op.cents), op.fixTarget ? target : source);
                const quote = await world.quote(payer, { sourceCurrency: source, targetCurrency: target, lifetimeSeconds: op.lifetime, ...(op.fixTarget ? { sourceAmount: undefined, targetAmount: amount } : { sourceAmount: amount }) });
                this.quotes.push({ quote, payer });
                return;
            }
            case 'pay': {
                // Mostly one of the latest quotes: old ones are used or expired already.
                const entry = this.quotes[this.quotes.length - 1 - (op.quote % Math.max(1, this.quotes.length))];
                if (entry === undefined) {
                    return;
                }
                const payer = op.wrongPayer ? (this.holders.find((holder) => holder !== entry.payer && holder.bank === entry.payer.bank) as Holder) : entry.payer;
                const payee = this.holders[op.payee] === payer ? (this.holders[(op.payee + 1) % HOLDERS] as Holder) : (this.holders[op.payee] as Holder);
                const source = this.currencyOf(entry.payer);
                const instruction = corridor.instruction(payer, payee, entry.quote.display.debitTotal, {
                    currency: source, targetCurrency: source === 'USD' ? 'CNY' : 'USD', quoteId: entry.quote.id, hold: op.hold,
                });
                await corridor.submit(payer.bank, (ctx) => corridor.payments.SubmitPayment(ctx, JSON.stringify(instruction)));
                payer.nextSequence += 1;
                this.payments.push({ paymentId: instruction.paymentId as string, payer, payee });
                return;
            }
            case 'fund':
                await world.fund(op.currency, showAmount(BigInt(op.cents), op.currency));
                return;
            case 'defund': {
                const body = JSON.stringify({ reference: `out-${++this.references}`, currency: op.currency, amount: showAmount(BigInt(op.cents), op.currency) });
                await corridor.submit('Bank2MSP', (ctx) => corridor.fx.DefundLiquidity(ctx, body));
                return;
            }
            case 'mint': {
                const holder = this.holders[op.holder] as Holder;
                const currency = this.currencyOf(holder);
                await corridor.topUp(holder, showAmount(BigInt(op.cents), currency), currency);
                return;
            }
            case 'advance':
                corridor.advance(op.minutes * 60);
                return;
            case 'refund': {
                // The payer's bank asks; a later 'decide' is the payee's bank's answer.
                const target = this.payments[this.payments.length - 1 - (op.payment % Math.max(1, this.payments.length))];
                if (target === undefined) {
                    return;
                }
                const refundId = `refund-${++this.references}`;
                const currency = this.currencyOf(target.payer);
                const body = JSON.stringify({ refundId, paymentId: target.paymentId, amount: showAmount(BigInt(op.cents), currency), reason: 'other', evidenceRef: sha256(refundId) });
                await corridor.submit(target.payer.bank, (ctx) => corridor.payments.RequestRefund(ctx, body));
                this.refunds.push({ refundId, payeeBank: target.payee.bank });
                return;
            }
            case 'decide': {
                const refund = this.refunds[this.refunds.length - 1 - (op.refund % Math.max(1, this.refunds.length))];
                if (refund === undefined) {
                    return;
                }
                await corridor.submit(refund.payeeBank, (ctx) =>
                    op.approve ? corridor.payments.ApproveRefund(ctx, refund.refundId) : corridor.payments.DeclineRefund(ctx, refund.refundId, 'property decision'),
                );
                this.approvedRefunds += op.approve ? 1 : 0;
                return;
            }
            default:
                return this.endHold(op.kind, op.payment);
        }
    }

    private async endHold(kind: 'settle' | 'reject' | 'cancel' | 'expire', at: number): Promise<void> {
        const { corridor } = this.world;
        const target = this.payments[at % Math.max(1, this.payments.length)];
        const paymentId = target?.paymentId ?? 'none';
        const bank = target?.payer.bank ?? 'Bank2MSP';
        if (kind === 'settle') {
            await corridor.submit(bank, (ctx) => corridor.payments.SettlePayment(ctx, paymentId));
        } else if (kind === 'reject') {
            await corridor.submit(bank, (ctx) => corridor.payments.RejectPayment(ctx, paymentId, 'property review'));
        } else if (kind === 'cancel' && target !== undefined) {
            await corridor.submit(bank, (ctx) => corridor.payments.CancelPayment(ctx, corridor.cancellation(target.payer, paymentId)));
        } else {
            await corridor.submit('Bank1MSP', (ctx) => corridor.payments.ExpirePayment(ctx, paymentId));
        }
    }
}

interface StoredPayment {
    paymentId: string;
    payer: string;
    amount: string;
    currency: string;
    status: string;
    refunded: string;
    fx?: { quoteId: string; liquidity: string; sourceAmount: string; targetCurrency: string; targetAmount: string };
    history: Array<{ status: string; refundId?: string }>;
}

/** Checks every invariant; returns how many quotes were executed so far. */
function checkInvariants(run: Run): number {
    let used = 0;
    const { ledger } = run.world.corridor;
    const held = new Map<string, bigint>();
    const reserved = new Map<string, bigint>();
    const add = (map: Map<string, bigint>, key: string, amount: bigint): void => {
        expect(amount >= 0n, `negative ${key}`).to.equal(true);
        map.set(key, (map.get(key) ?? 0n) + amount);
    };
    for (const balance of storedBalances(ledger)) {
        add(held, balance.currency, readStoredAmount(balance.available, balance.currency, 'available'));
        const hold = readStoredAmount(balance.reserved, balance.currency, 'reserved');
        add(held, balance.currency, hold);
        if (hold > 0n) {
            // An FX provider's liquidity keeps its reservations on several lanes.
            add(reserved, `${balance.address}/${balance.currency}`, hold);
        }
    }
    for (const { key, value } of ledger.entries('\u0000corridor.credit\u0000')) {
        const currency = key.split('\u0000')[3] as string;
        add(held, currency, readStoredAmount((value as { amount: string }).amount, currency, 'credit'));
    }
    expect(nonZero(circulatingSupply(ledger)), 'each currency conserved').to.deep.equal(nonZero(held));
    const expectedReserved = new Map<string, bigint>();
    const byQuote = new Map<string, StoredPayment[]>();
    for (const { value } of ledger.entries('\u0000corridor.payment\u0000')) {
        const payment = value as StoredPayment;
        // A declined refund puts a payment back to "settled": that change names its refund.
        const ends = payment.history.filter((change) => change.refundId === undefined && ['settled', 'rejected', 'cancelled', 'expired'].includes(change.status));
        expect(ends.length <= 1, `${payment.paymentId} ended more than once`).to.equal(true);
        if (payment.fx !== undefined) {
            const refunded = readStoredAmount(payment.refunded, payment.currency, 'refunded');
            expect(refunded <= readStoredAmount(payment.fx.sourceAmount, payment.currency, 'principal'), `${payment.paymentId} refunded beyond its principal`).to.equal(true);
            byQuote.set(payment.fx.quoteId, [...(byQuote.get(payment.fx.quoteId) ?? []), payment]);
        }
        if (payment.status === 'held') {
            add(expectedReserved, `${payment.payer}/${payment.currency}`, readStoredAmount(payment.amount, payment.currency, 'amount'));
            if (payment.fx !== undefined) {
                add(expectedReserved, `${payment.fx.liquidity}/${payment.fx.targetCurrency}`, readStoredAmount(payment.fx.targetAmount, payment.fx.targetCurrency, 'target'));
            }
        }
    }
    expect(Object.fromEntries(reserved)).to.deep.equal(Object.fromEntries(expectedReserved));
    const statusOf: Record<string, string> = {
        settled: 'used', 'refund-requested': 'used', 'partly-refunded': 'used', refunded: 'used', held: 'reserved', rejected: 'void', cancelled: 'void', expired: 'void',
    };
    for (const { value } of ledger.entries('\u0000corridor.fx-quote\u0000')) {
        const quote = value as { id: string; status: string; paymentId?: string };
        const users = byQuote.get(quote.id) ?? [];
        expect(users.length <= 1, `quote ${quote.id} used by ${users.length} payments`).to.equal(true);
        const user = users[0];
        expect(quote.status).to.equal(user === undefined ? 'open' : statusOf[user.status]);
        expect(quote.paymentId).to.equal(user?.paymentId);
        used += quote.status === 'used' ? 1 : 0;
    }
    return used;
}

describe('conversion properties on the ledger', function () {
    this.timeout(120_000);
    const RUNS = 50;
    const OPS_PER_RUN = 80;

    it(`when ${RUNS} runs of ${OPS_PER_RUN} random FX operations are applied, then value is conserved per currency, quotes execute at most once and reservations are released exactly once`, async () => {
        let operations = 0;
        let accepted = 0;
        let executed = 0;
        let refunded = 0;
        await fc.assert(
            fc.asyncProperty(fc.array(opArbitrary, { minLength: OPS_PER_RUN, maxLength: OPS_PER_RUN }), async (ops) => {
                const run = await Run.start();
                let used = 0;
                for (const op of ops) {
                    const before = run.world.corridor.ledger.fingerprint();
                    const events = run.world.corridor.ledger.events.length;
                    const applied = await run.apply(op);
                    operations += 1;
                    if (applied) {
                        accepted += 1;
                    } else {
                        expect(run.world.corridor.ledger.fingerprint(), `refused ${op.kind} changed state`).to.equal(before);
                        expect(run.world.corridor.ledger.events.length).to.equal(events);
                    }
                    used = checkInvariants(run);
                }
                executed += used;
                refunded += run.approvedRefunds;
            }),
            { numRuns: RUNS },
        );
        expect(operations).to.equal(RUNS * OPS_PER_RUN);
        expect(accepted / operations).to.be.greaterThan(0.3);
        // Workloads that never executed a quote would prove nothing about conversions.
        expect(executed).to.be.greaterThan(RUNS * 3);
        // And the conversions reversed by refunds must have happened too.
        expect(refunded).to.be.greaterThan(10);
    });
});
