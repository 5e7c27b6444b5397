import { expect } from 'chai';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { apiKey, call, eventually, uniqueId, type Org } from '../support/network';
import { TestWallet } from '../support/wallet';
import { toDecimal, toMinorUnits } from '../../src/index/minor-units';
import { pain001 } from '../unit/iso20022/pain001-fixture';

/**
 * ISO 20022 messages of real payments: camt.054 at each bank of a settled cross-border
 * payment, pacs.004 for its approved refund, pacs.008 with the FX leg of a USD -> CNY
 * conversion. Everything the test mints it burns again (the CNY issued into the FX
 * provider's liquidity leaves with the payee's withdrawal, the USD the conversion brought
 * into it is defunded), and every account it opened ends empty.
 */

/**
 * The gateways the messages are read from: the dev network's (3001-3004) unless
 * ISO20022_TEST_PORT_BASE names others, e.g. 3100 for gateways on 3101-3104 that run
 * newer code against the same network while the network's own keep serving the writes.
 */
const PORT_BASE = Number(process.env.ISO20022_TEST_PORT_BASE ?? '3000');
const PORTS: Record<Org, number> = { bank1: PORT_BASE + 1, bank2: PORT_BASE + 2, bank3: PORT_BASE + 3, regulator: PORT_BASE + 4 };
const XSD = join(__dirname, '..', '..', '..', 'src', 'iso20022', 'xsd');

/** GET of an XML message: the body as text, a problem as JSON. */
async function message(org: Org, path: string): Promise<{ status: number; xml: string }> {
    const res = await fetch(`http://127.0.0.1:${PORTS[org]}${path}`, { headers: { Authorization: `Bearer ${apiKey(org)}` }, signal: AbortSignal.timeout(60_000) });
    return { status: res.status, xml: await res.text() };
}

async function schemaProblems(type: string, xml: string): Promise<string[]> {
    const result = await validateXML({ xml: [{ fileName: 'message.xml', contents: xml }], schema: [{ fileName: `${type}.xsd`, contents: readFileSync(join(XSD, `${type}.xsd`), 'utf8') }] });
    return result.errors.map((e) => e.message);
}

/** The text of every `name` element, in document order. */
function texts(xml: string, name: string): string[] {
    return [...xml.matchAll(new RegExp(`<${name}(?: [^>]*)?>([^<]*)</${name}>`, 'g'))].map((m) => m[1] as string);
}

async function open(org: Org, wallet: TestWallet): Promise<void> {
    const res = await call(org, 'POST', '/v1/accounts', { publicKey: wallet.publicKeyPem, holderRef: wallet.holderRef(), kycTier: 2 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    wallet.address = res.body.account.address;
}

type Fields = Parameters<TestWallet['instruction']>[0] & { targetCurrency?: string; quoteId?: string };

async function pay(org: Org, payer: TestWallet, fields: Fields): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const account = await call(org, 'GET', `/v1/accounts/${payer.address}`);
    const res = await call(org, 'POST', '/v1/payments', payer.instruction(fields, account.body.nextSequence as number));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.payment.status).to.equal('settled');
    return res.body.payment;
}

async function booked(address: string): Promise<Record<string, string>> {
    const res = await call('regulator', 'GET', `/v1/accounts/${address}/balances`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const entries = (res.body.balances as { currency: string; available: string; reserved: string }[]).map((b) => [b.currency, String(toMinorUnits(b.available, b.currency) + toMinorUnits(b.reserved, b.currency))]);
    return Object.fromEntries(entries.filter(([, total]) => total !== '0'));
}

describe('ISO 20022 messages of real payments, refunds and conversions', function () {
    this.timeout(300_000);
    const run = uniqueId('iso');
    const alice = new TestWallet('iso-alice'); // bank 1, Germany, EUR
    const bob = new TestWallet('iso-bob'); // bank 2, United States
    const dollars = new TestWallet('iso-usd'); // bank 2, pays in USD
    const yuan = new TestWallet('iso-cny'); // bank 3, China, receives CNY
    let euroPayment: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

    before(async () => {
        await Promise.all([open('bank1', alice), open('bank2', bob), open('bank2', dollars), open('bank3', yuan)]);
        const topUp = await call('bank1', 'POST', '/v1/top-ups', { reference: `ISO-${run}`, address: alice.address, currency: 'EUR', amount: '100.00' });
        expect(topUp.status, JSON.stringify(topUp.body)).to.equal(201);
        euroPayment = await pay('bank1', alice, { paymentId: `${run}-eur`, payee: bob.address, amount: '30.00', currency: 'EUR' });
    });

    it('when a payment from Germany to the US settled, then bank 1 gets the camt.054 debit of the payer and bank 2 the credit of the payee', async () => {
        const debit = await message('bank1', `/v1/payments/${run}-eur/camt.054`);
        expect(debit.status, debit.xml).to.equal(200);
        expect(await schemaProblems('camt.054.001.08', debit.xml)).to.deep.equal([]);
        expect(texts(debit.xml, 'CdtDbtInd')).to.deep.equal(['DBIT', 'DBIT']);
        expect(texts(debit.xml, 'Amt')).to.deep.equal(['30.00', '30.00']);
        expect(debit.xml).to.contain('<Cd>BOOK</Cd>').and.contain('<BICFI>RHUBDEFFXXX</BICFI>');

        const credit = await message('bank2', `/v1/payments/${run}-eur/camt.054`);
        expect(credit.status, credit.xml).to.equal(200);
        expect(await schemaProblems('camt.054.001.08', credit.xml)).to.deep.equal([]);
        expect(texts(credit.xml, 'CdtDbtInd')).to.deep.equal(['CRDT', 'CRDT']);
        // The same payment, the same references on both sides.
        expect(texts(credit.xml, 'UETR')).to.deep.equal(texts(debit.xml, 'UETR'));
        expect(texts(credit.xml, 'EndToEndId')).to.deep.equal([`${run}-eur`]);

        const elsewhere = await message('bank3', `/v1/payments/${run}-eur/camt.054`);
        expect(elsewhere.status).to.equal(403);
        const unnamed = await message('regulator', `/v1/payments/${run}-eur/camt.054`);
        expect(JSON.parse(unnamed.xml)).to.deep.include({ status: 400, field: 'account' });
        const named = await message('regulator', `/v1/payments/${run}-eur/camt.054?account=${bob.address}`);
        expect(texts(named.xml, 'CdtDbtInd')).to.deep.equal(['CRDT', 'CRDT']);
    });

    it('when bank 2 approves a partial refund, then pacs.004 returns 10.00 EUR and refers to the payment\'s pacs.008', async () => {
        const requested = await call('bank1', 'POST', '/v1/refunds', {
            refundId: `${run}-r1`, paymentId: `${run}-eur`, amount: '10.00', reason: 'wrong-payee', evidenceRef: createHash('sha256').update(run).digest('hex'),
        });
        expect(requested.status, JSON.stringify(requested.body)).to.equal(201);
        const early = await message('bank2', `/v1/refunds/${run}-r1/pacs.004`);
        expect(JSON.parse(early.xml)).to.deep.include({ status: 409, code: 'ISO20022_NOT_APPLICABLE', field: 'status' });
        const approved = await call('bank2', 'POST', `/v1/refunds/${run}-r1/approve`);
        expect(approved.status, JSON.stringify(approved.body)).to.equal(200);

        const original = await message('bank1', `/v1/payments/${run}-eur/pacs.008`);
        expect(original.status, original.xml).to.equal(200);
        const pacs004 = await eventually(async () => {
            const res = await message('regulator', `/v1/refunds/${run}-r1/pacs.004`);
            return res.status === 200 ? res : undefined;
        });
        expect(await schemaProblems('pacs.004.001.09', pacs004.xml)).to.deep.equal([]);
        expect(texts(pacs004.xml, 'RtrId')).to.deep.equal([`${run}-r1`]);
        expect(texts(pacs004.xml, 'OrgnlMsgId')).to.deep.equal([texts(original.xml, 'MsgId')[0]]);
        expect(texts(pacs004.xml, 'OrgnlEndToEndId')).to.deep.equal(texts(original.xml, 'EndToEndId'));
        expect(texts(pacs004.xml, 'OrgnlUETR')).to.deep.equal(texts(original.xml, 'UETR'));
        expect(texts(pacs004.xml, 'OrgnlIntrBkSttlmAmt')).to.deep.equal(['30.00']);
        expect(texts(pacs004.xml, 'RtrdIntrBkSttlmAmt')).to.deep.equal(['10.00']);
        expect(texts(pacs004.xml, 'Cd')).to.include('AC03');
        expect(texts(pacs004.xml, 'TxId')).to.include.members([euroPayment.txId as string, approved.body.txId as string]);
        expect((await message('bank2', `/v1/refunds/${run}-r1/pacs.004`)).status).to.equal(200);
        expect((await message('bank3', `/v1/refunds/${run}-r1/pacs.004`)).status).to.equal(403);
    });

    it('when bank 1 receives a pain.001 in an envelope with its business application header, then it pays it and answers with a pain.002 under a header that agrees', async () => {
        const account = await call('bank1', 'GET', `/v1/accounts/${alice.address}`);
        const document = pain001([{ id: `${run}-blk`, payer: alice, items: [{ endToEndId: `${run}-p1`, payee: bob.address, amount: '5.00', currency: 'EUR', sequence: account.body.nextSequence as number, expiresAt: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z') }] }], { msgId: `${run}-m1` })
            .replace(/^<\?xml[^>]*\?>\s*/, '');
        const header =
            `<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02"><Fr><FIId><FinInstnId><BICFI>RHUBDEFFXXX</BICFI></FinInstnId></FIId></Fr>` +
            `<To><FIId><FinInstnId><BICFI>RHUBDEFFXXX</BICFI></FinInstnId></FIId></To><BizMsgIdr>${run}-m1</BizMsgIdr><MsgDefIdr>pain.001.001.09</MsgDefIdr>` +
            `<CreDt>2026-11-18T10:00:00Z</CreDt></AppHdr>`;
        const post = (xml: string): Promise<Response> =>
            fetch(`http://127.0.0.1:${PORTS.bank1}/v1/iso20022/pain.001`, {
                method: 'POST',
                headers: { Authorization: `Bearer ${apiKey('bank1')}`, 'Content-Type': 'application/xml', 'Idempotency-Key': randomUUID() },
                body: xml,
                signal: AbortSignal.timeout(60_000),
            });
        // Addressed to another bank: refused whole, nothing paid.
        const misaddressed = await post(`<Envelope>${header.replace('<To><FIId><FinInstnId><BICFI>RHUBDEFFXXX', '<To><FIId><FinInstnId><BICFI>PRCBCNGZXXX')}${document}</Envelope>`);
        expect(misaddressed.status).to.equal(422);
        expect(await misaddressed.json()).to.deep.include({ code: 'ISO20022_INVALID', field: 'AppHdr/To' });
        const res = await post(`<?xml version="1.0" encoding="UTF-8"?>\n<Envelope>${header}${document}</Envelope>`);
        const body = (await res.json()) as { items: { outcome: string; status?: string }[]; statusReport: { groupStatus: string; withHeader: boolean; xml: string } };
        expect(res.status, JSON.stringify(body)).to.equal(200);
        expect(body.items).to.have.length(1);
        expect(body.items[0]).to.include({ outcome: 'submitted', status: 'settled' });
        expect(body.statusReport).to.include({ groupStatus: 'ACSC', withHeader: true });
        const appHdr = /<AppHdr[\s>][\s\S]*<\/AppHdr>/.exec(body.statusReport.xml)?.[0] ?? '';
        expect(await schemaProblems('head.001.001.02', appHdr)).to.deep.equal([]);
        expect(texts(appHdr, 'MsgDefIdr')).to.deep.equal(['pain.002.001.10']);
        expect(texts(appHdr, 'BizMsgIdr')).to.deep.equal(texts(body.statusReport.xml, 'MsgId'));
        expect(texts(body.statusReport.xml, 'OrgnlMsgId')).to.deep.equal([`${run}-m1`]);
        // The payment it made, its pacs.008 with the header: both parts valid, the header from bank 1 to bank 2.
        const pacs008 = await message('bank1', `/v1/payments/${run}-p1/pacs.008?header=true`);
        expect(pacs008.status, pacs008.xml).to.equal(200);
        const pacsHeader = /<AppHdr[\s>][\s\S]*<\/AppHdr>/.exec(pacs008.xml)?.[0] ?? '';
        const pacsDocument = /<Document[\s>][\s\S]*<\/Document>/.exec(pacs008.xml)?.[0] ?? '';
        expect(await schemaProblems('head.001.001.02', pacsHeader)).to.deep.equal([]);
        expect(await schemaProblems('pacs.008.001.08', pacsDocument)).to.deep.equal([]);
        expect(texts(pacsHeader, 'BICFI')).to.deep.equal(['RHUBDEFFXXX', 'HHBKUS33XXX']);
        expect(texts(pacsHeader, 'BizMsgIdr')).to.deep.equal([texts(pacsDocument, 'MsgId')[0]]);
    });

    it('when a US customer pays a Chinese one in CNY at a firm quote and gets 40% refunded, then pacs.008 states the rate and the fee, and pacs.004 returns yuan for dollars', async () => {
        const now = Date.now();
        const rate = await call('bank2', 'POST', '/v1/fx/rates', {
            id: `usdcny-${run}`, base: 'USD', quote: 'CNY', bid: '7100000000', ask: '7200000000',
            validFrom: new Date(now - 1_000).toISOString(), validUntil: new Date(now + 3_600_000).toISOString(),
        });
        expect(rate.status, JSON.stringify(rate.body)).to.equal(201);
        const quoted = await call('bank2', 'POST', '/v1/fx/quotes', {
            quoteId: `${run}-q`, payer: dollars.address, provider: 'Bank2MSP', sourceCurrency: 'USD', targetCurrency: 'CNY', sourceAmount: '100.00', lifetimeSeconds: 300,
        });
        expect(quoted.status, JSON.stringify(quoted.body)).to.equal(201);
        const quote = quoted.body.quote as { rateSide: string; appliedRate: string; display: { sourceAmount: string; fee: string; debitTotal: string; targetAmount: string } };
        expect(quote.rateSide).to.equal('bid');
        const { display } = quote;
        // Bank 3 issues into bank 2's liquidity exactly the CNY this payment delivers: the liquidity ends where it began.
        const funded = await call('bank3', 'POST', '/v1/fx/liquidity/fundings', { reference: `ISO-${run}-in`, provider: 'Bank2MSP', currency: 'CNY', amount: display.targetAmount });
        expect(funded.status, JSON.stringify(funded.body)).to.equal(201);
        const topUp = await call('bank2', 'POST', '/v1/top-ups', { reference: `ISO-${run}`, address: dollars.address, currency: 'USD', amount: display.debitTotal });
        expect(topUp.status, JSON.stringify(topUp.body)).to.equal(201);
        await pay('bank2', dollars, { paymentId: `${run}-fx`, payee: yuan.address, amount: display.debitTotal, currency: 'USD', targetCurrency: 'CNY', quoteId: `${run}-q` });
        // 40% of the principal comes back: the payee returns 40% of the yuan at the payment's own rate, rounded up.
        const requested = await call('bank2', 'POST', '/v1/refunds', {
            refundId: `${run}-rfx`, paymentId: `${run}-fx`, amount: '40.00', reason: 'cancelled-by-user', evidenceRef: createHash('sha256').update(`${run}-fx`).digest('hex'),
        });
        expect(requested.status, JSON.stringify(requested.body)).to.equal(201);
        const approved = await call('bank3', 'POST', `/v1/refunds/${run}-rfx/approve`);
        expect(approved.status, JSON.stringify(approved.body)).to.equal(200);
        const target = toMinorUnits(display.targetAmount, 'CNY');
        const principal = toMinorUnits(display.sourceAmount, 'USD');
        const back = (target * 40_00n + principal - 1n) / principal;
        const yuanBack = toDecimal(back, 'CNY');
        expect(approved.body.refund).to.deep.include({ status: 'approved', fx: { provider: 'Bank2MSP', targetCurrency: 'CNY', targetAmount: yuanBack } });
        expect(await booked(dollars.address)).to.deep.equal({ USD: '4000' });
        expect(await booked(yuan.address)).to.deep.equal({ CNY: String(target - back) });
        // Before anything can fail: bank 2 takes out of its liquidity the USD the conversion kept and the CNY the refund
        // returned, bank 3 pays out the rest of the CNY, bank 2 the refunded USD.
        const outUsd = await call('bank2', 'POST', '/v1/fx/liquidity/defundings', { reference: `ISO-${run}-out`, currency: 'USD', amount: toDecimal(toMinorUnits(display.debitTotal, 'USD') - 40_00n, 'USD') });
        expect(outUsd.status, JSON.stringify(outUsd.body)).to.equal(201);
        const outCny = await call('bank2', 'POST', '/v1/fx/liquidity/defundings', { reference: `ISO-${run}-out-cny`, currency: 'CNY', amount: yuanBack });
        expect(outCny.status, JSON.stringify(outCny.body)).to.equal(201);
        const withdrawn = await call('bank3', 'POST', '/v1/withdrawals', { reference: `ISO-${run}`, address: yuan.address, currency: 'CNY', amount: toDecimal(target - back, 'CNY') });
        expect(withdrawn.status, JSON.stringify(withdrawn.body)).to.equal(201);
        const refunded = await call('bank2', 'POST', '/v1/withdrawals', { reference: `ISO-${run}-rfx`, address: dollars.address, currency: 'USD', amount: '40.00' });
        expect(refunded.status, JSON.stringify(refunded.body)).to.equal(201);

        const pacs004 = await eventually(async () => {
            const res = await message('regulator', `/v1/refunds/${run}-rfx/pacs.004`);
            return res.status === 200 ? res : undefined;
        });
        expect(await schemaProblems('pacs.004.001.09', pacs004.xml)).to.deep.equal([]);
        expect(texts(pacs004.xml, 'OrgnlIntrBkSttlmAmt')).to.deep.equal([display.targetAmount]);
        expect(texts(pacs004.xml, 'RtrdIntrBkSttlmAmt')).to.deep.equal([yuanBack]);
        expect(texts(pacs004.xml, 'RtrdInstdAmt')).to.deep.equal(['40.00']);


        for (const org of ['bank2', 'bank3', 'regulator'] as const) {
            const pacs008 = await message(org, `/v1/payments/${run}-fx/pacs.008`);
            expect(pacs008.status, `${org}: ${pacs008.xml}`).to.equal(200);
            expect(await schemaProblems('pacs.008.001.08', pacs008.xml)).to.deep.equal([]);
            expect(pacs008.xml).to.contain(`<IntrBkSttlmAmt Ccy="CNY">${display.targetAmount}</IntrBkSttlmAmt>`);
            expect(pacs008.xml).to.contain(`<InstdAmt Ccy="USD">${display.sourceAmount}</InstdAmt>`);
            // The bid applies as it is: one USD buys appliedRate / 10^9 CNY.
            const rate = BigInt(quote.appliedRate);
            expect(texts(pacs008.xml, 'XchgRate')).to.deep.equal([`${rate / 1_000_000_000n}.${(rate % 1_000_000_000n).toString().padStart(9, '0')}`.replace(/\.?0+$/, '')]);
            expect(texts(pacs008.xml, 'ChrgBr')).to.deep.equal(['DEBT']);
            expect(pacs008.xml).to.match(new RegExp(`<ChrgsInf>\\s*<Amt Ccy="USD">${display.fee.replace('.', '\\.')}</Amt>\\s*<Agt>\\s*<FinInstnId>\\s*<BICFI>HHBKUS33XXX</BICFI>`));
            expect(texts(pacs008.xml, 'QuoteId')).to.deep.equal([`${run}-q`]);
        }
        const credit = await message('bank3', `/v1/payments/${run}-fx/camt.054`);
        expect(await schemaProblems('camt.054.001.08', credit.xml)).to.deep.equal([]);
        expect(credit.xml).to.contain(`<Amt Ccy="CNY">${display.targetAmount}</Amt>`).and.contain('<CdtDbtInd>CRDT</CdtDbtInd>');
        const debit = await message('bank2', `/v1/payments/${run}-fx/camt.054`);
        expect(await schemaProblems('camt.054.001.08', debit.xml)).to.deep.equal([]);
        expect(debit.xml).to.contain(`<Amt Ccy="USD">${display.debitTotal}</Amt>`).and.contain('<CdtDbtInd>DBIT</CdtDbtInd>');

        // The payee's bank finds the receipt by what its customer was credited, in yuan; not by the payer's dollars.
        const receipts = async (query: string): Promise<string[]> => {
            const res = await call('bank3', 'GET', `/v1/transactions?type=receipt&account=${yuan.address}&${query}`);
            expect(res.status, JSON.stringify(res.body)).to.equal(200);
            return (res.body.items as { serialNumber: string }[]).map((i) => i.serialNumber);
        };
        const byCredit = await eventually(async () => {
            const found = await receipts(`currency=CNY&minAmount=${display.targetAmount}&maxAmount=${display.targetAmount}`);
            return found.length > 0 ? found : undefined;
        });
        expect(byCredit).to.deep.equal([`${run}-fx`]);
        expect(await receipts(`currency=USD&minAmount=${display.debitTotal}&maxAmount=${display.debitTotal}`)).to.deep.equal([]);
        // The payer's bank still finds it by the debit, fee included.
        const remittances = await call('bank2', 'GET', `/v1/transactions?type=remittance&account=${dollars.address}&currency=USD&minAmount=${display.debitTotal}&maxAmount=${display.debitTotal}`);
        expect((remittances.body.items as { serialNumber: string }[]).map((i) => i.serialNumber)).to.deep.equal([`${run}-fx`]);

    });

    it('then money is conserved: what bob kept goes back to alice, alice\'s euros are withdrawn, and every account of the test is empty', async () => {
        // 100.00 minted, 30.00 to bob, 10.00 refunded, 5.00 by pain.001: bob holds 25.00 and alice 75.00.
        expect(await booked(bob.address)).to.deep.equal({ EUR: '2500' });
        await pay('bank2', bob, { paymentId: `${run}-back`, payee: alice.address, amount: '25.00', currency: 'EUR' });
        const withdrawn = await call('bank1', 'POST', '/v1/withdrawals', { reference: `ISO-${run}`, address: alice.address, currency: 'EUR', amount: '100.00' });
        expect(withdrawn.status, JSON.stringify(withdrawn.body)).to.equal(201);
        for (const wallet of [alice, bob, dollars, yuan]) {
            expect(await booked(wallet.address), wallet.name).to.deep.equal({});
        }
    });
});
