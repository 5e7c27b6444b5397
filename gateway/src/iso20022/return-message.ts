import { AppError } from '../errors';
import {
    account,
    agent,
    amount,
    type BankDirectory,
    corridorReference,
    derivedId,
    endToEndIdOf,
    isoDate,
    isoDateTime,
    type MessageMeta,
    type PaymentRecord,
    pieces,
    settledAt,
    uetrOf,
} from './message-parts';
import { crossBorderBanks, fxLeg, pacs008MessageId, remittance } from './payment-messages';
import { writeMessage, type OutNode } from './xml-document';

/**
 * pacs.004.001.09: the payee's bank returns (part of) a settled cross-border payment to
 * the payer's bank once the ledger approved a refund of it. It refers to the payment's
 * pacs.008 by message id, end-to-end id and UETR, and carries the ledger's refund and
 * transaction ids in SplmtryData.
 */

/** The refund record as Payments:GetRefund returns it (chaincode/src/ledger/refunds.ts); only what the message uses. */
export interface RefundRecord {
    refundId: string;
    paymentId: string;
    amount: string;
    currency: string;
    reason: string;
    note?: string;
    status: string;
    requestedAt: string;
    decidedAt?: string;
    txId: string;
    /** The transaction that moved the money back, once approved. */
    transferTxId?: string;
    /** A converted payment's refund: what the payee returned, in the payment's target currency. */
    fx?: { provider: string; targetCurrency: string; targetAmount: string };
}

/**
 * ISO 20022 external return reason codes for the ledger's refund reasons: AC03 invalid
 * creditor account, FOCR following a cancellation request, MD06 refund requested by the
 * end customer, DUPL duplicate payment, MS02 reason not specified (customer generated).
 */
export const RETURN_REASONS: Readonly<Record<string, string>> = {
    'wrong-payee': 'AC03',
    'cancelled-by-user': 'FOCR',
    'not-delivered': 'MD06',
    duplicate: 'DUPL',
    other: 'MS02',
};

function returnReason(refund: RefundRecord): OutNode {
    const code = RETURN_REASONS[refund.reason];
    if (code === undefined) {
        throw new Error(`refund ${refund.refundId} has reason ${refund.reason}, which has no return reason code`);
    }
    return { Rsn: { Cd: code }, AddtlInf: refund.note !== undefined && refund.note !== '' ? pieces(refund.note, 105, 5) : undefined };
}

/** Corridor's ids of the return: the refund and the transaction that moved the money back. */
function returnReference(refund: RefundRecord, transferTxId: string): OutNode {
    return {
        PlcAndNm: 'CorridorReturn',
        Envlp: { CorridorReturn: { '@xmlns': 'urn:corridor:iso20022:return:1', RfndId: refund.refundId, TxId: transferTxId } },
    };
}

export async function buildPacs004(refund: RefundRecord, payment: PaymentRecord, banks: BankDirectory, meta: MessageMeta): Promise<string> {
    if (refund.paymentId !== payment.paymentId) {
        throw new Error(`refund ${refund.refundId} returns ${refund.paymentId}, not ${payment.paymentId}`);
    }
    if (refund.status !== 'approved' || refund.decidedAt === undefined || refund.transferTxId === undefined) {
        throw new AppError('ISO20022_NOT_APPLICABLE', `refund ${refund.refundId} is ${refund.status}; pacs.004 is produced once it is approved`, 'status');
    }
    const leg = fxLeg(payment);
    if ((leg === undefined) !== (refund.fx === undefined)) {
        throw new Error(`refund ${refund.refundId} and payment ${payment.paymentId} disagree on whether it was converted`);
    }
    const { payerBank, payeeBank } = crossBorderBanks(payment, banks, 'pacs.004');
    return writeMessage('pacs.004.001.09', {
        PmtRtr: {
            GrpHdr: {
                MsgId: meta.messageId ?? derivedId('P4', refund.refundId, refund.transferTxId),
                CreDtTm: isoDateTime(meta.createdAt),
                NbOfTxs: '1',
                SttlmInf: { SttlmMtd: 'CLRG', ClrSys: { Prtry: 'CORRIDOR' } },
            },
            TxInf: {
                RtrId: refund.refundId.length <= 35 ? refund.refundId : derivedId('R', refund.refundId),
                OrgnlGrpInf: { OrgnlMsgId: pacs008MessageId(payment), OrgnlMsgNmId: 'pacs.008.001.08' },
                OrgnlEndToEndId: endToEndIdOf(payment.paymentId),
                OrgnlUETR: uetrOf(payment.txId),
                // A converted payment settled in the target currency and returns in it: the
                // payee's share back at the payment's rate, the principal as the instructed amount.
                OrgnlIntrBkSttlmAmt: leg === undefined ? amount(payment.amount, payment.currency) : amount(leg.targetAmount, leg.targetCurrency),
                OrgnlIntrBkSttlmDt: isoDate(settledAt(payment)),
                RtrdIntrBkSttlmAmt: refund.fx === undefined ? amount(refund.amount, refund.currency) : amount(refund.fx.targetAmount, refund.fx.targetCurrency),
                IntrBkSttlmDt: isoDate(refund.decidedAt),
                RtrdInstdAmt: leg === undefined ? undefined : amount(refund.amount, refund.currency),
                XchgRate: leg?.exchangeRate,
                ChrgBr: 'SLEV',
                InstgAgt: agent(payeeBank),
                InstdAgt: agent(payerBank),
                RtrRsnInf: returnReason(refund),
                OrgnlTxRef: {
                    RmtInf: remittance(payment),
                    DbtrAcct: account(payment.payer),
                    DbtrAgt: agent(payerBank),
                    CdtrAgt: agent(payeeBank),
                    CdtrAcct: account(payment.payee),
                    Purp: { Cd: payment.purpose },
                },
                SplmtryData: [corridorReference(payment.paymentId, payment.txId), returnReference(refund, refund.transferTxId)],
            },
        },
    });
}
