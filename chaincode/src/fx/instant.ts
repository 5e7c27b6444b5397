import { fail } from '../errors';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * Epoch milliseconds of an ISO 8601 UTC instant. Date.parse of a given string is
 * deterministic; only the argument-less clock is banned from chaincode.
 */
export function instantMillis(value: unknown, field: string): number {
    const millis = typeof value === 'string' && ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(millis)) {
        return fail('INVALID_ARGUMENT', `${field} must be an ISO 8601 UTC instant`);
    }
    return millis;
}

/** The ISO 8601 UTC form of epoch milliseconds. */
export function isoInstant(millis: number): string {
    return new Date(millis).toISOString();
}
