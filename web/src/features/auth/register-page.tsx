import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Form, Input, Radio, Result, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { ErrorAlert } from '../../shared/error-alert';
import { CodeStep } from './code-step';

/** What GET /v1/agreements serves: the versions a registration must accept (the texts are not shown here yet). */
interface Agreements {
    userServiceAgreement: { version: string };
    privacyPolicy: { version: string };
}

interface RegistrationForm {
    name: string;
    phone: string;
    email: string;
    password: string;
    verifyBy: 'sms' | 'email';
    accepted: boolean;
}

export function RegisterPage() {
    const { t } = useTranslation();
    const [started, setStarted] = useState<{ registrationId: string; channel: string }>();
    // The versions come from the gateway, so a new agreement needs no new build of the app.
    const agreements = useQuery({ queryKey: ['agreements'], queryFn: () => api.get<Agreements>('/v1/agreements'), staleTime: Infinity });
    const versions = agreements.data === undefined ? undefined : { userServiceAgreement: agreements.data.userServiceAgreement.version, privacyPolicy: agreements.data.privacyPolicy.version };
    const start = useMutation({
        mutationFn: ({ accepted: _accepted, ...values }: RegistrationForm) => api.post<{ registrationId: string; channel: string }>('/v1/auth/register', { ...values, agreements: versions }),
        onSuccess: setStarted,
    });
    const verify = useMutation({
        mutationFn: (code: string) => api.post<{ customerId: string }>('/v1/auth/register/verify', { registrationId: started?.registrationId, code }),
    });
    if (verify.isSuccess) {
        return (
            <Result
                status="success"
                title={t('register.done')}
                extra={
                    <Link to="/sign-in" data-testid="go-sign-in">
                        {t('nav.signIn')}
                    </Link>
                }
            />
        );
    }
    return (
        <Card title={<h1 className="page-title">{t('register.title')}</h1>} className="narrow-card">
            <Space orientation="vertical" size="middle" className="full-width">
                <ErrorAlert error={agreements.error ?? start.error ?? verify.error} />
                {started === undefined ? (
                    <Form<RegistrationForm> layout="vertical" initialValues={{ verifyBy: 'email' }} onFinish={(values) => { start.mutate(values); }} requiredMark={false}>
                        <Form.Item label={t('register.name')} name="name" rules={[{ required: true, message: t('common.required') }]}>
                            <Input autoComplete="name" data-testid="name" />
                        </Form.Item>
                        <Form.Item label={t('register.phone')} name="phone" extra={t('register.phoneHint')} rules={[{ required: true, pattern: /^\+[1-9]\d{6,14}$/, message: t('register.phoneRule') }]}>
                            <Input autoComplete="tel" inputMode="tel" data-testid="phone" />
                        </Form.Item>
                        <Form.Item label={t('register.email')} name="email" rules={[{ required: true, type: 'email', message: t('register.emailRule') }]}>
                            <Input autoComplete="email" inputMode="email" data-testid="email" />
                        </Form.Item>
                        <Form.Item label={t('auth.password')} name="password" extra={t('register.passwordHint')} rules={[{ required: true, min: 12, message: t('register.passwordRule') }]}>
                            <Input.Password autoComplete="new-password" data-testid="password" />
                        </Form.Item>
                        <Form.Item label={t('register.verifyBy')} name="verifyBy">
                            <Radio.Group>
                                <Radio value="email">{t('register.byEmail')}</Radio>
                                <Radio value="sms">{t('register.bySms')}</Radio>
                            </Radio.Group>
                        </Form.Item>
                        <Form.Item name="accepted" valuePropName="checked" rules={[{ validator: (_rule, value) => (value === true ? Promise.resolve() : Promise.reject(new Error(t('register.acceptRule')))) }]}>
                            <Checkbox data-testid="accept">{t('register.accept', versions ?? { userServiceAgreement: '…', privacyPolicy: '…' })}</Checkbox>
                        </Form.Item>
                        <Button type="primary" htmlType="submit" loading={start.isPending} disabled={versions === undefined} block data-testid="register-submit">
                            {t('register.submit')}
                        </Button>
                    </Form>
                ) : (
                    <CodeStep channel={started.channel} pending={verify.isPending} onSubmit={(code) => { verify.mutate(code); }} />
                )}
            </Space>
        </Card>
    );
}
