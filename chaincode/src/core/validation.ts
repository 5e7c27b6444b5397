import { fail } from './errors';

/**
 * The one set of strict readers for fields of a JSON argument or of a record read from
 * state, shared by the ledger, FX and AML modules. They never coerce: a number where a
 * string is expected is rejected, unknown fields are rejected, lengths are bounded. Each
 * returns the validated value and never mutates its input.
 */

export type Fields = Record<string, unknown>;

/** Client-chosen ids: payment, refund, quote, rate, proposal, mint references, MSP ids. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
const HASH_PATTERN = /^[0-9a-f]{64}$/;
/** The ISO 8601 UTC instants the ledger accepts: seconds, optionally milliseconds, and Z. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
/** A notice's effectiveAt may carry up to nanoseconds (as it always could); it is stored as sent. */
export const ISO_INSTANT_NANOS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

export function requireObject(value: unknown, name: string, allowed: readonly string[]): Fields {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return fail('INVALID_ARGUMENT', `${name} must be a JSON object`);
    }
    const unknown = Object.keys(value).find((key) => !allowed.includes(key));
    if (unknown !== undefined) {
        fail('INVALID_ARGUMENT', `${name} has unknown field ${unknown.slice(0, 32)}`);
    }
    return value as Fields;
}

export function requireId(value: unknown, name: string, pattern: RegExp = ID_PATTERN): string {
    if (typeof value !== 'string' || !pattern.test(value)) {
        const colon = pattern.test(':') ? ' :' : '';
        return fail('INVALID_ARGUMENT', `${name} must be 1-64 characters of A-Z a-z 0-9 . _${colon} -`);
    }
    return value;
}

export function requireText(value: unknown, name: string, maxLength: number): string {
    if (typeof value !== 'string' || value.trim().length === 0 || value.length > maxLength) {
        return fail('INVALID_ARGUMENT', `${name} must be 1-${maxLength} characters`);
    }
    return value;
}

export function optionalText(value: unknown, name: string, maxLength: number): string | undefined {
    return value === undefined ? undefined : requireText(value, name, maxLength);
}

/** A SHA-256 hex digest: how personal data and evidence appear on the channel. */
export function requireHash(value: unknown, name: string): string {
    if (typeof value !== 'string' || !HASH_PATTERN.test(value)) {
        return fail('INVALID_ARGUMENT', `${name} must be a lowercase hex SHA-256 digest`);
    }
    return value;
}

export function requireOneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
        return fail('INVALID_ARGUMENT', `${name} must be one of ${allowed.join(', ')}`);
    }
    return value as T;
}

export function requireBoolean(value: unknown, name: string): boolean {
    if (typeof value !== 'boolean') {
        return fail('INVALID_ARGUMENT', `${name} must be true or false`);
    }
    return value;
}

export function requireInteger(value: unknown, name: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
        return fail('INVALID_ARGUMENT', `${name} must be an integer from ${min} to ${max}`);
    }
    return value;
}

/**
 * Epoch milliseconds of an ISO 8601 UTC instant. Date.parse of a given string is
 * deterministic; only the argument-less clock is banned from chaincode.
 */
export function instantMillis(value: unknown, name: string, precision: 'millis' | 'nanos' = 'millis'): number {
    const pattern = precision === 'millis' ? ISO_INSTANT : ISO_INSTANT_NANOS;
    const millis = typeof value === 'string' && pattern.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(millis)) {
        return fail('INVALID_ARGUMENT', `${name} must be an ISO 8601 UTC instant`);
    }
    return millis;
}

/** The canonical form (milliseconds, Z) of a valid instant. */
export function requireInstant(value: unknown, name: string): string {
    return isoInstant(instantMillis(value, name));
}

/** The ISO 8601 UTC form of epoch milliseconds. */
export function isoInstant(millis: number): string {
    return new Date(millis).toISOString();
}

export function addMillis(instant: string, millis: number): string {
    return isoInstant(instantMillis(instant, 'instant') + millis);
}

/** The most records one page of a query returns. */
export const MAX_PAGE_SIZE = 100;
const PAGE_SIZE = /^[1-9][0-9]{0,2}$/;

export function parsePageSize(value: unknown): number {
    if (typeof value !== 'string' || !PAGE_SIZE.test(value) || Number(value) > MAX_PAGE_SIZE) {
        return fail('INVALID_ARGUMENT', `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    }
    return Number(value);
}
