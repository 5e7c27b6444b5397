import { createHash } from 'node:crypto';
import { fail } from '../core/errors';
import { HolderKey } from './public-key';

/**
 * Account addresses: "cx" + 40 hex digits of SHA-256(SPKI DER) + 8 hex digits of
 * checksum. The checksum is the head of SHA-256 over a domain tag and the body, so a
 * mistyped or transposed character is rejected (a 2^-32 chance of slipping through)
 * instead of paying a stranger. Addresses are lowercase; upper case is not folded, so
 * one address has exactly one spelling.
 */

const PREFIX = 'cx';
const ADDRESS = /^cx[0-9a-f]{48}$/;
const CHECKSUM_TAG = 'corridor-address-v1:';

export function deriveAddress(holder: HolderKey): string {
    const body = createHash('sha256').update(Buffer.from(holder.spki, 'base64')).digest('hex').slice(0, 40);
    return PREFIX + body + checksumOf(body);
}

function checksumOf(body: string): string {
    return createHash('sha256').update(CHECKSUM_TAG + body).digest('hex').slice(0, 8);
}

export function isValidAddress(value: unknown): value is string {
    if (typeof value !== 'string' || !ADDRESS.test(value)) {
        return false;
    }
    const body = value.slice(PREFIX.length, PREFIX.length + 40);
    return checksumOf(body) === value.slice(PREFIX.length + 40);
}

export function requireAddress(value: unknown, name: string): string {
    if (!isValidAddress(value)) {
        return fail('INVALID_ADDRESS', `${name} is not a well-formed Corridor address (cx + 48 hex, checksum)`);
    }
    return value;
}
