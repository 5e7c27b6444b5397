import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** RFC 6238 time-based one-time passwords: HMAC-SHA1, 30-second steps, 6 digits. */
export const TOTP_STEP_SECONDS = 30;
const DIGITS = 6;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function newTotpSecret(): Buffer {
    return randomBytes(20);
}

export function base32Encode(bytes: Buffer): string {
    let bits = 0;
    let value = 0;
    let out = '';
    for (const byte of bytes) {
        value = (value << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            out += BASE32.charAt((value >>> (bits - 5)) & 31);
            bits -= 5;
        }
    }
    if (bits > 0) {
        out += BASE32.charAt((value << (5 - bits)) & 31);
    }
    return out;
}

/** The code for one counter value (RFC 4226 dynamic truncation). */
export function hotp(secret: Buffer, counter: number): string {
    const message = Buffer.alloc(8);
    message.writeBigUInt64BE(BigInt(counter));
    const digest = createHmac('sha1', secret).update(message).digest();
    const offset = (digest[digest.length - 1] as number) & 0x0f;
    const binary = digest.readUInt32BE(offset) & 0x7fffffff;
    return String(binary % 10 ** DIGITS).padStart(DIGITS, '0');
}

export function stepAt(now: Date): number {
    return Math.floor(now.getTime() / 1000 / TOTP_STEP_SECONDS);
}

/**
 * The step whose code matches, looking one step either side for clock drift; undefined
 * when none does. The caller refuses a step it has seen before (replay).
 */
export function matchTotp(secret: Buffer, code: string, now: Date): number | undefined {
    const current = stepAt(now);
    let matched: number | undefined;
    for (const step of [current - 1, current, current + 1]) {
        const expected = Buffer.from(hotp(secret, step));
        const given = Buffer.from(code.padEnd(DIGITS, ' ').slice(0, DIGITS));
        if (timingSafeEqual(expected, given) && code.length === DIGITS) {
            matched = step;
        }
    }
    return matched;
}

export function otpauthUri(secret: Buffer, account: string, issuer: string): string {
    const label = encodeURIComponent(`${issuer}:${account}`);
    return `otpauth://totp/${label}?secret=${base32Encode(secret)}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${DIGITS}&period=${TOTP_STEP_SECONDS}`;
}
