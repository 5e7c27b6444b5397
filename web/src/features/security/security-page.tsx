import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Form, Input, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert } from '../../shared/error-alert';
import { QrCode } from '../../shared/qr-code';

function Saved({ show }: { show: boolean }) {
    const { t } = useTranslation();
    return show ? <Alert type="success" showIcon title={t('common.saved')} /> : null;
}

function PasswordCard() {
    const { t } = useTranslation();
    const change = useMutation({ mutationFn: (values: { oldPassword: string; newPassword: string }) => api.post('/v1/me/password', values) });
    return (
        <Card title={<h2 className="card-title">{t('security.password')}</h2>}>
            <ErrorAlert error={change.error} />
            <Saved show={change.isSuccess} />
            <Form layout="vertical" onFinish={(values: { oldPassword: string; newPassword: string }) => { change.mutate(values); }} requiredMark={false}>
                <Form.Item label={t('security.oldPassword')} name="oldPassword" rules={[{ required: true, message: t('common.required') }]}>
                    <Input.Password autoComplete="current-password" />
                </Form.Item>
                <Form.Item label={t('security.newPassword')} name="newPassword" rules={[{ required: true, min: 12, message: t('register.passwordRule') }]}>
                    <Input.Password autoComplete="new-password" />
                </Form.Item>
                <Button htmlType="submit" loading={change.isPending}>
                    {t('security.changePassword')}
                </Button>
            </Form>
        </Card>
    );
}

interface QuestionsForm {
    password: string;
    q1: string;
    a1: string;
    q2: string;
    a2: string;
}

/** The gateway's question texts are English; the catalogue holds both languages by question id. */
function QuestionsCard() {
    const { t, i18n } = useTranslation();
    const queries = useQueryClient();
    const catalogue = useQuery({ queryKey: ['security-questions'], queryFn: () => api.get<{ items: { id: string; text: string }[] }>('/v1/auth/security-questions') });
    const save = useMutation({
        mutationFn: (v: QuestionsForm) => api.post('/v1/me/security-answers', { password: v.password, answers: [{ questionId: v.q1, answer: v.a1 }, { questionId: v.q2, answer: v.a2 }] }),
        onSuccess: () => queries.invalidateQueries({ queryKey: ['me'] }),
    });
    const options = (catalogue.data?.items ?? []).map((q) => ({ value: q.id, label: i18n.exists(`security.questions.${q.id}`) ? t(`security.questions.${q.id}`) : q.text }));
    return (
        <Card title={<h2 className="card-title">{t('security.questionsTitle')}</h2>}>
            <ErrorAlert error={catalogue.error ?? save.error} />
            <Saved show={save.isSuccess} />
            <Form<QuestionsForm> layout="vertical" onFinish={(values) => { save.mutate(values); }} requiredMark={false}>
                {(['1', '2'] as const).map((n) => (
                    <div key={n}>
                        <Form.Item label={t('security.question', { n })} name={`q${n}`} rules={[{ required: true, message: t('common.required') }]}>
                            <Select options={options} aria-label={t('security.question', { n })} />
                        </Form.Item>
                        <Form.Item label={t('security.answer', { n })} name={`a${n}`} rules={[{ required: true, min: 2, message: t('common.required') }]}>
                            <Input maxLength={200} />
                        </Form.Item>
                    </div>
                ))}
                <Form.Item label={t('auth.password')} name="password" rules={[{ required: true, message: t('common.required') }]}>
                    <Input.Password autoComplete="current-password" />
                </Form.Item>
                <Button htmlType="submit" loading={save.isPending}>
                    {t('common.save')}
                </Button>
            </Form>
        </Card>
    );
}

/** Authenticator app: the secret as a QR code and as text, confirmed by a first code. */
function TotpCard() {
    const { t } = useTranslation();
    const [pending, setPending] = useState<{ secret: string; otpauthUri: string }>();
    const start = useMutation({ mutationFn: (values: { password: string }) => api.post<{ secret: string; otpauthUri: string }>('/v1/me/totp', values), onSuccess: setPending });
    const confirm = useMutation({ mutationFn: (values: { code: string }) => api.post('/v1/me/totp/confirm', values) });
    return (
        <Card title={<h2 className="card-title">{t('security.totp')}</h2>}>
            <ErrorAlert error={start.error ?? confirm.error} />
            <Saved show={confirm.isSuccess} />
            {pending === undefined ? (
                <Form layout="vertical" onFinish={(values: { password: string }) => { start.mutate(values); }} requiredMark={false}>
                    <Typography.Paragraph>{t('security.totpIntro')}</Typography.Paragraph>
                    <Form.Item label={t('auth.password')} name="password" rules={[{ required: true, message: t('common.required') }]}>
                        <Input.Password autoComplete="current-password" />
                    </Form.Item>
                    <Button htmlType="submit" loading={start.isPending}>
                        {t('security.totpStart')}
                    </Button>
                </Form>
            ) : (
                !confirm.isSuccess && (
                    <Space orientation="vertical">
                        <QrCode text={pending.otpauthUri} label={t('security.totpQr')} />
                        <Typography.Text code copyable className="address">
                            {pending.secret}
                        </Typography.Text>
                        <Form layout="vertical" onFinish={(values: { code: string }) => { confirm.mutate(values); }} requiredMark={false}>
                            <Form.Item label={t('auth.code')} name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: t('auth.codeRule') }]}>
                                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
                            </Form.Item>
                            <Button htmlType="submit" type="primary" loading={confirm.isPending}>
                                {t('security.totpConfirm')}
                            </Button>
                        </Form>
                    </Space>
                )
            )}
        </Card>
    );
}

export function SecurityPage() {
    const { t } = useTranslation();
    return (
        <Space orientation="vertical" size="large" className="full-width">
            <Typography.Title level={1} className="page-title">
                {t('security.title')}
            </Typography.Title>
            <Row gutter={[16, 16]}>
                <Col xs={24} lg={8}>
                    <PasswordCard />
                </Col>
                <Col xs={24} lg={8}>
                    <QuestionsCard />
                </Col>
                <Col xs={24} lg={8}>
                    <TotpCard />
                </Col>
            </Row>
        </Space>
    );
}
