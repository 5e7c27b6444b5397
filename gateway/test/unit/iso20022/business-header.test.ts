import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { headerFault, withHeader } from '../../../src/iso20022/business-header';
import type { PaymentRecord } from '../../../src/iso20022/message-parts';
import { readCreditTransferInitiation } from '../../../src/iso20022/pain001';
import { buildNotification, buildPacs008, buildPaymentStatus } from '../../../src/iso20022/payment-messages';
import { buildPacs004 } from '../../../src/iso20022/return-message';
import { buildStatement } from '../../../src/iso20022/statement-message';
import { elements, parseTrusted, type MessageType } from '../../../src/iso20022/xml-document';
import { pain001, wallet } from './pain001-fixture';
import { rejectionOf } from './rejection';
import { BANKS, PAYEE, PAYER, settledPayment } from './settled-payment';

/** The gateway's copies of the official schemas (byte-identical to shared/, messages.test.ts checks). */
const XSD = resolve(__dirname, '..', '..', '..', '..', 'src', 'iso20022', 'xsd');
const HEAD = 'head.001.001.02';

async function officialProblems(type: string, xml: string): Promise<string[]> {
    const result = await validateXML({ xml: [{ fileName: 'part.xml', contents: xml }], schema: [{ fileName: `${type}.xsd`, contents: readFileSync(join(XSD, `${type}.xsd`), 'utf8') }] });
    return result.errors.map((e) => e.message);
}

/** The envelope's two parts as documents of their own: each is checked against its own official XSD, not the gateway's envelope schema. */
function parts(xml: string): { header: string; document: string } {
    const header = /<AppHdr[\s>][\s\S]*<\/AppHdr>/.exec(xml)?.[0];
    const document = /<Document[\s>][\s\S]*<\/Document>/.exec(xml)?.[0];
    if (header === undefined || document === undefined) {
        throw new Error('no AppHdr and Document in the envelope');
    }
    return { header, document };
}

const banks = BANKS;
const payer = PAYER;
const payee = PAYEE;
const meta = { createdAt: '2026-11-18T10:00:05.123Z' };
const payment = (): PaymentRecord => settledPayment();

const produced: [MessageType, () => Promise<string>, string, string][] = [
    ['pacs.008.001.08', () => buildPacs008(payment(), banks, meta), 'RHUBDEFFXXX', 'HHBKUS33XXX'],
    ['pacs.002.001.10', () => buildPaymentStatus(payment(), banks, meta), 'HHBKUS33XXX', 'RHUBDEFFXXX'],
    ['camt.054.001.08', () => buildNotification(payment(), payer, banks, meta), 'RHUBDEFFXXX', 'RHUBDEFFXXX'],
    [
        'pacs.004.001.09',
        () =>
            buildPacs004(
                { refundId: 'R-1', paymentId: 'E2E-1', amount: '40.00', currency: 'EUR', reason: 'wrong-payee', status: 'approved', requestedAt: '2026-11-19T09:00:00.000Z', decidedAt: '2026-11-20T09:00:00.000Z', txId: 'b'.repeat(64), transferTxId: 'c'.repeat(64) },
                payment(),
                banks,
                meta,
            ),
        'HHBKUS33XXX',
        'RHUBDEFFXXX',
    ],
    [
        'camt.053.001.08',
        () =>
            buildStatement(
                [{ account: payer, currency: 'EUR', from: '2026-11-01T00:00:00Z', to: '2026-11-30T23:59:59Z', opening: '100.00', entries: [{ id: 'topup-1', kind: 'top-up', direction: 'in', counterparty: 'Bank1MSP', amount: '50.00', time: '2026-11-02T09:00:00Z', txId: 'c'.repeat(64) }], closing: '150.00' }],
                banks.bank('Bank1MSP'),
                meta,
            ),
        'RHUBDEFFXXX',
        'RHUBDEFFXXX',
    ],
];

const FROM = 'HHBKUS33XXX';
const TO = 'RHUBDEFFXXX';

function appHdr(fields: { from?: string; to?: string; id?: string; definition?: string; created?: string } = {}): string {
    return (
        `<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">` +
        `<Fr><FIId><FinInstnId><BICFI>${fields.from ?? FROM}</BICFI></FinInstnId></FIId></Fr>` +
        `<To><FIId><FinInstnId><BICFI>${fields.to ?? TO}</BICFI></FinInstnId></FIId></To>` +
        `<BizMsgIdr>${fields.id ?? 'MSG-1'}</BizMsgIdr><MsgDefIdr>${fields.definition ?? 'pain.001.001.09'}</MsgDefIdr>` +
        `<BizSvc>swift.cbprplus.02</BizSvc><CreDt>${fields.created ?? '2026-11-18T10:00:00+00:00'}</CreDt></AppHdr>`
    );
}

const payerWallet = wallet('header-payer');
const bare = pain001([{ id: 'B-1', payer: payerWallet, items: [{ endToEndId: 'E2E-H1', payee: payee, amount: '10.00', currency: 'EUR', sequence: 1 }] }]);
const documentPart = bare.replace(/^<\?xml[^>]*\?>\s*/, '');

function enveloped(root: string, header = appHdr(), document = documentPart): string {
    const [open, close] = root.split('|') as [string, string];
    return `<?xml version="1.0" encoding="UTF-8"?>\n${open}${header}${document}${close}`;
}

describe('business application header (head.001.001.02)', function () {
    this.timeout(60_000);

    describe('messages Corridor produces', () => {
        for (const [type, build, from, to] of produced) {
            it(`when a ${type} is asked for without and with its header, then both validate against the official XSDs and the header agrees with the document`, async () => {
                const documentXml = await build();
                expect(await officialProblems(type, documentXml)).to.deep.equal([]);
                const wrapped = await withHeader(type, documentXml);
                const { header, document } = parts(wrapped);
                expect(await officialProblems(HEAD, header)).to.deep.equal([]);
                expect(await officialProblems(type, document)).to.deep.equal([]);
                const envelope = elements(parseTrusted(wrapped), 'Envelope')[0];
                const [hdr] = elements(envelope, 'AppHdr');
                const [doc] = elements(envelope, 'Document');
                expect(headerFault(type, hdr ?? {}, doc ?? {})).to.equal(undefined);
                expect(header).to.contain(`<MsgDefIdr>${type}</MsgDefIdr>`).and.to.contain('<CreDt>2026-11-18T10:00:05.123Z</CreDt>');
                expect(/<Fr>[\s\S]*?<BICFI>([A-Z0-9]+)<\/BICFI>/.exec(header)?.[1]).to.equal(from);
                expect(/<To>[\s\S]*?<BICFI>([A-Z0-9]+)<\/BICFI>/.exec(header)?.[1]).to.equal(to);
                const messageId = /<MsgId>([^<]+)<\/MsgId>/.exec(documentXml)?.[1];
                expect(header).to.contain(`<BizMsgIdr>${messageId}</BizMsgIdr>`);
            });
        }

        it('when a statement names no servicing bank, then there is no sender to state and the header is refused, not invented', async () => {
            const documentXml = await buildStatement([{ account: payer, currency: 'EUR', from: '2026-11-01T00:00:00Z', to: '2026-11-30T23:59:59Z', opening: '0.00', entries: [], closing: '0.00' }], undefined, meta);
            expect(await rejectionOf(withHeader('camt.053.001.08', documentXml))).to.include({ code: 'ISO20022_NOT_APPLICABLE', field: 'header' });
        });
    });

    describe('pain.001 with a header', () => {
        const receiver = (): Promise<string> => Promise.resolve(TO);
        const forms: [string, string][] = [
            ['an Envelope without a namespace', '<Envelope>|</Envelope>'],
            ['a prefixed SWIFT-style Envelope', '<env:Envelope xmlns:env="urn:swift:xsd:envelope">|</env:Envelope>'],
            ['an ISO 20022 BizMsgEnvlp', '<BizMsgEnvlp xmlns="urn:iso:std:iso:20022:tech:xsd:nvlp.001.001.01">|</BizMsgEnvlp>'],
            ['a SWIFTNet RequestPayload', '<RequestPayload>|</RequestPayload>'],
        ];
        for (const [name, root] of forms) {
            it(`when it comes in ${name}, then it maps exactly as the bare Document does`, async () => {
                const read = await readCreditTransferInitiation(enveloped(root), receiver);
                const plain = await readCreditTransferInitiation(bare);
                expect(read.withHeader).to.equal(true);
                expect(plain.withHeader).to.equal(false);
                expect(read.items).to.deep.equal(plain.items);
            });
        }

        const disagreements: [string, string, string][] = [
            ['names another message definition', appHdr({ definition: 'pacs.008.001.08' }), 'AppHdr/MsgDefIdr'],
            ['has a business message id other than MsgId', appHdr({ id: 'MSG-2' }), 'AppHdr/BizMsgIdr'],
            ['was created at another time', appHdr({ created: '2026-11-18T10:00:01Z' }), 'AppHdr/CreDt'],
            ['is addressed to another bank', appHdr({ to: 'PRCBCNGZXXX' }), 'AppHdr/To'],
        ];
        for (const [name, header, field] of disagreements) {
            it(`when the header ${name}, then the message is refused naming ${field}`, async () => {
                expect(await rejectionOf(readCreditTransferInitiation(enveloped('<Envelope>|</Envelope>', header), receiver))).to.include({ code: 'ISO20022_INVALID', field });
            });
        }

        it('when CreDt states the same instant in another zone, then it agrees', async () => {
            const read = await readCreditTransferInitiation(enveloped('<Envelope>|</Envelope>', appHdr({ created: '2026-11-18T12:00:00+02:00' })), receiver);
            expect(read.items).to.have.length(1);
        });

        it("when the debtor agent is not the bank the header addresses, then it is refused naming To", async () => {
            const otherAgent = documentPart.replace('<DbtrAgt><FinInstnId><BICFI>RHUBDEFFXXX</BICFI>', '<DbtrAgt><FinInstnId><BICFI>PRCBCNGZXXX</BICFI>');
            expect(await rejectionOf(readCreditTransferInitiation(enveloped('<Envelope>|</Envelope>', appHdr(), otherAgent), receiver))).to.include({ code: 'ISO20022_INVALID', field: 'AppHdr/To' });
        });

        it('when a forwarding agent is named, then the header must come from it', async () => {
            const forwarded = documentPart.replace('<InitgPty>', '<InitgPty>').replace('</InitgPty>', '</InitgPty><FwdgAgt><FinInstnId><BICFI>PRCBCNGZXXX</BICFI></FinInstnId></FwdgAgt>');
            expect(await rejectionOf(readCreditTransferInitiation(enveloped('<Envelope>|</Envelope>', appHdr(), forwarded), receiver))).to.include({ code: 'ISO20022_INVALID', field: 'AppHdr/Fr' });
            const read = await readCreditTransferInitiation(enveloped('<Envelope>|</Envelope>', appHdr({ from: 'PRCBCNGZXXX' }), forwarded), receiver);
            expect(read.items).to.have.length(1);
        });

        it('when the header is not schema-valid, or the envelope holds no header, then XML_SCHEMA_INVALID names the element', async () => {
            const noFrom = appHdr().replace(/<Fr>.*?<\/Fr>/, '');
            expect(await rejectionOf(readCreditTransferInitiation(enveloped('<Envelope>|</Envelope>', noFrom), receiver))).to.include({ code: 'XML_SCHEMA_INVALID', field: 'To' });
            expect(await rejectionOf(readCreditTransferInitiation(enveloped('<Envelope>|</Envelope>', ''), receiver))).to.include({ code: 'XML_SCHEMA_INVALID', field: 'Document' });
        });

        it('when the root is neither Document nor a known envelope, then it is refused naming the root', async () => {
            expect(await rejectionOf(readCreditTransferInitiation(enveloped('<Wrapper>|</Wrapper>'), receiver))).to.include({ code: 'XML_SCHEMA_INVALID', field: 'Wrapper' });
        });

        it("when the envelope's namespace could break out of the schema made for it, then it is refused before any schema is made", async () => {
            expect(await rejectionOf(readCreditTransferInitiation(enveloped(`<Envelope xmlns='urn:x"y'>|</Envelope>`), receiver))).to.include({ code: 'XML_SCHEMA_INVALID', field: 'Envelope' });
        });

        it('when a BIC in the header is malformed, then ISO20022_INVALID names it', async () => {
            expect(await rejectionOf(readCreditTransferInitiation(enveloped('<Envelope>|</Envelope>', appHdr({ from: 'HHBKXX33XXX' })), receiver))).to.include({ code: 'ISO20022_INVALID', field: 'AppHdr/Fr/FIId/FinInstnId/BICFI' });
        });
    });
});
