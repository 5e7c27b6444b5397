/**
 * Amounts travel as decimal strings in the currency's major unit ("1234.50"); they are
 * formatted from the string, never through a float, so no cent is lost or invented.
 */
export function formatAmount(amount: string, currency: string, locale: string): string {
    const digits = /^-?\d+(\.\d+)?$/.test(amount) ? amount : '0';
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'code' });
    // Intl formats a decimal string exactly (ECMA-402 NumberFormat v3).
    return format.format(digits as Intl.StringNumericLiteral);
}

export function formatDateTime(iso: string, locale: string): string {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
