import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { ErrorAlert } from '../../shared/error-alert';
import { CodeStep } from './code-step';

interface Challenge {
    challengeId: string;
    channel: 'sms' | 'email' | 'totp';
}

/**
 * Password first, then the one-time code; the gateway answers the second step with the
 * session cookie. The first page most people see, so it is built from plain elements and
 * the library's inputs only (no Card, Form or Typography), to keep the first download small.
 */
export function SignInPage() {
    const { t } = useTranslation();
    const navigate = useNavigate();
    const queries = useQueryClient();
    const [identifier, setIdentifier] = useState('');
    const [password, setPassword] = useState('');
    const [missing, setMissing] = useState(false);
    const [challenge, setChallenge] = useState<Challenge>();
    const start = useMutation({
        mutationFn: () => api.post<Challenge>('/v1/auth/login', { identifier, password }),
        onSuccess: setChallenge,
    });
    const verify = useMutation({
        mutationFn: (code: string) => api.post<{ role: string }>('/v1/auth/login/verify', { challengeId: challenge?.challengeId, code }),
        onSuccess: async (session) => {
            await queries.invalidateQueries({ queryKey: ['me'] });
            void navigate(session.role === 'customer' ? '/account' : '/staff');
        },
    });
    return (
        <section className="narrow-card panel">
            <h1 className="page-title">{t('auth.signInTitle')}</h1>
            <div className="stack">
                <ErrorAlert error={start.error ?? verify.error} />
                {challenge === undefined ? (
                    <form
                        className="stack"
                        noValidate
                        onSubmit={(event) => {
                            event.preventDefault();
                            const complete = identifier !== '' && password !== '';
                            setMissing(!complete);
                            if (complete) {
                                start.mutate();
                            }
                        }}
                    >
                        <label className="field">
                            <span>{t('auth.identifier')}</span>
                            <Input value={identifier} onChange={(e) => { setIdentifier(e.target.value.trim()); }} autoComplete="username" data-testid="identifier" />
                        </label>
                        <label className="field">
                            <span>{t('auth.password')}</span>
                            <Input.Password value={password} onChange={(e) => { setPassword(e.target.value); }} autoComplete="current-password" data-testid="password" />
                        </label>
                        {missing && <span className="field-error">{t('auth.bothRequired')}</span>}
                        <Button type="primary" htmlType="submit" loading={start.isPending} block data-testid="sign-in-submit">
                            {t('auth.continue')}
                        </Button>
                    </form>
                ) : (
                    <CodeStep channel={challenge.channel} pending={verify.isPending} onSubmit={(code) => { verify.mutate(code); }} />
                )}
                <div className="row">
                    <Link to="/register">{t('auth.noAccount')}</Link>
                    <Link to="/password/reset">{t('auth.forgotPassword')}</Link>
                </div>
            </div>
        </section>
    );
}
