import { createHash } from 'node:crypto';
import type { ChainEvent, IndexedBlock, IndexedTransaction } from '../index/index-model';
import { optionalText as optional, text } from '../index/projection';

/** The known event types of the webhook contract; a receiver ignores any other. */
export const EVENT_TYPES = [
    'payment.submitted',
    'payment.settled',
    'payment.held',
    'payment.rejected',
    'payment.cancelled',
    'payment.expired',
    'payment.refunded',
    'refund.requested',
    'refund.declined',
    'quote.expiring',
    'review.needed',
    'alert.raised',
    'iso20022.message',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export type SubjectKind = 'payment' | 'refund' | 'quote' | 'alert' | 'message';

export interface Subject {
    kind: SubjectKind;
    id: string;
}

/**
 * An event as derived from a committed block, before it is numbered in its subject's
 * sequence. `audience` lists the banks (MSP ids) it concerns: a gateway queues only the
 * events whose audience holds its own bank.
 */
export interface EventDraft {
    id: string;
    type: EventType;
    /** The ledger time of the transaction (ISO instant). */
    createdAt: string;
    subject: Subject;
    ledger: { txId: string; block: string };
    audience: readonly string[];
    data: Record<string, unknown>;
}

/** The body a receiver gets: the contract's shape, with its subject's sequence number. */
export interface DeliveryBody {
    id: string;
    type: EventType;
    createdAt: string;
    subject: Subject;
    sequence: number;
    ledger: { txId: string; block: string };
    data: Record<string, unknown>;
}

/**
 * A stable id from what makes the event unique: a replayed block (a restart, a rebuild)
 * derives the same ids, so the outbox's unique key drops the repeat.
 */
export function eventId(...parts: readonly string[]): string {
    return `evt_${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}`;
}

/** Every event one committed block establishes, in block order. Pure: the same block gives the same drafts. */
export function eventsOfBlock(block: IndexedBlock): EventDraft[] {
    return block.transactions.filter((t) => t.valid).flatMap((t) => t.events.flatMap((event) => eventsOf(event, t, block.number)));
}

type Derive = (p: Record<string, unknown>, at: Origin) => EventDraft[];

interface Origin {
    txId: string;
    block: bigint;
    time: string;
}

function eventsOf(event: ChainEvent, transaction: IndexedTransaction, block: bigint): EventDraft[] {
    const derive = DERIVATIONS[event.name];
    if (derive === undefined) {
        return [];
    }
    const time = typeof event.payload.time === 'string' ? event.payload.time : transaction.time;
    return derive(event.payload, { txId: transaction.txId, block, time: new Date(time ?? 0).toISOString() });
}

interface PaymentView {
    paymentId: string;
    payer: string;
    payee: string;
    payerBank: string;
    payeeBank: string;
    provider: string | undefined;
    status: string;
}

function paymentView(p: Record<string, unknown>): PaymentView {
    return {
        paymentId: text(p, 'paymentId'),
        payer: text(p, 'payer'),
        payee: text(p, 'payee'),
        payerBank: text(p, 'payerBank'),
        payeeBank: text(p, 'payeeBank'),
        provider: optional(p, 'provider'),
        status: text(p, 'status'),
    };
}

/** Who an event about a payment concerns: both banks and the FX provider that converted it. */
function audienceOf(v: PaymentView): string[] {
    return [...new Set([v.payerBank, v.payeeBank, ...(v.provider === undefined ? [] : [v.provider])])];
}

/** The payment as the event's data: the committed record's fields, amounts as the ledger's decimal strings. */
function paymentData(p: Record<string, unknown>): Record<string, unknown> {
    const fields = ['paymentId', 'payer', 'payee', 'payerBank', 'payeeBank', 'amount', 'currency', 'status', 'refunded', 'provider', 'quoteId', 'targetCurrency', 'targetAmount', 'amlDecision', 'reference'];
    return Object.fromEntries(fields.filter((f) => p[f] !== undefined).map((f) => [f, p[f]]));
}

function draft(type: EventType, subject: Subject, at: Origin, audience: readonly string[], data: Record<string, unknown>, discriminator = ''): EventDraft {
    return {
        id: eventId(at.txId, type, subject.kind, subject.id, discriminator),
        type,
        createdAt: at.time,
        subject,
        ledger: { txId: at.txId, block: at.block.toString() },
        audience,
        data,
    };
}

/** A message a bank may now fetch: the route that builds it from the committed record. */
function message(messageType: 'pacs.008' | 'pacs.002' | 'camt.054' | 'pacs.004', href: string, of: Subject, at: Origin, audience: readonly string[]): EventDraft {
    return draft('iso20022.message', { kind: 'message', id: `${of.id}:${messageType}` }, at, audience, { messageType, href, [`${of.kind}Id`]: of.id }, href);
}

function paymentStatus(type: EventType): Derive {
    return (p, at) => {
        const v = paymentView(p);
        const subject: Subject = { kind: 'payment', id: v.paymentId };
        const audience = audienceOf(v);
        const created = text(p, 'paymentTxId') === at.txId;
        const events: EventDraft[] = [];
        if (created) {
            // Submission and its outcome are one transaction: submitted comes first in the subject's order.
            events.push(draft('payment.submitted', subject, at, audience, { ...paymentData(p), status: 'submitted' }));
        }
        events.push(draft(type, subject, at, audience, paymentData(p)));
        if (created && p.amlDecision === 'hold') {
            // A held screening raised alerts and opened a review in the reviewing banks' queue.
            const alert = { paymentId: v.paymentId, decision: 'hold', ruleSetVersion: p.ruleSetVersion };
            events.push(draft('alert.raised', { kind: 'alert', id: v.paymentId }, at, [...new Set([v.payerBank, v.payeeBank])], alert));
            events.push(draft('review.needed', subject, at, [...new Set([v.payerBank, v.payeeBank])], { paymentId: v.paymentId, reviewStatus: 'pending' }));
        }
        events.push(...paymentMessages(v, subject, at, created, type));
        return events;
    };
}

function paymentMessages(v: PaymentView, subject: Subject, at: Origin, created: boolean, type: EventType): EventDraft[] {
    const base = `/v1/payments/${encodeURIComponent(v.paymentId)}`;
    const banks = [...new Set([v.payerBank, v.payeeBank])];
    const messages: EventDraft[] = [];
    if (created) {
        messages.push(message('pacs.008', `${base}/pacs.008`, subject, at, banks));
    }
    messages.push(message('pacs.002', `${base}/pacs.002`, subject, at, banks));
    if (type === 'payment.settled') {
        // One notification per side: each bank fetches the one of its own customer's account.
        for (const [address, bank] of [[v.payer, v.payerBank], [v.payee, v.payeeBank]] as const) {
            messages.push(message('camt.054', `${base}/camt.054?account=${encodeURIComponent(address)}`, subject, at, [bank]));
        }
    }
    return messages;
}

function refundEvent(type: EventType): Derive {
    return (p, at) => {
        const v = paymentView(p);
        const refundId = text(p, 'refundId');
        const audience = audienceOf(v);
        const data = { ...paymentData(p), refundId, refundAmount: p.refundAmount };
        if (type !== 'payment.refunded') {
            return [draft(type, { kind: 'refund', id: refundId }, at, audience, data)];
        }
        const href = `/v1/refunds/${encodeURIComponent(refundId)}/pacs.004`;
        return [
            draft(type, { kind: 'payment', id: v.paymentId }, at, audience, data),
            message('pacs.004', href, { kind: 'refund', id: refundId }, at, [...new Set([v.payerBank, v.payeeBank])]),
        ];
    };
}

/** A review step that leaves the payment held: the queue changed, someone must still decide. */
const reviewed: Derive = (p, at) => {
    const paymentId = text(p, 'paymentId');
    const status = text(p, 'status');
    if (status !== 'pending' && status !== 'escalated') {
        return [];
    }
    // The event names the reviewer, not the banks; the queue's banks are the payment's, known from the index.
    return [draft('review.needed', { kind: 'payment', id: paymentId }, at, [], { paymentId, reviewStatus: status, action: p.action, reviewer: p.reviewer })];
};

const DERIVATIONS: Readonly<Record<string, Derive>> = {
    PaymentSettled: paymentStatus('payment.settled'),
    PaymentHeld: paymentStatus('payment.held'),
    PaymentRejected: paymentStatus('payment.rejected'),
    PaymentCancelled: paymentStatus('payment.cancelled'),
    PaymentExpired: paymentStatus('payment.expired'),
    RefundRequested: refundEvent('refund.requested'),
    RefundApproved: refundEvent('payment.refunded'),
    RefundDeclined: refundEvent('refund.declined'),
    PaymentReviewed: reviewed,
};

/** A quote as the outbox remembers it, to announce its expiry later. */
export interface QuoteFact {
    quoteId: string;
    expiresAt: string;
    /** The transaction that issued the quote. */
    txId: string;
    audience: readonly string[];
    data: Record<string, unknown>;
}

/** Quotes a block issued (QuoteIssued) and quotes it used (the quoteId of a payment created in it). */
export function quotesOfBlock(block: IndexedBlock): { issued: QuoteFact[]; used: string[] } {
    const issued: QuoteFact[] = [];
    const used: string[] = [];
    for (const t of block.transactions.filter((x) => x.valid)) {
        for (const event of t.events) {
            if (event.name === 'QuoteIssued') {
                const quote = event.payload.quote as Record<string, unknown>;
                const quoteId = text(quote, 'id');
                const audience = [...new Set([text(event.payload, 'requestedBy'), text(quote, 'provider')])];
                const data = Object.fromEntries(['id', 'payer', 'provider', 'sourceCurrency', 'targetCurrency', 'expiresAt', 'quotedAt'].map((f) => [f === 'id' ? 'quoteId' : f, quote[f]]));
                issued.push({ quoteId, expiresAt: new Date(text(quote, 'expiresAt')).toISOString(), txId: t.txId, audience, data });
            } else if (typeof event.payload.quoteId === 'string' && event.payload.paymentTxId === t.txId) {
                used.push(event.payload.quoteId);
            }
        }
    }
    return { issued, used };
}
