import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Col, Descriptions, Empty, Row, Space, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, orNullOn } from '../../api/client';
import { useMe } from '../../api/session';
import type { MyAccount } from '../../api/types';
import { ErrorAlert } from '../../shared/error-alert';
import { QrCode } from '../../shared/qr-code';
import { useFormat } from '../../shared/use-locale';

interface KycStatus {
    status: 'not_submitted' | 'submitted' | 'approved' | 'rejected';
    tier: number | null;
}

/** The account: balances per currency, the address with a QR code to receive, KYC state. */
export function AccountPage() {
    const { t } = useTranslation();
    const { money } = useFormat();
    const queries = useQueryClient();
    const { data: me } = useMe();
    const account = useQuery({
        queryKey: ['my-account'],
        // No wallet key yet, so no ledger account: the page offers to open one.
        queryFn: () => orNullOn(404, api.get<MyAccount>('/v1/me/account')),
    });
    const kyc = useQuery({ queryKey: ['my-kyc'], queryFn: () => api.get<KycStatus>('/v1/me/kyc') });
    const open = useMutation({
        mutationFn: () => api.post('/v1/me/wallet-key', { mode: 'custodial' }),
        onSuccess: () => queries.invalidateQueries({ queryKey: ['my-account'] }),
    });
    return (
        <Space orientation="vertical" size="large" className="full-width">
            <Typography.Title level={1} className="page-title">
                {t('account.title', { name: me?.name ?? '' })}
            </Typography.Title>
            <ErrorAlert error={account.error ?? kyc.error ?? open.error} />
            {kyc.data !== undefined && (
                <Card size="small" title={<h2 className="card-title">{t('account.kyc')}</h2>}>
                    {/* A dot and plain text: the library's coloured tags fall below AA contrast. */}
                    <Badge status={kyc.data.status === 'approved' ? 'success' : 'warning'} text={t(`account.kycStatus.${kyc.data.status}`)} data-testid="kyc-status" />{' '}
                    {kyc.data.tier !== null && <Typography.Text>{t('account.tier', { tier: kyc.data.tier })}</Typography.Text>}
                </Card>
            )}
            {account.data === null && (
                <Card>
                    <Empty description={t('account.none')}>
                        <Button type="primary" onClick={() => { open.mutate(); }} loading={open.isPending} data-testid="open-account">
                            {t('account.open')}
                        </Button>
                    </Empty>
                </Card>
            )}
            {account.data !== null && account.data !== undefined && (
                <Row gutter={[16, 16]}>
                    <Col xs={24} md={14}>
                        <Card title={<h2 className="card-title">{t('account.balances')}</h2>} data-testid="balances">
                            {account.data.balances.length === 0 ? (
                                <Empty description={t('account.noBalances')} />
                            ) : (
                                <Row gutter={[16, 16]}>
                                    {account.data.balances.map((balance) => (
                                        <Col xs={24} sm={12} key={balance.currency}>
                                            <Statistic title={balance.currency} value={money(balance.available, balance.currency)} />
                                            {balance.reserved !== '0' && !/^0(\.0+)?$/.test(balance.reserved) && (
                                                <Typography.Text type="secondary">{t('account.reserved', { amount: money(balance.reserved, balance.currency) })}</Typography.Text>
                                            )}
                                        </Col>
                                    ))}
                                </Row>
                            )}
                            <Space className="top-gap" wrap>
                                <Link to="/pay">{t('nav.pay')}</Link>
                                <Link to="/history">{t('nav.history')}</Link>
                            </Space>
                        </Card>
                    </Col>
                    <Col xs={24} md={10}>
                        <Card title={<h2 className="card-title">{t('account.receive')}</h2>}>
                            <Space orientation="vertical" align="center" className="full-width">
                                <QrCode text={account.data.address} label={t('account.qrLabel')} />
                                <Typography.Text code copyable className="address" data-testid="address">
                                    {account.data.address}
                                </Typography.Text>
                            </Space>
                            <Descriptions size="small" column={1} className="top-gap">
                                <Descriptions.Item label={t('account.status')}>{t(`account.statuses.${account.data.status}`)}</Descriptions.Item>
                                <Descriptions.Item label={t('account.kycTier')}>{account.data.kycTier}</Descriptions.Item>
                            </Descriptions>
                        </Card>
                    </Col>
                </Row>
            )}
        </Space>
    );
}
