import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The receiver's side of the webhook contract (gateway/src/webhooks/README.md), written
 * from the contract alone as an oracle for the signing unit tests, whose bodies are not
 * events; the integration test verifies real deliveries with the SDK's verifier.
 */
export function verifyDelivery(secret: string, headers: Record<string, string | undefined>, rawBody: string, nowSeconds: number, toleranceSeconds = 300): boolean {
    const id = headers['corridor-event-id'];
    const timestamp = headers['corridor-timestamp'];
    const header = headers['corridor-signature'];
    if (id === undefined || timestamp === undefined || header === undefined || !/^\d+$/.test(timestamp)) {
        return false;
    }
    if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) {
        return false;
    }
    const expected = Buffer.from(createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${id}.${timestamp}.${rawBody}`).digest('hex'), 'utf8');
    return header.split(',').some((entry) => {
        const [scheme, mac] = entry.trim().split('=');
        const given = Buffer.from(mac ?? '', 'utf8');
        return scheme === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

/** Header names as a Node server sees them: lower case. */
export function lowerCased(headers: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
