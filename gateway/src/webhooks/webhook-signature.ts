import { createHmac, randomBytes } from 'node:crypto';

/** A new endpoint secret: 32 random bytes, shown to the bank once. */
export function newSecret(): string {
    return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The contract's MAC: HMAC-SHA256 keyed by the secret's UTF-8 bytes over `${id}.${timestamp}.${rawBody}`, lowercase hex. */
export function signature(secret: string, eventId: string, timestamp: number, rawBody: string): string {
    return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${eventId}.${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

/** `Corridor-Signature`: one `v1=` entry per secret still valid, the current one first. */
export function signatureHeader(secrets: readonly string[], eventId: string, timestamp: number, rawBody: string): string {
    return secrets.map((secret) => `v1=${signature(secret, eventId, timestamp, rawBody)}`).join(',');
}

/** The headers of one delivery attempt. */
export function deliveryHeaders(secrets: readonly string[], eventId: string, timestamp: number, rawBody: string): Record<string, string> {
    return {
        'Content-Type': 'application/json',
        'Corridor-Event-Id': eventId,
        'Corridor-Timestamp': String(timestamp),
        'Corridor-Signature': signatureHeader(secrets, eventId, timestamp, rawBody),
    };
}
