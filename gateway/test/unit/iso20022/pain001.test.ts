import { expect } from 'chai';
import { AppError } from '../../../src/errors';
import { MAX_XML_BYTES } from '../../../src/iso20022/xml-document';
import { MAX_TRANSACTIONS, readCreditTransferInitiation, type CreditTransferInitiation, type ItemResult } from '../../../src/iso20022/pain001';
import { corridorAccount, expectedRequest, pain001, wallet, type ItemSpec } from './pain001-fixture';

const alice = wallet('alice');
const bob = wallet('bob');
const carol = wallet('carol');

function item(overrides: Partial<ItemSpec> = {}): ItemSpec {
    return { endToEndId: 'E2E-1', payee: bob.address, amount: '120.50', currency: 'EUR', sequence: 1, ...overrides };
}

async function refusal(xml: string | Buffer): Promise<AppError> {
    try {
        await readCreditTransferInitiation(xml);
    } catch (err) {
        expect(err).to.be.instanceOf(AppError);
        return err as AppError;
    }
    throw new Error('the message was accepted');
}

function refused(result: CreditTransferInitiation, index = 0): Extract<ItemResult, { outcome: 'refused' }> {
    const found = result.items[index];
    expect(found?.outcome, JSON.stringify(found)).to.equal('refused');
    return found as Extract<ItemResult, { outcome: 'refused' }>;
}

describe('pain.001.001.09 to payment requests', function () {
    this.timeout(20_000);

    it('when a message holds two blocks of signed transactions, then each maps to the signed request its payer signed', async () => {
        const first = item({ endToEndId: 'E2E-1', reference: 'Invoice 42 & co', purpose: 'GDDS' });
        // The payer signs the ledger's spelling ("5.00") whatever spelling the XML uses.
        const second = item({ endToEndId: 'E2E-2', amount: '5.00', amt: '<Amt><InstdAmt Ccy="EUR">5</InstdAmt></Amt>', sequence: 2, hold: true });
        const third = item({ endToEndId: 'E2E-3', payee: alice.address, amount: '1000', currency: 'JPY', sequence: 7 });
        const xml = pain001([
            { id: 'BLOCK-A', payer: alice, items: [first, second] },
            { id: 'BLOCK-B', payer: carol, items: [third] },
        ]);
        const result = await readCreditTransferInitiation(xml);
        expect(result.messageId).to.equal('MSG-1');
        expect(result.numberOfTransactions).to.equal(3);
        expect(result.items.map((i) => i.outcome)).to.deep.equal(['mapped', 'mapped', 'mapped']);
        expect(result.items.map((i) => [i.index, i.paymentInformationId, i.endToEndId, i.element])).to.deep.equal([
            [1, 'BLOCK-A', 'E2E-1', 'PmtInf[1]/CdtTrfTxInf[1]'],
            [2, 'BLOCK-A', 'E2E-2', 'PmtInf[1]/CdtTrfTxInf[2]'],
            [3, 'BLOCK-B', 'E2E-3', 'PmtInf[2]/CdtTrfTxInf[1]'],
        ]);
        const requests = result.items.map((i) => (i.outcome === 'mapped' ? i.request : undefined));
        expect(requests[0]).to.deep.equal(expectedRequest(alice, first));
        expect(requests[0]?.reference).to.equal('Invoice 42 & co');
        expect(requests[1]).to.deep.equal(expectedRequest(alice, second));
        expect(requests[1]?.amount, 'the ledger spelling with the currency decimals').to.equal('5.00');
        expect(requests[2]).to.deep.equal(expectedRequest(carol, third));
    });

    it('when the amount is written as xs:decimal allows (+, leading dot), then it is read exactly', async () => {
        const result = await readCreditTransferInitiation(pain001([{ id: 'B', payer: alice, items: [item({ amount: '+0.5', amt: '<Amt><InstdAmt Ccy="EUR">+.5</InstdAmt></Amt>' })] }], { ctrlSum: '0.5' }));
        expect(result.items[0]?.outcome === 'mapped' && result.items[0].request.amount).to.equal('0.50');
    });

    describe('item refusals: the other items are still mapped', () => {
        const cases: [string, Partial<ItemSpec>, string, string][] = [
            ['more decimals than ISO 4217 allows', { amount: '10.001' }, 'AMOUNT_TOO_PRECISE', 'Amt/InstdAmt'],
            ['decimals on a zero-exponent currency', { amount: '10.5', currency: 'JPY' }, 'AMOUNT_TOO_PRECISE', 'Amt/InstdAmt'],
            ['trailing zero decimals past the exponent', { amount: '10.500' }, 'AMOUNT_TOO_PRECISE', 'Amt/InstdAmt'],
            ['a zero amount', { amount: '0.00' }, 'AMOUNT_NOT_POSITIVE', 'Amt/InstdAmt'],
            ['a currency the consortium does not settle', { currency: 'XAU', amount: '1.00' }, 'UNSUPPORTED_CURRENCY', 'Amt/InstdAmt'],
            ['an equivalent amount', { amt: '<Amt><EqvtAmt><Amt Ccy="EUR">1.00</Amt><CcyOfTrf>USD</CcyOfTrf></EqvtAmt></Amt>', amount: '1.00' }, 'INVALID_ARGUMENT', 'Amt/EqvtAmt'],
            ['an IBAN creditor account', { cdtrAcct: '<CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct>' }, 'INVALID_ADDRESS', 'CdtrAcct/Id'],
            ['a creditor account in another scheme', { cdtrAcct: `<CdtrAcct>${corridorAccount(bob.address).replace('CORRIDOR', 'OTHER')}</CdtrAcct>` }, 'INVALID_ADDRESS', 'CdtrAcct/Id/Othr/SchmeNm'],
            ['a mistyped creditor account id', { cdtrAcct: `<CdtrAcct>${corridorAccount(bob.address).replace(/<Othr><Id>(.)/, (_m, c: string) => `<Othr><Id>${c === '2' ? '3' : '2'}`)}</CdtrAcct>` }, 'INVALID_ADDRESS', 'CdtrAcct/Id/Othr/Id'],
            ['no creditor account', { cdtrAcct: '' }, 'INVALID_ADDRESS', 'CdtrAcct'],
            ['a payment to oneself', { payee: alice.address }, 'SAME_ACCOUNT', 'CdtrAcct'],
            ['an end-to-end id the ledger cannot use', { endToEndId: 'E2E 1/x' }, 'INVALID_ARGUMENT', 'PmtId/EndToEndId'],
            ['NOTPROVIDED as end-to-end id', { endToEndId: 'NOTPROVIDED' }, 'INVALID_ARGUMENT', 'PmtId/EndToEndId'],
            ['no signature envelope', { splmtryData: '' }, 'SIGNATURE_MISSING', 'SplmtryData'],
            ['a signature without sequence', { splmtryData: '<SplmtryData><Envlp><CorridorSignature><XpryDtTm>2030-01-01T00:00:00Z</XpryDtTm><Sig>' + 'A'.repeat(88) + '</Sig></CorridorSignature></Envlp></SplmtryData>' }, 'INVALID_ARGUMENT', 'CorridorSignature/Seq'],
            ['an expiry with an offset', { splmtryData: '<SplmtryData><Envlp><CorridorSignature><Seq>1</Seq><XpryDtTm>2030-01-01T00:00:00+01:00</XpryDtTm><Sig>' + 'A'.repeat(88) + '</Sig></CorridorSignature></Envlp></SplmtryData>' }, 'INVALID_ARGUMENT', 'CorridorSignature/XpryDtTm'],
            ['a signature that is not base64', { splmtryData: '<SplmtryData><Envlp><CorridorSignature><Seq>1</Seq><XpryDtTm>2030-01-01T00:00:00Z</XpryDtTm><Sig>not base64!</Sig></CorridorSignature></Envlp></SplmtryData>' }, 'INVALID_ARGUMENT', 'CorridorSignature/Sig'],
            ['a purpose of the wrong shape', { purpose: 'gdds' }, 'INVALID_ARGUMENT', 'Purp'],
            ['remittance lines joined to over 140 characters', { rmtInf: `<RmtInf><Ustrd>${'r'.repeat(70)}</Ustrd><Ustrd>${'s'.repeat(70)}</Ustrd></RmtInf>` }, 'INVALID_ARGUMENT', 'RmtInf'],
        ];
        for (const [name, overrides, code, field] of cases) {
            it(`when an item has ${name}, then it is refused with ${code} naming ${field}`, async () => {
                const bad = item({ endToEndId: 'BAD-1', ...overrides });
                const good = item({ endToEndId: 'GOOD-1', sequence: 2 });
                const result = await readCreditTransferInitiation(pain001([{ id: 'B', payer: alice, items: [bad, good] }], { ctrlSum: null }));
                const outcome = refused(result, 0);
                expect(outcome.code).to.equal(code);
                expect(outcome.field).to.contain(field);
                expect(outcome.field.startsWith('PmtInf[1]/CdtTrfTxInf[1]')).to.equal(true);
                expect(result.items[1]?.outcome).to.equal('mapped');
            });
        }

        it('when the amount is exactly the ledger maximum, then it maps; twice that is refused with AMOUNT_TOO_LARGE', async () => {
            const result = await readCreditTransferInitiation(pain001([{ id: 'B', payer: alice, items: [item({ amount: '10000000000000000.00' })] }], { ctrlSum: null }));
            expect(result.items[0]?.outcome === 'mapped' && result.items[0].request.amount).to.equal('10000000000000000.00');
            const over = await readCreditTransferInitiation(pain001([{ id: 'B', payer: alice, items: [item({ amount: '20000000000000000' })] }], { ctrlSum: null }));
            expect(refused(over).code).to.equal('AMOUNT_TOO_LARGE');
        });

        it('when remittance information is exactly 140 characters, then it is kept whole', async () => {
            const result = await readCreditTransferInitiation(pain001([{ id: 'B', payer: alice, items: [item({ reference: 'r'.repeat(140) })] }]));
            expect(result.items[0]?.outcome === 'mapped' && result.items[0].request.reference).to.equal('r'.repeat(140));
        });

        it('when the debtor account is an IBAN, then every item of its block is refused naming DbtrAcct', async () => {
            const xml = pain001([{ id: 'B', payer: alice, debtorAccount: '<Id><IBAN>DE89370400440532013000</IBAN></Id>', items: [item(), item({ endToEndId: 'E2E-2' })] }]);
            const result = await readCreditTransferInitiation(xml);
            expect(result.items.map((i) => (i.outcome === 'refused' ? `${i.code} ${i.field}` : i.outcome))).to.deep.equal([
                'INVALID_ADDRESS PmtInf[1]/DbtrAcct/Id',
                'INVALID_ADDRESS PmtInf[1]/DbtrAcct/Id',
            ]);
        });
    });

    describe('message refusals: nothing is mapped, the element is named', () => {
        it('when the document is not well-formed, then XML_MALFORMED', async () => {
            const err = await refusal(pain001([{ id: 'B', payer: alice, items: [item()] }]).replace('</GrpHdr>', '</GrpHdrX>'));
            expect(err.code).to.equal('XML_MALFORMED');
            expect(err.detail).to.match(/GrpHdr/);
        });

        it('when an element breaks the schema, then XML_SCHEMA_INVALID names it', async () => {
            const err = await refusal(pain001([{ id: 'B', payer: alice, items: [item()] }]).replace('<PmtMtd>TRF</PmtMtd>', '<PmtMtd>WIRE</PmtMtd>'));
            expect(err.code).to.equal('XML_SCHEMA_INVALID');
            expect(err.field).to.equal('PmtMtd');
            expect(err.detail).to.match(/^PmtMtd \(line \d+\)/);
        });

        it('when a required element is missing, then the parent is named', async () => {
            const err = await refusal(pain001([{ id: 'B', payer: alice, items: [item()] }]).replace(/<MsgId>[^<]*<\/MsgId>/, ''));
            expect(err.code).to.equal('XML_SCHEMA_INVALID');
            expect(err.field).to.equal('CreDtTm');
            expect(err.detail).to.contain('MsgId');
        });

        it('when the amount has no currency attribute, then the attribute is named', async () => {
            const err = await refusal(pain001([{ id: 'B', payer: alice, items: [item({ amt: '<Amt><InstdAmt>1.00</InstdAmt></Amt>', amount: '1.00' })] }]));
            expect(err.code).to.equal('XML_SCHEMA_INVALID');
            expect(err.field).to.equal('InstdAmt');
        });

        it('when the message is another version, then the root is named', async () => {
            const err = await refusal(pain001([{ id: 'B', payer: alice, items: [item()] }]).replace('pain.001.001.09', 'pain.001.001.03'));
            expect(err.code).to.equal('XML_SCHEMA_INVALID');
            expect(err.field).to.equal('Document');
        });

        it('when an external entity is declared (XXE), then XML_UNSAFE before any parser sees it', async () => {
            const xml = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">&x;</Document>`;
            const err = await refusal(xml);
            expect(err.code).to.equal('XML_UNSAFE');
            expect(err.field).to.equal('!DOCTYPE');
            expect(err.message).to.not.contain('root:');
        });

        it('when entities nest (billion laughs), then XML_UNSAFE at once', async () => {
            const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
            const xml = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">${levels}]><Document>&l9;</Document>`;
            const started = Date.now();
            const err = await refusal(xml);
            expect(err.code).to.equal('XML_UNSAFE');
            expect(Date.now() - started).to.be.below(1000);
        });

        it('when an entity is declared without a DOCTYPE keyword in upper case, then XML_UNSAFE', async () => {
            expect((await refusal('<?xml version="1.0"?><!doctype d><Document/>')).code).to.equal('XML_UNSAFE');
            expect((await refusal('<Document><!ENTITY x "y"></Document>')).field).to.equal('!ENTITY');
        });

        it('when a processing instruction follows the declaration, then XML_UNSAFE', async () => {
            const xml = pain001([{ id: 'B', payer: alice, items: [item()] }]).replace('<Document', '<?xml-stylesheet href="x"?><Document');
            expect((await refusal(xml)).field).to.equal('processing instruction');
        });

        it('when an undeclared entity is used, then XML_MALFORMED', async () => {
            const xml = pain001([{ id: 'B', payer: alice, items: [item({ reference: 'x' })] }]).replace('<Ustrd>x</Ustrd>', '<Ustrd>&nbsp;</Ustrd>');
            expect((await refusal(xml)).code).to.equal('XML_MALFORMED');
        });

        it('when the document is one byte over the limit, then PAYLOAD_TOO_LARGE; at the limit it is read', async () => {
            const base = pain001([{ id: 'B', payer: alice, items: [item()] }]);
            const padded = (size: number): string => base.replace('</Document>', `${' '.repeat(size - Buffer.byteLength(base))}</Document>`).trimEnd();
            const atLimit = padded(MAX_XML_BYTES + 1);
            expect(Buffer.byteLength(atLimit)).to.equal(MAX_XML_BYTES);
            expect((await readCreditTransferInitiation(atLimit)).items).to.have.length(1);
            const err = await refusal(atLimit + ' ');
            expect(err.code).to.equal('PAYLOAD_TOO_LARGE');
        });

        it('when the bytes are not UTF-8 or another encoding is declared, then XML_MALFORMED', async () => {
            const bytes = Buffer.concat([Buffer.from('<?xml version="1.0"?><Document>'), Buffer.from([0xff, 0xfe]), Buffer.from('</Document>')]);
            expect((await refusal(bytes)).code).to.equal('XML_MALFORMED');
            expect((await refusal('<?xml version="1.0" encoding="ISO-8859-1"?><Document/>')).code).to.equal('XML_MALFORMED');
            expect((await refusal('')).code).to.equal('XML_MALFORMED');
        });

        it('when the group count is wrong, then ISO20022_INVALID names GrpHdr/NbOfTxs', async () => {
            const err = await refusal(pain001([{ id: 'B', payer: alice, items: [item()] }], { nbOfTxs: '2' }));
            expect([err.code, err.field]).to.deep.equal(['ISO20022_INVALID', 'GrpHdr/NbOfTxs']);
        });

        it('when a block count or control sum is wrong, then that block is named', async () => {
            const xml = pain001([{ id: 'B', payer: alice, items: [item()], nbOfTxs: '3' }]);
            expect((await refusal(xml)).field).to.equal('PmtInf[1]/NbOfTxs');
            const sum = pain001([{ id: 'B', payer: alice, items: [item()], ctrlSum: '120.51' }]);
            expect((await refusal(sum)).field).to.equal('PmtInf[1]/CtrlSum');
        });

        it('when the control sum is off by a cent, then ISO20022_INVALID; written with more decimals it still matches', async () => {
            expect((await refusal(pain001([{ id: 'B', payer: alice, items: [item()] }], { ctrlSum: '120.49' }))).field).to.equal('GrpHdr/CtrlSum');
            const ok = await readCreditTransferInitiation(pain001([{ id: 'B', payer: alice, items: [item()] }], { ctrlSum: '120.5000' }));
            expect(ok.items[0]?.outcome).to.equal('mapped');
        });

        it('when an end-to-end id repeats, then the second is named', async () => {
            const err = await refusal(pain001([{ id: 'B', payer: alice, items: [item(), item({ sequence: 2 })] }]));
            expect([err.code, err.field]).to.deep.equal(['ISO20022_INVALID', 'PmtInf[1]/CdtTrfTxInf[2]/PmtId/EndToEndId']);
        });

        it('when an IBAN fails mod-97 anywhere, then ISO20022_INVALID names it', async () => {
            const xml = pain001([{ id: 'B', payer: alice, items: [item()] }]).replace('<Cdtr><Nm>Payee</Nm></Cdtr>', '<Cdtr><Nm>Payee</Nm></Cdtr><CdtrAcct><Id><IBAN>DE89370400440532013001</IBAN></Id></CdtrAcct>').replace(/<CdtrAcct><Id><Othr>.*?<\/CdtrAcct>/, '');
            const err = await refusal(xml);
            expect([err.code, err.field]).to.deep.equal(['ISO20022_INVALID', 'Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/CdtrAcct/Id/IBAN']);
        });

        it('when a BIC has no real country, then ISO20022_INVALID names it', async () => {
            const xml = pain001([{ id: 'B', payer: alice, items: [item()] }]).replace('RHUBDEFFXXX', 'RHUBQQFFXXX');
            const err = await refusal(xml);
            expect([err.code, err.field]).to.deep.equal(['ISO20022_INVALID', 'Document/CstmrCdtTrfInitn/PmtInf/DbtrAgt/FinInstnId/BICFI']);
        });

        it(`when a message holds ${MAX_TRANSACTIONS} transactions it is read; ${MAX_TRANSACTIONS + 1} are refused`, async () => {
            const many = (n: number): ItemSpec[] => Array.from({ length: n }, (_, i) => item({ endToEndId: `E-${i}`, amount: '1.00', sequence: i + 1 }));
            const result = await readCreditTransferInitiation(pain001([{ id: 'B', payer: alice, items: many(MAX_TRANSACTIONS) }]));
            expect(result.items.filter((i) => i.outcome === 'mapped')).to.have.length(MAX_TRANSACTIONS);
            const err = await refusal(pain001([{ id: 'B', payer: alice, items: many(MAX_TRANSACTIONS + 1) }]));
            expect([err.code, err.field]).to.deep.equal(['ISO20022_INVALID', 'GrpHdr/NbOfTxs']);
        });
    });
});
