import { Table } from 'antd';
import { useTranslation } from 'react-i18next';

type Row = Record<string, unknown>;

const textOf = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '');

/**
 * A list the gateway describes only loosely (review queue, alerts): its scalar fields as
 * columns, labelled from the catalogue when the field is known there.
 */
export function RecordsTable({ rows, testId }: { rows: Row[]; testId: string }) {
    const { t, i18n } = useTranslation();
    const keys = [...new Set(rows.flatMap((row) => Object.keys(row).filter((key) => ['string', 'number', 'boolean'].includes(typeof row[key]))))].slice(0, 8);
    return (
        <Table<Row>
            data-testid={testId}
            size="small"
            scroll={{ x: true }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            rowKey={(row) => textOf(row.id) || textOf(row.paymentId) || JSON.stringify(row)}
            dataSource={rows}
            locale={{ emptyText: t('staff.empty') }}
            columns={keys.map((key) => ({ key, title: i18n.exists(`staff.fields.${key}`) ? t(`staff.fields.${key}`) : key, render: (_: unknown, row: Row) => textOf(row[key]) }))}
        />
    );
}

/** The list inside an answer, whatever its wrapper is called. */
export function itemsOf(answer: unknown): Row[] {
    if (Array.isArray(answer)) {
        return answer as Row[];
    }
    const wrapped = answer as { items?: unknown; alerts?: unknown; payments?: unknown } | undefined;
    const list = wrapped?.items ?? wrapped?.alerts ?? wrapped?.payments;
    return Array.isArray(list) ? (list as Row[]) : [];
}
