import { useTranslation } from 'react-i18next';
import { formatAmount, formatDateTime } from '../i18n/format';

/** Formatters for the current language. */
export function useFormat(): { money: (amount: string, currency: string) => string; dateTime: (iso: string) => string } {
    const { i18n } = useTranslation();
    const locale = i18n.language;
    return { money: (amount, currency) => formatAmount(amount, currency, locale), dateTime: (iso) => formatDateTime(iso, locale) };
}
