/**
 * Amounts between ISO 20022 (xs:decimal, up to 5 fraction digits) and Corridor (major
 * unit decimal strings with exactly the ISO 4217 number of decimals, bigint minor units
 * in memory). No floating point anywhere.
 */

/** ISO 4217 exponents of the currencies the consortium settles (the chaincode's table; a test keeps them equal). */
export const EXPONENTS: Readonly<Record<string, number>> = {
    AUD: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CNY: 2, CZK: 2, DKK: 2, EUR: 2, GBP: 2,
    HKD: 2, HUF: 2, IDR: 2, INR: 2, JPY: 0, KRW: 0, KWD: 3, MXN: 2, MYR: 2, NOK: 2,
    NZD: 2, PHP: 2, PLN: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2, TRY: 2, USD: 2, ZAR: 2,
};

/** The ledger's largest amount in minor units. */
export const MAX_MINOR_UNITS = 10n ** 18n;

export type AmountProblem = 'UNSUPPORTED_CURRENCY' | 'AMOUNT_NOT_POSITIVE' | 'AMOUNT_TOO_PRECISE' | 'AMOUNT_TOO_LARGE' | 'INVALID_ARGUMENT';

export type AmountResult = { ok: true; minor: bigint; text: string } | { ok: false; code: AmountProblem; detail: string };

const XS_DECIMAL = /^\+?([0-9]*)(?:\.([0-9]*))?$/;

export function exponentOf(currency: string): number | undefined {
    return Object.prototype.hasOwnProperty.call(EXPONENTS, currency) ? EXPONENTS[currency] : undefined;
}

/**
 * Reads an xs:decimal amount ("10.5", "+10.50", ".5") in `currency`. Checks run in the
 * ledger's order: currency, sign, precision (more decimals than ISO 4217 allows is
 * refused even when they are zeros), size. The text is the ledger's spelling ("10.50").
 */
export function readAmount(value: string, currency: string): AmountResult {
    const exponent = exponentOf(currency);
    if (exponent === undefined) {
        return { ok: false, code: 'UNSUPPORTED_CURRENCY', detail: `${currency} is not settled by the consortium` };
    }
    const match = XS_DECIMAL.exec(value.trim());
    const whole = match?.[1] ?? '';
    const fraction = match?.[2] ?? '';
    if (match === null || whole.length + fraction.length === 0 || value.length > 40) {
        return { ok: false, code: 'INVALID_ARGUMENT', detail: `${value.slice(0, 40)} is not a decimal amount` };
    }
    if (/^0*$/.test(whole + fraction)) {
        return { ok: false, code: 'AMOUNT_NOT_POSITIVE', detail: 'the amount must be greater than zero' };
    }
    if (fraction.length > exponent) {
        return { ok: false, code: 'AMOUNT_TOO_PRECISE', detail: `${currency} allows ${exponent} decimals, the amount has ${fraction.length}` };
    }
    const minor = BigInt((whole || '0') + fraction.padEnd(exponent, '0'));
    if (minor > MAX_MINOR_UNITS) {
        return { ok: false, code: 'AMOUNT_TOO_LARGE', detail: `the amount exceeds ${formatMinor(MAX_MINOR_UNITS, currency)} ${currency}` };
    }
    return { ok: true, minor, text: formatMinor(minor, currency) };
}

/** Minor units to the ledger's and ISO 20022's spelling: exactly the currency's decimals, no sign. */
export function formatMinor(minor: bigint, currency: string): string {
    const exponent = exponentOf(currency);
    if (exponent === undefined) {
        throw new Error(`unknown currency ${currency}`);
    }
    const magnitude = minor < 0n ? -minor : minor;
    const digits = magnitude.toString().padStart(exponent + 1, '0');
    return exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Reads a stored ledger amount ("10.50"): exactly the currency's decimals, zero allowed. */
export function readLedgerAmount(value: string, currency: string): bigint {
    const exponent = exponentOf(currency);
    const shape = exponent === 0 ? /^(0|[1-9][0-9]*)$/ : new RegExp(`^(0|[1-9][0-9]*)\\.[0-9]{${exponent}}$`);
    if (exponent === undefined || !shape.test(value)) {
        throw new Error(`${value.slice(0, 24)} is not a ${currency} ledger amount`);
    }
    return BigInt(value.replace('.', ''));
}

/** Sums xs:decimal values exactly, as a fraction scaled by 10^17 (DecimalNumber's fraction digits). */
export function scaledDecimal(value: string): bigint | undefined {
    const match = XS_DECIMAL.exec(value.trim());
    const fraction = match?.[2] ?? '';
    if (match === null || fraction.length > 17 || (match[1] ?? '') + fraction === '') {
        return undefined;
    }
    return BigInt((match[1] || '0') + fraction.padEnd(17, '0'));
}
