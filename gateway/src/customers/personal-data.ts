import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Envelope, EnvelopeCipher } from '../security/envelope-cipher';
import { canonicalEmail, canonicalName, compactPhone } from '../identity/contact-rules';

/**
 * What a blind index is kept for. phone and email: sign-in, duplicate checks and outbox
 * recipients; name: exact-name lookup; lock: the keys of the lockout counters, which
 * name an account or a typed identifier.
 */
export type BlindIndexKind = 'phone' | 'email' | 'name' | 'lock' | 'address';

const CANONICAL: Readonly<Record<BlindIndexKind, (value: string) => string>> = {
    phone: compactPhone,
    email: canonicalEmail,
    name: canonicalName,
    lock: (value) => value,
    address: (value) => value.trim().toLowerCase(),
};

/**
 * Personal data at rest in the customers store: each value sealed with the module's
 * envelope cipher (AES-256-GCM under a data key wrapped by the KEK) and bound by its
 * context to the row and column it belongs to; and, where the store must find rows by
 * the value, a blind index: HMAC-SHA256 of the canonical value under a key of its own.
 *
 * The index key is a separate file, not derived from the KEK: rotating the KEK then only
 * re-wraps data keys, as it always did, instead of having to decrypt every value to
 * recompute every index; and the two keys can be held and rotated apart.
 */
export class PersonalDataVault {
    constructor(
        private readonly cipher: EnvelopeCipher,
        private readonly indexKey: Buffer,
    ) {
        if (indexKey.length !== 32) {
            throw new Error('the blind-index key must be 32 bytes');
        }
    }

    seal(text: string, context: string): string {
        return JSON.stringify(this.cipher.seal(Buffer.from(text, 'utf8'), context));
    }

    /** Throws when the value was sealed for another row or column, under another KEK, or altered. */
    open(sealed: string, context: string): string {
        return this.cipher.open(JSON.parse(sealed) as Envelope, context).toString('utf8');
    }

    sealNullable(text: string | null, context: string): string | null {
        return text === null ? null : this.seal(text, context);
    }

    openNullable(sealed: string | null, context: string): string | null {
        return sealed === null ? null : this.open(sealed, context);
    }

    /** Equal for values that compare equal (see contact-rules), and nothing else to whoever lacks the key. */
    blindIndex(kind: BlindIndexKind, value: string): string {
        return createHmac('sha256', this.indexKey).update(`corridor-blind-index-v1:${kind}:${CANONICAL[kind](value)}`, 'utf8').digest('hex');
    }

    blindIndexNullable(kind: BlindIndexKind, value: string | null): string | null {
        return value === null ? null : this.blindIndex(kind, value);
    }
}

/** A 32-byte secret kept as hex in a file; created (mode 600) only where the caller allows it. */
export function secretFromFile(path: string, createIfMissing: boolean): Buffer {
    if (!existsSync(path)) {
        if (!createIfMissing) {
            throw new Error(`secret file ${path} is missing`);
        }
        writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    }
    const text = readFileSync(path, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/i.test(text)) {
        throw new Error(`secret file ${path} must hold 64 hex characters`);
    }
    return Buffer.from(text, 'hex');
}
