import { fail } from '../core/errors';
import { reverseConversion } from '../fx/ledger/conversion';
import { parseAmount, readStoredAmount, showAmount } from '../core/amount';
import { requireAccount, requireUsable } from '../accounts/accounts';
import { recordEntry } from '../accounts/history';
import { creditLater, takeAvailable, writeBalance } from '../accounts/balances';
import { requireHash, requireId, requireObject, requireOneOf, requireText } from '../core/validation';
import { paymentKey, refundKey } from '../core/keys';
import { requireActiveBank } from '../members/members';
import { change, paymentEvent, requireBank } from './payments';
import { findRefund, Payment, PaymentStatus, readPayment, readRefund, Refund, REFUND_REASONS } from './records';
import { LedgerStore } from '../core/store';

/**
 * Refunds of settled payments. The payer's bank files a request (reason, evidence
 * hash); the payee's bank approves or declines it. An approved refund is its own
 * transfer from payee to payer, linked to the payment. Requested plus refunded never
 * exceeds the amount paid, so concurrent requests cannot over-refund either.
 *
 * The mission's three refund cases:
 * - never packed into a block: a Fabric transaction that does not commit changes
 *   nothing, so no money left the account and the same sequence number can be signed
 *   again; a held payment that never settles is cancelled or expires and its reserved
 *   funds return (payments.ts);
 * - failed because of a wrong payee: a mistyped address fails its checksum and a closed
 *   payee is refused before any money moves; a payment to a valid but wrong address
 *   is refunded here with reason "wrong-payee";
 * - cancelled by the user: a held payment is cancelled with the payer's signature; a
 *   settled one is refunded here with reason "cancelled-by-user".
 *
 * A converted payment is refunded in its source currency, up to its principal (the FX
 * fee stays with the provider), and the conversion is reversed at the payment's own rate
 * (exchange/conversion.ts reverseConversion): the payee returns its share of the target
 * amount to the provider, the provider pays the principal back to the payer.
 */

// A fully refunded payment stays in the list so a further request names the real cause.
const REFUNDABLE: readonly PaymentStatus[] = ['settled', 'refund-requested', 'partly-refunded', 'refunded'];

export async function requestRefund(store: LedgerStore, caller: string, value: unknown): Promise<Refund> {
    const fields = requireObject(value, 'refund', ['refundId', 'paymentId', 'amount', 'reason', 'evidenceRef', 'note']);
    const refundId = requireId(fields.refundId, 'refundId');
    const reason = requireOneOf(fields.reason, 'reason', REFUND_REASONS);
    const evidenceRef = requireHash(fields.evidenceRef, 'evidenceRef');
    const note = fields.note === undefined ? undefined : requireText(fields.note, 'note', 500);
    await requireActiveBank(store, caller);
    const payment = await readPayment(store, fields.paymentId);
    const amount = parseAmount(fields.amount, payment.currency, 'amount');
    await requireNewRefund(store, refundId, payment.paymentId, showAmount(amount, payment.currency));
    requireBank(payment.payerBank, caller);
    if (!REFUNDABLE.includes(payment.status)) {
        fail('INVALID_STATE', `payment ${payment.paymentId} is ${payment.status}; only settled payments are refunded`);
    }
    const paid = refundable(payment);
    const refunded = readStoredAmount(payment.refunded, payment.currency, 'refunded');
    const pending = readStoredAmount(payment.refundPending, payment.currency, 'refundPending');
    const committed = refunded + pending;
    if (committed + amount > paid) {
        fail('REFUND_EXCEEDS_PAYMENT', `at most ${showAmount(paid - committed, payment.currency)} ${payment.currency} remains refundable`);
    }
    const refund: Refund = {
        refundId,
        paymentId: payment.paymentId,
        amount: showAmount(amount, payment.currency),
        currency: payment.currency,
        reason,
        evidenceRef,
        note,
        payer: payment.payer,
        payee: payment.payee,
        status: 'requested',
        requestedBy: caller,
        requestedAt: store.txTime,
        txId: store.txId,
    };
    const updated = withRefundState(store, payment, refundId, refunded, pending + amount, `refund ${refundId} requested: ${reason}`);
    await store.put(refundKey(store, refundId), refund);
    await store.put(paymentKey(store, payment.paymentId), updated);
    store.emit('RefundRequested', paymentEvent(store, updated, { refundId, refundAmount: refund.amount, reason }));
    return refund;
}

async function requireNewRefund(store: LedgerStore, refundId: string, paymentId: string, amount: string): Promise<void> {
    const existing = await findRefund(store, refundId);
    if (existing === undefined) {
        return;
    }
    const same = existing.paymentId === paymentId && existing.amount === amount;
    fail(same ? 'DUPLICATE_REQUEST' : 'ALREADY_EXISTS', `refund ${refundId} is already filed`);
}

/** The payee's bank approves: the refund moves from the payee back to the payer. */
export async function approveRefund(store: LedgerStore, caller: string, refundId: unknown): Promise<Refund> {
    await requireActiveBank(store, caller);
    const { refund, payment } = await requireOpenRefund(store, caller, refundId);
    requireUsable(await requireAccount(store, payment.payee, 'payee'), 'payee');
    requireUsable(await requireAccount(store, payment.payer, 'payer'), 'payer');
    const amount = readStoredAmount(refund.amount, refund.currency, 'amount');
    const before = readStoredAmount(payment.refunded, payment.currency, 'refunded');
    const pending = readStoredAmount(payment.refundPending, payment.currency, 'refundPending') - amount;
    const updated = withRefundState(store, payment, refund.refundId, before + amount, pending, `refund ${refund.refundId} approved`);
    const entry = { kind: 'refund' as const, id: refund.refundId, amount: refund.amount, currency: refund.currency, time: store.txTime, txId: store.txId };
    let approved: Refund = { ...refund, status: 'approved', decidedAt: store.txTime, transferTxId: store.txId };
    if (payment.fx === undefined) {
        await writeBalance(store, await takeAvailable(store, payment.payee, payment.currency, amount));
        await creditLater(store, payment.payer, payment.currency, amount, `refund:${refund.refundId}`);
        await recordEntry(store, payment.payee, { ...entry, direction: 'out', counterparty: payment.payer });
    } else {
        const { fx } = payment;
        const back = showAmount(await reverseConversion(store, fx, payment, refund.refundId, before, amount), fx.targetCurrency);
        approved = { ...approved, fx: { provider: fx.provider, targetCurrency: fx.targetCurrency, targetAmount: back } };
        await recordEntry(store, payment.payee, { ...entry, amount: back, currency: fx.targetCurrency, direction: 'out', counterparty: payment.payer });
        await recordEntry(store, fx.liquidity, { ...entry, kind: 'conversion-in', amount: back, currency: fx.targetCurrency, direction: 'in', counterparty: payment.payee });
        await recordEntry(store, fx.liquidity, { ...entry, kind: 'conversion-out', direction: 'out', counterparty: payment.payer });
    }
    await recordEntry(store, payment.payer, { ...entry, direction: 'in', counterparty: payment.payee });
    await store.put(refundKey(store, refund.refundId), approved);
    await store.put(paymentKey(store, payment.paymentId), updated);
    const targetLeg = approved.fx === undefined ? {} : { refundTargetCurrency: approved.fx.targetCurrency, refundTargetAmount: approved.fx.targetAmount };
    store.emit('RefundApproved', paymentEvent(store, updated, { refundId: refund.refundId, refundAmount: refund.amount, ...targetLeg }));
    return approved;
}

export async function declineRefund(store: LedgerStore, caller: string, refundId: unknown, reason: unknown): Promise<Refund> {
    const decisionNote = requireText(reason, 'reason', 200);
    await requireActiveBank(store, caller);
    const { refund, payment } = await requireOpenRefund(store, caller, refundId);
    const amount = readStoredAmount(refund.amount, refund.currency, 'amount');
    const refunded = readStoredAmount(payment.refunded, payment.currency, 'refunded');
    const pending = readStoredAmount(payment.refundPending, payment.currency, 'refundPending') - amount;
    const updated = withRefundState(store, payment, refund.refundId, refunded, pending, `refund ${refund.refundId} declined: ${decisionNote}`);
    const declined: Refund = { ...refund, status: 'declined', decidedAt: store.txTime, decisionNote };
    await store.put(refundKey(store, refund.refundId), declined);
    await store.put(paymentKey(store, payment.paymentId), updated);
    store.emit('RefundDeclined', paymentEvent(store, updated, { refundId: refund.refundId, refundAmount: refund.amount }));
    return declined;
}

async function requireOpenRefund(store: LedgerStore, caller: string, refundId: unknown): Promise<{ refund: Refund; payment: Payment }> {
    const refund = await readRefund(store, refundId);
    const payment = await readPayment(store, refund.paymentId);
    requireBank(payment.payeeBank, caller);
    if (refund.status !== 'requested') {
        fail('INVALID_STATE', `refund ${refund.refundId} is already ${refund.status}`);
    }
    return { refund, payment };
}

/** What refunds may return: the amount paid, or a conversion's principal (its fee stays with the provider). */
function refundable(payment: Payment): bigint {
    return payment.fx === undefined
        ? readStoredAmount(payment.amount, payment.currency, 'amount')
        : readStoredAmount(payment.fx.sourceAmount, payment.currency, 'sourceAmount');
}

/** The payment's refund status follows from what is refunded and what is still pending. */
function withRefundState(store: LedgerStore, payment: Payment, refundId: string, refunded: bigint, pending: bigint, note: string): Payment {
    const paid = refundable(payment);
    let status: PaymentStatus = 'settled';
    if (pending > 0n) {
        status = 'refund-requested';
    } else if (refunded === paid) {
        status = 'refunded';
    } else if (refunded > 0n) {
        status = 'partly-refunded';
    }
    return {
        ...payment,
        status,
        refunded: showAmount(refunded, payment.currency),
        refundPending: showAmount(pending, payment.currency),
        history: [...payment.history, { ...change(store, status, note), refundId }],
    };
}
