import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';

/**
 * Opaque page cursors: base64url of the keyset position, sealed with an HMAC that also
 * covers the query it belongs to. A cursor that was edited, forged, or used with other
 * filters or another caller is refused as VALIDATION_FAILED on `cursor`.
 */
export class CursorCodec {
    constructor(private readonly key: Buffer) {
        if (key.length < 32) {
            throw new Error('a cursor key needs at least 32 bytes');
        }
    }

    encode(position: unknown, boundTo: string): string {
        const body = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
        return `${body}.${this.mac(body, boundTo)}`;
    }

    decode<T>(cursor: string, boundTo: string, check: (value: unknown) => value is T): T {
        const [body, mac, extra] = cursor.split('.');
        if (body === undefined || mac === undefined || extra !== undefined || !/^[A-Za-z0-9_-]{1,1024}$/.test(body)) {
            throw invalid();
        }
        const expected = Buffer.from(this.mac(body, boundTo), 'base64url');
        const presented = Buffer.from(mac, 'base64url');
        if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
            throw invalid();
        }
        let value: unknown;
        try {
            value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
        } catch {
            throw invalid();
        }
        if (!check(value)) {
            throw invalid();
        }
        return value;
    }

    private mac(body: string, boundTo: string): string {
        const scope = createHash('sha256').update(boundTo).digest();
        return createHmac('sha256', this.key).update(scope).update(body).digest('base64url');
    }
}

function invalid(): AppError {
    return new AppError('VALIDATION_FAILED', 'cursor is not valid for this query; start again without it', 'cursor');
}
