import type { ReasonCode } from './cbpr-rules';
import type { InitiationItem, InitiationReport } from './initiation-service';
import { derivedId, isoDateTime, pieces, type MessageMeta } from './message-parts';
import { writeUncheckedMessage, type OutNode } from './xml-document';

/**
 * pain.002.001.10 (customer payment status report) for every pain.001 Corridor takes in:
 * per item its status and, when refused, the ISO 20022 status reason; per block and for
 * the whole message the status the items add up to. Its official XSD is not in the
 * schema set Corridor carries (README.md): the report is built to the published message
 * definition and checked as well-formed with valid identifiers, not against a schema.
 */

export type TransactionStatus = 'ACSC' | 'ACCP' | 'PDNG' | 'RJCT';
export type GroupStatus = TransactionStatus | 'PART';

/** What the ledger made of an item: settled is ACSC, held or unconfirmed PDNG, refused RJCT. */
export function itemStatus(item: InitiationItem): TransactionStatus {
    switch (item.outcome) {
        case 'submitted':
        case 'exists':
            return item.status === 'settled' ? 'ACSC' : item.status === 'held' ? 'PDNG' : item.status === 'rejected' ? 'RJCT' : 'ACCP';
        case 'pending':
        case 'failed':
            // Sent, or perhaps sent: the ledger decides; the payment's pacs.002 tells later.
            return 'PDNG';
        case 'refused':
            return 'RJCT';
    }
}

/** All alike: that status; some refused and some not: PART. */
export function groupStatus(statuses: readonly TransactionStatus[]): GroupStatus {
    const distinct = new Set(statuses);
    if (distinct.size === 1) {
        return statuses[0] as TransactionStatus;
    }
    if (distinct.has('RJCT')) {
        return 'PART';
    }
    return distinct.has('PDNG') ? 'PDNG' : 'ACCP';
}

function reasonOf(item: InitiationItem): OutNode | undefined {
    if (item.outcome === 'refused') {
        return statusReason(item.reason, `${item.code}: ${item.field}: ${item.detail}`);
    }
    if (item.outcome === 'failed' || item.outcome === 'pending') {
        return statusReason('NARR', item.outcome === 'pending' ? `commit not confirmed yet; see /v1/submissions/${item.txId}` : `${item.code}: ${item.detail}`);
    }
    return undefined;
}

function statusReason(reason: ReasonCode, detail: string): OutNode {
    return { Rsn: { Cd: reason }, AddtlInf: pieces(detail, 105, 2) };
}

function countsPerStatus(statuses: readonly TransactionStatus[]): OutNode[] {
    return [...new Set(statuses)].sort().map((status) => ({ DtldNbOfTxs: String(statuses.filter((s) => s === status).length), DtldSts: status }));
}

export interface StatusReport {
    groupStatus: GroupStatus;
    xml: string;
}

/** The pain.002 of one pain.001 intake. `senderBic` is the bank that reports (the one that received the pain.001). */
export function buildPain002(report: InitiationReport, senderBic: string | undefined, meta: MessageMeta): StatusReport {
    const statuses = report.items.map(itemStatus);
    const group = groupStatus(statuses);
    const blocks = [...new Set(report.items.map((item) => item.paymentInformationId))];
    const xml = writeUncheckedMessage('pain.002.001.10', {
        CstmrPmtStsRpt: {
            GrpHdr: {
                MsgId: meta.messageId ?? derivedId('S2', report.messageId, ...report.items.map((item, i) => `${item.endToEndId}:${statuses[i] ?? ''}`)),
                CreDtTm: isoDateTime(meta.createdAt),
                ...(senderBic !== undefined ? { DbtrAgt: { FinInstnId: { BICFI: senderBic } } } : {}),
            },
            OrgnlGrpInfAndSts: {
                OrgnlMsgId: report.messageId,
                OrgnlMsgNmId: 'pain.001.001.09',
                OrgnlCreDtTm: report.createdAt,
                OrgnlNbOfTxs: String(report.numberOfTransactions),
                GrpSts: group,
                NbOfTxsPerSts: countsPerStatus(statuses),
            },
            OrgnlPmtInfAndSts: blocks.map((block) => {
                const items = report.items.filter((item) => item.paymentInformationId === block);
                const blockStatuses = items.map(itemStatus);
                return {
                    OrgnlPmtInfId: block,
                    OrgnlNbOfTxs: String(items.length),
                    PmtInfSts: groupStatus(blockStatuses),
                    TxInfAndSts: items.map((item) => ({
                        OrgnlEndToEndId: item.endToEndId,
                        OrgnlUETR: item.uetr,
                        TxSts: itemStatus(item),
                        StsRsnInf: reasonOf(item),
                    })),
                };
            }),
        },
    });
    return { groupStatus: group, xml };
}
