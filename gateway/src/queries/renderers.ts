import type { StatementEntryView, StatementSummary } from './statements';
import type { TransactionView } from './transaction-queries';

/** CSV and printable HTML, one row at a time: the routes write each piece as it comes. */

export const CSV_COLUMNS = ['id', 'serialNumber', 'type', 'time', 'amount', 'currency', 'targetAmount', 'targetCurrency', 'status', 'state', 'direction', 'account', 'counterparty', 'counterpartyBank'] as const;

/**
 * RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula
 * (= + - @ tab CR): every value here comes from the ledger, but none is trusted.
 */
export function csvCell(value: string | null | undefined): string {
    let text = value ?? '';
    if (/^[=+\-@\t\r]/.test(text) && !/^-?[0-9]+(\.[0-9]+)?$/.test(text)) {
        text = `'${text}`;
    }
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
    return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(view: TransactionView): string {
    return `${CSV_COLUMNS.map((column) => csvCell(view[column] ?? null)).join(',')}\r\n`;
}

export function escapeHtml(text: string | null | undefined): string {
    return (text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function statementHead(summary: StatementSummary, issuedAt: string): string {
    const owner = 'account' in summary.owner ? `Account ${summary.owner.account} (${summary.owner.bank})` : `Bank ${summary.owner.bank}, all accounts`;
    const rows = summary.currencies
        .map(
            (c) =>
                `<tr><td>${escapeHtml(c.currency)}</td><td class="n">${c.opening.balance}</td><td class="n">${c.net}</td><td class="n">${c.closing.balance}</td>` +
                `<td class="n">${c.closing.available}</td><td class="n">${c.closing.reserved}</td></tr>`,
        )
        .join('');
    return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Statement</title><style>
body{font:11pt sans-serif;margin:2em}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}
th,td{border-bottom:1px solid #ccc;padding:3px 6px;text-align:left;font-size:9pt}td.n{text-align:right;font-family:monospace}
@media print{body{margin:0}tr{page-break-inside:avoid}}</style></head><body>
<h1>Statement</h1><p>${escapeHtml(owner)}<br>Booked from ${escapeHtml(summary.from)} to ${escapeHtml(summary.to)} (end exclusive)<br>Issued ${escapeHtml(issuedAt)} from the Corridor index</p>
<h2>Balances</h2><table><thead><tr><th>Currency</th><th>Opening</th><th>Net movement</th><th>Closing</th><th>Closing available</th><th>Closing reserved</th></tr></thead><tbody>${rows}</tbody></table>
<h2>Entries</h2><table><thead><tr><th>Booked</th><th>Time</th><th>Account</th><th>Kind</th><th>Transaction</th><th>Counterparty</th><th>Currency</th><th>Amount</th><th>Available</th><th>Reserved</th><th>Balance after</th></tr></thead><tbody>
`;
}

export function statementRow(entry: StatementEntryView): string {
    return (
        `<tr><td>${escapeHtml(entry.booked)}</td><td>${escapeHtml(entry.time)}</td><td>${escapeHtml(entry.account)}</td><td>${escapeHtml(entry.kind)}</td>` +
        `<td>${escapeHtml(entry.transaction)}</td><td>${escapeHtml(entry.counterparty)}</td><td>${escapeHtml(entry.currency)}</td>` +
        `<td class="n">${entry.amount}</td><td class="n">${entry.available}</td><td class="n">${entry.reserved}</td><td class="n">${entry.balanceAfter}</td></tr>\n`
    );
}

export function statementTail(count: number): string {
    return `</tbody></table><p>${count} entries.</p></body></html>\n`;
}
