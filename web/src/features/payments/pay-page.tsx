import { useMutation } from '@tanstack/react-query';
import { Button, Card, Form, Input, Result, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { ErrorAlert } from '../../shared/error-alert';

interface PayForm {
    payee: string;
    amount: string;
    currency: string;
    purpose: string;
    reference?: string;
    hold?: boolean;
}

interface Paid {
    txId?: string;
    state?: string;
    payment?: { id?: string; status?: string };
}

/** ISO 20022 purpose codes a person is likely to need; the ledger accepts any four letters. */
const PURPOSES = ['GDDS', 'SUPP', 'SALA', 'GIFT', 'RENT', 'OTHR'];
const CURRENCIES = ['CNY', 'EUR', 'USD', 'GBP', 'HKD', 'JPY'];

/**
 * Same-currency payment from my own account (POST /v1/me/payments): the bank signs with
 * the customer's sealed key. Seam: the quote, alias lookup and confirmation of payee join
 * this page when the gateway offers them to customers.
 */
export function PayPage() {
    const { t } = useTranslation();
    const pay = useMutation({
        mutationFn: ({ reference, hold, ...values }: PayForm) =>
            api.post<Paid>('/v1/me/payments', {
                ...values,
                paymentId: `web-${crypto.randomUUID()}`,
                ...(reference === undefined || reference === '' ? {} : { reference }),
                ...(hold === true ? { hold } : {}),
            }),
    });
    if (pay.isSuccess) {
        const txId = pay.data.txId;
        return (
            <Result
                status={pay.data.state === 'pending' ? 'info' : 'success'}
                title={t(pay.data.state === 'pending' ? 'pay.pending' : 'pay.done')}
                extra={
                    <Space wrap>
                        {txId !== undefined && (
                            <Link to={`/payments/${txId}`} data-testid="payment-status-link">
                                {t('pay.viewStatus')}
                            </Link>
                        )}
                        <Button onClick={() => { pay.reset(); }}>{t('pay.another')}</Button>
                    </Space>
                }
            />
        );
    }
    return (
        <Card title={<h1 className="page-title">{t('pay.title')}</h1>} className="narrow-card">
            <Space orientation="vertical" size="middle" className="full-width">
                <ErrorAlert error={pay.error} />
                <Form<PayForm> layout="vertical" initialValues={{ currency: 'EUR', purpose: 'GDDS' }} onFinish={(values) => { pay.mutate(values); }} requiredMark={false}>
                    <Form.Item label={t('pay.payee')} name="payee" extra={t('pay.payeeHint')} rules={[{ required: true, pattern: /^cx[0-9a-f]{48}$/, message: t('pay.payeeRule') }]}>
                        <Input spellCheck={false} autoComplete="off" data-testid="payee" />
                    </Form.Item>
                    <Space.Compact className="full-width">
                        <Form.Item label={t('pay.amount')} name="amount" className="grow" rules={[{ required: true, pattern: /^(0|[1-9]\d{0,19})(\.\d{1,4})?$/, message: t('pay.amountRule') }]}>
                            <Input inputMode="decimal" data-testid="amount" />
                        </Form.Item>
                        <Form.Item label={t('pay.currency')} name="currency">
                            <Select options={CURRENCIES.map((c) => ({ value: c, label: c }))} aria-label={t('pay.currency')} data-testid="currency" />
                        </Form.Item>
                    </Space.Compact>
                    <Form.Item label={t('pay.purpose')} name="purpose">
                        <Select options={PURPOSES.map((p) => ({ value: p, label: t(`pay.purposes.${p}`) }))} aria-label={t('pay.purpose')} />
                    </Form.Item>
                    <Form.Item label={t('pay.reference')} name="reference" rules={[{ max: 140 }]}>
                        <Input maxLength={140} data-testid="reference" />
                    </Form.Item>
                    <Form.Item label={t('pay.hold')} name="hold" valuePropName="checked" extra={t('pay.holdHint')}>
                        <Switch aria-label={t('pay.hold')} />
                    </Form.Item>
                    <Button type="primary" htmlType="submit" loading={pay.isPending} block data-testid="pay-submit">
                        {t('pay.submit')}
                    </Button>
                </Form>
            </Space>
        </Card>
    );
}
