import { currencyExponent, showAmount } from '@corridor/chaincode/api';

/**
 * Amounts between the ledger's major-unit decimal strings and the index's integer minor
 * units, with the chaincode's own ISO 4217 table so the two can never disagree.
 */

const DECIMAL = /^-?(0|[1-9][0-9]{0,19})(\.[0-9]{1,4})?$/;

/** Exact: a decimal with more places than the currency has is refused, never rounded. */
export function toMinorUnits(value: unknown, currency: string): bigint {
    if (typeof value !== 'string' || !DECIMAL.test(value)) {
        throw new Error(`amount ${String(value).slice(0, 24)} is not a decimal string`);
    }
    const exponent = currencyExponent(currency);
    const [whole = '', fraction = ''] = value.replace('-', '').split('.');
    if (fraction.length > exponent) {
        throw new Error(`amount ${value} has more than ${exponent} decimals for ${currency}`);
    }
    const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
    return value.startsWith('-') ? -minor : minor;
}

export function toDecimal(minor: bigint, currency: string): string {
    return showAmount(minor, currency);
}

export function isKnownCurrency(currency: string): boolean {
    try {
        currencyExponent(currency);
        return true;
    } catch {
        return false;
    }
}
