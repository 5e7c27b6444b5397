import { Button, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The second step of registration, sign-in and reset: six digits sent by SMS, e-mail or
 * an authenticator. A plain form: the library's Form would add its validator and tooltips
 * to the first download, and one field needs neither.
 */
export function CodeStep({ channel, pending, onSubmit }: { channel: string; pending: boolean; onSubmit: (code: string) => void }) {
    const { t } = useTranslation();
    const [code, setCode] = useState('');
    const [invalid, setInvalid] = useState(false);
    return (
        <form
            className="stack"
            noValidate
            onSubmit={(event) => {
                event.preventDefault();
                const wellFormed = /^\d{6}$/.test(code);
                setInvalid(!wellFormed);
                if (wellFormed) {
                    onSubmit(code);
                }
            }}
        >
            <p>{t(`auth.codeSentBy.${channel}`)}</p>
            <label className="field">
                <span>{t('auth.code')}</span>
                <Input
                    value={code}
                    onChange={(event) => { setCode(event.target.value.trim()); }}
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    maxLength={6}
                    status={invalid ? 'error' : ''}
                    aria-invalid={invalid}
                    data-testid="code"
                />
                {invalid && <span className="field-error">{t('auth.codeRule')}</span>}
            </label>
            <Button type="primary" htmlType="submit" loading={pending} block data-testid="code-submit">
                {t('auth.verify')}
            </Button>
        </form>
    );
}
