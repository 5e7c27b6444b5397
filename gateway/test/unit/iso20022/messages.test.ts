import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { AppError } from '../../../src/errors';
import { BankDirectory, uetrOf, type PaymentRecord } from '../../../src/iso20022/message-parts';
import { buildNotification, buildPacs002, buildPacs008, buildPaymentStatus, pacs008MessageId } from '../../../src/iso20022/payment-messages';
import { buildPacs004, RETURN_REASONS, type RefundRecord } from '../../../src/iso20022/return-message';
import { buildStatement, type StatementInput } from '../../../src/iso20022/statement-message';
import { MESSAGE_TYPES, type MessageType } from '../../../src/iso20022/xml-document';
import { wallet } from './pain001-fixture';
import { PAYEE, PAYER, settledPayment } from './settled-payment';
import { rejectionOf } from './rejection';
import { convertedPayment, NETWORK_FX_PAYMENT, rate } from './fx-fixture';

/** The official schemas as shared with the project; the gateway's copies must be byte-identical. */
const SHARED = resolve(__dirname, '..', '..', '..', '..', '..', '..', 'shared', 'iso20022');
const VENDORED = resolve(__dirname, '..', '..', '..', '..', 'src', 'iso20022', 'xsd');

async function officialProblems(type: MessageType, xml: string): Promise<string[]> {
    const dir = existsSync(SHARED) ? SHARED : VENDORED;
    const result = await validateXML({ xml: [{ fileName: 'out.xml', contents: xml }], schema: [{ fileName: `${type}.xsd`, contents: readFileSync(join(dir, `${type}.xsd`), 'utf8') }] });
    return result.errors.map((e) => e.message);
}

const CONSORTIUM = resolve(__dirname, '..', '..', '..', '..', '..', 'network', 'consortium.json');
const consortium = JSON.parse(readFileSync(CONSORTIUM, 'utf8')) as { members: { mspId: string; bic: string; legalName: string; country: string }[] };
const banks = new BankDirectory(consortium.members.map((m) => ({ mspId: m.mspId, bic: m.bic, legalName: m.legalName, country: m.country })));
const payer = PAYER;
const payee = PAYEE;
const meta = { createdAt: '2026-11-18T10:00:05.123456Z' };

const payment = settledPayment;

const notApplicable = rejectionOf;

describe('ISO 20022 messages produced by Corridor', function () {
    this.timeout(20_000);

    it('when the gateway carries the schemas, then they are the official ones unchanged', function () {
        if (!existsSync(SHARED)) {
            this.skip();
        }
        for (const type of MESSAGE_TYPES) {
            expect(readFileSync(join(VENDORED, `${type}.xsd`)).equals(readFileSync(join(SHARED, `${type}.xsd`))), type).to.equal(true);
        }
    });

    describe('pacs.008.001.08', () => {
        it('when a cross-border payment settled, then its pacs.008 validates and carries amount, agents, accounts and references', async () => {
            const xml = await buildPacs008(payment(), banks, meta);
            expect(await officialProblems('pacs.008.001.08', xml)).to.deep.equal([]);
            expect(xml).to.contain('<IntrBkSttlmAmt Ccy="EUR">120.50</IntrBkSttlmAmt>');
            expect(xml).to.contain('<BICFI>RHUBDEFFXXX</BICFI>').and.to.contain('<BICFI>HHBKUS33XXX</BICFI>');
            expect(xml).to.contain('<EndToEndId>E2E-1</EndToEndId>');
            expect(xml).to.contain('<Ustrd>Invoice 42 &lt;&amp; co&gt;</Ustrd>');
            expect(xml).to.contain(`<TxId>${'a'.repeat(64)}</TxId>`);
            expect(xml).to.contain('<CreDtTm>2026-11-18T10:00:05.123Z</CreDtTm>');
            expect(xml).to.contain(`<MsgId>${pacs008MessageId(payment())}</MsgId>`);
        });

        it('when the payment id is longer than 35 characters, then EndToEndId is NOTPROVIDED and the id is in SplmtryData', async () => {
            const id = 'x'.repeat(64);
            const xml = await buildPacs008(payment({ paymentId: id, reference: undefined }), banks, meta);
            expect(await officialProblems('pacs.008.001.08', xml)).to.deep.equal([]);
            expect(xml).to.contain('<EndToEndId>NOTPROVIDED</EndToEndId>').and.to.contain(`<PmtId>${id}</PmtId>`);
        });

        it('when the payment is held, or stays in one country, then ISO20022_NOT_APPLICABLE and nothing is produced', async () => {
            expect((await notApplicable(buildPacs008(payment({ status: 'held' }), banks, meta))).code).to.equal('ISO20022_NOT_APPLICABLE');
            expect((await notApplicable(buildPacs008(payment({ payeeBank: 'Bank1MSP' }), banks, meta))).field).to.equal('payeeBank');
            expect((await notApplicable(buildPacs008(payment({ payeeBank: 'Bank9MSP' }), banks, meta))).field).to.equal('mspId');
        });

        describe('with an FX leg', () => {
            it('when the dev network converted 100.00 USD into 710.00 CNY, then pacs.008 settles the CNY, instructs the USD at 7.1 with the fee as DEBT, and validates', async () => {
                const xml = await buildPacs008(NETWORK_FX_PAYMENT, banks, meta);
                expect(await officialProblems('pacs.008.001.08', xml)).to.deep.equal([]);
                expect(xml).to.contain('<IntrBkSttlmAmt Ccy="CNY">710.00</IntrBkSttlmAmt>');
                expect(xml).to.contain('<InstdAmt Ccy="USD">100.00</InstdAmt>').and.to.contain('<XchgRate>7.1</XchgRate>').and.to.contain('<ChrgBr>DEBT</ChrgBr>');
                expect(xml).to.match(/<ChrgsInf>\s*<Amt Ccy="USD">0.00<\/Amt>\s*<Agt>\s*<FinInstnId>\s*<BICFI>HHBKUS33XXX<\/BICFI>/);
                expect(xml).to.contain('<BICFI>PRCBCNGZXXX</BICFI>');
                expect(xml).to.contain('<QuoteId>iso-mx0ia94l-6524-q</QuoteId>').and.to.contain('<AppliedRate>7100000000</AppliedRate>');
            });

            it('when the provider charged a fee, then InstdAmt is the amount converted, ChrgsInf the fee, and the two add up to what the payer was debited', async () => {
                const priced = convertedPayment(rate('USD', 'CNY', 7_100_000_000n, 7_200_000_000n), { currency: 'USD', fixed: 50n, basisPoints: 25 }, { source: 'USD', target: 'CNY', targetAmount: 100_000n });
                const xml = await buildPacs008(payment({ ...priced, payerBank: 'Bank2MSP', payeeBank: 'Bank3MSP' }), banks, meta);
                expect(await officialProblems('pacs.008.001.08', xml)).to.deep.equal([]);
                // 1000.00 CNY at 7.1 needs 140.85 USD (rounded up), the fee 0.50 + 0.25% of it (0.3522 rounded up to 0.36).
                expect(priced).to.deep.include({ amount: '141.71' });
                expect(xml).to.contain('<IntrBkSttlmAmt Ccy="CNY">1000.00</IntrBkSttlmAmt>').and.to.contain('<InstdAmt Ccy="USD">140.85</InstdAmt>');
                expect(xml).to.match(/<ChrgsInf>\s*<Amt Ccy="USD">0.86<\/Amt>/);
            });

            it('when the payment converted at the ask, then XchgRate is one source unit in target units, rounded half-even to 10 decimals', async () => {
                const priced = convertedPayment(rate('USD', 'CNY', 7_100_000_000n, 7_200_000_000n), { currency: 'CNY', fixed: 0n, basisPoints: 0 }, { source: 'CNY', target: 'USD', sourceAmount: 72_000n });
                const xml = await buildPacs008(payment({ ...priced, payerBank: 'Bank3MSP', payeeBank: 'Bank2MSP' }), banks, meta);
                expect(await officialProblems('pacs.008.001.08', xml)).to.deep.equal([]);
                expect(xml).to.contain('<XchgRate>0.1388888889</XchgRate>').and.to.contain('<IntrBkSttlmAmt Ccy="USD">100.00</IntrBkSttlmAmt>');
            });
        });

        it('when a member BIC is malformed, then the directory refuses it before any message is built', () => {
            expect(() => new BankDirectory([{ mspId: 'X', bic: 'RHUBQQFFXXX', legalName: 'X', country: 'DE' }])).to.throw(/invalid BIC/);
        });

        it('when an output would break its schema, then it is refused and not returned', async () => {
            try {
                await buildPacs008(payment({ purpose: 'TOOLONG' }), banks, meta);
                expect.fail('produced');
            } catch (err) {
                expect((err as Error).message).to.match(/refusing to produce pacs\.008\.001\.08: Cd/);
            }
        });
    });

    describe('pacs.002.001.10', () => {
        const cases: [string, Partial<PaymentRecord>, string, string | undefined][] = [
            ['settled', {}, 'ACSC', undefined],
            ['held for compliance', { status: 'held', hold: { reason: 'compliance', note: 'amount over threshold', expiresAt: '2026-11-25T10:00:00Z' } }, 'PDNG', '<Prtry>HELD_FOR_COMPLIANCE_REVIEW</Prtry>'],
            ['rejected', { status: 'rejected', history: [{ status: 'held', time: 't', txId: 'b' }, { status: 'rejected', time: 't', txId: 'c', note: 'sanctions match' }] }, 'RJCT', '<Cd>RR04</Cd>'],
            ['cancelled by the payer', { status: 'cancelled' }, 'RJCT', '<Cd>CUST</Cd>'],
            ['expired', { status: 'expired' }, 'RJCT', '<Prtry>HOLD_EXPIRED</Prtry>'],
        ];
        for (const [name, overrides, status, reason] of cases) {
            it(`when the payment is ${name}, then the report says ${status}${reason ? ' with its reason' : ''} and validates`, async () => {
                const xml = await buildPaymentStatus(payment(overrides), banks, meta);
                expect(await officialProblems('pacs.002.001.10', xml)).to.deep.equal([]);
                expect(xml).to.contain(`<TxSts>${status}</TxSts>`);
                expect(xml).to.contain(`<OrgnlMsgId>${pacs008MessageId(payment(overrides))}</OrgnlMsgId>`);
                if (reason !== undefined) {
                    expect(xml).to.contain(reason);
                }
            });
        }

        it('when a report lists many items with long reasons, then reasons are split into 105-character lines and it validates', async () => {
            const xml = await buildPacs002(
                {
                    originalMessageId: 'MSG-1',
                    originalMessageName: 'pain.001.001.09',
                    items: [
                        { endToEndId: 'E-1', status: 'accepted' },
                        { endToEndId: 'E-2', status: 'rejected', reason: { proprietary: 'INSUFFICIENT_FUNDS', text: 'x'.repeat(300) } },
                        { endToEndId: 'E-3', status: 'pending' },
                    ],
                },
                meta,
            );
            expect(await officialProblems('pacs.002.001.10', xml)).to.deep.equal([]);
            expect(xml.match(/<AddtlInf>/g)).to.have.length(3);
        });
    });

    describe('camt.054.001.08', () => {
        it('when the payer is notified, then a booked debit validates', async () => {
            const xml = await buildNotification(payment(), payer, banks, meta);
            expect(await officialProblems('camt.054.001.08', xml)).to.deep.equal([]);
            expect(xml).to.contain('<CdtDbtInd>DBIT</CdtDbtInd>').and.to.contain('<Cd>BOOK</Cd>').and.to.contain('<SubFmlyCd>XBCT</SubFmlyCd>');
        });

        it('when the payee is notified of a held payment, then a pending credit validates', async () => {
            const xml = await buildNotification(payment({ status: 'held' }), payee, banks, meta);
            expect(await officialProblems('camt.054.001.08', xml)).to.deep.equal([]);
            expect(xml).to.contain('<CdtDbtInd>CRDT</CdtDbtInd>').and.to.contain('<Cd>PDNG</Cd>').and.to.not.contain('<BookgDt>');
        });

        it('when a USD -> CNY payment is notified, then the payer is debited the USD with the fee included, the payee credited the CNY, both with the rate', async () => {
            const debit = await buildNotification(NETWORK_FX_PAYMENT, NETWORK_FX_PAYMENT.payer, banks, meta);
            const credit = await buildNotification(NETWORK_FX_PAYMENT, NETWORK_FX_PAYMENT.payee, banks, meta);
            for (const xml of [debit, credit]) {
                expect(await officialProblems('camt.054.001.08', xml)).to.deep.equal([]);
                expect(xml).to.match(/<InstdAmt>\s*<Amt Ccy="USD">100.00<\/Amt>/).and.to.match(/<TxAmt>\s*<Amt Ccy="CNY">710.00<\/Amt>\s*<CcyXchg>\s*<SrcCcy>USD<\/SrcCcy>\s*<TrgtCcy>CNY<\/TrgtCcy>\s*<UnitCcy>USD<\/UnitCcy>\s*<XchgRate>7.1<\/XchgRate>/);
            }
            expect(debit).to.contain('<Ccy>USD</Ccy>').and.to.match(/<Ntry>\s*<Amt Ccy="USD">100.00<\/Amt>\s*<CdtDbtInd>DBIT/).and.to.contain('<ChrgInclInd>true</ChrgInclInd>');
            expect(credit).to.contain('<Ccy>CNY</Ccy>').and.to.match(/<Ntry>\s*<Amt Ccy="CNY">710.00<\/Amt>\s*<CdtDbtInd>CRDT/).and.not.to.contain('<Chrgs>');
        });

        it('when the account is not a party, or nothing was booked, then ISO20022_NOT_APPLICABLE', async () => {
            expect((await notApplicable(buildNotification(payment(), wallet('x').address, banks, meta))).field).to.equal('address');
            expect((await notApplicable(buildNotification(payment({ status: 'rejected' }), payer, banks, meta))).field).to.equal('status');
        });
    });

    describe('pacs.004.001.09', () => {
        const refund = (overrides: Partial<RefundRecord> = {}): RefundRecord => ({
            refundId: 'R-1',
            paymentId: 'E2E-1',
            amount: '40.00',
            currency: 'EUR',
            reason: 'wrong-payee',
            note: 'the payer typed the wrong account',
            status: 'approved',
            requestedAt: '2026-11-19T09:00:00.000Z',
            decidedAt: '2026-11-20T09:00:00.000Z',
            txId: 'b'.repeat(64),
            transferTxId: 'c'.repeat(64),
            ...overrides,
        });

        it('when a refund of a cross-border payment is approved, then the return refers to its pacs.008, names the reason and validates', async () => {
            const xml = await buildPacs004(refund(), payment(), banks, meta);
            expect(await officialProblems('pacs.004.001.09', xml)).to.deep.equal([]);
            expect(xml).to.contain('<RtrId>R-1</RtrId>');
            expect(xml).to.contain(`<OrgnlMsgId>${pacs008MessageId(payment())}</OrgnlMsgId>`).and.to.contain('<OrgnlMsgNmId>pacs.008.001.08</OrgnlMsgNmId>');
            expect(xml).to.contain('<OrgnlEndToEndId>E2E-1</OrgnlEndToEndId>').and.to.contain(`<OrgnlUETR>${uetrOf('a'.repeat(64))}</OrgnlUETR>`);
            expect(xml).to.contain('<OrgnlIntrBkSttlmAmt Ccy="EUR">120.50</OrgnlIntrBkSttlmAmt>').and.to.contain('<RtrdIntrBkSttlmAmt Ccy="EUR">40.00</RtrdIntrBkSttlmAmt>');
            expect(xml).to.contain('<IntrBkSttlmDt>2026-11-20</IntrBkSttlmDt>').and.to.contain('<Cd>AC03</Cd>').and.to.contain('<AddtlInf>the payer typed the wrong account</AddtlInf>');
            // Returned by the payee's bank to the payer's.
            expect(xml).to.match(/<InstgAgt>\s*<FinInstnId>\s*<BICFI>HHBKUS33XXX<\/BICFI>[\s\S]*<InstdAgt>\s*<FinInstnId>\s*<BICFI>RHUBDEFFXXX<\/BICFI>/);
            expect(xml).to.contain(`<TxId>${'a'.repeat(64)}</TxId>`).and.to.contain(`<TxId>${'c'.repeat(64)}</TxId>`).and.to.contain('<RfndId>R-1</RfndId>');
        });

        for (const [reason, code] of Object.entries(RETURN_REASONS)) {
            it(`when the refund's reason is ${reason}, then the return reason is ${code} and the message validates`, async () => {
                const xml = await buildPacs004(refund({ reason, note: undefined }), payment(), banks, meta);
                expect(await officialProblems('pacs.004.001.09', xml)).to.deep.equal([]);
                expect(xml).to.contain(`<Cd>${code}</Cd>`).and.not.to.contain('<AddtlInf>');
            });
        }

        it('when the refund id is longer than 35 characters and the note longer than 105, then RtrId is derived, the id is in SplmtryData and the note is split', async () => {
            const id = 'r'.repeat(64);
            const xml = await buildPacs004(refund({ refundId: id, note: 'n'.repeat(300) }), payment(), banks, meta);
            expect(await officialProblems('pacs.004.001.09', xml)).to.deep.equal([]);
            expect(xml).to.match(/<RtrId>R[0-9a-f]{34}<\/RtrId>/).and.to.contain(`<RfndId>${id}</RfndId>`);
            expect(xml.match(/<AddtlInf>/g)).to.have.length(3);
        });

        it('when a refund of the converted dev-network payment is approved, then the return settles the yuan bob gave back, instructs the dollars at 7.1 and validates', async () => {
            const xml = await buildPacs004(
                refund({ paymentId: NETWORK_FX_PAYMENT.paymentId, amount: '40.00', currency: 'USD', fx: { provider: 'Bank2MSP', targetCurrency: 'CNY', targetAmount: '284.00' } }),
                NETWORK_FX_PAYMENT,
                banks,
                meta,
            );
            expect(await officialProblems('pacs.004.001.09', xml)).to.deep.equal([]);
            expect(xml).to.contain('<OrgnlIntrBkSttlmAmt Ccy="CNY">710.00</OrgnlIntrBkSttlmAmt>').and.to.contain('<RtrdIntrBkSttlmAmt Ccy="CNY">284.00</RtrdIntrBkSttlmAmt>');
            expect(xml).to.contain('<RtrdInstdAmt Ccy="USD">40.00</RtrdInstdAmt>').and.to.contain('<XchgRate>7.1</XchgRate>');
            // From bank 3 (the payee's, in China) back to bank 2.
            expect(xml).to.match(/<InstgAgt>\s*<FinInstnId>\s*<BICFI>PRCBCNGZXXX<\/BICFI>[\s\S]*<InstdAgt>\s*<FinInstnId>\s*<BICFI>HHBKUS33XXX<\/BICFI>/);
        });

        it('when the refund and its payment disagree about a conversion, then nothing is produced (a ledger bug)', async () => {
            try {
                await buildPacs004(refund({ paymentId: NETWORK_FX_PAYMENT.paymentId, currency: 'USD' }), NETWORK_FX_PAYMENT, banks, meta);
                expect.fail('produced');
            } catch (err) {
                expect(err).not.to.be.instanceOf(AppError);
            }
        });

        const notReturnable: [string, Partial<RefundRecord>, Partial<PaymentRecord>, string][] = [
            ['only requested', { status: 'requested', decidedAt: undefined, transferTxId: undefined }, {}, 'status'],
            ['declined', { status: 'declined', transferTxId: undefined }, {}, 'status'],
            ['of a payment that stayed in one country', {}, { payeeBank: 'Bank1MSP' }, 'payeeBank'],
        ];
        for (const [name, refundChange, paymentChange, field] of notReturnable) {
            it(`when the refund is ${name}, then ISO20022_NOT_APPLICABLE naming ${field}`, async () => {
                expect(await notApplicable(buildPacs004(refund(refundChange), payment(paymentChange), banks, meta))).to.include({ code: 'ISO20022_NOT_APPLICABLE', field });
            });
        }

        it('when the refund names another payment, then nothing is produced (a routing bug)', async () => {
            try {
                await buildPacs004(refund({ paymentId: 'E2E-2' }), payment(), banks, meta);
                expect.fail('produced');
            } catch (err) {
                expect(err).not.to.be.instanceOf(AppError);
            }
        });
    });

    describe('camt.053.001.08', () => {
        const statement = (overrides: Partial<StatementInput> = {}): StatementInput => ({
            account: payer,
            currency: 'EUR',
            from: '2026-11-01T00:00:00Z',
            to: '2026-11-30T23:59:59Z',
            opening: '100.00',
            entries: [
                { id: 'topup-1', kind: 'top-up', direction: 'in', counterparty: 'Bank1MSP', amount: '50.00', time: '2026-11-02T09:00:00Z', txId: 'c'.repeat(64) },
                { id: 'E2E-1', kind: 'payment', direction: 'out', counterparty: payee, amount: '120.50', time: '2026-11-18T10:00:00Z', txId: 'a'.repeat(64) },
            ],
            closing: '29.50',
            ...overrides,
        });

        it('when opening, entries and closing add up, then the statement validates with both balances and totals', async () => {
            const xml = await buildStatement([statement(), statement({ currency: 'JPY', opening: '0', entries: [], closing: '0' })], banks.bank('Bank1MSP'), meta);
            expect(await officialProblems('camt.053.001.08', xml)).to.deep.equal([]);
            expect(xml.match(/<Stmt>/g)).to.have.length(2);
            expect(xml).to.contain('<Cd>OPBD</Cd>').and.to.contain('<Cd>CLBD</Cd>');
            expect(xml).to.contain('<Amt Ccy="EUR">29.50</Amt>').and.to.contain('<Amt Ccy="JPY">0</Amt>');
            expect(xml).to.contain('<Sum>120.50</Sum>').and.to.contain('<Sum>50.00</Sum>');
        });

        it('when the closing balance is off by one minor unit, then no statement is produced', async () => {
            expect(() => buildStatement([statement({ closing: '29.51' })], undefined, meta)).to.throw(/does not add up/);
        });

        it('when an entry lies outside the range, or the amount has the wrong decimals, then no statement is produced', async () => {
            const late = statement().entries.map((e) => ({ ...e, time: '2026-12-01T00:00:00Z' }));
            expect(() => buildStatement([statement({ entries: late })], undefined, meta)).to.throw(/outside/);
            expect(() => buildStatement([statement({ opening: '100.0' })], undefined, meta)).to.throw(/ledger amount/);
        });

        it('when the balance is negative, then it is stated as a debit balance and validates', async () => {
            const xml = await buildStatement([statement({ opening: '-10.00', entries: [], closing: '-10.00' })], undefined, meta);
            expect(await officialProblems('camt.053.001.08', xml)).to.deep.equal([]);
            expect(xml).to.contain('<Amt Ccy="EUR">10.00</Amt>').and.to.contain('<CdtDbtInd>DBIT</CdtDbtInd>');
        });
    });
});
