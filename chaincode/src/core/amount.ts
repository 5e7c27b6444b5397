import { fail } from './errors';

/**
 * The one amount module. Money is integer minor units: bigint in memory, decimal strings
 * on the wire and in state. The exponent of each currency comes from ISO 4217. No
 * floating point is ever used for an amount.
 */

/** ISO 4217 minor-unit exponents of the currencies the consortium settles. */
const EXPONENTS: Readonly<Record<string, number>> = {
    AUD: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CNY: 2, CZK: 2, DKK: 2, EUR: 2, GBP: 2,
    HKD: 2, HUF: 2, IDR: 2, INR: 2, JPY: 0, KRW: 0, KWD: 3, MXN: 2, MYR: 2, NOK: 2,
    NZD: 2, PHP: 2, PLN: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2, TRY: 2, USD: 2, ZAR: 2,
};

/** Largest amount accepted in minor units: far above any real payment, far below overflow risk in sums. */
export const MAX_AMOUNT = 10n ** 18n;

export function isCurrency(code: unknown): code is string {
    return typeof code === 'string' && Object.prototype.hasOwnProperty.call(EXPONENTS, code);
}

export function currencyExponent(code: string): number {
    if (!isCurrency(code)) {
        return fail('INVALID_ARGUMENT', `unknown currency ${String(code).slice(0, 8)}`);
    }
    return EXPONENTS[code] as number;
}

export function supportedCurrencies(): string[] {
    return Object.keys(EXPONENTS);
}

const MINOR_UNITS = /^(0|[1-9][0-9]{0,18})$/;

/** Parses a wire amount in minor units ("1050" = 10.50 USD); strictly positive unless zero is allowed. */
export function parseMinorUnits(value: unknown, field: string, allowZero = false): bigint {
    if (typeof value !== 'string' || !MINOR_UNITS.test(value)) {
        return fail('INVALID_ARGUMENT', `${field} must be a string of minor units without sign or decimals`);
    }
    const amount = BigInt(value);
    if (amount > MAX_AMOUNT) {
        fail('INVALID_ARGUMENT', `${field} exceeds the maximum of ${MAX_AMOUNT} minor units`);
    }
    if (amount === 0n && !allowZero) {
        fail('INVALID_ARGUMENT', `${field} must be positive`);
    }
    return amount;
}

/** Formats minor units as a major-unit decimal string with exactly the currency's decimals. */
export function showAmount(amount: bigint, currency: string): string {
    const exponent = currencyExponent(currency);
    const sign = amount < 0n ? '-' : '';
    const digits = (amount < 0n ? -amount : amount).toString().padStart(exponent + 1, '0');
    if (exponent === 0) {
        return sign + digits;
    }
    return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/*
 * Amounts on the ledger's wire are major-unit decimal strings ("10.50" EUR) so the
 * "more decimals than the currency allows" check is possible; in memory they are
 * bigint minor units. Each rejection has its own code so a client can tell a typo
 * from a limit.
 */

const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;

export function requireCurrency(value: unknown, name: string): string {
    if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value)) {
        return fail('INVALID_ARGUMENT', `${name} must be a three-letter ISO 4217 code`);
    }
    if (!isCurrency(value)) {
        fail('UNSUPPORTED_CURRENCY', `${name} ${value} is not settled by the consortium`);
    }
    return value;
}

/** A strictly positive amount; checks run sign, then precision, then size. */
export function parseAmount(value: unknown, currency: string, name: string): bigint {
    if (typeof value !== 'string' || value.length > 40 || !DECIMAL.test(value)) {
        return fail('INVALID_ARGUMENT', `${name} must be a decimal string such as "10.50"`);
    }
    if (value.startsWith('-') || /^[0.]+$/.test(value)) {
        fail('AMOUNT_NOT_POSITIVE', `${name} must be greater than zero`);
    }
    const fraction = value.split('.')[1] ?? '';
    const exponent = currencyExponent(currency);
    if (fraction.length > exponent) {
        fail('AMOUNT_TOO_PRECISE', `${name} has more than ${exponent} decimals for ${currency}`);
    }
    const minor = toMinor(value, exponent);
    if (minor > MAX_AMOUNT) {
        fail('AMOUNT_TOO_LARGE', `${name} exceeds ${showAmount(MAX_AMOUNT, currency)} ${currency}`);
    }
    return parseMinorUnits(minor.toString(), name);
}

/** Scales a validated decimal to minor units; a 19-digit whole part (JPY at the maximum) fits. */
function toMinor(value: string, exponent: number): bigint {
    const [whole = '', fraction = ''] = value.split('.');
    return BigInt(whole + fraction.padEnd(exponent, '0'));
}

/** Reads an amount the ledger stored itself: zero allowed, anything malformed is corruption. */
export function readStoredAmount(value: unknown, currency: string, name: string): bigint {
    if (typeof value !== 'string') {
        return fail('STORED_RECORD_INVALID', `stored ${name} is not a decimal string`);
    }
    const exponent = currencyExponent(currency);
    const fraction = value.split('.')[1];
    const shape = exponent === 0 ? fraction === undefined : fraction?.length === exponent;
    if (!/^(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(value) || !shape) {
        return fail('STORED_RECORD_INVALID', `stored ${name} ${value.slice(0, 24)} is not a ${currency} amount`);
    }
    const minor = toMinor(value, exponent);
    if (minor > MAX_AMOUNT) {
        fail('STORED_RECORD_INVALID', `stored ${name} exceeds the maximum amount`);
    }
    return minor;
}
