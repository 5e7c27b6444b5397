import { useMutation } from '@tanstack/react-query';
import { Button, Card, Form, Input, Result, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { ErrorAlert } from '../../shared/error-alert';

/** Forgotten password: a code to the phone or e-mail, then the new password with it; every session ends. */
export function PasswordResetPage() {
    const { t } = useTranslation();
    const [requestId, setRequestId] = useState<string>();
    const forgot = useMutation({
        mutationFn: (values: { identifier: string }) => api.post<{ requestId: string }>('/v1/auth/password/forgot', values),
        onSuccess: (answer) => { setRequestId(answer.requestId); },
    });
    const reset = useMutation({
        mutationFn: (values: { code: string; newPassword: string }) => api.post('/v1/auth/password/reset', { requestId, ...values }),
    });
    if (reset.isSuccess) {
        return <Result status="success" title={t('reset.done')} extra={<Link to="/sign-in">{t('nav.signIn')}</Link>} />;
    }
    return (
        <Card title={<h1 className="page-title">{t('reset.title')}</h1>} className="narrow-card">
            <Space orientation="vertical" size="middle" className="full-width">
                <ErrorAlert error={forgot.error ?? reset.error} />
                {requestId === undefined ? (
                    <Form layout="vertical" onFinish={(values: { identifier: string }) => { forgot.mutate(values); }} requiredMark={false}>
                        <Form.Item label={t('auth.identifier')} name="identifier" rules={[{ required: true, message: t('common.required') }]}>
                            <Input autoComplete="username" />
                        </Form.Item>
                        <Button type="primary" htmlType="submit" loading={forgot.isPending} block>
                            {t('reset.sendCode')}
                        </Button>
                    </Form>
                ) : (
                    <Form layout="vertical" onFinish={(values: { code: string; newPassword: string }) => { reset.mutate(values); }} requiredMark={false}>
                        <Form.Item label={t('auth.code')} name="code" extra={t('reset.codeHint')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('auth.codeRule') }]}>
                            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
                        </Form.Item>
                        <Form.Item label={t('security.newPassword')} name="newPassword" rules={[{ required: true, min: 12, message: t('register.passwordRule') }]}>
                            <Input.Password autoComplete="new-password" />
                        </Form.Item>
                        <Button type="primary" htmlType="submit" loading={reset.isPending} block>
                            {t('reset.submit')}
                        </Button>
                    </Form>
                )}
            </Space>
        </Card>
    );
}
