import { AML_ACTIONS, REVIEWER_SCOPES, RULE_KINDS, SEVERITIES } from '../aml/model';
import { amountIn, currency, decimal, decodeShape, hash, id, instant, integer, ledgerAccount, listOf, oneOf, Shape, shaped, text } from '../core/decode';
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

const STATUS_CHANGE: Shape = { required: { status: oneOf(PAYMENT_STATUSES), time: instant, txId: text }, optional: { note: text, refundId: id } };

const PAYMENT_FX: Shape = {
    required: {
        quoteId: id, provider: id, liquidity: ledgerAccount, rateId: id, appliedRate: text, sourceAmount: decimal, fee: decimal,
        targetCurrency: currency, targetAmount: amountIn('targetCurrency'),
    },
    optional: { lane: integer(0, 999) },
};

const SCREENING: Shape = {
    required: {
        ruleSetVersion: integer(1, 2_147_483_647),
        decision: oneOf(AML_ACTIONS),
        fired: listOf(shaped({
            required: { ruleId: text, kind: oneOf(RULE_KINDS), action: oneOf(AML_ACTIONS), severity: oneOf(SEVERITIES), detail: text },
            optional: { reviewers: oneOf(REVIEWER_SCOPES) },
        })),
    },
    optional: { reviewers: oneOf(REVIEWER_SCOPES) },
};

export function decodePayment(value: unknown): Payment {
    return decodeShape('payment', value, {
        required: {
            paymentId: id, txId: text, time: instant, payer: ledgerAccount, payee: ledgerAccount, payerBank: id, payeeBank: id,
            amount: amountIn(), currency, purpose: text, sequence: integer(1, Number.MAX_SAFE_INTEGER), expiresAt: instant,
            instructionHash: hash, signature: text, status: oneOf(PAYMENT_STATUSES), refunded: amountIn(), refundPending: amountIn(),
            history: listOf(shaped(STATUS_CHANGE)),
        },
        optional: {
            targetCurrency: currency, quoteId: id, reference: text,
            hold: shaped({ required: { reason: oneOf(['compliance', 'payer-request']), note: text, expiresAt: instant } }),
            fx: shaped(PAYMENT_FX),
            aml: shaped(SCREENING),
        },
    });
}

export function decodeRefund(value: unknown): Refund {
    return decodeShape('refund', value, {
        required: {
            refundId: id, paymentId: id, amount: amountIn(), currency, reason: oneOf(REFUND_REASONS), evidenceRef: hash, payer: ledgerAccount,
            payee: ledgerAccount, status: oneOf(['requested', 'approved', 'declined']), requestedBy: id, requestedAt: instant, txId: text,
        },
        optional: {
            note: text, decidedAt: instant, decisionNote: text, transferTxId: text,
            fx: shaped({ required: { provider: id, targetCurrency: currency, targetAmount: amountIn('targetCurrency') } }),
        },
    });
}

/** The payment, or undefined when its id is free. */
export async function findPayment(store: LedgerStore, paymentId: string): Promise<Payment | undefined> {
    const stored = await store.get(paymentKey(store, paymentId));
    return stored === undefined ? undefined : decodePayment(stored);
}

export async function findRefund(store: LedgerStore, refundId: string): Promise<Refund | undefined> {
    const stored = await store.get(refundKey(store, refundId));
    return stored === undefined ? undefined : decodeRefund(stored);
}

export async function readPayment(store: LedgerStore, paymentId: unknown): Promise<Payment> {
    const id = requireId(paymentId, 'paymentId');
    return (await findPayment(store, id)) ?? fail('NOT_FOUND', `payment ${id} does not exist`);
}

export async function readRefund(store: LedgerStore, refundId: unknown): Promise<Refund> {
    const id = requireId(refundId, 'refundId');
    return (await findRefund(store, id)) ?? fail('NOT_FOUND', `refund ${id} does not exist`);
}
