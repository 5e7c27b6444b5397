import { expect } from 'chai';
import fc from 'fast-check';
import { readStoredAmount, showAmount } from '../../src/core/amount';
import { signingBytes } from '../../src/payments/instruction';
import { acceptedOrRefused, circulatingSupply, Corridor, storedBalances, Holder, ISSUER, nonZero, sha256, signBytes } from '../support/corridor-fixture';

/**
 * Random operation sequences against the ledger, with the invariants checked after
 * every step: money is neither created nor lost, nothing goes negative, reservations
 * match the held payments, refunds never exceed what was paid, terminal states happen
 * at most once, a replayed instruction is refused, and a refused operation changes
 * nothing at all.
 */

type Op =
    | { kind: 'mint' | 'burn' | 'rollup' | 'supply-rollup' | 'freeze' | 'unfreeze'; account: number; cents: number }
    | { kind: 'pay'; payer: number; payee: number; cents: number; hold: boolean; usd: boolean }
    | { kind: 'settle' | 'reject' | 'cancel' | 'expire' | 'replay' | 'stale-sequence'; payment: number }
    | { kind: 'refund'; payment: number; cents: number }
    | { kind: 'approve' | 'decline'; refund: number }
    | { kind: 'advance'; hours: number };

const ACCOUNTS = 4;
const index = fc.nat({ max: 40 });
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('mint' as const), account: fc.nat({ max: ACCOUNTS - 1 }), cents: fc.integer({ min: 1, max: 100_000 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('burn' as const, 'rollup' as const, 'supply-rollup' as const, 'freeze' as const, 'unfreeze' as const), account: fc.nat({ max: ACCOUNTS - 1 }), cents: fc.integer({ min: 1, max: 50_000 }) }) },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('pay' as const), payer: fc.nat({ max: ACCOUNTS - 1 }), payee: fc.nat({ max: ACCOUNTS - 1 }), cents: fc.integer({ min: 1, max: 60_000 }), hold: fc.boolean(), usd: fc.boolean() }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('settle' as const, 'reject' as const, 'cancel' as const, 'expire' as const, 'replay' as const, 'stale-sequence' as const), payment: index }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('refund' as const), payment: index, cents: fc.integer({ min: 1, max: 40_000 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('approve' as const, 'decline' as const), refund: index }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 72 }) }) },
);

interface Accepted {
    paymentId: string;
    payer: Holder;
    instruction: Record<string, unknown>;
}

class Run {
    readonly accepted: Accepted[] = [];
    readonly refunds: string[] = [];
    private burns = 0;

    constructor(
        readonly corridor: Corridor,
        readonly holders: Holder[],
    ) {}

    static async start(): Promise<Run> {
        const corridor = await Corridor.founded();
        const holders = [
            await corridor.openHolder('Bank1MSP', 3),
            await corridor.openHolder('Bank1MSP', 3, 'p256'),
            await corridor.openHolder('Bank2MSP', 3),
            await corridor.openHolder('Bank2MSP', 1),
        ];
        return new Run(corridor, holders);
    }

    private holder(at: number): Holder {
        return this.holders[at % this.holders.length] as Holder;
    }

    private payment(at: number): Accepted | undefined {
        return this.accepted.length === 0 ? undefined : this.accepted[at % this.accepted.length];
    }

    /** Runs the operation; returns false when the ledger refused it with a coded error. */
    async apply(op: Op): Promise<boolean> {
        return acceptedOrRefused(() => this.execute(op));
    }

    private async execute(op: Op): Promise<void> {
        const { corridor } = this;
        switch (op.kind) {
            case 'mint':
            case 'burn': {
                const holder = this.holder(op.account);
                const currency = holder.bank === 'Bank1MSP' ? 'EUR' : 'USD';
                if (op.kind === 'mint') {
                    await corridor.topUp(holder, showAmount(BigInt(op.cents), currency), currency);
                    return;
                }
                const body = JSON.stringify({ reference: `wd-${++this.burns}`, address: holder.address, currency, amount: showAmount(BigInt(op.cents), currency) });
                await corridor.submit(ISSUER[currency] as string, (ctx) => corridor.accounts.Burn(ctx, body));
                return;
            }
            case 'rollup':
                await corridor.submit(this.holder(op.account).bank, (ctx) => corridor.accounts.RollUpCredits(ctx, this.holder(op.account).address, 'EUR'));
                return;
            case 'supply-rollup':
                // The issuer folds the supply deltas in: the totals must not move.
                await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.RollUpSupply(ctx, 'EUR'));
                return;
            case 'freeze':
            case 'unfreeze': {
                const holder = this.holder(op.account);
                const invoke = op.kind === 'freeze' ? corridor.accounts.FreezeAccount : corridor.accounts.UnfreezeAccount;
                await corridor.submit(holder.bank, (ctx) => invoke.call(corridor.accounts, ctx, holder.address, 'property test'));
                return;
            }
            case 'pay': {
                const payer = this.holder(op.payer);
                const currency = op.usd ? 'USD' : 'EUR';
                const instruction = corridor.instruction(payer, this.holder(op.payee), showAmount(BigInt(op.cents), currency), { currency, hold: op.hold });
                await corridor.submit(payer.bank, (ctx) => corridor.payments.SubmitPayment(ctx, JSON.stringify(instruction)));
                payer.nextSequence += 1;
                this.accepted.push({ paymentId: instruction.paymentId as string, payer, instruction });
                return;
            }
            case 'replay':
                return this.replay(op.payment);
            case 'stale-sequence':
                return this.staleSequence(op.payment);
            case 'advance':
                corridor.advance(op.hours * 3600);
                return;
            case 'refund':
                return this.requestRefund(op.payment, op.cents);
            case 'approve':
            case 'decline': {
                const refundId = this.refunds.length === 0 ? 'none' : (this.refunds[op.refund % this.refunds.length] as string);
                const refund = await corridor.evaluate('RegulatorMSP', (ctx) => corridor.payments.GetRefund(ctx, refundId)).catch(() => undefined);
                const bank = refund === undefined ? 'Bank1MSP' : ((await corridor.evaluate('RegulatorMSP', (ctx) => corridor.payments.GetPayment(ctx, refund.paymentId as string))).payeeBank as string);
                const decide = op.kind === 'approve'
                    ? (ctx: Parameters<typeof corridor.payments.ApproveRefund>[0]) => corridor.payments.ApproveRefund(ctx, refundId)
                    : (ctx: Parameters<typeof corridor.payments.ApproveRefund>[0]) => corridor.payments.DeclineRefund(ctx, refundId, 'not justified');
                await corridor.submit(bank, decide);
                return;
            }
            default:
                return this.decideHold(op.kind, op.payment);
        }
    }

    private async decideHold(kind: 'settle' | 'reject' | 'cancel' | 'expire', at: number): Promise<void> {
        const { corridor } = this;
        const target = this.payment(at);
        const paymentId = target?.paymentId ?? 'none';
        const bank = target?.payer.bank ?? 'Bank1MSP';
        if (kind === 'settle') {
            await corridor.submit(bank, (ctx) => corridor.payments.SettlePayment(ctx, paymentId));
        } else if (kind === 'reject') {
            await corridor.submit(bank, (ctx) => corridor.payments.RejectPayment(ctx, paymentId, 'review failed'));
        } else if (kind === 'cancel' && target !== undefined) {
            await corridor.submit(bank, (ctx) => corridor.payments.CancelPayment(ctx, corridor.cancellation(target.payer, paymentId)));
        } else {
            await corridor.submit('Bank3MSP', (ctx) => corridor.payments.ExpirePayment(ctx, paymentId));
        }
    }

    private async requestRefund(at: number, cents: number): Promise<void> {
        const target = this.payment(at);
        if (target === undefined) {
            return;
        }
        const currency = target.instruction.currency as string;
        const refundId = `rf-${this.refunds.length + 1}`;
        const body = JSON.stringify({ refundId, paymentId: target.paymentId, amount: showAmount(BigInt(cents), currency), reason: 'other', evidenceRef: sha256(refundId) });
        await this.corridor.submit(target.payer.bank, (ctx) => this.corridor.payments.RequestRefund(ctx, body));
        this.refunds.push(refundId);
    }

    /** Replaying an accepted instruction must be refused and change nothing. */
    private async replay(at: number): Promise<void> {
        const target = this.payment(at);
        if (target === undefined) {
            return;
        }
        const before = this.corridor.ledger.fingerprint();
        const replay = this.corridor.submit(target.payer.bank, (ctx) => this.corridor.payments.SubmitPayment(ctx, JSON.stringify(target.instruction)));
        const message = await replay.then(() => 'accepted', (err: Error) => err.message);
        expect(message).to.match(/^DUPLICATE_REQUEST: /);
        expect(this.corridor.ledger.fingerprint()).to.equal(before);
    }

    /** A fresh payment id on a used sequence number, properly signed, is a replay too. */
    private async staleSequence(at: number): Promise<void> {
        const target = this.payment(at);
        if (target === undefined) {
            return;
        }
        const unsigned: Record<string, unknown> = { ...target.instruction, paymentId: `${target.paymentId}-again`, expiresAt: new Date((this.corridor.ledger.seconds + 60) * 1000).toISOString() };
        delete unsigned.signature;
        const instruction = { ...unsigned, signature: signBytes(target.payer.privateKey, signingBytes(unsigned)) };
        const before = this.corridor.ledger.fingerprint();
        const attempt = this.corridor.submit(target.payer.bank, (ctx) => this.corridor.payments.SubmitPayment(ctx, JSON.stringify(instruction)));
        expect(await attempt.then(() => 'accepted', (err: Error) => err.message)).to.match(/^SEQUENCE_REPLAYED: /);
        expect(this.corridor.ledger.fingerprint()).to.equal(before);
    }
}

/** Every invariant of the ledger, computed from the raw state. */
function checkInvariants(run: Run): void {
    const { ledger } = run.corridor;
    const sums = new Map<string, bigint>();
    const add = (currency: string, amount: bigint): void => {
        expect(amount >= 0n, `negative ${currency} amount`).to.equal(true);
        sums.set(currency, (sums.get(currency) ?? 0n) + amount);
    };
    const reserved = new Map<string, bigint>();
    for (const balance of storedBalances(ledger)) {
        add(balance.currency, readStoredAmount(balance.available, balance.currency, 'available'));
        const held = readStoredAmount(balance.reserved, balance.currency, 'reserved');
        add(balance.currency, held);
        reserved.set(`${balance.address}/${balance.currency}`, held);
    }
    for (const { key, value } of ledger.entries('\u0000corridor.credit\u0000')) {
        const currency = key.split('\u0000')[3] as string;
        add(currency, readStoredAmount((value as { amount: string }).amount, currency, 'credit'));
    }
    // Every currency held is backed by its supply, and every supply is held.
    expect(nonZero(circulatingSupply(ledger))).to.deep.equal(nonZero(sums));
    checkPayments(run, reserved);
}

function checkPayments(run: Run, reserved: Map<string, bigint>): void {
    const { ledger } = run.corridor;
    const approved = new Map<string, bigint>();
    const pending = new Map<string, bigint>();
    for (const { value } of ledger.entries('\u0000corridor.refund\u0000')) {
        const refund = value as { paymentId: string; amount: string; currency: string; status: string };
        const target = refund.status === 'approved' ? approved : refund.status === 'requested' ? pending : undefined;
        target?.set(refund.paymentId, (target.get(refund.paymentId) ?? 0n) + readStoredAmount(refund.amount, refund.currency, 'refund'));
    }
    const heldByAccount = new Map<string, bigint>();
    for (const { value } of ledger.entries('\u0000corridor.payment\u0000')) {
        const payment = value as { paymentId: string; payer: string; amount: string; currency: string; refunded: string; refundPending: string; status: string; history: Array<{ status: string; refundId?: string }> };
        const amount = readStoredAmount(payment.amount, payment.currency, 'amount');
        const refunded = readStoredAmount(payment.refunded, payment.currency, 'refunded');
        expect(refunded + readStoredAmount(payment.refundPending, payment.currency, 'pending') <= amount, 'refunds within the payment').to.equal(true);
        expect(refunded).to.equal(approved.get(payment.paymentId) ?? 0n);
        expect(readStoredAmount(payment.refundPending, payment.currency, 'pending')).to.equal(pending.get(payment.paymentId) ?? 0n);
        // A declined refund returns the payment to "settled"; that change names the refund and is no second settlement.
        const terminal = payment.history.filter((change) => change.refundId === undefined && ['settled', 'rejected', 'cancelled', 'expired'].includes(change.status));
        expect(terminal.length <= 1, `terminal states of ${payment.paymentId}`).to.equal(true);
        if (payment.status === 'held') {
            const key = `${payment.payer}/${payment.currency}`;
            heldByAccount.set(key, (heldByAccount.get(key) ?? 0n) + amount);
        }
    }
    for (const [key, held] of reserved) {
        expect(held, `reservation of ${key}`).to.equal(heldByAccount.get(key) ?? 0n);
    }
    for (const [key, held] of heldByAccount) {
        expect(reserved.get(key)).to.equal(held);
    }
}

describe('ledger properties over random operation sequences', function () {
    this.timeout(120_000);
    const RUNS = 100;
    const OPS_PER_RUN = 100;
    let operations = 0;
    let accepted = 0;

    it(`when ${RUNS} runs of ${OPS_PER_RUN} random operations are applied, then every invariant holds after every step`, async () => {
        await fc.assert(
            fc.asyncProperty(fc.array(opArbitrary, { minLength: OPS_PER_RUN, maxLength: OPS_PER_RUN }), async (ops) => {
                const run = await Run.start();
                for (const op of ops) {
                    const before = run.corridor.ledger.fingerprint();
                    const events = run.corridor.ledger.events.length;
                    const applied = await run.apply(op);
                    operations += 1;
                    if (applied) {
                        accepted += 1;
                    } else {
                        expect(run.corridor.ledger.fingerprint(), `refused ${op.kind} changed state`).to.equal(before);
                        expect(run.corridor.ledger.events.length).to.equal(events);
                    }
                    checkInvariants(run);
                }
            }),
            { numRuns: RUNS },
        );
        expect(operations).to.be.at.least(10_000);
        // A workload that is refused almost entirely would prove nothing.
        expect(accepted / operations).to.be.greaterThan(0.3);
    });
});
