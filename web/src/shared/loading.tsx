import { useTranslation } from 'react-i18next';

/** What shows while a page or the session loads: a status line, lighter than the library's spinner. */
export function Loading() {
    const { t } = useTranslation();
    return (
        <div role="status" className="loading">
            {t('common.loading')}…
        </div>
    );
}
