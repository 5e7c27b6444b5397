import { expect } from 'chai';
import type { Payment } from '@corridor/chaincode/api';
import type express from 'express';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sinon from 'sinon';
import request from 'supertest';
import { validateXML } from 'xmllint-wasm';
import { AppError } from '../../../src/errors';
import { CommitPendingError, type SubmitOptions } from '../../../src/fabric/ledger-client';
import { MAX_HISTORY_ENTRIES } from '../../../src/iso20022/ledger-records';
import type { PaymentRecord } from '../../../src/iso20022/message-parts';
import { MAX_XML_BYTES, type MessageType } from '../../../src/iso20022/xml-document';
import { openIdempotencyStore } from '../../../src/submissions/idempotency-store';
import { bearer, stubLedger, testApp, type LedgerStub } from '../../support/test-app';
import { accountView, memberRecord, paymentRecord } from '../../support/ledger-records';
import { expectedRequest, pain001, uetrFor, wallet, type ItemSpec } from './pain001-fixture';
import { NETWORK_FX_PAYMENT, networkQuote } from './fx-fixture';
import { SESSION_TOKENS } from '../customers/customer-fixtures';

const CONSORTIUM = resolve(__dirname, '..', '..', '..', '..', '..', 'network', 'consortium.json');
const members = (JSON.parse(readFileSync(CONSORTIUM, 'utf8')) as { members: object[] }).members.map(memberRecord);
const XSD = resolve(__dirname, '..', '..', '..', '..', 'src', 'iso20022', 'xsd');

const alice = wallet('alice');
const bob = wallet('bob');

function item(overrides: Partial<ItemSpec> = {}): ItemSpec {
    return { endToEndId: 'E2E-1', payee: bob.address, amount: '120.50', currency: 'EUR', sequence: 1, ...overrides };
}

const first = item();
const second = item({ endToEndId: 'E2E-2', amount: '5.00', sequence: 2 });
const twoItems = pain001([{ id: 'BLOCK-A', payer: alice, items: [first, second] }]);

function committed(paymentId: string, status: Payment['status'], txId: string): { result: string; txId: string; blockNumber: string } {
    return { result: JSON.stringify(paymentRecord({ paymentId }, { status, txId })), txId, blockNumber: '7' };
}

let keys = 0;
function newKey(): string {
    keys += 1;
    return `iso-key-${keys}-${Date.now()}`;
}

function postPain001(app: express.Express, body: string | Buffer, options: { key?: string | null; role?: 'admin' | 'auditor'; type?: string } = {}): request.Test {
    let call = request(app).post('/v1/iso20022/pain.001').set('Authorization', bearer(options.role ?? 'admin'));
    if (options.key !== null) {
        call = call.set('Idempotency-Key', options.key ?? newKey());
    }
    return call.set('Content-Type', options.type ?? 'application/xml').send(body);
}

function submittedRequests(ledger: LedgerStub): unknown[] {
    return ledger.submit.getCalls().map((call) => {
        expect(call.args[0]).to.equal('Payments:SubmitPayment');
        return JSON.parse((call.args[1] as string[])[0] as string) as unknown;
    });
}

async function officialProblems(type: MessageType, xml: string): Promise<string[]> {
    const result = await validateXML({ xml: [{ fileName: 'out.xml', contents: xml }], schema: [{ fileName: `${type}.xsd`, contents: readFileSync(resolve(XSD, `${type}.xsd`), 'utf8') }] });
    return result.errors.map((e) => e.message);
}

/** supertest leaves application/xml unparsed: collect it as text. */
function xmlText(res: request.Response): string {
    return typeof res.text === 'string' && res.text !== '' ? res.text : String(res.body);
}

/** A settled payment of alice's (bank 1, Germany) to bob (bank 2, United States). */
function payment(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
    return {
        ...paymentRecord(),
        paymentId: 'E2E-1',
        txId: 'a'.repeat(64),
        time: '2026-11-18T10:00:00.000Z',
        payer: alice.address,
        payee: bob.address,
        payerBank: 'Bank1MSP',
        payeeBank: 'Bank2MSP',
        amount: '120.50',
        currency: 'EUR',
        reference: 'Invoice 42',
        purpose: 'GDDS',
        status: 'settled',
        history: [{ status: 'settled', time: '2026-11-18T10:00:00.000Z', txId: 'a'.repeat(64) }],
        ...overrides,
    };
}

describe('ISO 20022 routes', function () {
    this.timeout(30_000);

    describe('POST /v1/iso20022/pain.001', () => {
        it('when every item is signed and the ledger accepts them, then each is submitted in order with its status and transaction', async () => {
            const ledger = stubLedger();
            ledger.submit.onFirstCall().resolves(committed('E2E-1', 'settled', 'tx-1'));
            ledger.submit.onSecondCall().resolves(committed('E2E-2', 'held', 'tx-2'));
            const { app } = await testApp(ledger);
            const res = await postPain001(app, twoItems);
            expect(res.status, res.text).to.equal(200);
            expect(submittedRequests(ledger)).to.deep.equal([expectedRequest(alice, first), expectedRequest(alice, second)]);
            expect(res.body).to.deep.include({ messageId: 'MSG-1', numberOfTransactions: 2, summary: { submitted: 2, exists: 0, pending: 0, refused: 0, failed: 0 } });
            expect(res.body.items).to.deep.equal([
                { index: 1, paymentInformationId: 'BLOCK-A', endToEndId: 'E2E-1', uetr: uetrFor('E2E-1'), element: 'PmtInf[1]/CdtTrfTxInf[1]', outcome: 'submitted', paymentId: 'E2E-1', status: 'settled', txId: 'tx-1', blockNumber: '7' },
                { index: 2, paymentInformationId: 'BLOCK-A', endToEndId: 'E2E-2', uetr: uetrFor('E2E-2'), element: 'PmtInf[1]/CdtTrfTxInf[2]', outcome: 'submitted', paymentId: 'E2E-2', status: 'held', txId: 'tx-2', blockNumber: '7' },
            ]);
            // The pain.002: one settled, one held.
            expect(res.body.statusReport).to.include({ messageType: 'pain.002.001.10', groupStatus: 'PDNG', withHeader: false });
            const report = res.body.statusReport.xml as string;
            expect(report).to.contain('<OrgnlMsgId>MSG-1</OrgnlMsgId>').and.to.contain('<GrpSts>PDNG</GrpSts>');
            expect(report).to.contain(`<OrgnlUETR>${uetrFor('E2E-1')}</OrgnlUETR>`).and.to.contain('<TxSts>ACSC</TxSts>').and.to.contain('<TxSts>PDNG</TxSts>');
        });

        it('when the ledger refuses the first item, then the second is still submitted and the refusal names the item', async () => {
            const ledger = stubLedger();
            ledger.submit.onFirstCall().rejects(new AppError('INSUFFICIENT_FUNDS', 'available 1.00 EUR is less than 120.50'));
            ledger.submit.onSecondCall().rejects(new AppError('SEQUENCE_GAP', 'sequence 2 skips ahead; next is 1'));
            ledger.submit.onThirdCall().resolves(committed('E2E-3', 'settled', 'tx-3'));
            const third = item({ endToEndId: 'E2E-3', payee: alice.address, amount: '1.00', sequence: 1 });
            const { app } = await testApp(ledger);
            const res = await postPain001(app, pain001([{ id: 'A', payer: alice, items: [first, second] }, { id: 'B', payer: bob, items: [third] }]));
            expect(res.status, res.text).to.equal(200);
            expect(ledger.submit.callCount).to.equal(3);
            expect(res.body.summary).to.deep.equal({ submitted: 1, exists: 0, pending: 0, refused: 2, failed: 0 });
            expect(res.body.items[0]).to.deep.include({ outcome: 'refused', refusedBy: 'ledger', code: 'INSUFFICIENT_FUNDS', field: 'PmtInf[1]/CdtTrfTxInf[1]' });
            expect(res.body.items[1]).to.deep.include({ outcome: 'refused', refusedBy: 'ledger', code: 'SEQUENCE_GAP' });
            expect(res.body.items[2]).to.deep.include({ outcome: 'submitted', element: 'PmtInf[2]/CdtTrfTxInf[1]', txId: 'tx-3' });
            // The pain.002: block A rejected (AM04, then NARR with the ledger's code), block B settled, the whole partly.
            expect(res.body.items.map((i: { reason?: string }) => i.reason)).to.deep.equal(['AM04', 'NARR', undefined]);
            expect(res.body.statusReport.groupStatus).to.equal('PART');
            const report = res.body.statusReport.xml as string;
            expect(report).to.match(/<OrgnlPmtInfId>A<\/OrgnlPmtInfId>\s*<OrgnlNbOfTxs>2<\/OrgnlNbOfTxs>\s*<PmtInfSts>RJCT<\/PmtInfSts>/);
            expect(report).to.match(/<OrgnlPmtInfId>B<\/OrgnlPmtInfId>\s*<OrgnlNbOfTxs>1<\/OrgnlNbOfTxs>\s*<PmtInfSts>ACSC<\/PmtInfSts>/);
            expect(report).to.contain('<Cd>AM04</Cd>').and.to.contain('<AddtlInf>SEQUENCE_GAP: PmtInf[1]/CdtTrfTxInf[2]');
        });

        it('when one item has no signature, then it is refused by the gateway, never submitted, and the others are', async () => {
            const ledger = stubLedger();
            ledger.submit.resolves(committed('E2E-2', 'settled', 'tx-2'));
            const { app } = await testApp(ledger);
            const res = await postPain001(app, pain001([{ id: 'A', payer: alice, items: [item({ splmtryData: '' }), second] }]));
            expect(res.status, res.text).to.equal(200);
            expect(submittedRequests(ledger)).to.deep.equal([expectedRequest(alice, second)]);
            expect(res.body.items[0]).to.deep.include({ outcome: 'refused', refusedBy: 'gateway', code: 'SIGNATURE_MISSING', field: 'PmtInf[1]/CdtTrfTxInf[1]/SplmtryData' });
            expect(res.body.items[1]).to.deep.include({ outcome: 'submitted' });
        });

        it('when the ledger already holds the same signed instruction, then the item exists with the payment as it stands', async () => {
            const ledger = stubLedger();
            ledger.submit.onFirstCall().rejects(new AppError('DUPLICATE_REQUEST', 'payment E2E-1 was already recorded in tx-0'));
            ledger.submit.onSecondCall().resolves(committed('E2E-2', 'settled', 'tx-2'));
            ledger.evaluate.withArgs('Payments:GetPayment', 'E2E-1').resolves(JSON.stringify(paymentRecord({ paymentId: 'E2E-1' }, { status: 'refunded', txId: 'tx-0' })));
            const { app } = await testApp(ledger);
            const res = await postPain001(app, twoItems);
            expect(res.body.items[0]).to.deep.include({ outcome: 'exists', paymentId: 'E2E-1', status: 'refunded', txId: 'tx-0' });
            expect(res.body.summary).to.deep.include({ exists: 1, submitted: 1 });
        });

        it('when an item is sent but its commit is not confirmed in time, then it is pending with its status URL and the next one goes on', async () => {
            const ledger = stubLedger();
            ledger.submit.onFirstCall().rejects(new CommitPendingError('f'.repeat(64)));
            ledger.submit.onSecondCall().resolves(committed('E2E-2', 'settled', 'tx-2'));
            const { app } = await testApp(ledger);
            const res = await postPain001(app, twoItems);
            expect(res.status).to.equal(200);
            expect(res.body.items[0]).to.deep.include({ outcome: 'pending', txId: 'f'.repeat(64), statusUrl: `/v1/submissions/${'f'.repeat(64)}` });
            expect(res.body.items[1]).to.deep.include({ outcome: 'submitted' });
        });

        it('when the ledger does not answer for an item, then that item failed, without internals, and the others go on', async () => {
            const ledger = stubLedger();
            ledger.submit.onFirstCall().rejects(new AppError('LEDGER_UNAVAILABLE', 'the ledger did not answer; try again'));
            ledger.submit.onSecondCall().resolves(committed('E2E-2', 'settled', 'tx-2'));
            const { app } = await testApp(ledger);
            const res = await postPain001(app, twoItems);
            expect(res.body.items[0]).to.deep.include({ outcome: 'failed', code: 'LEDGER_UNAVAILABLE' });
            expect(res.body.summary).to.deep.include({ failed: 1, submitted: 1 });
        });

        const refusedDocuments: [string, string | Buffer, number, string, string][] = [
            ['not well formed', twoItems.replace('</GrpHdr>', '</GrpHd>'), 400, 'XML_MALFORMED', 'GrpHdr'],
            ['a DOCTYPE (entity expansion)', `<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]><Document>&lol;</Document>`, 400, 'XML_UNSAFE', '!DOCTYPE'],
            ['an external entity', `<?xml version="1.0"?><!ENTITY xxe SYSTEM "file:///etc/passwd"><Document/>`, 400, 'XML_UNSAFE', '!ENTITY'],
            ['an element the schema does not know', twoItems.replace('<InitgPty>', '<Extra>1</Extra><InitgPty>'), 400, 'XML_SCHEMA_INVALID', 'Extra'],
            ['another message type', twoItems.replace(/pain\.001\.001\.09/g, 'pain.001.001.03'), 400, 'XML_SCHEMA_INVALID', 'Document'],
            ['a wrong transaction count', pain001([{ id: 'A', payer: alice, items: [first, second] }], { nbOfTxs: '3' }), 422, 'ISO20022_INVALID', 'GrpHdr/NbOfTxs'],
            ['bytes that are not UTF-8', Buffer.concat([Buffer.from(twoItems.slice(0, 200)), Buffer.from([0xff, 0xfe]), Buffer.from(twoItems.slice(200))]), 400, 'XML_MALFORMED', 'Document'],
            ['an empty body', '', 400, 'XML_MALFORMED', 'Document'],
        ];
        for (const [name, body, status, code, field] of refusedDocuments) {
            it(`when the document has ${name}, then ${status} ${code} naming ${field}, and nothing is submitted`, async () => {
                const { app, ledger } = await testApp();
                const res = await postPain001(app, body);
                expect(res.status, res.text).to.equal(status);
                expect(res.body).to.deep.include({ code, field });
                expect(ledger.submit.called).to.equal(false);
            });
        }

        it('when the document is exactly MAX_XML_BYTES long, then it is read; one byte more, then 413 naming the limit and nothing is submitted', async () => {
            const padded = twoItems + ' '.repeat(MAX_XML_BYTES - Buffer.byteLength(twoItems));
            const ledger = stubLedger();
            ledger.submit.resolves(committed('E2E-1', 'settled', 'tx-1'));
            const atLimit = await postPain001((await testApp(ledger)).app, padded);
            expect(atLimit.status, atLimit.text).to.equal(200);
            const { app, ledger: untouched } = await testApp();
            const res = await postPain001(app, padded + ' ');
            expect(res.status).to.equal(413);
            expect(res.body).to.deep.include({ code: 'PAYLOAD_TOO_LARGE', field: 'Document' });
            expect(res.body.detail).to.contain(String(MAX_XML_BYTES));
            expect(untouched.submit.called).to.equal(false);
        });

        it('when the body is sent as JSON or in another charset, then 400 naming Content-Type', async () => {
            const { app, ledger } = await testApp();
            const asJson = await request(app).post('/v1/iso20022/pain.001').set('Authorization', bearer('admin')).set('Idempotency-Key', newKey()).send({ xml: twoItems });
            expect(asJson.status).to.equal(400);
            expect(asJson.body).to.deep.include({ code: 'VALIDATION_FAILED', field: 'Content-Type' });
            // The document itself, labelled JSON: the content type is named, not a JSON parse error.
            for (const path of ['/v1/iso20022/pain.001', '/V1/ISO20022/pain.001/']) {
                const labelled = await request(app).post(path).set('Authorization', bearer('admin')).set('Idempotency-Key', newKey()).set('Content-Type', 'application/json').send(twoItems);
                expect(labelled.status, path).to.equal(400);
                expect(labelled.body, path).to.deep.include({ code: 'VALIDATION_FAILED', field: 'Content-Type' });
                expect(labelled.body.detail).to.not.contain('JSON');
            }
            const latin1 = await postPain001(app, twoItems, { type: 'application/xml; charset=iso-8859-1' });
            expect(latin1.status).to.equal(400);
            expect(latin1.body).to.deep.include({ code: 'VALIDATION_FAILED', field: 'Content-Type' });
            const textXml = await postPain001(app, twoItems.replace('</GrpHdr>', '</GrpHd>'), { type: 'text/xml; charset=UTF-8' });
            expect(textXml.body.code).to.equal('XML_MALFORMED');
            expect(ledger.submit.called).to.equal(false);
        });

        it('when the Idempotency-Key is missing, then 400 naming the header and nothing is submitted', async () => {
            const { app, ledger } = await testApp();
            const res = await postPain001(app, twoItems, { key: null });
            expect(res.status).to.equal(400);
            expect(res.body).to.deep.include({ code: 'VALIDATION_FAILED', field: 'Idempotency-Key' });
            expect(ledger.submit.called).to.equal(false);
        });

        it('when the same document is sent again with the same key, then the first answer is replayed and nothing is submitted again', async () => {
            const ledger = stubLedger();
            ledger.submit.onFirstCall().resolves(committed('E2E-1', 'settled', 'tx-1'));
            ledger.submit.onSecondCall().resolves(committed('E2E-2', 'settled', 'tx-2'));
            const { app } = await testApp(ledger);
            const key = newKey();
            const firstAnswer = await postPain001(app, twoItems, { key });
            const replay = await postPain001(app, twoItems, { key });
            expect(replay.status).to.equal(200);
            expect(replay.get('Idempotent-Replayed')).to.equal('true');
            expect(replay.body).to.deep.equal(firstAnswer.body);
            expect(ledger.submit.callCount).to.equal(2);
        });

        it('when another document comes with the same key, then 422 IDEMPOTENCY_KEY_REUSED: the fingerprint sees the XML, not an empty JSON body', async () => {
            const ledger = stubLedger();
            ledger.submit.resolves(committed('E2E-1', 'settled', 'tx-1'));
            const { app } = await testApp(ledger);
            const key = newKey();
            await postPain001(app, pain001([{ id: 'A', payer: alice, items: [first] }]), { key });
            const other = await postPain001(app, pain001([{ id: 'A', payer: alice, items: [item({ endToEndId: 'E2E-9', amount: '9.00' })] }]), { key });
            expect(other.status).to.equal(422);
            expect(other.body.code).to.equal('IDEMPOTENCY_KEY_REUSED');
            expect(ledger.submit.callCount).to.equal(1);
        });

        it('when a refused document is sent again with the same key, then the refusal is replayed', async () => {
            const { app } = await testApp();
            const key = newKey();
            const bad = twoItems.replace('<InitgPty>', '<Extra>1</Extra><InitgPty>');
            const firstAnswer = await postPain001(app, bad, { key });
            const replay = await postPain001(app, bad, { key });
            expect(replay.status).to.equal(400);
            expect(replay.get('Idempotent-Replayed')).to.equal('true');
            expect(replay.body.code).to.equal(firstAnswer.body.code);
        });

        it('when items are submitted, then their transactions stay out of the key record, so recovery never resends one item as the whole answer', async () => {
            const store = await openIdempotencyStore(':memory:');
            const recorded = sinon.spy(store, 'recordTransaction');
            const ledger = stubLedger();
            ledger.submit.callsFake(async (_tx: string, _args: readonly string[], options?: SubmitOptions) => {
                // What the Fabric adapter reports while it submits, to the observer it was given.
                await options?.observer?.transactionCreated('tx-item');
                await options?.observer?.transactionEndorsed('tx-item', new Uint8Array([1, 2, 3]));
                return committed('E2E-1', 'settled', 'tx-item');
            });
            const { app } = await testApp(ledger, undefined, store);
            const res = await postPain001(app, twoItems);
            expect(res.status).to.equal(200);
            expect(ledger.submit.callCount).to.equal(2);
            expect(recorded.called).to.equal(false);
            expect(await store.pendingWithTransaction()).to.deep.equal([]);
        });

        it('when an auditor or an anonymous caller sends a pain.001, then 403 or 401 and nothing is submitted', async () => {
            const { app, ledger } = await testApp();
            const auditor = await postPain001(app, twoItems, { role: 'auditor' });
            expect(auditor.status).to.equal(403);
            const anonymous = await request(app).post('/v1/iso20022/pain.001').set('Idempotency-Key', newKey()).set('Content-Type', 'application/xml').send(twoItems);
            expect(anonymous.status).to.equal(401);
            expect(ledger.submit.called).to.equal(false);
        });
    });

    describe('GET /v1/payments/:id/pacs.008 and pacs.002', () => {

        function ledgerWith(record: PaymentRecord | Error): LedgerStub {
            const ledger = stubLedger();
            const get = ledger.evaluate.withArgs('Payments:GetPayment', record instanceof Error ? 'E2E-1' : record.paymentId);
            if (record instanceof Error) get.rejects(record);
            else get.resolves(JSON.stringify(record));
            ledger.evaluate.withArgs('Members:ListMembers').resolves(JSON.stringify(members));
            return ledger;
        }

        async function get(ledger: LedgerStub, path: string, role: 'admin' | 'auditor' | 'customer' = 'admin'): Promise<request.Response> {
            return request((await testApp(ledger)).app).get(path).set('Authorization', bearer(role)).buffer(true).parse((res, done) => {
                let text = '';
                res.setEncoding('utf8');
                res.on('data', (chunk: string) => (text += chunk));
                res.on('end', () => { done(null, text); });
            });
        }

        it('when a settled payment crosses a border, then pacs.008 as application/xml with both BICs, valid against the official XSD', async () => {
            const res = await get(ledgerWith(payment()), '/v1/payments/E2E-1/pacs.008', 'auditor');
            expect(res.status).to.equal(200);
            expect(res.type).to.equal('application/xml');
            const xml = xmlText(res);
            expect(xml).to.contain('<FIToFICstmrCdtTrf>').and.contain('RHUBDEFFXXX').and.contain('HHBKUS33XXX').and.contain('<IntrBkSttlmAmt Ccy="EUR">120.50</IntrBkSttlmAmt>');
            expect(await officialProblems('pacs.008.001.08', xml)).to.deep.equal([]);
        });

        const notApplicable: [string, Partial<PaymentRecord>, string][] = [
            ['is held, not settled', { status: 'held' }, 'status'],
            ['stays in one country', { payeeBank: 'Bank1MSP' }, 'payeeBank'],
            ['goes through a bank that is not a member', { payeeBank: 'Bank9MSP' }, 'mspId'],
        ];
        for (const [name, overrides, field] of notApplicable) {
            it(`when the payment ${name}, then pacs.008 is 409 ISO20022_NOT_APPLICABLE naming ${field}`, async () => {
                const res = await get(ledgerWith(payment(overrides)), '/v1/payments/E2E-1/pacs.008');
                expect(res.status).to.equal(409);
                expect(JSON.parse(xmlText(res))).to.deep.include({ code: 'ISO20022_NOT_APPLICABLE', field });
            });
        }

        it('when header=true is asked, then the pacs.008 and pacs.002 come in an Envelope whose AppHdr agrees; header=yes is 400 naming header and the ledger is not asked', async () => {
            for (const [path, type, from, to] of [['/v1/payments/E2E-1/pacs.008', 'pacs.008.001.08', 'RHUBDEFFXXX', 'HHBKUS33XXX'], ['/v1/payments/E2E-1/pacs.002', 'pacs.002.001.10', 'HHBKUS33XXX', 'RHUBDEFFXXX']] as const) {
                const res = await get(ledgerWith(payment()), `${path}?header=true`, 'auditor');
                expect(res.status, xmlText(res)).to.equal(200);
                const xml = xmlText(res);
                expect(xml).to.match(/^<\?xml[^>]*\?>\s*<Envelope>\s*<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">/);
                const document = /<Document[\s>][\s\S]*<\/Document>/.exec(xml)?.[0] ?? '';
                expect(await officialProblems(type, document)).to.deep.equal([]);
                expect(xml).to.contain(`<MsgDefIdr>${type}</MsgDefIdr>`).and.to.contain(`<BizMsgIdr>${/<MsgId>([^<]+)<\/MsgId>/.exec(document)?.[1] ?? 'none'}</BizMsgIdr>`);
                expect(xml).to.match(new RegExp(`<Fr>\\s*<FIId>\\s*<FinInstnId>\\s*<BICFI>${from}</BICFI>[\\s\\S]*<To>\\s*<FIId>\\s*<FinInstnId>\\s*<BICFI>${to}</BICFI>`));
                const bare = await get(ledgerWith(payment()), `${path}?header=false`, 'auditor');
                expect(xmlText(bare)).to.not.contain('AppHdr');
            }
            const ledger = stubLedger();
            const res = await get(ledger, '/v1/payments/E2E-1/pacs.008?header=yes');
            expect(res.status).to.equal(400);
            expect(JSON.parse(xmlText(res))).to.deep.include({ code: 'VALIDATION_FAILED', field: 'header' });
            expect(ledger.evaluate.called).to.equal(false);
        });

        it('when the payment is unknown, then 404 NOT_FOUND from the ledger', async () => {
            const res = await get(ledgerWith(new AppError('NOT_FOUND', 'payment E2E-1 not found')), '/v1/payments/E2E-1/pacs.002');
            expect(res.status).to.equal(404);
            expect(JSON.parse(xmlText(res)).code).to.equal('NOT_FOUND');
        });

        it('when the payment id is not a ledger id, then 400 and the ledger is not asked', async () => {
            const ledger = stubLedger();
            const res = await get(ledger, '/v1/payments/bad%20id/pacs.008');
            expect(res.status).to.equal(400);
            expect(ledger.evaluate.called).to.equal(false);
        });

        it('when a payment is held for compliance, then pacs.002 says PDNG with the reason, valid against the official XSD', async () => {
            const held = payment({ status: 'held', hold: { reason: 'compliance', note: 'AML review', expiresAt: '2026-11-25T10:00:00.000Z' } });
            const res = await get(ledgerWith(held), '/v1/payments/E2E-1/pacs.002');
            expect(res.status).to.equal(200);
            const xml = xmlText(res);
            expect(xml).to.contain('<TxSts>PDNG</TxSts>').and.contain('HELD_FOR_COMPLIANCE_REVIEW');
            expect(await officialProblems('pacs.002.001.10', xml)).to.deep.equal([]);
        });

        it('when a payment was rejected, then pacs.002 says RJCT with reason RR04', async () => {
            const res = await get(ledgerWith(payment({ status: 'rejected' })), '/v1/payments/E2E-1/pacs.002');
            expect(xmlText(res)).to.contain('<TxSts>RJCT</TxSts>').and.contain('<Cd>RR04</Cd>');
        });

        it('when a customer asks for a pacs message, then 403 and the ledger is not asked', async () => {
            const ledger = stubLedger();
            for (const path of ['/v1/payments/E2E-1/pacs.008', '/v1/payments/E2E-1/pacs.002']) {
                const res = await get(ledger, path, 'customer');
                expect(res.status, path).to.equal(403);
            }
            expect(ledger.evaluate.called).to.equal(false);
        });
    });

    describe('GET /v1/accounts/:address/camt.053', () => {
        const account = alice.address;
        interface Entry { kind: string; id: string; direction: 'in' | 'out'; amount: string; time: string; status: string; currency?: string }

        function entry(e: Entry): Record<string, string> {
            return { counterparty: bob.address, currency: 'EUR', txId: `tx-${e.id}`, ...e };
        }

        /** The ledger's pages of `entries` (oldest first), `pageSize` at a time, with the balances they add up to. */
        function accountLedger(entries: Entry[], balances: { currency: string; available: string; reserved: string }[]): LedgerStub {
            const ledger = stubLedger();
            ledger.evaluate.withArgs('Accounts:GetAccount', account).resolves(JSON.stringify(accountView({ address: account, bank: 'Bank1MSP' })));
            ledger.evaluate.withArgs('Accounts:GetBalances', account).resolves(JSON.stringify(balances.map((b) => ({ ...b, pendingCredits: 0 }))));
            ledger.evaluate.withArgs('Members:ListMembers').resolves(JSON.stringify(members));
            const pages = Math.max(1, Math.ceil(entries.length / 100));
            for (let p = 0; p < pages; p++) {
                const bookmark = p === 0 ? '' : `page-${p}`;
                const next = p === pages - 1 ? '' : `page-${p + 1}`;
                ledger.evaluate.withArgs('Accounts:GetAccountHistory', account, '100', bookmark).resolves(JSON.stringify({ entries: entries.slice(p * 100, p * 100 + 100).map(entry), bookmark: next }));
            }
            return ledger;
        }

        async function get(ledger: LedgerStub, query: string, role: 'admin' | 'auditor' | 'customer' = 'auditor', target = account): Promise<request.Response> {
            return request((await testApp(ledger)).app).get(`/v1/accounts/${target}/camt.053${query}`).set('Authorization', bearer(role)).buffer(true).parse((res, done) => {
                let text = '';
                res.setEncoding('utf8');
                res.on('data', (chunk: string) => (text += chunk));
                res.on('end', () => { done(null, text); });
            });
        }

        const history: Entry[] = [
            { kind: 'top-up', id: 'Bank1MSP:TOPUP-1', direction: 'in', amount: '500.00', time: '2026-11-01T09:00:00.000Z', status: 'settled' },
            { kind: 'payment', id: 'P-1', direction: 'out', amount: '100.00', time: '2026-11-10T09:00:00.000Z', status: 'settled' },
            // Held: the money sits in reserved, still the account's; not booked.
            { kind: 'payment', id: 'P-2', direction: 'out', amount: '50.00', time: '2026-11-11T09:00:00.000Z', status: 'held' },
            // Rejected after a hold: the money came back; never booked.
            { kind: 'payment', id: 'P-3', direction: 'out', amount: '70.00', time: '2026-11-11T10:00:00.000Z', status: 'rejected' },
            { kind: 'payment', id: 'P-4', direction: 'in', amount: '20.00', time: '2026-11-12T09:00:00.000Z', status: 'partly-refunded' },
            { kind: 'refund', id: 'R-1', direction: 'out', amount: '5.00', time: '2026-11-13T09:00:00.000Z', status: 'approved' },
            { kind: 'withdrawal', id: 'Bank1MSP:WD-1', direction: 'out', amount: '15.00', time: '2026-11-20T09:00:00.000Z', status: 'settled' },
        ];
        // 500 - 100 + 20 - 5 - 15 = 400 booked: 350 available, 50 reserved for the held P-2.
        const balances = [{ currency: 'EUR', available: '350.00', reserved: '50.00' }];

        it('when the range holds some of the history, then opening, booked entries and closing add up, valid against the official XSD', async () => {
            const res = await get(accountLedger(history, balances), '?from=2026-11-10&to=2026-11-13T12:00:00Z');
            expect(res.status, xmlText(res)).to.equal(200);
            expect(res.type).to.equal('application/xml');
            const xml = xmlText(res);
            expect(xml).to.match(/<Cd>OPBD<\/Cd>[\s\S]*?<Amt Ccy="EUR">500.00<\/Amt>/);
            expect(xml).to.match(/<Cd>CLBD<\/Cd>[\s\S]*?<Amt Ccy="EUR">415.00<\/Amt>/);
            expect(xml.match(/<Ntry>/g)).to.have.length(3);
            expect(xml).to.contain('P-1').and.contain('P-4').and.contain('R-1').and.not.contain('P-2').and.not.contain('P-3');
            expect(xml).to.contain('<FrDtTm>2026-11-10T00:00:00.000Z</FrDtTm>').and.contain('<ToDtTm>2026-11-13T12:00:00.000Z</ToDtTm>');
            expect(xml).to.contain('RHUBDEFFXXX');
            expect(await officialProblems('camt.053.001.08', xml)).to.deep.equal([]);
        });

        it('when the history spans pages, then every page is read to the end, a hundred entries at a time', async () => {
            const many: Entry[] = Array.from({ length: 250 }, (_, i) => ({
                kind: 'top-up',
                id: `Bank1MSP:T-${i}`,
                direction: 'in',
                amount: '1.00',
                time: `2026-10-${String(1 + Math.floor(i / 10)).padStart(2, '0')}T00:00:${String(i % 10).padStart(2, '0')}.000Z`,
                status: 'settled',
            }));
            const ledger = accountLedger(many, [{ currency: 'EUR', available: '250.00', reserved: '0.00' }]);
            const res = await get(ledger, '?from=2026-11-01&to=2026-11-30');
            expect(res.status, xmlText(res)).to.equal(200);
            expect(xmlText(res)).to.match(/<Cd>OPBD<\/Cd>[\s\S]*?<Amt Ccy="EUR">250.00<\/Amt>/);
            const bookmarks = ledger.evaluate.getCalls().filter((c) => c.args[0] === 'Accounts:GetAccountHistory').map((c) => c.args[3] as string);
            expect(bookmarks).to.deep.equal(['', 'page-1', 'page-2']);
        });

        it(`when the history holds exactly ${MAX_HISTORY_ENTRIES} entries, then the statement is produced; one more, then 409 and no statement`, async () => {
            const make = (count: number): Entry[] =>
                Array.from({ length: count }, (_, i) => ({ kind: 'top-up', id: `Bank1MSP:T-${i}`, direction: 'in', amount: '1.00', time: '2026-01-01T00:00:00.000Z', status: 'settled' }));
            const total = (count: number): string => `${count}.00`;
            const atLimit = await get(accountLedger(make(MAX_HISTORY_ENTRIES), [{ currency: 'EUR', available: total(MAX_HISTORY_ENTRIES), reserved: '0.00' }]), '?from=2026-11-01&to=2026-11-30');
            expect(atLimit.status).to.equal(200);
            const past = await get(accountLedger(make(MAX_HISTORY_ENTRIES + 1), [{ currency: 'EUR', available: total(MAX_HISTORY_ENTRIES + 1), reserved: '0.00' }]), '?from=2026-11-01&to=2026-11-30');
            expect(past.status).to.equal(409);
            expect(JSON.parse(xmlText(past))).to.deep.include({ code: 'ISO20022_NOT_APPLICABLE', field: 'address' });
        });

        it('when the history does not add up to the balance, then 500 and no statement, the reason in the log only', async () => {
            const ledger = accountLedger(history, [{ currency: 'EUR', available: '351.00', reserved: '50.00' }]);
            const { app, logLines } = await testApp(ledger);
            const res = await request(app).get(`/v1/accounts/${account}/camt.053?from=2026-11-01&to=2026-11-30`).set('Authorization', bearer('admin'));
            expect(res.status).to.equal(500);
            expect(res.body.code).to.equal('INTERNAL');
            expect(res.text).to.not.contain('adds up');
            expect(logLines.join('')).to.contain('adds up to 400.00, its booked balance is 401.00');
        });

        it('when the balances keep changing while the statement is read, then 409 CONFLICT', async () => {
            const ledger = accountLedger(history, balances);
            let reads = 0;
            ledger.evaluate.withArgs('Accounts:GetBalances', account).callsFake(async () => JSON.stringify([{ currency: 'EUR', available: `${350 + reads++}.00`, reserved: '50.00', pendingCredits: 0 }]));
            const res = await get(ledger, '?from=2026-11-01&to=2026-11-30');
            expect(res.status).to.equal(409);
            expect(JSON.parse(xmlText(res)).code).to.equal('CONFLICT');
        });

        it('when the balances changed once while the statement was read, then it is read again and produced', async () => {
            const ledger = accountLedger(history, balances);
            const calls = ledger.evaluate.withArgs('Accounts:GetBalances', account);
            calls.onFirstCall().resolves(JSON.stringify([{ currency: 'EUR', available: '300.00', reserved: '50.00', pendingCredits: 0 }]));
            const res = await get(ledger, '?from=2026-11-01&to=2026-11-30');
            expect(res.status, xmlText(res)).to.equal(200);
        });

        it('when the account never held a currency, then 409 ISO20022_NOT_APPLICABLE', async () => {
            const res = await get(accountLedger([], []), '?from=2026-11-01&to=2026-11-30');
            expect(res.status).to.equal(409);
            expect(JSON.parse(xmlText(res)).code).to.equal('ISO20022_NOT_APPLICABLE');
        });

        it('when the account is unknown, then 404 from the ledger', async () => {
            const ledger = stubLedger();
            ledger.evaluate.withArgs('Accounts:GetAccount', account).rejects(new AppError('ACCOUNT_NOT_FOUND', 'no such account'));
            ledger.evaluate.withArgs('Members:ListMembers').resolves(JSON.stringify(members));
            const res = await get(ledger, '?from=2026-11-01&to=2026-11-30');
            expect(res.status).to.equal(404);
        });

        const badQueries: [string, string, string][] = [
            ['no from', '?to=2026-11-30', 'from'],
            ['no to', '?from=2026-11-01', 'to'],
            ['a date that does not exist', '?from=2026-02-30&to=2026-03-31', 'from'],
            ['an hour that does not exist', '?from=2026-11-01T24:00:00Z&to=2026-11-30', 'from'],
            ['a local time', '?from=2026-11-01T10:00:00&to=2026-11-30', 'from'],
            ['an end before the start', '?from=2026-11-30&to=2026-11-01', 'to'],
            ['an unknown parameter', '?from=2026-11-01&to=2026-11-30&currency=EUR', 'currency'],
            ['a repeated parameter', '?from=2026-11-01&from=2026-11-02&to=2026-11-30', 'from'],
        ];
        for (const [name, query, field] of badQueries) {
            it(`when the query has ${name}, then 400 naming ${field} and the ledger is not asked`, async () => {
                const ledger = stubLedger();
                const res = await get(ledger, query);
                expect(res.status, xmlText(res)).to.equal(400);
                expect(JSON.parse(xmlText(res))).to.deep.include({ code: 'VALIDATION_FAILED', field });
                expect(ledger.evaluate.called).to.equal(false);
            });
        }

        it('when the address is malformed, then 400 naming address', async () => {
            const ledger = stubLedger();
            const res = await get(ledger, '?from=2026-11-01&to=2026-11-30', 'auditor', 'cx1234');
            expect(res.status).to.equal(400);
            expect(ledger.evaluate.called).to.equal(false);
        });

        it('when a customer asks for a statement, then 403 and the ledger is not asked', async () => {
            const ledger = stubLedger();
            const res = await get(ledger, '?from=2026-11-01&to=2026-11-30', 'customer');
            expect(res.status).to.equal(403);
            expect(ledger.evaluate.called).to.equal(false);
        });

        it('when an intraday report is asked, then camt.052 has the opening booked balance, the booked entries, ITBD now and the held payment as PDNG; with the header, a head.001 that validates', async () => {
            const report = async (query: string, role: 'admin' | 'auditor' = 'auditor'): Promise<{ status: number; xml: string }> => {
                const res = await request((await testApp(accountLedger(history, balances))).app).get(`/v1/accounts/${account}/camt.052${query}`).set('Authorization', bearer(role)).buffer(true).parse((r, done) => {
                    let text = '';
                    r.setEncoding('utf8');
                    r.on('data', (chunk: string) => (text += chunk));
                    r.on('end', () => { done(null, text); });
                });
                return { status: res.status, xml: xmlText(res) };
            };
            const res = await report('?from=2026-11-10');
            expect(res.status, res.xml).to.equal(200);
            expect(res.xml).to.contain('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08">').and.contain('<BkToCstmrAcctRpt>');
            expect(res.xml).to.match(/<Cd>OPBD<\/Cd>[\s\S]*?<Amt Ccy="EUR">500.00<\/Amt>/);
            expect(res.xml).to.match(/<Cd>ITBD<\/Cd>[\s\S]*?<Amt Ccy="EUR">400.00<\/Amt>/);
            expect(res.xml).to.match(/<NtryRef>P-2<\/NtryRef>\s*<Amt Ccy="EUR">50.00<\/Amt>\s*<CdtDbtInd>DBIT<\/CdtDbtInd>\s*<Sts>\s*<Cd>PDNG<\/Cd>\s*<\/Sts>\s*<ValDt>/);
            expect(res.xml).to.not.contain('<NtryRef>P-3</NtryRef>');
            const wrapped = await report('?from=2026-11-10&header=true');
            const appHdr = /<AppHdr[\s>][\s\S]*<\/AppHdr>/.exec(wrapped.xml)?.[0] ?? '';
            expect(await officialProblems('head.001.001.02' as MessageType, appHdr)).to.deep.equal([]);
            expect(appHdr).to.contain('<MsgDefIdr>camt.052.001.08</MsgDefIdr>');
            expect((await report('?from=2026-13-01')).status).to.equal(400);
        });

        describe('GET /v1/accounts/:address/camt.054 (one movement of the history)', () => {
            async function notification(ledger: LedgerStub, query: string, role: 'admin' | 'auditor' | 'customer' = 'auditor'): Promise<{ status: number; xml: string }> {
                const res = await request((await testApp(ledger)).app).get(`/v1/accounts/${account}/camt.054${query}`).set('Authorization', bearer(role)).buffer(true).parse((r, done) => {
                    let text = '';
                    r.setEncoding('utf8');
                    r.on('data', (chunk: string) => (text += chunk));
                    r.on('end', () => { done(null, text); });
                });
                return { status: res.status, xml: xmlText(res) };
            }

            const cases: [string, string, 'CRDT' | 'DBIT', string, string][] = [
                ['a top-up', 'Bank1MSP:TOPUP-1', 'CRDT', 'CDPT', '500.00'],
                ['a withdrawal', 'Bank1MSP:WD-1', 'DBIT', 'CWDL', '15.00'],
                ['a refund', 'R-1', 'DBIT', 'RRTN', '5.00'],
            ];
            for (const [name, id, side, subFamily, value] of cases) {
                it(`when ${name} was booked, then its camt.054 notifies it (${side}, ${subFamily}), valid against the official XSD with and without the header`, async () => {
                    const bare = await notification(accountLedger(history, balances), `?entry=${id}`, 'admin');
                    expect(bare.status, bare.xml).to.equal(200);
                    expect(await officialProblems('camt.054.001.08', bare.xml)).to.deep.equal([]);
                    expect(bare.xml).to.contain(`<Amt Ccy="EUR">${value}</Amt>`).and.contain(`<CdtDbtInd>${side}</CdtDbtInd>`).and.contain(`<SubFmlyCd>${subFamily}</SubFmlyCd>`);
                    expect(bare.xml).to.contain('<BICFI>RHUBDEFFXXX</BICFI>');
                    const wrapped = await notification(accountLedger(history, balances), `?entry=${id}&header=true`);
                    expect(wrapped.status, wrapped.xml).to.equal(200);
                    const document = /<Document[\s>][\s\S]*<\/Document>/.exec(wrapped.xml)?.[0] ?? '';
                    expect(await officialProblems('camt.054.001.08', document)).to.deep.equal([]);
                    expect(wrapped.xml).to.contain('<MsgDefIdr>camt.054.001.08</MsgDefIdr>');
                });
            }

            it('when the movement was never booked, then 409 naming status; unknown, 404 naming entry; no entry, 400', async () => {
                const held = await notification(accountLedger(history, balances), '?entry=P-2');
                expect(held.status).to.equal(409);
                expect(JSON.parse(held.xml)).to.deep.include({ code: 'ISO20022_NOT_APPLICABLE', field: 'status' });
                const unknown = await notification(accountLedger(history, balances), '?entry=NOPE');
                expect(unknown.status).to.equal(404);
                expect(JSON.parse(unknown.xml)).to.deep.include({ field: 'entry' });
                const ledger = stubLedger();
                const missing = await notification(ledger, '');
                expect(missing.status).to.equal(400);
                expect(JSON.parse(missing.xml)).to.deep.include({ code: 'VALIDATION_FAILED', field: 'entry' });
                expect(ledger.evaluate.called).to.equal(false);
            });
        });
    });

    describe('camt.054, pacs.004 and who reads which message', () => {
        // The test app is bank 1's gateway (Bank1MSP): alice banks there, bob at bank 2, carol at bank 3.
        const carol = wallet('carol');


        const approved = {
            refundId: 'R-1', paymentId: 'E2E-1', amount: '40.00', currency: 'EUR', reason: 'duplicate', evidenceRef: 'e'.repeat(64),
            payer: alice.address, payee: bob.address, status: 'approved', requestedBy: 'Bank1MSP', requestedAt: '2026-11-19T09:00:00.000Z',
            decidedAt: '2026-11-20T09:00:00.000Z', txId: 'b'.repeat(64), transferTxId: 'c'.repeat(64),
        };

        function ledgerWith(record: PaymentRecord, refund: Record<string, unknown> = approved): LedgerStub {
            const ledger = stubLedger();
            ledger.evaluate.withArgs('Payments:GetPayment', record.paymentId).resolves(JSON.stringify(record));
            ledger.evaluate.withArgs('Payments:GetRefund', 'R-1').resolves(JSON.stringify(refund));
            ledger.evaluate.withArgs('Members:ListMembers').resolves(JSON.stringify(members));
            return ledger;
        }

        /** Bank 1's gateway; its seeded customer holds `customerAccount` when given. */
        async function get(ledger: LedgerStub, path: string, role: 'admin' | 'auditor' | 'customer' = 'admin', customerAccount?: string): Promise<{ status: number; xml: string; problem: Record<string, unknown> }> {
            const built = await testApp(ledger);
            if (customerAccount !== undefined) {
                const session = await built.customers.module.sessions.authenticate(SESSION_TOKENS.customer);
                await built.customers.module.store.insertLedgerAccount({ userId: session?.userId as string, address: customerAccount, holderRef: 'a'.repeat(64), openedAt: '2026-11-01T00:00:00Z', txId: 'f'.repeat(64) });
            }
            const res = await request(built.app).get(path).set('Authorization', bearer(role)).buffer(true).parse((r, done) => {
                let text = '';
                r.setEncoding('utf8');
                r.on('data', (chunk: string) => (text += chunk));
                r.on('end', () => { done(null, text); });
            });
            const xml = xmlText(res);
            return { status: res.status, xml, problem: res.type === 'application/problem+json' ? (JSON.parse(xml) as Record<string, unknown>) : {} };
        }

        const sideOf = (xml: string): string | undefined => /<CdtDbtInd>(DBIT|CRDT)<\/CdtDbtInd>/.exec(xml)?.[1];

        it('when bank 1 asks for the camt.054 of its customer\'s outgoing payment, then it gets the payer\'s debit, valid against the official XSD', async () => {
            const res = await get(ledgerWith(payment()), '/v1/payments/E2E-1/camt.054');
            expect(res.status, res.xml).to.equal(200);
            expect(sideOf(res.xml)).to.equal('DBIT');
            expect(await officialProblems('camt.054.001.08', res.xml)).to.deep.equal([]);
        });

        it('when bank 1\'s customer is the payee, then bank 1 gets the credit', async () => {
            const res = await get(ledgerWith(payment({ payer: bob.address, payerBank: 'Bank2MSP', payee: alice.address, payeeBank: 'Bank1MSP' })), '/v1/payments/E2E-1/camt.054');
            expect(res.status, res.xml).to.equal(200);
            expect(sideOf(res.xml)).to.equal('CRDT');
        });

        it('when the payment is between two of bank 1\'s customers, then bank 1 names the account, and gets the side it named', async () => {
            const ledger = ledgerWith(payment({ payee: carol.address, payeeBank: 'Bank1MSP' }));
            const unnamed = await get(ledger, '/v1/payments/E2E-1/camt.054');
            expect(unnamed.status).to.equal(400);
            expect(unnamed.problem).to.include({ code: 'VALIDATION_FAILED', field: 'account' });
            const named = await get(ledger, `/v1/payments/E2E-1/camt.054?account=${carol.address}`);
            expect(sideOf(named.xml)).to.equal('CRDT');
            expect(named.xml).to.contain('<SubFmlyCd>BOOK</SubFmlyCd>');
        });

        it('when the regulator asks, then it names either side; without one, 400 naming account', async () => {
            const ledger = ledgerWith(payment());
            expect((await get(ledger, '/v1/payments/E2E-1/camt.054', 'auditor')).problem).to.include({ code: 'VALIDATION_FAILED', field: 'account' });
            expect(sideOf((await get(ledger, `/v1/payments/E2E-1/camt.054?account=${alice.address}`, 'auditor')).xml)).to.equal('DBIT');
            expect(sideOf((await get(ledger, `/v1/payments/E2E-1/camt.054?account=${bob.address}`, 'auditor')).xml)).to.equal('CRDT');
        });

        it('when bank 1 asks for the other bank\'s side, or for a payment between two other banks, then 403', async () => {
            const named = await get(ledgerWith(payment()), `/v1/payments/E2E-1/camt.054?account=${bob.address}`);
            expect(named.status).to.equal(403);
            expect(named.problem.code).to.equal('FORBIDDEN');
            const foreign = ledgerWith(payment({ payer: bob.address, payerBank: 'Bank2MSP', payee: carol.address, payeeBank: 'Bank3MSP' }));
            for (const path of ['/v1/payments/E2E-1/camt.054', '/v1/payments/E2E-1/pacs.008', '/v1/payments/E2E-1/pacs.002', '/v1/refunds/R-1/pacs.004']) {
                const res = await get(foreign, path);
                expect(res.status, path).to.equal(403);
            }
        });

        it('when a customer asks, then they get their own side and nothing else', async () => {
            const ledger = ledgerWith(payment());
            const own = await get(ledger, '/v1/payments/E2E-1/camt.054', 'customer', bob.address);
            expect(own.status, own.xml).to.equal(200);
            expect(sideOf(own.xml)).to.equal('CRDT');
            const other = await get(ledger, `/v1/payments/E2E-1/camt.054?account=${alice.address}`, 'customer', bob.address);
            expect(other.status).to.equal(403);
            const stranger = await get(ledger, '/v1/payments/E2E-1/camt.054', 'customer', carol.address);
            expect(stranger.status).to.equal(403);
            const unopened = await get(ledger, '/v1/payments/E2E-1/camt.054', 'customer');
            expect(unopened.status).to.equal(404);
            for (const path of ['/v1/payments/E2E-1/pacs.008', '/v1/refunds/R-1/pacs.004']) {
                expect((await get(ledger, path, 'customer', bob.address)).status, path).to.equal(403);
            }
        });

        const badRequests: [string, string, number, string, string][] = [
            ['a malformed account', `/v1/payments/E2E-1/camt.054?account=cx1234`, 400, 'VALIDATION_FAILED', 'account'],
            ['an unknown query parameter', `/v1/payments/E2E-1/camt.054?side=debit`, 400, 'VALIDATION_FAILED', 'side'],
            ['a repeated account', `/v1/payments/E2E-1/camt.054?account=${alice.address}&account=${bob.address}`, 400, 'VALIDATION_FAILED', 'account'],
            ['a payment id that is no ledger id', '/v1/payments/bad%20id/camt.054', 400, 'VALIDATION_FAILED', 'id'],
            ['a refund id that is no ledger id', `/v1/refunds/${'r'.repeat(65)}/pacs.004`, 400, 'VALIDATION_FAILED', 'id'],
        ];
        for (const [name, path, status, code, field] of badRequests) {
            it(`when the request has ${name}, then ${status} ${code} naming ${field} and the ledger is not asked`, async () => {
                const ledger = stubLedger();
                const res = await get(ledger, path);
                expect(res.status, res.xml).to.equal(status);
                expect(res.problem).to.include({ code, field });
                expect(ledger.evaluate.called).to.equal(false);
            });
        }

        it('when the account named is neither payer nor payee, then 409 naming account', async () => {
            const res = await get(ledgerWith(payment()), `/v1/payments/E2E-1/camt.054?account=${carol.address}`, 'auditor');
            expect(res.status).to.equal(409);
            expect(res.problem).to.include({ code: 'ISO20022_NOT_APPLICABLE', field: 'account' });
        });

        it('when the payment was rejected, then its camt.054 is 409 naming status', async () => {
            const res = await get(ledgerWith(payment({ status: 'rejected' })), '/v1/payments/E2E-1/camt.054');
            expect(res.problem).to.include({ status: 409, code: 'ISO20022_NOT_APPLICABLE', field: 'status' });
        });

        it('when a refund was approved, then pacs.004 as application/xml for either bank and the regulator, valid against the official XSD', async () => {
            const ledger = ledgerWith(payment());
            for (const role of ['admin', 'auditor'] as const) {
                const res = await get(ledger, '/v1/refunds/R-1/pacs.004', role);
                expect(res.status, res.xml).to.equal(200);
                expect(res.xml).to.contain('<RtrdIntrBkSttlmAmt Ccy="EUR">40.00</RtrdIntrBkSttlmAmt>').and.to.contain('<Cd>DUPL</Cd>');
                expect(await officialProblems('pacs.004.001.09', res.xml)).to.deep.equal([]);
            }
        });

        it('when the refund is only requested, then 409 naming status; when unknown, 404 from the ledger', async () => {
            const requested = await get(ledgerWith(payment(), { ...approved, status: 'requested', decidedAt: undefined, transferTxId: undefined }), '/v1/refunds/R-1/pacs.004');
            expect(requested.problem).to.include({ status: 409, code: 'ISO20022_NOT_APPLICABLE', field: 'status' });
            const ledger = stubLedger();
            ledger.evaluate.withArgs('Payments:GetRefund', 'R-9').rejects(new AppError('NOT_FOUND', 'refund R-9 does not exist'));
            expect((await get(ledger, '/v1/refunds/R-9/pacs.004')).status).to.equal(404);
        });

        describe('a converted payment', () => {
            // Bank 2 (the payer's bank and provider) and bank 3 (the payee's) see the network record; the test app is bank 1's, so the regulator reads it.
            const quoteLedger = (quote: 'readable' | 'refused'): LedgerStub => {
                const ledger = ledgerWith(NETWORK_FX_PAYMENT);
                const read = ledger.evaluate.withArgs('Fx:GetQuote', NETWORK_FX_PAYMENT.fx?.quoteId);
                if (quote === 'readable') read.resolves(JSON.stringify(networkQuote()));
                else read.rejects(new AppError('UNAUTHORIZED', 'Bank3MSP may not read quote'));
                return ledger;
            };

            for (const quote of ['readable', 'refused'] as const) {
                it(`when its quote is ${quote} by this bank, then pacs.008 states the FX leg all the same`, async () => {
                    const res = await get(quoteLedger(quote), `/v1/payments/${NETWORK_FX_PAYMENT.paymentId}/pacs.008`, 'auditor');
                    expect(res.status, res.xml).to.equal(200);
                    expect(res.xml).to.contain('<IntrBkSttlmAmt Ccy="CNY">710.00</IntrBkSttlmAmt>').and.to.contain('<InstdAmt Ccy="USD">100.00</InstdAmt>').and.to.contain('<XchgRate>7.1</XchgRate>');
                    expect(await officialProblems('pacs.008.001.08', res.xml)).to.deep.equal([]);
                });
            }

            it('when the ledger fails to read the quote for another reason, then 503 and no message', async () => {
                const ledger = ledgerWith(NETWORK_FX_PAYMENT);
                ledger.evaluate.withArgs('Fx:GetQuote', NETWORK_FX_PAYMENT.fx?.quoteId).rejects(new AppError('LEDGER_UNAVAILABLE', 'the ledger did not answer; try again'));
                const res = await get(ledger, `/v1/payments/${NETWORK_FX_PAYMENT.paymentId}/pacs.008`, 'auditor');
                expect(res.problem.code).to.equal('LEDGER_UNAVAILABLE');
            });

            it('when the payee\'s customer asks for the camt.054, then the credit is in CNY', async () => {
                const res = await get(quoteLedger('refused'), `/v1/payments/${NETWORK_FX_PAYMENT.paymentId}/camt.054`, 'customer', NETWORK_FX_PAYMENT.payee);
                expect(res.status, res.xml).to.equal(200);
                expect(res.xml).to.match(/<Ntry>\s*<Amt Ccy="CNY">710.00<\/Amt>\s*<CdtDbtInd>CRDT/);
            });
        });

        it('when bank 1 asks for the camt.053 of an account held at bank 2, then 403 and no statement', async () => {
            const ledger = stubLedger();
            ledger.evaluate.withArgs('Accounts:GetAccount', bob.address).resolves(JSON.stringify(accountView({ address: bob.address, bank: 'Bank2MSP' })));
            ledger.evaluate.withArgs('Accounts:GetBalances', bob.address).resolves('[]');
            ledger.evaluate.withArgs('Accounts:GetAccountHistory', bob.address, '100', '').resolves(JSON.stringify({ entries: [], bookmark: '' }));
            ledger.evaluate.withArgs('Members:ListMembers').resolves(JSON.stringify(members));
            const res = await get(ledger, `/v1/accounts/${bob.address}/camt.053?from=2026-11-01&to=2026-11-30`);
            expect(res.status).to.equal(403);
            expect(res.problem.code).to.equal('FORBIDDEN');
        });
    });
});
