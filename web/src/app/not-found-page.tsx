import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage() {
    const { t } = useTranslation();
    return (
        <>
            <h1 className="page-title">{t('common.notFound')}</h1>
            <Link to="/">{t('common.home')}</Link>
        </>
    );
}
