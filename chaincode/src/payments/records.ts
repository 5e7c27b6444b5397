import { fail } from '../core/errors';
import { paymentKey, refundKey } from '../core/keys';
import { LedgerStore } from '../core/store';
import { requireId } from '../core/validation';
import type { Screening } from '../aml/ledger/screen';

/**
 * The payment and refund records as the ledger stores them, and their readers. Kept
 * apart from the use cases (payments.ts, refunds.ts) so that queries, AML reviews and
 * account history read a payment without depending on how one is made.
 */

/** What a converted payment records: amounts in major units of their currency. */
export interface PaymentFx {
    quoteId: string;
    provider: string;
    liquidity: string;
    rateId: string;
    appliedRate: string;
    sourceAmount: string;
    fee: string;
    targetCurrency: string;
    targetAmount: string;
    /** The liquidity lane the target currency is delivered from (absent on payments made before lanes: 0). */
    lane?: number;
}

export const PAYMENT_STATUSES = [
    'submitted',
    'held',
    'settled',
    'rejected',
    'cancelled',
    'expired',
    'refund-requested',
    'partly-refunded',
    'refunded',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface StatusChange {
    status: PaymentStatus;
    time: string;
    txId: string;
    note?: string;
    /** Set when a refund caused the change, e.g. back to "settled" after a declined refund. */
    refundId?: string;
}

export interface Payment {
    paymentId: string;
    /** The Fabric transaction id that recorded the instruction: the payment's transaction hash. */
    txId: string;
    time: string;
    payer: string;
    payee: string;
    payerBank: string;
    payeeBank: string;
    amount: string;
    currency: string;
    targetCurrency?: string;
    quoteId?: string;
    reference?: string;
    purpose: string;
    sequence: number;
    expiresAt: string;
    instructionHash: string;
    signature: string;
    status: PaymentStatus;
    hold?: { reason: 'compliance' | 'payer-request'; note: string; expiresAt: string };
    /** Present on a cross-currency payment: the quote it settled (or reserved) and both legs. */
    fx?: PaymentFx;
    /** The AML screening in the payment's own transaction: rule-set version, fired rules, decision. */
    aml?: Screening;
    refunded: string;
    refundPending: string;
    history: StatusChange[];
}

export const REFUND_REASONS = ['wrong-payee', 'cancelled-by-user', 'not-delivered', 'duplicate', 'other'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export interface Refund {
    refundId: string;
    paymentId: string;
    amount: string;
    currency: string;
    reason: RefundReason;
    evidenceRef: string;
    note?: string;
    payer: string;
    payee: string;
    status: 'requested' | 'approved' | 'declined';
    requestedBy: string;
    requestedAt: string;
    decidedAt?: string;
    decisionNote?: string;
    /** The transaction that filed the request, and the one that moved the money back. */
    txId: string;
    transferTxId?: string;
    /** A converted payment's refund: what the payee returned to the provider, in the target currency. */
    fx?: { provider: string; targetCurrency: string; targetAmount: string };
}

export async function readPayment(store: LedgerStore, paymentId: unknown): Promise<Payment> {
    const id = requireId(paymentId, 'paymentId');
    const payment = (await store.get(paymentKey(store, id))) as Payment | undefined;
    if (payment === undefined) {
        return fail('NOT_FOUND', `payment ${id} does not exist`);
    }
    return payment;
}

export async function readRefund(store: LedgerStore, refundId: unknown): Promise<Refund> {
    const id = requireId(refundId, 'refundId');
    const refund = (await store.get(refundKey(store, id))) as Refund | undefined;
    if (refund === undefined) {
        return fail('NOT_FOUND', `refund ${id} does not exist`);
    }
    return refund;
}

