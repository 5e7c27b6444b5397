import { AppError } from '../errors';
import {
    account,
    agent,
    amount,
    BankDirectory,
    corridorReference,
    derivedId,
    endToEndIdOf,
    isoDate,
    isoDateTime,
    type MemberBank,
    MessageMeta,
    PaymentRecord,
    pieces,
    SETTLED_STATUSES,
    settledAt,
    uetrOf,
} from './message-parts';
import { writeMessage, type OutNode } from './xml-document';
import { fxLegOf, type FxLeg } from './fx-leg';

/**
 * Messages about one payment: pacs.008 (the interbank credit transfer of a settled
 * cross-border payment), pacs.002 (its status) and camt.054 (the debit or credit
 * notification to one of its accounts). Each is built from the payment record alone
 * and validated against its XSD before it is returned.
 */

/** The id of a payment's pacs.008, which its pacs.002 refers to as the original message. */
export function pacs008MessageId(payment: PaymentRecord): string {
    return derivedId('P8', payment.paymentId, payment.txId);
}

/**
 * The two banks of a payment that left the payer's country and settled: the interbank
 * messages (pacs.008 and the pacs.004 returning it) exist only for those.
 */
export function crossBorderBanks(payment: PaymentRecord, banks: BankDirectory, message: string): { payerBank: MemberBank; payeeBank: MemberBank } {
    if (!SETTLED_STATUSES.has(payment.status)) {
        throw new AppError('ISO20022_NOT_APPLICABLE', `payment ${payment.paymentId} is ${payment.status}; ${message} is produced once it settled`, 'status');
    }
    const payerBank = banks.bank(payment.payerBank);
    const payeeBank = banks.bank(payment.payeeBank);
    if (payerBank.country === payeeBank.country) {
        throw new AppError('ISO20022_NOT_APPLICABLE', `payment ${payment.paymentId} stays in ${payerBank.country}; ${message} is produced for cross-border payments`, 'payeeBank');
    }
    return { payerBank, payeeBank };
}

/** The FX leg of a converted payment, undefined for a payment in one currency. */
export function fxLeg(payment: PaymentRecord): FxLeg | undefined {
    return payment.fx === undefined ? undefined : fxLegOf({ ...payment, fx: payment.fx });
}

/**
 * pacs.008.001.08 for a settled payment between banks in different countries. A converted
 * payment settles in the payee's currency: IntrBkSttlmAmt is the target amount, InstdAmt
 * the source amount converted, XchgRate the rate between them, and the provider's fee,
 * paid by the payer on top, is the one ChrgsInf (ChrgBr DEBT).
 */
export async function buildPacs008(payment: PaymentRecord, banks: BankDirectory, meta: MessageMeta): Promise<string> {
    const { payerBank, payeeBank } = crossBorderBanks(payment, banks, 'pacs.008');
    const leg = fxLeg(payment);
    const settled = settledAt(payment);
    return writeMessage('pacs.008.001.08', {
        FIToFICstmrCdtTrf: {
            GrpHdr: {
                MsgId: meta.messageId ?? pacs008MessageId(payment),
                CreDtTm: isoDateTime(meta.createdAt),
                NbOfTxs: '1',
                SttlmInf: { SttlmMtd: 'CLRG', ClrSys: { Prtry: 'CORRIDOR' } },
            },
            CdtTrfTxInf: {
                PmtId: { EndToEndId: endToEndIdOf(payment.paymentId), UETR: uetrOf(payment.txId) },
                IntrBkSttlmAmt: leg === undefined ? amount(payment.amount, payment.currency) : amount(leg.targetAmount, leg.targetCurrency),
                IntrBkSttlmDt: isoDate(settled),
                AccptncDtTm: isoDateTime(payment.time),
                InstdAmt: leg === undefined ? undefined : amount(leg.sourceAmount, leg.sourceCurrency),
                XchgRate: leg?.exchangeRate,
                ChrgBr: leg === undefined ? 'SLEV' : 'DEBT',
                ChrgsInf: leg === undefined ? undefined : { Amt: amount(leg.fee, leg.sourceCurrency), Agt: agent(banks.bank(leg.provider)) },
                InstgAgt: agent(payerBank),
                InstdAgt: agent(payeeBank),
                Dbtr: {},
                DbtrAcct: account(payment.payer),
                DbtrAgt: agent(payerBank),
                CdtrAgt: agent(payeeBank),
                Cdtr: {},
                CdtrAcct: account(payment.payee),
                Purp: { Cd: payment.purpose },
                RmtInf: remittance(payment),
                SplmtryData: corridorReference(payment.paymentId, payment.txId, payment.fx),
            },
        },
    });
}

export function remittance(payment: PaymentRecord): OutNode | undefined {
    return payment.reference !== undefined && payment.reference !== '' ? { Ustrd: payment.reference } : undefined;
}

export type TransactionStatus = 'accepted' | 'pending' | 'rejected' | 'in-process';

export interface StatusItem {
    endToEndId: string;
    uetr?: string;
    status: TransactionStatus;
    /** An ISO 20022 external status reason code (4 characters) or a proprietary one (up to 35). */
    reason?: { code?: string; proprietary?: string; text?: string };
    acceptedAt?: string;
}

export interface StatusReportInput {
    originalMessageId: string;
    originalMessageName: string;
    instructingBic?: string;
    instructedBic?: string;
    items: StatusItem[];
}

const TX_STATUS: Readonly<Record<TransactionStatus, string>> = {
    accepted: 'ACSC',
    pending: 'PDNG',
    rejected: 'RJCT',
    'in-process': 'ACSP',
};

/** pacs.002.001.10 for any list of transactions of one original message. */
export async function buildPacs002(input: StatusReportInput, meta: MessageMeta): Promise<string> {
    const bic = (value: string | undefined): OutNode | undefined => (value !== undefined ? { FinInstnId: { BICFI: value } } : undefined);
    return writeMessage('pacs.002.001.10', {
        FIToFIPmtStsRpt: {
            GrpHdr: {
                MsgId: meta.messageId ?? derivedId('P2', input.originalMessageId, ...input.items.map((item) => `${item.endToEndId}:${item.status}`)),
                CreDtTm: isoDateTime(meta.createdAt),
                InstgAgt: bic(input.instructingBic),
                InstdAgt: bic(input.instructedBic),
            },
            OrgnlGrpInfAndSts: { OrgnlMsgId: input.originalMessageId, OrgnlMsgNmId: input.originalMessageName },
            TxInfAndSts: input.items.map((item) => ({
                OrgnlEndToEndId: item.endToEndId,
                OrgnlUETR: item.uetr,
                TxSts: TX_STATUS[item.status],
                StsRsnInf: item.reason !== undefined ? statusReason(item.reason) : undefined,
                AccptncDtTm: item.acceptedAt !== undefined ? isoDateTime(item.acceptedAt) : undefined,
            })),
        },
    });
}

function statusReason(reason: NonNullable<StatusItem['reason']>): OutNode {
    const rsn = reason.code !== undefined ? { Cd: reason.code } : reason.proprietary !== undefined ? { Prtry: reason.proprietary.slice(0, 35) } : undefined;
    return { Rsn: rsn, AddtlInf: reason.text !== undefined ? pieces(reason.text, 105, 4) : undefined };
}

/**
 * A payment's status as pacs.002 states it: settled (and later refund states) accepted,
 * held pending with the hold's reason, rejected / cancelled / expired rejected with
 * reason RR04 (regulatory), CUST (requested by the customer) or HOLD_EXPIRED.
 */
export function statusOfPayment(payment: PaymentRecord): StatusItem {
    const base = { endToEndId: endToEndIdOf(payment.paymentId), uetr: uetrOf(payment.txId) };
    const note = [...payment.history].reverse().find((entry) => entry.status === payment.status)?.note;
    if (SETTLED_STATUSES.has(payment.status)) {
        return { ...base, status: 'accepted', acceptedAt: settledAt(payment) };
    }
    switch (payment.status) {
        case 'held':
            return {
                ...base,
                status: 'pending',
                reason: { proprietary: payment.hold?.reason === 'compliance' ? 'HELD_FOR_COMPLIANCE_REVIEW' : 'HELD_AT_PAYER_REQUEST', text: payment.hold?.note ?? note ?? 'held' },
            };
        case 'rejected':
            return { ...base, status: 'rejected', reason: { code: 'RR04', text: note ?? 'rejected after compliance review' } };
        case 'cancelled':
            return { ...base, status: 'rejected', reason: { code: 'CUST', text: note ?? 'cancelled by the payer' } };
        case 'expired':
            return { ...base, status: 'rejected', reason: { proprietary: 'HOLD_EXPIRED', text: note ?? 'the hold expired before release' } };
        default:
            return { ...base, status: 'in-process' };
    }
}

/** pacs.002.001.10 for one payment, referring to its pacs.008. */
export function buildPaymentStatus(payment: PaymentRecord, banks: BankDirectory, meta: MessageMeta): Promise<string> {
    return buildPacs002(
        {
            originalMessageId: pacs008MessageId(payment),
            originalMessageName: 'pacs.008.001.08',
            instructingBic: banks.bank(payment.payeeBank).bic,
            instructedBic: banks.bank(payment.payerBank).bic,
            items: [statusOfPayment(payment)],
        },
        meta,
    );
}

/**
 * camt.054.001.08: the debit (payer) or credit (payee) notification of one payment to
 * `address`. Each side is notified in its own account's currency: for a converted payment
 * the payer's debit is the source amount plus the fee (the fee a charge included in it),
 * the payee's credit the target amount, and both state the instructed amount, the
 * settled one and the rate between them.
 */
export async function buildNotification(payment: PaymentRecord, address: string, banks: BankDirectory, meta: MessageMeta): Promise<string> {
    const side = address === payment.payer ? 'DBIT' : address === payment.payee ? 'CRDT' : undefined;
    if (side === undefined) {
        throw new AppError('ISO20022_NOT_APPLICABLE', `account ${address.slice(0, 10)}... is neither payer nor payee of ${payment.paymentId}`, 'address');
    }
    const booked = SETTLED_STATUSES.has(payment.status);
    if (!booked && payment.status !== 'held') {
        throw new AppError('ISO20022_NOT_APPLICABLE', `payment ${payment.paymentId} is ${payment.status}; nothing was booked`, 'status');
    }
    const payerBank = banks.bank(payment.payerBank);
    const payeeBank = banks.bank(payment.payeeBank);
    const leg = fxLeg(payment);
    const [value, currency] = side === 'CRDT' && leg !== undefined ? [leg.targetAmount, leg.targetCurrency] : [payment.amount, payment.currency];
    const moved = amount(value, currency);
    const servicer = side === 'DBIT' ? payerBank : payeeBank;
    const when = booked ? settledAt(payment) : payment.time;
    const family = side === 'DBIT' ? 'ICDT' : 'RCDT';
    const subFamily = payerBank.mspId === payeeBank.mspId ? 'BOOK' : payerBank.country !== payeeBank.country ? 'XBCT' : 'DMCT';
    const id = meta.messageId ?? derivedId('N4', payment.paymentId, side, payment.status);
    return writeMessage('camt.054.001.08', {
        BkToCstmrDbtCdtNtfctn: {
            GrpHdr: { MsgId: id, CreDtTm: isoDateTime(meta.createdAt) },
            Ntfctn: {
                Id: id,
                CreDtTm: isoDateTime(meta.createdAt),
                Acct: { ...account(address, currency), Svcr: agent(servicer) },
                Ntry: {
                    Amt: moved,
                    CdtDbtInd: side,
                    Sts: { Cd: booked ? 'BOOK' : 'PDNG' },
                    BookgDt: booked ? { DtTm: isoDateTime(when) } : undefined,
                    ValDt: { Dt: isoDate(when) },
                    BkTxCd: { Domn: { Cd: 'PMNT', Fmly: { Cd: family, SubFmlyCd: subFamily } } },
                    NtryDtls: {
                        TxDtls: {
                            Refs: { EndToEndId: endToEndIdOf(payment.paymentId), UETR: uetrOf(payment.txId) },
                            Amt: moved,
                            CdtDbtInd: side,
                            AmtDtls: leg === undefined ? undefined : exchangeDetails(leg),
                            Chrgs: leg === undefined || side === 'CRDT' ? undefined : { Rcrd: { Amt: amount(leg.fee, leg.sourceCurrency), CdtDbtInd: 'DBIT', ChrgInclInd: 'true', Br: 'DEBT', Agt: agent(banks.bank(leg.provider)) } },
                            RltdPties: { DbtrAcct: account(payment.payer), CdtrAcct: account(payment.payee) },
                            RltdAgts: { DbtrAgt: agent(payerBank), CdtrAgt: agent(payeeBank) },
                            Purp: { Cd: payment.purpose },
                            RmtInf: remittance(payment),
                            SplmtryData: corridorReference(payment.paymentId, payment.txId, payment.fx),
                        },
                    },
                },
            },
        },
    });
}

/** The instructed (source) amount and the settled (target) one, with the rate: one unit of the source buys XchgRate of the target. */
function exchangeDetails(leg: FxLeg): OutNode {
    return {
        InstdAmt: { Amt: amount(leg.sourceAmount, leg.sourceCurrency) },
        TxAmt: {
            Amt: amount(leg.targetAmount, leg.targetCurrency),
            CcyXchg: { SrcCcy: leg.sourceCurrency, TrgtCcy: leg.targetCurrency, UnitCcy: leg.sourceCurrency, XchgRate: leg.exchangeRate },
        },
    };
}
