import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { paymentRecord, memberRecord } from '@corridor/gateway/dist/test/support/ledger-records.js';
import { pain001, wallet } from '@corridor/gateway/dist/test/unit/iso20022/pain001-fixture.js';
import { CorridorError, listAt, parseIsoMessage, textAt } from '../src/index.js';
import { startGateway, type TestGateway } from './support/gateway.js';

const require = createRequire(import.meta.url);
const members = (JSON.parse(readFileSync(join(dirname(require.resolve('@corridor/gateway/package.json')), '..', 'network', 'consortium.json'), 'utf8')) as { members: object[] }).members.map(memberRecord);
const alice = wallet('alice');
const bob = wallet('bob');

describe('ISO 20022 through the client', () => {
    let gateway: TestGateway;
    beforeEach(async () => {
        gateway = await startGateway();
        gateway.ledger.evaluate.withArgs('Members:ListMembers').resolves(JSON.stringify(members));
    });
    afterEach(async () => {
        await gateway.close();
    });

    it('when a cross-border payment is settled, then its pacs.008 is fetched and parsed with amounts kept as text', async () => {
        const payment = { ...paymentRecord(), paymentId: 'E2E-1', txId: 'a'.repeat(64), payer: alice.address, payee: bob.address, payerBank: 'Bank1MSP', payeeBank: 'Bank2MSP', amount: '120.50', currency: 'EUR', reference: 'Invoice 42', status: 'settled' as const, history: [{ status: 'settled' as const, time: '2026-11-18T10:00:00.000Z', txId: 'a'.repeat(64) }] };
        gateway.ledger.evaluate.withArgs('Payments:GetPayment', 'E2E-1').resolves(JSON.stringify(payment));
        const message = await gateway.client().iso20022.parsed((iso) => iso.pacs008('E2E-1'));
        expect(message).to.include({ type: 'pacs.008', definition: 'pacs.008.001.08', root: 'FIToFICstmrCdtTrf' });
        const [transfer] = listAt(message.body, 'CdtTrfTxInf');
        expect(textAt(transfer, 'IntrBkSttlmAmt')).to.equal('120.50');
        expect(textAt(transfer, 'IntrBkSttlmAmt', '@Ccy')).to.equal('EUR');
        expect(textAt(transfer, 'PmtId', 'EndToEndId')).to.equal('E2E-1');
    });

    it('when a pain.001 is submitted as XML, then it reaches the ledger once per transfer and the result comes back', async () => {
        gateway.ledger.submit.resolves({ result: JSON.stringify(paymentRecord({ paymentId: 'E2E-1' })), txId: 'c'.repeat(64), blockNumber: '7' });
        const xml = pain001([{ id: 'BLOCK-A', payer: alice, items: [{ endToEndId: 'E2E-1', payee: bob.address, amount: '120.50', currency: 'EUR', sequence: 1 }] }]);
        const result = await gateway.client().iso20022.submitPain001(xml);
        expect(result).to.be.an('object');
        expect(gateway.ledger.submit.callCount).to.equal(1);
        expect(gateway.requests[0]?.key).to.be.a('string');
    });

    it('when a message comes in an envelope with its business application header, then both parts are found', () => {
        const xml = '<?xml version="1.0"?><Envelope><AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02"><MsgDefIdr>pacs.002.001.10</MsgDefIdr></AppHdr>' +
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10"><FIToFIPmtStsRpt><GrpHdr><MsgId>M-1</MsgId></GrpHdr></FIToFIPmtStsRpt></Document></Envelope>';
        const message = parseIsoMessage(xml);
        expect(message).to.include({ type: 'pacs.002', definition: 'pacs.002.001.10', root: 'FIToFIPmtStsRpt' });
        expect(textAt(message.header, 'MsgDefIdr')).to.equal('pacs.002.001.10');
        expect(textAt(message.body, 'GrpHdr', 'MsgId')).to.equal('M-1');
    });

    it('when the XML is malformed, carries a DTD or is not ISO 20022, then RESPONSE_INVALID', () => {
        for (const xml of ['<Document><A></B></Document>', '<!DOCTYPE x [<!ENTITY a "aaaa">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><X>&a;</X></Document>', '<Other/>']) {
            expect(() => parseIsoMessage(xml), xml).to.throw(CorridorError).with.property('code', 'RESPONSE_INVALID');
        }
    });
});
