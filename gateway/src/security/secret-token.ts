import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** 256 random bits, base64url: session tokens and other bearer secrets. */
export function newToken(): string {
    return randomBytes(32).toString('base64url');
}

/** Random identifiers that must not be guessable (challenges, requests). */
export function newId(): string {
    return randomBytes(16).toString('hex');
}

/** Uniform decimal one-time code of the given length. */
export function newNumericCode(length: number): string {
    let code = '';
    for (let i = 0; i < length; i += 1) {
        code += String(randomInt(10));
    }
    return code;
}

/** Hex SHA-256: what is stored in place of tokens and codes. */
export function sha256Hex(text: string): string {
    return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
    const left = Buffer.from(a, 'hex');
    const right = Buffer.from(b, 'hex');
    return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
