import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** A failed request in the reader's language: the gateway's stable code picks the message. */
export function ErrorAlert({ error }: { error: unknown }) {
    const { t, i18n } = useTranslation();
    if (error === null || error === undefined) {
        return null;
    }
    const code = error instanceof ApiError ? error.code : 'NETWORK';
    const message = i18n.exists(`errors.${code}`) ? t(`errors.${code}`) : t('errors.generic', { code });
    return <Alert type="error" showIcon role="alert" title={message} />;
}
