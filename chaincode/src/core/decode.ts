import { readStoredAmount, requireCurrency } from './amount';
import { fail, LedgerError } from './errors';
import { Fields, instantMillis, requireBoolean, requireHash, requireId, requireInteger, requireObject, requireOneOf } from './validation';

/**
 * Every record read from state goes through a decoder that checks its shape before the
 * ledger uses it. A record the ledger did not write in that shape (a bug, a manual edit, an
 * incompatible upgrade) is refused with STORED_RECORD_INVALID instead of being settled
 * with. Decoders only check: the
 * record comes back as stored, never changed.
 */
export function decodeRecord<T>(kind: string, decode: () => T): T {
    try {
        return decode();
    } catch (err) {
        if (err instanceof LedgerError) {
            return fail('STORED_RECORD_INVALID', `stored ${kind} is malformed (${err.message})`);
        }
        throw err;
    }
}

/** Checks one field; `record` is the object it belongs to, for amounts whose currency is a sibling. */
export type Check = (value: unknown, name: string, record: Fields) => void;

export interface Shape {
    readonly required: Readonly<Record<string, Check>>;
    readonly optional?: Readonly<Record<string, Check>>;
}

/** The value as T once it is an object with exactly the shape's fields, each passing its check. */
export function requireShape<T>(value: unknown, name: string, shape: Shape): T {
    const optional = shape.optional ?? {};
    const fields = requireObject(value, name, [...Object.keys(shape.required), ...Object.keys(optional)]);
    for (const [field, check] of Object.entries(shape.required)) {
        if (fields[field] === undefined) {
            fail('INVALID_ARGUMENT', `${name}.${field} is missing`);
        }
        check(fields[field], `${name}.${field}`, fields);
    }
    for (const [field, check] of Object.entries(optional)) {
        if (fields[field] !== undefined) {
            check(fields[field], `${name}.${field}`, fields);
        }
    }
    return value as T;
}

/** A stored record: its shape, and STORED_RECORD_INVALID when it does not have it. */
export function decodeShape<T>(kind: string, value: unknown, shape: Shape): T {
    return decodeRecord(kind, () => requireShape<T>(value, kind, shape));
}

export const text: Check = (value, name) => {
    if (typeof value !== 'string') {
        fail('INVALID_ARGUMENT', `${name} must be a string`);
    }
};
export const id: Check = (value, name) => void requireId(value, name);
export const hash: Check = (value, name) => void requireHash(value, name);
export const instant: Check = (value, name) => void instantMillis(value, name);
export const bool: Check = (value, name) => void requireBoolean(value, name);
export const integer = (min: number, max: number): Check => (value, name) => void requireInteger(value, name, min, max);
export const oneOf = (allowed: readonly string[]): Check => (value, name) => void requireOneOf(value, name, allowed);
/** An amount in major units of the currency named by the record's `currencyField`. */
export const amountIn = (currencyField = 'currency'): Check => (value, name, record) => void readStoredAmount(value, record[currencyField] as string, name);
export const listOf = (check: Check, max = 100_000): Check => (value, name, record) => {
    if (!Array.isArray(value) || value.length > max) {
        return fail('INVALID_ARGUMENT', `${name} must be a list`);
    }
    value.forEach((item, index) => check(item, `${name}[${index}]`, record));
};
export const shaped = (shape: Shape): Check => (value, name) => void requireShape(value, name, shape);
/** A ledger account: a customer address (cx...) or an FX provider's liquidity account (liquidity:<msp>). */
export const ledgerAccount: Check = (value, name) => {
    if (typeof value !== 'string' || !/^(cx[0-9a-f]{48}|liquidity:[A-Za-z0-9._:-]{1,64})$/.test(value)) {
        fail('INVALID_ARGUMENT', `${name} must be a ledger account`);
    }
};
export const currency: Check = (value, name) => void requireCurrency(value, name);
/** A non-negative decimal string, for an amount whose currency the record does not name beside it. */
export const decimal: Check = (value, name) => {
    if (typeof value !== 'string' || !/^(0|[1-9][0-9]{0,30})(\.[0-9]{1,3})?$/.test(value)) {
        fail('INVALID_ARGUMENT', `${name} must be a decimal string`);
    }
};
/** Any JSON value: a field whose own module validates it later (a proposal's payload). */
export const anything: Check = () => undefined;
