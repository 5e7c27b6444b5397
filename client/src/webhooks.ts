import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verifies a webhook delivery as the contract defines it: HMAC-SHA256 with the endpoint's
 * secret over `${id}.${timestamp}.${rawBody}`, lowercase hex, one `v1=` entry per secret
 * valid at the time (two during a rotation), a timestamp within the tolerance, and each
 * event id accepted once.
 */

export const WEBHOOK_EVENT_TYPES = [
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
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookEvent {
    id: string;
    /** One of WEBHOOK_EVENT_TYPES, or a newer type this client does not know: ignore those. */
    type: string;
    createdAt: string;
    subject: { kind: 'payment' | 'refund' | 'quote' | 'alert' | 'message'; id: string };
    /** Increases per subject: a receiver can tell an old event arriving late. */
    sequence: number;
    ledger: { txId: string; block: string };
    data: Record<string, unknown>;
}

/** Remembers the event ids already accepted; `remember` answers false for one seen before. */
export interface SeenEventStore {
    remember(eventId: string): boolean | Promise<boolean>;
}

export type WebhookRefusal = 'MISSING_HEADER' | 'MALFORMED_SIGNATURE' | 'BAD_SIGNATURE' | 'STALE_TIMESTAMP' | 'REPLAYED' | 'MALFORMED_BODY';

export class WebhookVerificationError extends Error {
    override readonly name = 'WebhookVerificationError';
    constructor(
        readonly reason: WebhookRefusal,
        detail: string,
    ) {
        super(`${reason}: ${detail}`);
    }
}

export interface VerifyOptions {
    /** The body exactly as received: re-serialised JSON would not match the signature. */
    rawBody: string | Uint8Array;
    /** The request headers; names are matched without regard to case. */
    headers: Headers | Record<string, string | string[] | undefined>;
    /** Every secret this receiver holds for the endpoint: the current one, and the previous during a rotation. */
    secrets: readonly string[];
    /** |now - timestamp| allowed, in seconds; 300 by the contract. */
    toleranceSeconds?: number;
    /** Unix seconds; the clock, for tests. */
    now?: number;
    /** When given, an event id seen before is refused as REPLAYED. */
    seen?: SeenEventStore;
}

export const DEFAULT_TOLERANCE_SECONDS = 300;
const ENTRY = /^v1=([0-9a-f]{64})$/;

/** The event, once its signature, its timestamp and its novelty are checked; otherwise a WebhookVerificationError. */
export async function verifyWebhook(options: VerifyOptions): Promise<WebhookEvent> {
    const eventId = header(options.headers, 'corridor-event-id');
    const timestamp = header(options.headers, 'corridor-timestamp');
    const signature = header(options.headers, 'corridor-signature');
    if (eventId === undefined || timestamp === undefined || signature === undefined) {
        throw new WebhookVerificationError('MISSING_HEADER', 'Corridor-Event-Id, Corridor-Timestamp and Corridor-Signature are all required');
    }
    if (!/^\d{1,12}$/.test(timestamp)) {
        throw new WebhookVerificationError('MALFORMED_SIGNATURE', 'Corridor-Timestamp must be unix seconds');
    }
    const offered = parseEntries(signature);
    const raw = typeof options.rawBody === 'string' ? Buffer.from(options.rawBody, 'utf8') : Buffer.from(options.rawBody);
    const message = Buffer.concat([Buffer.from(`${eventId}.${timestamp}.`, 'utf8'), raw]);
    // Every pair is compared, in constant time each, so the time taken says nothing about which matched.
    let matched = false;
    for (const secret of options.secrets) {
        const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(message).digest();
        for (const entry of offered) {
            matched = timingSafeEqual(expected, entry) || matched;
        }
    }
    if (!matched) {
        throw new WebhookVerificationError('BAD_SIGNATURE', 'no v1 signature matches a secret of this endpoint');
    }
    const now = options.now ?? Math.floor(Date.now() / 1000);
    if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) {
        throw new WebhookVerificationError('STALE_TIMESTAMP', 'the delivery is older or newer than the tolerance allows');
    }
    const event = parseEvent(raw, eventId);
    if (options.seen !== undefined && !(await options.seen.remember(eventId))) {
        throw new WebhookVerificationError('REPLAYED', `event ${eventId} was already accepted`);
    }
    return event;
}

/** An in-memory seen-event store, bounded: the oldest ids leave first. Use a shared store with several receivers. */
export class MemorySeenEvents implements SeenEventStore {
    private readonly ids = new Set<string>();
    constructor(private readonly capacity = 100_000) {}

    remember(eventId: string): boolean {
        if (this.ids.has(eventId)) {
            return false;
        }
        if (this.ids.size >= this.capacity) {
            const oldest = this.ids.values().next().value;
            if (oldest !== undefined) {
                this.ids.delete(oldest);
            }
        }
        this.ids.add(eventId);
        return true;
    }
}

/** The signature header a gateway sends, for a receiver's own tests. */
export function signWebhook(secrets: readonly string[], eventId: string, timestamp: number, rawBody: string): string {
    return secrets.map((secret) => `v1=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${eventId}.${timestamp}.${rawBody}`).digest('hex')}`).join(',');
}

function header(headers: VerifyOptions['headers'], name: string): string | undefined {
    if (headers instanceof Headers) {
        return headers.get(name) ?? undefined;
    }
    const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
    return Array.isArray(entry) ? entry.join(',') : entry;
}

function parseEntries(signature: string): Buffer[] {
    const entries = signature.split(',').map((part) => ENTRY.exec(part.trim())?.[1]);
    if (entries.length === 0 || entries.length > 8 || entries.some((entry) => entry === undefined)) {
        throw new WebhookVerificationError('MALFORMED_SIGNATURE', 'Corridor-Signature must be one to eight comma-separated v1=<64 hex> entries');
    }
    return entries.map((entry) => Buffer.from(entry as string, 'hex'));
}

function parseEvent(raw: Buffer, eventId: string): WebhookEvent {
    let event: unknown;
    try {
        event = JSON.parse(raw.toString('utf8'));
    } catch {
        throw new WebhookVerificationError('MALFORMED_BODY', 'the body is not JSON');
    }
    const fields = event as Partial<WebhookEvent> | null;
    if (typeof fields !== 'object' || fields?.id !== eventId || typeof fields.type !== 'string' || typeof fields.subject !== 'object') {
        throw new WebhookVerificationError('MALFORMED_BODY', 'the body is not an event whose id is the Corridor-Event-Id');
    }
    return fields as WebhookEvent;
}
