import { fail } from '../errors';

/**
 * Field validators shared by the FX and AML input parsers. They belong next to
 * money.ts once the ledger and these modules settle; they live here to keep this
 * work inside its own folders.
 */
export const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export function requireId(value: unknown, field: string): asserts value is string {
    if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
        fail('INVALID_ARGUMENT', `${field} must be 1-64 characters of A-Z a-z 0-9 . _ -`);
    }
}

export function requireObject(value: unknown, name: string, fields: readonly string[]): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return fail('INVALID_ARGUMENT', `${name} must be a JSON object`);
    }
    const input = value as Record<string, unknown>;
    const extra = Object.keys(input).find((key) => !fields.includes(key));
    if (extra !== undefined) {
        fail('INVALID_ARGUMENT', `${name} has unknown field ${extra.slice(0, 32)}`);
    }
    return input;
}

export function requireInteger(value: unknown, field: string, min: number, max: number): asserts value is number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
        fail('INVALID_ARGUMENT', `${field} must be an integer from ${min} to ${max}`);
    }
}
