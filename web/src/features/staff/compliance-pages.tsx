import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Descriptions, Form, Input, InputNumber, Select, Space, Switch, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert } from '../../shared/error-alert';
import { useFormat } from '../../shared/use-locale';
import { itemsOf, RecordsTable } from './records-table';

interface KycItem {
    customerId: string;
    status: string;
    submittedAt: string;
}

interface Decision {
    decision: 'approve' | 'reject';
    reason: string;
    tier?: number;
    highRisk: boolean;
}

/** KYC queue, oldest first: each row opens the decision form. */
export function KycQueuePage() {
    const { t } = useTranslation();
    const { dateTime } = useFormat();
    const queries = useQueryClient();
    const queue = useQuery({ queryKey: ['kyc-queue'], queryFn: () => api.get<{ items: KycItem[] }>('/v1/kyc/queue', { status: 'submitted' }) });
    const decide = useMutation({
        mutationFn: ({ customerId, ...body }: Decision & { customerId: string }) => api.post(`/v1/kyc/${customerId}/decision`, body),
        onSuccess: () => queries.invalidateQueries({ queryKey: ['kyc-queue'] }),
    });
    return (
        <Space orientation="vertical" className="full-width">
            <ErrorAlert error={queue.error ?? decide.error} />
            <Table<KycItem>
                data-testid="kyc-queue"
                rowKey="customerId"
                size="small"
                scroll={{ x: true }}
                loading={queue.isPending}
                dataSource={queue.data?.items ?? []}
                locale={{ emptyText: t('staff.empty') }}
                columns={[
                    { title: t('staff.fields.customerId'), dataIndex: 'customerId' },
                    { title: t('staff.fields.submittedAt'), dataIndex: 'submittedAt', render: (v: string) => dateTime(v) },
                    {
                        title: '',
                        key: 'decide',
                        render: (_: unknown, item: KycItem) => (
                            <Form<Decision> layout="inline" initialValues={{ decision: 'approve', tier: 1, highRisk: false }} onFinish={(v) => { decide.mutate({ ...v, customerId: item.customerId, ...(v.decision === 'reject' ? { tier: undefined } : {}) }); }}>
                                <Form.Item name="decision">
                                    <Select aria-label={t('staff.decision')} options={(['approve', 'reject'] as const).map((d) => ({ value: d, label: t(`staff.decisions.${d}`) }))} />
                                </Form.Item>
                                <Form.Item name="tier" label={t('account.kycTier')}>
                                    <InputNumber min={1} max={3} />
                                </Form.Item>
                                <Form.Item name="highRisk" valuePropName="checked" label={t('staff.highRisk')}>
                                    <Switch />
                                </Form.Item>
                                <Form.Item name="reason" rules={[{ required: true, message: t('common.required') }]}>
                                    <Input aria-label={t('staff.reason')} placeholder={t('staff.reason')} maxLength={1000} />
                                </Form.Item>
                                <Button htmlType="submit" type="primary" size="small" loading={decide.isPending}>
                                    {t('staff.submitDecision')}
                                </Button>
                            </Form>
                        ),
                    },
                ]}
            />
        </Space>
    );
}

/** Payments held for this bank's AML review: release, reject or escalate with a reason. */
export function ReviewQueuePage() {
    const { t } = useTranslation();
    const queries = useQueryClient();
    const queue = useQuery({ queryKey: ['review-queue'], queryFn: () => api.get<unknown>('/v1/compliance/review-queue', { openOnly: 'true' }) });
    const review = useMutation({
        mutationFn: (body: { paymentId: string; action: string; reason: string }) => api.post('/v1/compliance/reviews', body),
        onSuccess: () => queries.invalidateQueries({ queryKey: ['review-queue'] }),
    });
    return (
        <Space orientation="vertical" className="full-width">
            <ErrorAlert error={queue.error ?? review.error} />
            <RecordsTable rows={itemsOf(queue.data)} testId="review-queue" />
            <Form layout="inline" onFinish={(v: { paymentId: string; action: string; reason: string }) => { review.mutate(v); }}>
                <Form.Item name="paymentId" rules={[{ required: true, message: t('common.required') }]}>
                    <Input aria-label={t('staff.fields.paymentId')} placeholder={t('staff.fields.paymentId')} />
                </Form.Item>
                <Form.Item name="action" initialValue="release">
                    <Select aria-label={t('staff.action')} options={['release', 'reject', 'escalate'].map((a) => ({ value: a, label: t(`staff.actions.${a}`) }))} />
                </Form.Item>
                <Form.Item name="reason" rules={[{ required: true, message: t('common.required') }]}>
                    <Input aria-label={t('staff.reason')} placeholder={t('staff.reason')} maxLength={280} />
                </Form.Item>
                <Button htmlType="submit" type="primary" loading={review.isPending}>
                    {t('staff.submitDecision')}
                </Button>
            </Form>
        </Space>
    );
}

export function AlertsPage() {
    const alerts = useQuery({ queryKey: ['alerts'], queryFn: () => api.get<unknown>('/v1/compliance/alerts', { pageSize: '50' }) });
    return (
        <Space orientation="vertical" className="full-width">
            <ErrorAlert error={alerts.error} />
            <RecordsTable rows={itemsOf(alerts.data)} testId="alerts" />
        </Space>
    );
}

/** A payment's screening, alerts and review steps. */
export function TrailPage() {
    const { t } = useTranslation();
    const [paymentId, setPaymentId] = useState<string>();
    const trail = useQuery({ queryKey: ['trail', paymentId], enabled: paymentId !== undefined, queryFn: () => api.get<Record<string, unknown>>(`/v1/compliance/payments/${encodeURIComponent(paymentId ?? '')}/trail`) });
    return (
        <Space orientation="vertical" className="full-width">
            <Input.Search aria-label={t('staff.fields.paymentId')} placeholder={t('staff.fields.paymentId')} enterButton={t('history.search')} onSearch={(v) => { setPaymentId(v.trim()); }} />
            <ErrorAlert error={trail.error} />
            {trail.data !== undefined && (
                <Descriptions column={1} size="small" bordered>
                    {Object.entries(trail.data).map(([key, value]) => (
                        <Descriptions.Item key={key} label={key}>
                            <pre className="trail-value">{JSON.stringify(value, null, 2)}</pre>
                        </Descriptions.Item>
                    ))}
                </Descriptions>
            )}
        </Space>
    );
}
