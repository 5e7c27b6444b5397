import { expect } from 'chai';
import { readCreditTransferInitiation, type ItemResult } from '../../../src/iso20022/pain001';
import { buildPain002, groupStatus } from '../../../src/iso20022/status-report';
import { payInitiation } from '../../../src/iso20022/initiation-service';
import { stubLedger } from '../../support/test-app';
import { paymentRecord } from '../../support/ledger-records';
import { pain001, uetrFor, wallet, type ItemSpec } from './pain001-fixture';

/**
 * CBPR+ usage rules on pain.001 items: each with a case that passes and one that breaks
 * it, refused with its ISO 20022 status reason while the other items go on.
 */
const payer = wallet('cbpr-payer');
const payee = wallet('cbpr-payee').address;

function item(overrides: Partial<ItemSpec> = {}): ItemSpec {
    return { endToEndId: 'E2E-OK', payee, amount: '10.00', currency: 'EUR', sequence: 1, ...overrides };
}

async function outcome(spec: Partial<ItemSpec>, debtor?: string): Promise<ItemResult> {
    let xml = pain001([{ id: 'B-1', payer, items: [item(spec)] }]);
    if (debtor !== undefined) {
        xml = xml.replace('<Dbtr><Nm>Payer</Nm></Dbtr>', debtor);
    }
    const read = await readCreditTransferInitiation(xml);
    return read.items[0] as ItemResult;
}

function refused(result: ItemResult): { code: string; reason: string; field: string } {
    expect(result.outcome).to.equal('refused');
    const { code, reason, field } = result as ItemResult & { code: string; reason: string; field: string };
    return { code, reason, field };
}

const structured = '<PstlAdr><StrtNm>Main Street</StrtNm><BldgNb>1</BldgNb><TwnNm>New York</TwnNm><Ctry>US</Ctry></PstlAdr>';
const hybrid = '<PstlAdr><TwnNm>New York</TwnNm><Ctry>US</Ctry><AdrLine>1 Main Street</AdrLine><AdrLine>Floor 3</AdrLine></PstlAdr>';
const unstructured = '<PstlAdr><AdrLine>1 Main Street</AdrLine><AdrLine>New York NY</AdrLine></PstlAdr>';

describe('CBPR+ usage rules on pain.001 items', function () {
    this.timeout(30_000);

    it('UETR: when an item carries a UUID v4 UETR of its own, then it is mapped; without one it is refused CH21', async () => {
        expect((await outcome({})).outcome).to.equal('mapped');
        expect(refused(await outcome({ uetr: null }))).to.deep.equal({ code: 'UETR_MISSING', reason: 'CH21', field: 'PmtInf[1]/CdtTrfTxInf[1]/PmtId/UETR' });
    });

    it('UETR: when two items of a message share one (in any case), then both are refused AM05 and the third goes on', async () => {
        const shared = uetrFor('shared');
        const xml = pain001([
            {
                id: 'B-1',
                payer,
                items: [item({ endToEndId: 'E2E-A', uetr: shared }), item({ endToEndId: 'E2E-B', uetr: shared.toUpperCase().replace(/[A-F]/g, (c) => c.toLowerCase()), sequence: 2 }), item({ endToEndId: 'E2E-C', sequence: 3 })],
            },
        ]);
        const read = await readCreditTransferInitiation(xml);
        expect(read.items.map((i) => (i.outcome === 'refused' ? i.reason : i.outcome))).to.deep.equal(['AM05', 'AM05', 'mapped']);
    });

    it('charge bearer: when absent or DEBT, then the item is mapped; SHAR, CRED or SLEV are refused CH17', async () => {
        expect((await outcome({ afterAmt: '<ChrgBr>DEBT</ChrgBr>' })).outcome).to.equal('mapped');
        for (const bearer of ['SHAR', 'CRED', 'SLEV']) {
            expect(refused(await outcome({ afterAmt: `<ChrgBr>${bearer}</ChrgBr>` }))).to.deep.equal({ code: 'CHARGE_BEARER_NOT_ALLOWED', reason: 'CH17', field: 'PmtInf[1]/CdtTrfTxInf[1]/ChrgBr' });
        }
    });

    it("creditor address: when structured or hybrid, then the item is mapped; AdrLine only is refused BE04, a hybrid of three lines too", async () => {
        expect((await outcome({ cdtr: `<Cdtr><Nm>Payee</Nm>${structured}</Cdtr>` })).outcome).to.equal('mapped');
        expect((await outcome({ cdtr: `<Cdtr><Nm>Payee</Nm>${hybrid}</Cdtr>` })).outcome).to.equal('mapped');
        expect(refused(await outcome({ cdtr: `<Cdtr><Nm>Payee</Nm>${unstructured}</Cdtr>` }))).to.deep.equal({ code: 'ADDRESS_NOT_STRUCTURED', reason: 'BE04', field: 'PmtInf[1]/CdtTrfTxInf[1]/Cdtr/PstlAdr' });
        const threeLines = hybrid.replace('</PstlAdr>', '<AdrLine>Suite 9</AdrLine></PstlAdr>');
        expect(refused(await outcome({ cdtr: `<Cdtr><Nm>Payee</Nm>${threeLines}</Cdtr>` })).reason).to.equal('BE04');
    });

    it("debtor address: when AdrLine only, then the block's item is refused BE07; a structured one passes", async () => {
        expect((await outcome({}, `<Dbtr><Nm>Payer</Nm>${structured}</Dbtr>`)).outcome).to.equal('mapped');
        expect(refused(await outcome({}, `<Dbtr><Nm>Payer</Nm>${unstructured}</Dbtr>`))).to.deep.equal({ code: 'ADDRESS_NOT_STRUCTURED', reason: 'BE07', field: 'PmtInf[1]/Dbtr/PstlAdr' });
    });

    it('country: when the address names a country ISO 3166 does not know, then the item is refused BE09', async () => {
        expect(refused(await outcome({ cdtr: `<Cdtr><Nm>Payee</Nm>${structured.replace('<Ctry>US</Ctry>', '<Ctry>XX</Ctry>')}</Cdtr>` }))).to.deep.equal({ code: 'COUNTRY_INVALID', reason: 'BE09', field: 'PmtInf[1]/CdtTrfTxInf[1]/Cdtr/PstlAdr/Ctry' });
    });

    it("creditor agent: when identified by BIC, then mapped; by name only, refused RC01", async () => {
        const xml = pain001([{ id: 'B-1', payer, items: [item()] }]).replace('<CdtrAgt><FinInstnId><BICFI>HHBKUS33XXX</BICFI></FinInstnId></CdtrAgt>', '<CdtrAgt><FinInstnId><Nm>Some bank</Nm></FinInstnId></CdtrAgt>');
        const read = await readCreditTransferInitiation(xml);
        expect(refused(read.items[0] as ItemResult)).to.deep.equal({ code: 'AGENT_BIC_MISSING', reason: 'RC01', field: 'PmtInf[1]/CdtTrfTxInf[1]/CdtrAgt' });
    });

    it('amounts and currencies: when the decimals fit the currency, then mapped; more decimals CH20, zero AM01, an unsettled currency AM03', async () => {
        expect((await outcome({ currency: 'JPY', amount: '100' })).outcome).to.equal('mapped');
        expect(refused(await outcome({ currency: 'JPY', amount: '100.5' })).reason).to.equal('CH20');
        expect(refused(await outcome({ amount: '0.00' })).reason).to.equal('AM01');
        expect(refused(await outcome({ currency: 'XAU', amount: '1.00' })).reason).to.equal('AM03');
    });

    it('end-to-end id: when it can be the payment id, then mapped; NOTPROVIDED is refused CH16', async () => {
        expect(refused(await outcome({ endToEndId: 'NOTPROVIDED' }))).to.include({ code: 'INVALID_ARGUMENT', reason: 'CH16' });
    });

    it('when a rule refuses one item of three, then the pain.002 reports it RJCT with its reason, the others as the ledger left them, and the group PART', async () => {
        const xml = pain001([{ id: 'B-1', payer, items: [item({ endToEndId: 'E2E-1' }), item({ endToEndId: 'E2E-2', uetr: null, sequence: 2 }), item({ endToEndId: 'E2E-3', sequence: 2 })] }]);
        const ledger = stubLedger();
        ledger.submit.onFirstCall().resolves({ result: JSON.stringify(paymentRecord({ paymentId: 'E2E-1' }, { status: 'settled', txId: 't1' })), txId: 't1', blockNumber: '3' });
        ledger.submit.onSecondCall().resolves({ result: JSON.stringify(paymentRecord({ paymentId: 'E2E-3' }, { status: 'settled', txId: 't3' })), txId: 't3', blockNumber: '4' });
        const report = await payInitiation(ledger, await readCreditTransferInitiation(xml));
        const status = buildPain002(report, 'RHUBDEFFXXX', { createdAt: '2026-11-18T10:00:01Z' });
        expect(status.groupStatus).to.equal('PART');
        expect(status.xml).to.match(/<OrgnlEndToEndId>E2E-2<\/OrgnlEndToEndId>\s*<TxSts>RJCT<\/TxSts>\s*<StsRsnInf>\s*<Rsn>\s*<Cd>CH21<\/Cd>/);
        expect(status.xml).to.contain('<DtldNbOfTxs>1</DtldNbOfTxs>').and.to.contain('<DtldSts>RJCT</DtldSts>');
        expect(status.xml).to.contain('<BICFI>RHUBDEFFXXX</BICFI>');
    });

    it('group status: all alike is that status; any refusal among others is PART; pending among settled is PDNG', () => {
        expect(groupStatus(['RJCT', 'RJCT'])).to.equal('RJCT');
        expect(groupStatus(['ACSC', 'ACSC'])).to.equal('ACSC');
        expect(groupStatus(['ACSC', 'RJCT'])).to.equal('PART');
        expect(groupStatus(['ACSC', 'PDNG'])).to.equal('PDNG');
    });
});
