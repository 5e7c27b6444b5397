import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, withQuery } from '../../api/client';
import type { Page, TransactionSummary } from '../../api/types';
import { ErrorAlert } from '../../shared/error-alert';
import { useFormat } from '../../shared/use-locale';

const TYPES = ['remittance', 'receipt', 'transfer', 'top-up', 'withdrawal', 'refund'] as const;
const STATUSES = ['succeeded', 'pending', 'failed'] as const;
const AMOUNT = /^\d{1,20}(\.\d{1,4})?$/;

interface Filters {
    type?: string;
    status?: string;
    range?: [Dayjs, Dayjs];
    currency?: string;
    minAmount?: string;
    maxAmount?: string;
    counterparty?: string;
    counterpartyName?: string;
    serialNumber?: string;
    sort?: string;
}

/** The filters as the gateway's query string (GET /v1/transactions and its CSV export take the same). */
function toQuery(filters: Filters): Record<string, string | undefined> {
    return {
        type: filters.type,
        status: filters.status,
        from: filters.range?.[0].startOf('day').toISOString(),
        to: filters.range?.[1].endOf('day').toISOString(),
        currency: filters.currency?.toUpperCase(),
        minAmount: filters.minAmount,
        maxAmount: filters.maxAmount,
        counterparty: filters.counterparty,
        counterpartyName: filters.counterpartyName,
        serialNumber: filters.serialNumber,
        sort: filters.sort,
    };
}

/** History with the query's filters, pages by cursor, CSV export and a print view. */
export function HistoryPage() {
    const { t } = useTranslation();
    const { money, dateTime } = useFormat();
    const [query, setQuery] = useState<Record<string, string | undefined>>({ sort: '-time' });
    const [cursors, setCursors] = useState<string[]>([]);
    const cursor = cursors.at(-1);
    const page = useQuery({
        queryKey: ['transactions', query, cursor],
        queryFn: () => api.get<Page<TransactionSummary>>('/v1/transactions', { ...query, limit: '20', cursor }),
    });
    const columns = [
        { title: t('history.time'), dataIndex: 'time', render: (time: string) => dateTime(time) },
        // The type opens the transaction: a separate link column would not fit a phone's width.
        {
            title: t('history.type'),
            dataIndex: 'type',
            render: (type: string, tx: TransactionSummary) => <Link to={`/payments/${tx.id}`}>{t(`history.types.${type}`)}</Link>,
        },
        {
            title: t('history.amount'),
            key: 'amount',
            align: 'right' as const,
            render: (_: unknown, tx: TransactionSummary) => (
                <span className={tx.direction === 'in' ? 'amount-in' : 'amount-out'}>
                    {tx.direction === 'in' ? '+' : '−'}
                    {money(tx.amount, tx.currency)}
                </span>
            ),
        },
        { title: t('history.status'), dataIndex: 'status', render: (status: string) => <Tag>{t(`history.statuses.${status}`)}</Tag> },
        {
            title: t('history.counterparty'),
            dataIndex: 'counterparty',
            responsive: ['md' as const],
            render: (address: string | null) => <Typography.Text className="address">{address ?? '—'}</Typography.Text>,
        },
    ];
    return (
        <Space orientation="vertical" size="large" className="full-width">
            <Typography.Title level={1} className="page-title">
                {t('history.title')}
            </Typography.Title>
            <Card className="no-print">
                <Form<Filters>
                    layout="vertical"
                    initialValues={{ sort: '-time' }}
                    onFinish={(values) => {
                        setCursors([]);
                        setQuery(toQuery(values));
                    }}
                >
                    <Row gutter={12}>
                        <Col xs={12} md={6}>
                            <Form.Item label={t('history.type')} name="type">
                                <Select allowClear aria-label={t('history.type')} options={TYPES.map((v) => ({ value: v, label: t(`history.types.${v}`) }))} />
                            </Form.Item>
                        </Col>
                        <Col xs={12} md={6}>
                            <Form.Item label={t('history.status')} name="status">
                                <Select allowClear aria-label={t('history.status')} options={STATUSES.map((v) => ({ value: v, label: t(`history.statuses.${v}`) }))} />
                            </Form.Item>
                        </Col>
                        <Col xs={24} md={12}>
                            <Form.Item label={t('history.period')} name="range">
                                <DatePicker.RangePicker className="full-width" aria-label={t('history.period')} />
                            </Form.Item>
                        </Col>
                        <Col xs={12} md={4}>
                            <Form.Item label={t('history.currency')} name="currency" rules={[{ pattern: /^[A-Za-z]{3}$/, message: t('history.currencyRule') }]}>
                                <Input maxLength={3} />
                            </Form.Item>
                        </Col>
                        <Col xs={12} md={4}>
                            <Form.Item label={t('history.minAmount')} name="minAmount" rules={[{ pattern: AMOUNT, message: t('pay.amountRule') }]}>
                                <Input inputMode="decimal" />
                            </Form.Item>
                        </Col>
                        <Col xs={12} md={4}>
                            <Form.Item label={t('history.maxAmount')} name="maxAmount" rules={[{ pattern: AMOUNT, message: t('pay.amountRule') }]}>
                                <Input inputMode="decimal" />
                            </Form.Item>
                        </Col>
                        <Col xs={12} md={4}>
                            <Form.Item label={t('history.sort')} name="sort">
                                <Select
                                    aria-label={t('history.sort')}
                                    options={['-time', 'time', '-amount', 'amount'].map((v) => ({ value: v, label: t(`history.sorts.${v}`) }))}
                                />
                            </Form.Item>
                        </Col>
                        <Col xs={24} md={8}>
                            <Form.Item label={t('history.counterparty')} name="counterparty" rules={[{ pattern: /^cx[0-9a-f]{48}$/, message: t('pay.payeeRule') }]}>
                                <Input spellCheck={false} />
                            </Form.Item>
                        </Col>
                        <Col xs={24} md={8}>
                            <Form.Item label={t('history.counterpartyName')} name="counterpartyName">
                                <Input maxLength={200} />
                            </Form.Item>
                        </Col>
                        <Col xs={24} md={8}>
                            <Form.Item label={t('history.serialNumber')} name="serialNumber">
                                <Input maxLength={200} />
                            </Form.Item>
                        </Col>
                    </Row>
                    <Space wrap>
                        <Button type="primary" htmlType="submit" data-testid="history-search">
                            {t('history.search')}
                        </Button>
                        <Button href={withQuery('/v1/transactions/export', query)} download data-testid="history-export">
                            {t('history.export')}
                        </Button>
                        <Button onClick={() => { window.print(); }}>{t('history.print')}</Button>
                    </Space>
                </Form>
            </Card>
            <ErrorAlert error={page.error} />
            <Table<TransactionSummary>
                rowKey="id"
                size="small"
                loading={page.isPending}
                dataSource={page.data?.items ?? []}
                columns={columns}
                pagination={false}
                locale={{ emptyText: t('history.empty') }}
                scroll={{ x: true }}
                data-testid="history-table"
            />
            <Space className="no-print">
                <Button disabled={cursors.length === 0} onClick={() => { setCursors(cursors.slice(0, -1)); }}>
                    {t('history.previous')}
                </Button>
                <Button disabled={page.data?.nextCursor === undefined || page.data.nextCursor === null} onClick={() => { setCursors([...cursors, page.data?.nextCursor ?? '']); }}>
                    {t('history.next')}
                </Button>
            </Space>
        </Space>
    );
}
