import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Descriptions, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { TransactionDetail } from '../../api/types';
import { ErrorAlert } from '../../shared/error-alert';
import { Loading } from '../../shared/loading';
import { useFormat } from '../../shared/use-locale';

const STATUS_BADGE: Record<string, 'success' | 'processing' | 'error'> = { succeeded: 'success', pending: 'processing', failed: 'error' };

/** One payment as a timeline of its ledger states, with the block that recorded it. */
export function PaymentStatusPage() {
    const { t } = useTranslation();
    const { money, dateTime } = useFormat();
    const { id = '' } = useParams();
    const detail = useQuery({
        queryKey: ['transaction', id],
        queryFn: () => api.get<TransactionDetail>(`/v1/transactions/${encodeURIComponent(id)}`),
        // The index follows the ledger's events a moment behind the commit: keep asking.
        retry: (count, err) => err instanceof ApiError && err.status === 404 && count < 10,
        retryDelay: 1000,
        refetchInterval: (query) => (query.state.data?.status === 'pending' ? 3000 : false),
    });
    if (detail.isPending) {
        return <Loading />;
    }
    if (detail.isError) {
        return <ErrorAlert error={detail.error} />;
    }
    const tx = detail.data;
    return (
        <Card title={<h1 className="page-title">{t('status.title')}</h1>} data-testid="payment-status">
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
                <Descriptions.Item label={t('status.state')}>
                    <Badge status={STATUS_BADGE[tx.status] ?? 'default'} text={t(`history.statuses.${tx.status}`)} />
                </Descriptions.Item>
                <Descriptions.Item label={t('history.amount')}>{money(tx.amount, tx.currency)}</Descriptions.Item>
                <Descriptions.Item label={t('history.type')}>{t(`history.types.${tx.type}`)}</Descriptions.Item>
                <Descriptions.Item label={t('history.time')}>{dateTime(tx.time)}</Descriptions.Item>
                <Descriptions.Item label={t('history.counterparty')}>
                    <Typography.Text code className="address">
                        {tx.counterparty ?? '—'}
                    </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('status.block')}>{tx.block?.number ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('history.serialNumber')}>{tx.serialNumber}</Descriptions.Item>
            </Descriptions>
            <Typography.Title level={2} className="card-title top-gap">
                {t('status.timeline')}
            </Typography.Title>
            <Timeline
                items={(tx.history ?? []).map((step) => ({
                    children: (
                        <span>
                            <strong>{t(`status.states.${step.state}`)}</strong> · {dateTime(step.time)} · {t('status.inBlock', { block: step.block })}
                        </span>
                    ),
                }))}
            />
        </Card>
    );
}
