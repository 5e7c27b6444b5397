import { AppError } from '../errors';
import { CommitPendingError, type Ledger } from '../fabric/ledger-client';
import { ledgerContract } from '../fabric/ledger-contract';
import type { ReasonCode } from './cbpr-rules';
import type { CreditTransferInitiation, ItemRef, PaymentRequest } from './pain001';

/**
 * Pays a mapped pain.001: each mapped item is one Payments:SubmitPayment, sent one after
 * the other in message order (a payer's items carry consecutive sequence numbers, so
 * order matters), and each gets its own outcome. A ledger refusal of one item never
 * stops the next; the ledger then decides that item on its own (e.g. SEQUENCE_GAP).
 *
 * Every item is submitted under its own submission observer, hiding it from the
 * Idempotency-Key record of the HTTP request: that record holds one transaction, and
 * resending "the" endorsed transaction of a many-transaction request after a crash would
 * finish one item and report it as the whole answer. Instead, a crash mid-message leaves
 * the key pending with nothing endorsed, the restart forgets it, and the client's retry
 * with the same key runs the message again: items already on the ledger come back as
 * `exists` (the chaincode's DUPLICATE_REQUEST for the same signed instruction), so nothing
 * is paid twice.
 */

interface ItemHead {
    index: number;
    paymentInformationId: string;
    endToEndId: string;
    uetr?: string;
    element: string;
}

/** The status reason a ledger refusal is reported with; NARR (the code in AddtlInf) for the rest. */
export const LEDGER_REASONS: Readonly<Partial<Record<string, ReasonCode>>> = {
    INSUFFICIENT_FUNDS: 'AM04',
    UNSUPPORTED_CURRENCY: 'AM03',
    AMOUNT_NOT_POSITIVE: 'AM01',
    AMOUNT_TOO_PRECISE: 'CH20',
    AMOUNT_TOO_LARGE: 'AM02',
    KYC_LIMIT_EXCEEDED: 'AM02',
    ACCOUNT_NOT_FOUND: 'AC01',
    INVALID_ADDRESS: 'AC01',
    ACCOUNT_CLOSED: 'AC04',
    ACCOUNT_FROZEN: 'AC06',
    SAME_ACCOUNT: 'AG01',
    DUPLICATE_REQUEST: 'AM05',
    AML_REJECTED: 'RR04',
};

export type InitiationItem =
    | (ItemHead & { outcome: 'submitted'; paymentId: string; status: string; txId: string; blockNumber: string })
    | (ItemHead & { outcome: 'exists'; paymentId: string; status: string; txId: string })
    | (ItemHead & { outcome: 'pending'; paymentId: string; txId: string; statusUrl: string })
    | (ItemHead & { outcome: 'refused'; refusedBy: 'gateway' | 'ledger'; code: string; reason: ReasonCode; field: string; detail: string })
    | (ItemHead & { outcome: 'failed'; code: string; detail: string });

export type Outcome = InitiationItem['outcome'];

export interface InitiationReport {
    messageId: string;
    createdAt: string;
    numberOfTransactions: number;
    summary: Record<Outcome, number>;
    items: InitiationItem[];
}

function head(ref: ItemRef): ItemHead {
    return { index: ref.index, paymentInformationId: ref.paymentInformationId, endToEndId: ref.endToEndId, ...(ref.uetr !== undefined ? { uetr: ref.uetr } : {}), element: ref.element };
}

export async function payInitiation(ledger: Ledger, initiation: CreditTransferInitiation): Promise<InitiationReport> {
    const items: InitiationItem[] = [];
    for (const item of initiation.items) {
        items.push(
            item.outcome === 'mapped'
                ? await submitItem(ledger, head(item), item.request)
                : { ...head(item), outcome: 'refused', refusedBy: 'gateway', code: item.code, reason: item.reason, field: item.field, detail: item.detail },
        );
    }
    const summary: Record<Outcome, number> = { submitted: 0, exists: 0, pending: 0, refused: 0, failed: 0 };
    for (const item of items) {
        summary[item.outcome] += 1;
    }
    return { messageId: initiation.messageId, createdAt: initiation.createdAt, numberOfTransactions: initiation.numberOfTransactions, summary, items };
}

async function submitItem(ledger: Ledger, ref: ItemHead, request: PaymentRequest): Promise<InitiationItem> {
    try {
        // No observer: each item is its own submission, not the message's Idempotency-Key write.
        const { value: payment, txId, blockNumber } = await ledgerContract(ledger).payments.submit(request);
        return { ...ref, outcome: 'submitted', paymentId: request.paymentId, status: payment.status, txId, blockNumber };
    } catch (err) {
        if (err instanceof CommitPendingError) {
            return { ...ref, outcome: 'pending', paymentId: request.paymentId, txId: err.txId, statusUrl: `/v1/submissions/${err.txId}` };
        }
        if (!(err instanceof AppError)) {
            // The ledger adapter codes every Fabric failure; anything else is a gateway bug.
            throw err;
        }
        if (err.code === 'DUPLICATE_REQUEST') {
            return existing(ledger, ref, request.paymentId, err);
        }
        if (err.status >= 500) {
            return { ...ref, outcome: 'failed', code: err.code, detail: 'the ledger did not answer for this item; send it again in a new message' };
        }
        return { ...ref, outcome: 'refused', refusedBy: 'ledger', code: err.code, reason: LEDGER_REASONS[err.code] ?? 'NARR', field: ref.element, detail: err.detail };
    }
}

/** The same signed instruction is already on the ledger: report the payment as it stands. */
async function existing(ledger: Ledger, ref: ItemHead, paymentId: string, duplicate: AppError): Promise<InitiationItem> {
    try {
        const payment = await ledgerContract(ledger).payments.get(paymentId);
        return { ...ref, outcome: 'exists', paymentId, status: payment.status, txId: payment.txId };
    } catch {
        return { ...ref, outcome: 'refused', refusedBy: 'ledger', code: duplicate.code, reason: 'AM05', field: ref.element, detail: duplicate.detail };
    }
}
