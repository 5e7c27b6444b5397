import { AppError } from '../errors';
import { readAmount, scaledDecimal } from './amounts';
import { requireHeaderAgrees } from './business-header';
import { CBPR_RULES, repeatedUetrs, type ItemContext, type ReasonCode, type RuleCode } from './cbpr-rules';
import { addressOf, CORRIDOR_SCHEME } from './identifiers';
import { attribute, element, elements, readBusinessMessage, text, type XmlNode } from './xml-document';
import { ISO_INSTANT, signingBytes } from '@corridor/chaincode/api';

/**
 * pain.001.001.09 (customer credit transfer initiation) to Corridor payment requests.
 *
 * Each CdtTrfTxInf becomes one signed payment instruction, exactly the body that
 * POST /v1/payments takes. The payer's signature travels with the item, in a
 * SplmtryData envelope (see README.md in this folder): the pain.001 does not authorise a
 * payment by itself, the payer's key does, and the chaincode checks it.
 *
 * Faults of the whole message (counts, control sums, duplicate ids, bad IBAN or BIC,
 * more than MAX_TRANSACTIONS) refuse the message: nothing is mapped. Faults of one item
 * refuse that item with a code and the element, and leave the others.
 */

export const MAX_TRANSACTIONS = 100;
export const SIGNATURE_ELEMENT = 'CorridorSignature';
export const SIGNATURE_NAMESPACE = 'urn:corridor:iso20022:signature:1';
/** Purpose when the item has none: ISO 20022's "other". It is signed like any other field. */
export const DEFAULT_PURPOSE = 'OTHR';

/** A signed Corridor payment instruction, as POST /v1/payments and Payments:SubmitPayment take it. */
export interface PaymentRequest {
    paymentId: string;
    payer: string;
    payee: string;
    amount: string;
    currency: string;
    reference?: string;
    purpose: string;
    sequence: number;
    expiresAt: string;
    hold?: boolean;
    signature: string;
}

/** Closed set of item refusals; the names of the ledger's codes where the ledger checks the same thing. */
export type MappingCode =
    | 'INVALID_ARGUMENT'
    | 'UNSUPPORTED_CURRENCY'
    | 'AMOUNT_NOT_POSITIVE'
    | 'AMOUNT_TOO_PRECISE'
    | 'AMOUNT_TOO_LARGE'
    | 'INVALID_ADDRESS'
    | 'SAME_ACCOUNT'
    | 'SIGNATURE_MISSING';
export type ItemCode = MappingCode | RuleCode;

/** The ISO 20022 status reason each mapping refusal is reported with in the pain.002. */
export const MAPPING_REASONS: Readonly<Record<MappingCode, ReasonCode>> = {
    INVALID_ARGUMENT: 'CH16',
    UNSUPPORTED_CURRENCY: 'AM03',
    AMOUNT_NOT_POSITIVE: 'AM01',
    AMOUNT_TOO_PRECISE: 'CH20',
    AMOUNT_TOO_LARGE: 'AM02',
    INVALID_ADDRESS: 'AC01',
    SAME_ACCOUNT: 'AG01',
    SIGNATURE_MISSING: 'CH21',
};

export interface ItemRef {
    /** 1-based position of the transaction in the message. */
    index: number;
    paymentInformationId: string;
    endToEndId: string;
    /** The item's UETR, when it states one. */
    uetr?: string;
    /** Path of the CdtTrfTxInf, e.g. PmtInf[1]/CdtTrfTxInf[2]. */
    element: string;
}

export type MappedItem = ItemRef & { outcome: 'mapped'; request: PaymentRequest };
export type RefusedItem = ItemRef & { outcome: 'refused'; code: ItemCode; reason: ReasonCode; field: string; detail: string };
export type ItemResult = MappedItem | RefusedItem;

export interface CreditTransferInitiation {
    /** Whether it came with a business application header (the answer's status report then does too). */
    withHeader: boolean;
    /** The header's sender BIC, to address the status report to. */
    senderBic?: string;
    messageId: string;
    createdAt: string;
    numberOfTransactions: number;
    items: ItemResult[];
}

const PAYMENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const SEQUENCE = /^[1-9][0-9]{0,15}$/;
const SIGNATURE = /^[A-Za-z0-9+/]{20,200}={0,2}$/;

class ItemRefusal extends Error {
    readonly reason: ReasonCode;

    constructor(
        readonly code: ItemCode,
        readonly field: string,
        readonly detail: string,
        reason?: ReasonCode,
    ) {
        super(`${code}: ${detail}`);
        this.reason = reason ?? MAPPING_REASONS[code as MappingCode];
    }
}

/**
 * Reads, validates and maps a pain.001.001.09, bare or with its business application
 * header; throws an AppError naming the element when the message is refused.
 * `receiverBic` is asked only for a message with a header, whose `To` must name it.
 */
export async function readCreditTransferInitiation(xml: Buffer | string, receiverBic: () => Promise<string | undefined> = () => Promise.resolve(undefined)): Promise<CreditTransferInitiation> {
    const { document, header } = await readBusinessMessage('pain.001.001.09', xml);
    if (header !== undefined) {
        requireHeaderAgrees('pain.001.001.09', header, document, await receiverBic());
    }
    const sender = text(header, 'Fr', 'FIId', 'FinInstnId', 'BICFI');
    const initiation = element(document, 'CstmrCdtTrfInitn');
    const groupHeader = element(initiation, 'GrpHdr');
    const blocks = elements(initiation, 'PmtInf');
    const transactions = blocks.flatMap((block, b) => elements(block, 'CdtTrfTxInf').map((tx, t) => ({ block, b, tx, t })));
    checkTotals(groupHeader, blocks, transactions.length);
    checkUniqueIds(transactions.map(({ tx, b, t }) => ({ id: text(tx, 'PmtId', 'EndToEndId') ?? '', path: txPath(b, t) })));
    const repeated = repeatedUetrs(transactions.map(({ tx }) => tx));
    return {
        withHeader: header !== undefined,
        ...(sender !== undefined ? { senderBic: sender } : {}),
        messageId: text(groupHeader, 'MsgId') ?? '',
        createdAt: text(groupHeader, 'CreDtTm') ?? '',
        numberOfTransactions: transactions.length,
        items: transactions.map(({ block, b, tx, t }, i) => mapItem({ block, blockPath: `PmtInf[${b + 1}]`, tx, path: txPath(b, t), repeatedUetrs: repeated }, b, i + 1)),
    };
}

function txPath(b: number, t: number): string {
    return `PmtInf[${b + 1}]/CdtTrfTxInf[${t + 1}]`;
}

function refuse(path: string, detail: string): never {
    throw new AppError('ISO20022_INVALID', `${path}: ${detail}`, path);
}

/** Counts and control sums, of the group and of each block: a truncated or padded file pays nothing. */
function checkTotals(header: XmlNode | undefined, blocks: XmlNode[], count: number): void {
    if (count > MAX_TRANSACTIONS) {
        refuse('GrpHdr/NbOfTxs', `the message holds ${count} transactions; at most ${MAX_TRANSACTIONS} are accepted in one message`);
    }
    if (text(header, 'NbOfTxs') !== String(count)) {
        refuse('GrpHdr/NbOfTxs', `states ${text(header, 'NbOfTxs')} transactions, the message holds ${count}`);
    }
    checkControlSum(text(header, 'CtrlSum'), blocks.flatMap((block) => elements(block, 'CdtTrfTxInf')), 'GrpHdr/CtrlSum');
    blocks.forEach((block, b) => {
        const txs = elements(block, 'CdtTrfTxInf');
        const stated = text(block, 'NbOfTxs');
        if (stated !== undefined && stated !== String(txs.length)) {
            refuse(`PmtInf[${b + 1}]/NbOfTxs`, `states ${stated} transactions, the block holds ${txs.length}`);
        }
        checkControlSum(text(block, 'CtrlSum'), txs, `PmtInf[${b + 1}]/CtrlSum`);
    });
}

function checkControlSum(stated: string | undefined, txs: XmlNode[], path: string): void {
    if (stated === undefined) {
        return;
    }
    let sum = 0n;
    for (const tx of txs) {
        const amount = element(tx, 'Amt', 'InstdAmt') ?? element(tx, 'Amt', 'EqvtAmt', 'Amt');
        sum += scaledDecimal(amount?.['#text'] ?? '0') ?? 0n;
    }
    if (scaledDecimal(stated) !== sum) {
        refuse(path, `states ${stated}, the amounts add up to a different sum`);
    }
}

function checkUniqueIds(ids: { id: string; path: string }[]): void {
    const seen = new Set<string>();
    for (const { id, path } of ids) {
        if (seen.has(id)) {
            refuse(`${path}/PmtId/EndToEndId`, `end-to-end id ${id} appears twice; it becomes the payment id`);
        }
        seen.add(id);
    }
}

function mapItem(item: ItemContext, b: number, index: number): ItemResult {
    const { block, tx, path } = item;
    const uetr = text(tx, 'PmtId', 'UETR');
    const ref: ItemRef = {
        index,
        paymentInformationId: text(block, 'PmtInfId') ?? '',
        endToEndId: text(tx, 'PmtId', 'EndToEndId') ?? '',
        ...(uetr !== undefined ? { uetr } : {}),
        element: path,
    };
    try {
        const request = toRequest(block, b, tx, path);
        const breach = CBPR_RULES.map((rule) => rule(item)).find((found) => found !== undefined);
        if (breach !== undefined) {
            throw new ItemRefusal(breach.code, breach.field, breach.detail, breach.reason);
        }
        return { ...ref, outcome: 'mapped', request };
    } catch (err) {
        if (err instanceof ItemRefusal) {
            return { ...ref, outcome: 'refused', code: err.code, reason: err.reason, field: err.field, detail: err.detail };
        }
        throw err;
    }
}

/** The checks run in the ledger's order, so an item with several faults gets the code the ledger would give. */
function toRequest(block: XmlNode, b: number, tx: XmlNode, path: string): PaymentRequest {
    if (text(block, 'PmtMtd') !== 'TRF') {
        throw new ItemRefusal('INVALID_ARGUMENT', `PmtInf[${b + 1}]/PmtMtd`, 'only credit transfers (TRF) are paid; cheques are not');
    }
    const paymentId = text(tx, 'PmtId', 'EndToEndId') ?? '';
    if (!PAYMENT_ID.test(paymentId) || paymentId === 'NOTPROVIDED') {
        throw new ItemRefusal('INVALID_ARGUMENT', `${path}/PmtId/EndToEndId`, 'the end-to-end id becomes the payment id: 1-35 of A-Z a-z 0-9 . _ : - and not NOTPROVIDED');
    }
    const { amount, currency } = amountOf(tx, path);
    const payer = corridorAddress(element(block, 'DbtrAcct'), `PmtInf[${b + 1}]/DbtrAcct`);
    const payee = corridorAddress(element(tx, 'CdtrAcct'), `${path}/CdtrAcct`);
    const reference = referenceOf(tx, path);
    const purpose = purposeOf(tx, path);
    const signed = signatureOf(tx, path);
    if (payer === payee) {
        throw new ItemRefusal('SAME_ACCOUNT', `${path}/CdtrAcct`, 'debtor and creditor accounts are the same Corridor address');
    }
    return {
        paymentId,
        payer,
        payee,
        amount,
        currency,
        ...(reference !== undefined ? { reference } : {}),
        purpose,
        sequence: signed.sequence,
        expiresAt: signed.expiresAt,
        ...(signed.hold !== undefined ? { hold: signed.hold } : {}),
        signature: signed.signature,
    };
}

function amountOf(tx: XmlNode, path: string): { amount: string; currency: string } {
    if (element(tx, 'Amt', 'EqvtAmt') !== undefined) {
        throw new ItemRefusal('INVALID_ARGUMENT', `${path}/Amt/EqvtAmt`, 'equivalent amounts are not paid; state the amount to pay in InstdAmt');
    }
    const instructed = element(tx, 'Amt', 'InstdAmt');
    const currency = attribute(instructed, 'Ccy') ?? '';
    const read = readAmount(instructed?.['#text'] ?? '', currency);
    if (!read.ok) {
        throw new ItemRefusal(read.code, `${path}/Amt/InstdAmt`, read.detail);
    }
    return { amount: read.text, currency };
}

function corridorAddress(account: XmlNode | undefined, path: string): string {
    if (account === undefined) {
        throw new ItemRefusal('INVALID_ADDRESS', path, 'the account is missing; Corridor pays between Corridor addresses');
    }
    const other = element(account, 'Id', 'Othr');
    if (other === undefined) {
        throw new ItemRefusal('INVALID_ADDRESS', `${path}/Id`, `an IBAN is not a Corridor address; use Othr/Id with scheme ${CORRIDOR_SCHEME}`);
    }
    if (text(other, 'SchmeNm', 'Prtry') !== CORRIDOR_SCHEME) {
        throw new ItemRefusal('INVALID_ADDRESS', `${path}/Id/Othr/SchmeNm`, `the account scheme must be Prtry ${CORRIDOR_SCHEME}`);
    }
    const address = addressOf(text(other, 'Id') ?? '');
    if (address === undefined) {
        throw new ItemRefusal('INVALID_ADDRESS', `${path}/Id/Othr/Id`, 'not a Corridor address (33 base58 characters with a valid checksum)');
    }
    return address;
}

/** Unstructured lines joined by one space; else the structured creditor reference. */
function referenceOf(tx: XmlNode, path: string): string | undefined {
    const remittance = element(tx, 'RmtInf');
    const lines = elements(remittance, 'Ustrd').map((line) => line['#text'] ?? '');
    const reference = lines.length > 0 ? lines.join(' ') : text(remittance, 'Strd', 'CdtrRefInf', 'Ref');
    if (reference !== undefined && reference.length > 140) {
        throw new ItemRefusal('INVALID_ARGUMENT', `${path}/RmtInf`, `the remittance information has ${reference.length} characters; the ledger keeps at most 140`);
    }
    return reference === '' ? undefined : reference;
}

function purposeOf(tx: XmlNode, path: string): string {
    const purpose = element(tx, 'Purp');
    if (purpose === undefined) {
        return DEFAULT_PURPOSE;
    }
    const code = text(purpose, 'Cd');
    if (code === undefined || !/^[A-Z]{4}$/.test(code)) {
        throw new ItemRefusal('INVALID_ARGUMENT', `${path}/Purp`, 'the purpose must be an ISO 20022 external purpose code (Cd, four capital letters)');
    }
    return code;
}

interface Signed {
    sequence: number;
    expiresAt: string;
    hold?: boolean;
    signature: string;
}

function signatureOf(tx: XmlNode, path: string): Signed {
    const found = elements(tx, 'SplmtryData')
        .map((data, i) => ({ envelope: element(data, 'Envlp', SIGNATURE_ELEMENT), at: `${path}/SplmtryData[${i + 1}]/Envlp/${SIGNATURE_ELEMENT}` }))
        .find((candidate) => candidate.envelope !== undefined);
    if (found === undefined) {
        throw new ItemRefusal('SIGNATURE_MISSING', `${path}/SplmtryData`, `the payer's signature is missing (SplmtryData/Envlp/${SIGNATURE_ELEMENT})`);
    }
    const { envelope, at } = found;
    const sequence = text(envelope, 'Seq') ?? '';
    if (!SEQUENCE.test(sequence) || Number(sequence) > Number.MAX_SAFE_INTEGER) {
        throw new ItemRefusal('INVALID_ARGUMENT', `${at}/Seq`, 'the sequence must be a positive integer');
    }
    const expiresAt = text(envelope, 'XpryDtTm') ?? '';
    if (!ISO_INSTANT.test(expiresAt)) {
        throw new ItemRefusal('INVALID_ARGUMENT', `${at}/XpryDtTm`, 'the expiry must be a UTC instant such as 2026-11-18T11:00:00Z');
    }
    const hold = text(envelope, 'Hold');
    if (hold !== undefined && hold !== 'true' && hold !== 'false') {
        throw new ItemRefusal('INVALID_ARGUMENT', `${at}/Hold`, 'hold must be true or false');
    }
    const signature = text(envelope, 'Sig') ?? '';
    if (!SIGNATURE.test(signature)) {
        throw new ItemRefusal('INVALID_ARGUMENT', `${at}/Sig`, 'the signature must be base64 of at most 200 characters');
    }
    return { sequence: Number(sequence), expiresAt, ...(hold !== undefined ? { hold: hold === 'true' } : {}), signature };
}

/** The bytes the payer signs for an item: the sorted-key JSON of every field except the signature. */
export function signingPayload(request: Omit<PaymentRequest, 'signature'> & { signature?: string }): string {
    return Buffer.from(signingBytes(request)).toString('utf8');
}
