import { fail } from './errors';
import { currencyExponent, formatDecimal, isCurrency, MAX_AMOUNT, parseMinorUnits } from './money';

/**
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
        fail('AMOUNT_TOO_LARGE', `${name} exceeds ${formatDecimal(MAX_AMOUNT, currency)} ${currency}`);
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
        return fail('CONFLICT', `stored ${name} is not a decimal string`);
    }
    const exponent = currencyExponent(currency);
    const fraction = value.split('.')[1];
    const shape = exponent === 0 ? fraction === undefined : fraction?.length === exponent;
    if (!/^(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(value) || !shape) {
        return fail('CONFLICT', `stored ${name} ${value.slice(0, 24)} is not a ${currency} amount`);
    }
    const minor = toMinor(value, exponent);
    if (minor > MAX_AMOUNT) {
        fail('CONFLICT', `stored ${name} exceeds the maximum amount`);
    }
    return minor;
}

export function showAmount(minor: bigint, currency: string): string {
    return formatDecimal(minor, currency);
}
