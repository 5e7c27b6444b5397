import { createHash } from 'node:crypto';
import { TestWallet } from '../../support/wallet';
import { accountIdOf, CORRIDOR_SCHEME } from '../../../src/iso20022/identifiers';
import { signingPayload, type PaymentRequest } from '../../../src/iso20022/pain001';

/** Builds pain.001.001.09 documents the way a bank's back office would, signed by test wallets. */

export function addressOf(wallet: TestWallet): string {
    const der = Buffer.from(wallet.publicKeyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const body = createHash('sha256').update(der).digest('hex').slice(0, 40);
    return 'cx' + body + createHash('sha256').update('corridor-address-v1:' + body).digest('hex').slice(0, 8);
}

export function wallet(name: string): TestWallet {
    const w = new TestWallet(name);
    w.address = addressOf(w);
    return w;
}

export interface ItemSpec {
    endToEndId: string;
    payee: string;
    amount: string;
    currency: string;
    reference?: string;
    purpose?: string;
    sequence: number;
    expiresAt?: string;
    hold?: boolean;
    /** Raw XML replacing the whole SplmtryData; '' for none. */
    splmtryData?: string;
    /** Raw XML replacing Amt. */
    amt?: string;
    /** Raw XML replacing CdtrAcct. */
    cdtrAcct?: string;
    /** Raw XML replacing RmtInf. */
    rmtInf?: string;
    /** The UETR; by default one derived from the end-to-end id, null for none. */
    uetr?: string | null;
    /** Raw XML replacing Cdtr. */
    cdtr?: string;
    /** Raw XML put after Amt (e.g. a ChrgBr). */
    afterAmt?: string;
}

/** A UUID v4 that is the same for the same end-to-end id. */
export function uetrFor(endToEndId: string): string {
    const hex = createHash('sha256').update(`uetr:${endToEndId}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface BlockSpec {
    id: string;
    payer: TestWallet;
    items: ItemSpec[];
    debtorAccount?: string;
    nbOfTxs?: string;
    ctrlSum?: string;
}

export const EXPIRES = '2030-01-01T00:00:00Z';

export function corridorAccount(address: string): string {
    return `<Id><Othr><Id>${accountIdOf(address)}</Id><SchmeNm><Prtry>${CORRIDOR_SCHEME}</Prtry></SchmeNm></Othr></Id>`;
}

/** The request the gateway should map an item to; signing it gives the envelope's signature. */
export function expectedRequest(payer: TestWallet, item: ItemSpec): PaymentRequest {
    const unsigned = {
        paymentId: item.endToEndId,
        payer: payer.address,
        payee: item.payee,
        amount: item.amount,
        currency: item.currency,
        ...(item.reference !== undefined ? { reference: item.reference } : {}),
        purpose: item.purpose ?? 'OTHR',
        sequence: item.sequence,
        expiresAt: item.expiresAt ?? EXPIRES,
        ...(item.hold !== undefined ? { hold: item.hold } : {}),
    };
    const signature = payer.signBytes(JSON.parse(signingPayload(unsigned)) as Record<string, unknown>);
    return { ...unsigned, signature };
}

function escape(value: string): string {
    return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function itemXml(payer: TestWallet, item: ItemSpec): string {
    const request = expectedRequest(payer, item);
    const signature =
        item.splmtryData ??
        `<SplmtryData><PlcAndNm>CorridorSignature</PlcAndNm><Envlp><CorridorSignature xmlns="urn:corridor:iso20022:signature:1">` +
            `<Seq>${item.sequence}</Seq><XpryDtTm>${request.expiresAt}</XpryDtTm>${item.hold !== undefined ? `<Hold>${item.hold}</Hold>` : ''}` +
            `<Sig>${request.signature}</Sig></CorridorSignature></Envlp></SplmtryData>`;
    return (
        `<CdtTrfTxInf><PmtId><EndToEndId>${escape(item.endToEndId)}</EndToEndId>` +
        (item.uetr === null ? '' : `<UETR>${item.uetr ?? uetrFor(item.endToEndId)}</UETR>`) +
        `</PmtId>` +
        (item.amt ?? `<Amt><InstdAmt Ccy="${item.currency}">${item.amount}</InstdAmt></Amt>`) +
        (item.afterAmt ?? '') +
        `<CdtrAgt><FinInstnId><BICFI>HHBKUS33XXX</BICFI></FinInstnId></CdtrAgt>` +
        (item.cdtr ?? `<Cdtr><Nm>Payee</Nm></Cdtr>`) +
        (item.cdtrAcct ?? `<CdtrAcct>${corridorAccount(item.payee)}</CdtrAcct>`) +
        (item.purpose !== undefined ? `<Purp><Cd>${item.purpose}</Cd></Purp>` : '') +
        (item.rmtInf ?? (item.reference !== undefined ? `<RmtInf><Ustrd>${escape(item.reference)}</Ustrd></RmtInf>` : '')) +
        signature +
        `</CdtTrfTxInf>`
    );
}

function sum(items: ItemSpec[]): string {
    // Test amounts have at most two decimals: add in cents, as integers.
    const cents = items.reduce((total, item) => {
        const [whole = '0', fraction = ''] = item.amount.split('.');
        return total + BigInt(whole + fraction.padEnd(2, '0').slice(0, 2));
    }, 0n);
    return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

export function pain001(blocks: BlockSpec[], options: { msgId?: string; nbOfTxs?: string; ctrlSum?: string | null } = {}): string {
    const all = blocks.flatMap((block) => block.items);
    const ctrlSum = options.ctrlSum === null ? '' : `<CtrlSum>${options.ctrlSum ?? sum(all)}</CtrlSum>`;
    return (
        `<?xml version="1.0" encoding="UTF-8"?>\n` +
        `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn>` +
        `<GrpHdr><MsgId>${options.msgId ?? 'MSG-1'}</MsgId><CreDtTm>2026-11-18T10:00:00Z</CreDtTm>` +
        `<NbOfTxs>${options.nbOfTxs ?? all.length}</NbOfTxs>${ctrlSum}<InitgPty><Nm>Back office</Nm></InitgPty></GrpHdr>` +
        blocks
            .map(
                (block) =>
                    `<PmtInf><PmtInfId>${block.id}</PmtInfId><PmtMtd>TRF</PmtMtd>` +
                    (block.nbOfTxs !== undefined ? `<NbOfTxs>${block.nbOfTxs}</NbOfTxs>` : '') +
                    (block.ctrlSum !== undefined ? `<CtrlSum>${block.ctrlSum}</CtrlSum>` : '') +
                    `<ReqdExctnDt><Dt>2026-11-18</Dt></ReqdExctnDt><Dbtr><Nm>Payer</Nm></Dbtr>` +
                    `<DbtrAcct>${block.debtorAccount ?? corridorAccount(block.payer.address)}</DbtrAcct>` +
                    `<DbtrAgt><FinInstnId><BICFI>RHUBDEFFXXX</BICFI></FinInstnId></DbtrAgt>` +
                    block.items.map((item) => itemXml(block.payer, item)).join('') +
                    `</PmtInf>`,
            )
            .join('') +
        `</CstmrCdtTrfInitn></Document>\n`
    );
}
