import { createPublicKey, KeyObject, verify } from 'node:crypto';
import { fail } from '../core/errors';

/**
 * Account holders sign with ECDSA P-256 (what phone secure elements and WebCrypto offer)
 * or Ed25519. Keys arrive as SPKI PEM or base64 SPKI DER and are stored in one form,
 * base64 DER, so the address derived from them is the same whichever form was sent.
 */

export type KeyAlgorithm = 'ecdsa-p256' | 'ed25519';

export interface HolderKey {
    algorithm: KeyAlgorithm;
    /** Base64 of the SPKI DER encoding. */
    spki: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function parsePublicKey(value: unknown): HolderKey {
    if (typeof value !== 'string' || value.length === 0 || value.length > 1024) {
        return fail('INVALID_PUBLIC_KEY', 'publicKey must be SPKI PEM or base64 DER, at most 1024 characters');
    }
    const key = importKey(value.trim());
    const algorithm = algorithmOf(key);
    return { algorithm, spki: key.export({ type: 'spki', format: 'der' }).toString('base64') };
}

function importKey(text: string): KeyObject {
    try {
        if (text.startsWith('-----BEGIN PUBLIC KEY-----')) {
            return createPublicKey({ key: text, format: 'pem' });
        }
        if (!BASE64.test(text)) {
            return fail('INVALID_PUBLIC_KEY', 'publicKey is neither PEM nor base64');
        }
        return createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
    } catch (err) {
        if (err instanceof Error && err.message.startsWith('INVALID_PUBLIC_KEY')) {
            throw err;
        }
        return fail('INVALID_PUBLIC_KEY', 'publicKey is not a valid SPKI public key');
    }
}

function algorithmOf(key: KeyObject): KeyAlgorithm {
    if (key.asymmetricKeyType === 'ed25519') {
        return 'ed25519';
    }
    if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
        return 'ecdsa-p256';
    }
    return fail('INVALID_PUBLIC_KEY', 'publicKey must be ECDSA P-256 or Ed25519');
}

/**
 * Parsed keys by their stored DER: parsing costs more than verifying, and a payer signs
 * many instructions. The cache only saves work, it never changes a result; it is
 * emptied when full so a chaincode server's memory stays bounded.
 */
const parsedKeys = new Map<string, KeyObject>();
const PARSED_KEYS_MAX = 10_000;

function parsedKey(spki: string): KeyObject {
    let key = parsedKeys.get(spki);
    if (key === undefined) {
        if (parsedKeys.size >= PARSED_KEYS_MAX) {
            parsedKeys.clear();
        }
        key = createPublicKey({ key: Buffer.from(spki, 'base64'), format: 'der', type: 'spki' });
        parsedKeys.set(spki, key);
    }
    return key;
}

/**
 * Verifies a base64 signature over the message. ECDSA signatures are accepted in DER
 * (OpenSSL, Java) or in the 64-byte r||s form (WebCrypto); the length tells them apart.
 */
export function verifySignature(holder: HolderKey, message: Uint8Array, signature: string): boolean {
    if (!BASE64.test(signature) || signature.length > 200) {
        return false;
    }
    const bytes = Buffer.from(signature, 'base64');
    const key = parsedKey(holder.spki);
    try {
        if (holder.algorithm === 'ed25519') {
            return verify(null, message, key, bytes);
        }
        const dsaEncoding = bytes.length === 64 ? 'ieee-p1363' : 'der';
        return verify('sha256', message, { key, dsaEncoding }, bytes);
    } catch {
        return false;
    }
}
