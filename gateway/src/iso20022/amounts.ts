import { isCurrency, LedgerError, parseAmount, readStoredAmount, showAmount } from '@corridor/chaincode/api';

/**
 * Amounts between ISO 20022 (xs:decimal, up to 5 fraction digits) and Corridor (major
 * unit decimal strings with exactly the ISO 4217 number of decimals, bigint minor units
 * in memory). No floating point anywhere. The currency table and the amount rules are
 * the chaincode's own (@corridor/chaincode/api); this module only translates xs:decimal.
 */

export type AmountProblem = 'UNSUPPORTED_CURRENCY' | 'AMOUNT_NOT_POSITIVE' | 'AMOUNT_TOO_PRECISE' | 'AMOUNT_TOO_LARGE' | 'INVALID_ARGUMENT';

export type AmountResult = { ok: true; minor: bigint; text: string } | { ok: false; code: AmountProblem; detail: string };

const XS_DECIMAL = /^\+?([0-9]*)(?:\.([0-9]*))?$/;

/**
 * Reads an xs:decimal amount ("10.5", "+10.50", ".5") in `currency` with the ledger's own
 * checks, in the ledger's order: currency, sign, precision (more decimals than ISO 4217
 * allows is refused even when they are zeros), size. The text is the ledger's spelling ("10.50").
 */
export function readAmount(value: string, currency: string): AmountResult {
    if (!isCurrency(currency)) {
        // isCurrency guards an unknown into a string, so here the compiler takes `currency` for never.
        return { ok: false, code: 'UNSUPPORTED_CURRENCY', detail: `${String(currency)} is not settled by the consortium` };
    }
    const match = XS_DECIMAL.exec(value.trim());
    const whole = match?.[1] ?? '';
    const fraction = match?.[2] ?? '';
    if (match === null || whole.length + fraction.length === 0 || value.length > 40) {
        return { ok: false, code: 'INVALID_ARGUMENT', detail: `${value.slice(0, 40)} is not a decimal amount` };
    }
    try {
        const minor = parseAmount(fraction === '' ? whole : `${whole || '0'}.${fraction}`, currency, 'amount');
        return { ok: true, minor, text: showAmount(minor, currency) };
    } catch (err) {
        if (err instanceof LedgerError) {
            return { ok: false, code: err.code as AmountProblem, detail: err.message.slice(err.code.length + 2) };
        }
        throw err;
    }
}

/** Minor units to the ledger's and ISO 20022's spelling: exactly the currency's decimals, no sign. */
export function formatMinor(minor: bigint, currency: string): string {
    return showAmount(minor < 0n ? -minor : minor, currency);
}

/** Reads a stored ledger amount ("10.50"): exactly the currency's decimals, zero allowed. */
export function readLedgerAmount(value: string, currency: string): bigint {
    try {
        return readStoredAmount(value, currency, 'amount');
    } catch {
        throw new Error(`${value.slice(0, 24)} is not a ${currency} ledger amount`);
    }
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
