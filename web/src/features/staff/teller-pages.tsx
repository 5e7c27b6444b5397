import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorAlert } from '../../shared/error-alert';
import { useFormat } from '../../shared/use-locale';

interface SupportRequest {
    id: string;
    userId: string;
    status: 'open' | 'verified' | 'resolved' | 'rejected';
    message: string;
    openedAt: string;
}

const METHODS = ['id_document_in_branch', 'video_call_with_id_document', 'callback_to_bound_phone'];

/** Support requests: verify the customer's identity, then reset their security answers, or reject. */
export function SupportRequestsPage() {
    const { t } = useTranslation();
    const { dateTime } = useFormat();
    const queries = useQueryClient();
    const [status, setStatus] = useState<SupportRequest['status']>('open');
    const list = useQuery({ queryKey: ['support-requests', status], queryFn: () => api.get<{ items: SupportRequest[] }>('/v1/support-requests', { status }) });
    const act = useMutation({
        mutationFn: ({ id, action, body }: { id: string; action: 'verify-identity' | 'reset-security-answers' | 'reject'; body: object }) => api.post(`/v1/support-requests/${id}/${action}`, body),
        onSuccess: () => queries.invalidateQueries({ queryKey: ['support-requests'] }),
    });
    return (
        <Space orientation="vertical" className="full-width">
            <Select<SupportRequest['status']>
                value={status}
                onChange={setStatus}
                aria-label={t('staff.status')}
                options={(['open', 'verified', 'resolved', 'rejected'] as const).map((s) => ({ value: s, label: t(`staff.supportStatus.${s}`) }))}
            />
            <ErrorAlert error={list.error ?? act.error} />
            <Table<SupportRequest>
                data-testid="support-requests"
                rowKey="id"
                size="small"
                scroll={{ x: true }}
                loading={list.isPending}
                dataSource={list.data?.items ?? []}
                locale={{ emptyText: t('staff.empty') }}
                columns={[
                    { title: t('staff.fields.openedAt'), dataIndex: 'openedAt', render: (v: string) => dateTime(v) },
                    { title: t('staff.fields.status'), dataIndex: 'status', render: (v: string) => <Tag>{t(`staff.supportStatus.${v}`)}</Tag> },
                    { title: t('staff.fields.message'), dataIndex: 'message' },
                    {
                        title: '',
                        key: 'act',
                        render: (_: unknown, r: SupportRequest) => (
                            <Form layout="inline" onFinish={(v: { method?: string; note: string }) => { act.mutate({ id: r.id, action: r.status === 'open' ? 'verify-identity' : 'reset-security-answers', body: r.status === 'open' ? { method: v.method, note: v.note } : { note: v.note } }); }}>
                                {r.status === 'open' && (
                                    <Form.Item name="method" rules={[{ required: true, message: t('common.required') }]}>
                                        <Select aria-label={t('staff.method')} placeholder={t('staff.method')} options={METHODS.map((m) => ({ value: m, label: t(`staff.methods.${m}`) }))} />
                                    </Form.Item>
                                )}
                                {(r.status === 'open' || r.status === 'verified') && (
                                    <>
                                        <Form.Item name="note" rules={[{ required: true, message: t('common.required') }]}>
                                            <Input aria-label={t('staff.note')} placeholder={t('staff.note')} maxLength={1000} />
                                        </Form.Item>
                                        <Button htmlType="submit" size="small" type="primary">
                                            {t(r.status === 'open' ? 'staff.verifyIdentity' : 'staff.resetAnswers')}
                                        </Button>
                                        <Button size="small" danger onClick={() => { act.mutate({ id: r.id, action: 'reject', body: { note: t('staff.rejectedNote') } }); }}>
                                            {t('staff.reject')}
                                        </Button>
                                    </>
                                )}
                            </Form>
                        ),
                    },
                ]}
            />
        </Space>
    );
}
