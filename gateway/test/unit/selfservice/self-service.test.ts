import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { cancellationBytes, canonicalize, createQuote, showAmount, verifySignature, parsePublicKey } from '@corridor/chaincode/api';
import { AppError } from '../../../src/errors';
import { addressOf } from '../../../src/custody/ledger-account-service';
import { currentAgreements } from '../../../src/selfservice/agreement-texts';
import { maskName } from '../../../src/selfservice/payee-directory';
import { bearer, stubLedger, testApp, type LedgerStub } from '../../support/test-app';
import { memberRecord, paymentRecord, supplyRecord } from '../../support/ledger-records';
import { testCustomers, type TestCustomers } from '../customers/customer-fixtures';
import { rate } from '../iso20022/fx-fixture';

/**
 * Customer self-service on a stub ledger: quotes, cancellations, refund requests and
 * top-ups, each for the signed-in customer's own account only, and the teller's
 * confirmation of a top-up, minted once.
 */

const IBAN = 'DE89370400440532013000';
const OTHER = `cx${'9'.repeat(48)}`;
const BANK1 = memberRecord({ mspId: 'Bank1MSP', legalName: 'Rheinufer Bank AG', bic: 'RHUBDEFFXXX', country: 'DE', role: 'bank', currencies: ['EUR'], fxProvider: true });

interface World {
    app: Awaited<ReturnType<typeof testApp>>['app'];
    ledger: LedgerStub;
    customers: TestCustomers;
    customerId: string;
    address: string;
    publicKey: string;
    submitted: { tx: string; body: Record<string, unknown> }[];
}

/** The quote the chaincode would price for the request, as Fx:RequestQuote answers it. */
function quoteAnswer(body: Record<string, unknown>): string {
    const quote = createQuote(
        { id: body.quoteId as string, provider: body.provider as string, payer: body.payer as string, sourceCurrency: body.sourceCurrency as string, targetCurrency: body.targetCurrency as string, sourceAmount: BigInt((body.sourceAmount as string).replace('.', '')), lifetimeSeconds: body.lifetimeSeconds as number },
        { ...rate('EUR', 'USD', 108_000_000n, 110_000_000n), provider: body.provider as string },
        { currency: 'EUR', fixed: 0n, basisPoints: 0 },
        '2026-11-18T10:00:00.000Z',
    );
    const display = { sourceAmount: showAmount(quote.sourceAmount, 'EUR'), fee: showAmount(quote.fee, 'EUR'), debitTotal: showAmount(quote.debitTotal, 'EUR'), targetAmount: showAmount(quote.targetAmount, 'USD'), spreadCost: showAmount(quote.spreadCost, 'USD') };
    return canonicalize({ ...quote, display });
}

async function world(settings: { topUpIban?: string } = { topUpIban: IBAN }): Promise<World> {
    const customers = await testCustomers({ settings });
    const user = await customers.store.findUserByContact({ email: 'customer.seeded@corridor.example' });
    if (user === undefined) throw new Error('no seeded customer');
    const key = await customers.module.wallets.createCustodial(user.id, '127.0.0.1');
    const address = addressOf(key.publicKey);
    await customers.store.insertLedgerAccount({ userId: user.id, address, holderRef: 'h'.repeat(64), openedAt: customers.clock.now().toISOString(), txId: 'tx-open' });
    const ledger = stubLedger();
    const submitted: World['submitted'] = [];
    const quotes = new Map<string, string>();
    let n = 0;
    ledger.submit.callsFake(async (tx: string, args: string[]) => {
        const body = JSON.parse(args[0] as string) as Record<string, unknown>;
        submitted.push({ tx, body });
        n += 1;
        const answer = (result: string) => ({ result, txId: `${n}`.padStart(64, '0'), blockNumber: String(10 + n) });
        if (tx === 'Fx:RequestQuote') {
            const quote = quoteAnswer(body);
            quotes.set(body.quoteId as string, quote);
            return answer(quote);
        }
        if (tx === 'Payments:CancelPayment') return answer(JSON.stringify(paymentRecord({ paymentId: body.paymentId, payer: address }, { status: 'cancelled' })));
        if (tx === 'Payments:RequestRefund') {
            return answer(JSON.stringify({ refundId: body.refundId, paymentId: body.paymentId, amount: body.amount, currency: 'EUR', reason: body.reason, evidenceRef: body.evidenceRef, payer: address, payee: OTHER, status: 'requested', requestedBy: 'Bank1MSP', requestedAt: '2026-01-05T10:00:00.000Z', txId: 'tx-refund' }));
        }
        if (tx === 'Accounts:Mint') return answer(JSON.stringify(supplyRecord(body)));
        throw new Error(`unexpected ${tx}`);
    });
    ledger.evaluate.callsFake(async (tx: string, id: string) => {
        if (tx === 'Members:GetMember') return JSON.stringify(BANK1);
        if (tx === 'Payments:GetPayment') return JSON.stringify(paymentRecord({ paymentId: id, payer: id === 'p-other' ? OTHER : address }, { status: 'held' }));
        if (tx === 'Fx:GetQuote') {
            const quote = quotes.get(id);
            if (quote === undefined) throw new AppError('NOT_FOUND', `quote ${id} does not exist`);
            return quote;
        }
        throw new Error(`unexpected ${tx}`);
    });
    const { app } = await testApp(ledger, customers);
    return { app, ledger, customers, customerId: user.id, address, publicKey: key.publicKey, submitted };
}

function post(w: World, path: string, body: unknown, as: Parameters<typeof bearer>[0] = 'customer'): request.Test {
    return request(w.app).post(path).set('Authorization', bearer(as)).set('Idempotency-Key', randomUUID()).send(body as object);
}

describe('self-service: agreements', () => {
    it('when anyone asks for the agreements, then the configured versions come with their texts in both languages', async () => {
        const { app } = await testApp();
        const res = await request(app).get('/v1/agreements');
        expect(res.status).to.equal(200);
        expect(res.body.userServiceAgreement.version).to.equal('2026-01');
        expect(res.body.privacyPolicy.text['zh-CN']).to.be.a('string').and.not.equal('');
    });

    it('when a version without a built-in text is configured, then the gateway refuses to start with it', () => {
        expect(() => currentAgreements({ userServiceAgreement: '2099-01', privacyPolicy: '2026-01' })).to.throw(/2099-01/);
    });
});

describe('self-service: quotes, cancellation and refund requests on my own account', () => {
    it('when a customer asks a quote, then the bank asks it for their own account with its provider and a 120-second lifetime, and they can read it back', async () => {
        const w = await world();
        const res = await post(w, '/v1/me/quotes', { quoteId: 'q-1', sourceCurrency: 'EUR', targetCurrency: 'USD', sourceAmount: '100.00' });
        expect(res.status, res.text).to.equal(201);
        expect(w.submitted).to.deep.equal([{ tx: 'Fx:RequestQuote', body: { quoteId: 'q-1', sourceCurrency: 'EUR', targetCurrency: 'USD', sourceAmount: '100.00', payer: w.address, provider: 'Bank1MSP', lifetimeSeconds: 120 } }]);
        expect(res.body.quote.display.debitTotal).to.equal('100.00');
        const read = await request(w.app).get('/v1/me/quotes/q-1').set('Authorization', bearer('customer'));
        expect([read.status, read.body.quote.id]).to.deep.equal([200, 'q-1']);
    });

    it('when the quote request names a payer, two amounts, one currency twice or a third decimal, then 400 and nothing is asked of the ledger', async () => {
        const w = await world();
        const base = { quoteId: 'q-1', sourceCurrency: 'EUR', targetCurrency: 'USD', sourceAmount: '100.00' };
        for (const [body, code] of [
            [{ ...base, payer: OTHER }, 'VALIDATION_FAILED'],
            [{ ...base, targetAmount: '5.00' }, 'VALIDATION_FAILED'],
            [{ ...base, targetCurrency: 'EUR' }, 'VALIDATION_FAILED'],
            [{ ...base, sourceAmount: '1.001' }, 'AMOUNT_TOO_PRECISE'],
            [{ ...base, sourceCurrency: 'XXX' }, 'UNSUPPORTED_CURRENCY'],
        ] as const) {
            const res = await post(w, '/v1/me/quotes', body);
            expect([res.status, res.body.code], JSON.stringify(body)).to.deep.equal([400, code]);
        }
        expect(w.submitted).to.deep.equal([]);
    });

    it('when a customer without a ledger account asks a quote, then 404', async () => {
        const customers = await testCustomers();
        const { app, ledger } = await testApp(undefined, customers);
        const res = await request(app).post('/v1/me/quotes').set('Authorization', bearer('customer')).set('Idempotency-Key', randomUUID()).send({ quoteId: 'q-1', sourceCurrency: 'EUR', targetCurrency: 'USD', sourceAmount: '1.00' });
        expect([res.status, res.body.code]).to.deep.equal([404, 'NOT_FOUND']);
        expect(ledger.submit.called).to.equal(false);
    });

    it('when a customer cancels their held payment, then the bank signs the cancellation with their custodial key; another account\'s payment is not found and nothing is sent', async () => {
        const w = await world();
        const res = await post(w, '/v1/me/payments/p-1/cancellation', {});
        expect(res.status, res.text).to.equal(200);
        const [sent] = w.submitted;
        expect(sent?.tx).to.equal('Payments:CancelPayment');
        expect(verifySignature(parsePublicKey(w.publicKey), cancellationBytes('p-1'), sent?.body.signature as string)).to.equal(true);
        const other = await post(w, '/v1/me/payments/p-other/cancellation', {});
        expect([other.status, other.body.code]).to.deep.equal([404, 'NOT_FOUND']);
        expect(w.submitted).to.have.length(1);
    });

    it('when a customer asks a refund with a message, then only the message\'s SHA-256 reaches the ledger; a reason outside the list is refused', async () => {
        const w = await world();
        const message = 'I typed the wrong address, my neighbour Mrs Example';
        const res = await post(w, '/v1/me/refund-requests', { refundId: 'r-1', paymentId: 'p-1', amount: '5.00', reason: 'wrong-payee', message });
        expect(res.status, res.text).to.equal(201);
        const [sent] = w.submitted;
        expect(sent?.body).to.deep.equal({ refundId: 'r-1', paymentId: 'p-1', amount: '5.00', reason: 'wrong-payee', evidenceRef: createHash('sha256').update(`corridor-refund-message-v1:r-1:${message}`).digest('hex') });
        const bad = await post(w, '/v1/me/refund-requests', { refundId: 'r-2', paymentId: 'p-1', amount: '5.00', reason: 'changed-my-mind' });
        expect([bad.status, bad.body.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
        const notMine = await post(w, '/v1/me/refund-requests', { refundId: 'r-3', paymentId: 'p-other', amount: '5.00', reason: 'other' });
        expect([notMine.status, notMine.body.code]).to.deep.equal([404, 'NOT_FOUND']);
        expect(w.submitted).to.have.length(1);
    });

    it('when a custodial payment names a target currency without a quote, then 400 before anything is signed', async () => {
        const w = await world();
        const res = await post(w, '/v1/me/payments', { paymentId: 'p-9', payee: OTHER, amount: '10.00', currency: 'EUR', purpose: 'GDDS', targetCurrency: 'USD' });
        expect([res.status, res.body.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
        expect(w.submitted).to.deep.equal([]);
    });
});

describe('self-service: top-ups', () => {
    async function requested(w: World, body: unknown = { currency: 'EUR', amount: '100.00' }): Promise<request.Response> {
        return post(w, '/v1/me/top-ups', body);
    }

    it('when a customer asks to top up, then they get the bank\'s transfer instructions with a reference of their own, and see the request listed', async () => {
        const w = await world();
        const res = await requested(w);
        expect(res.status, res.text).to.equal(201);
        expect(res.body.reference).to.match(/^TU[0-9A-HJKMNP-TV-Z]{12}$/);
        expect(res.body.instructions).to.deep.equal({ beneficiary: 'Rheinufer Bank AG', iban: IBAN, bic: 'RHUBDEFFXXX', reference: res.body.reference, amount: '100.00', currency: 'EUR' });
        expect(res.body).to.deep.include({ status: 'requested', address: w.address, mintedAmount: null });
        const again = await requested(w);
        expect(again.body.reference, 'each request has its own reference').to.not.equal(res.body.reference);
        const newest = await request(w.app).get('/v1/me/top-ups').query({ limit: 1 }).set('Authorization', bearer('customer'));
        expect([newest.status, newest.body.topUps?.length], newest.text).to.deep.equal([200, 1]);
        const mine = await request(w.app).get('/v1/me/top-ups').set('Authorization', bearer('customer'));
        expect(mine.body.topUps.map((t: { reference: string }) => t.reference)).to.have.members([res.body.reference, again.body.reference]);
        expect(w.submitted, 'nothing is minted before the money arrives').to.deep.equal([]);
    });

    it('when the currency is not one this bank issues, or the bank has no receiving account, then the request is refused and nothing is stored', async () => {
        const w = await world();
        const usd = await requested(w, { currency: 'USD', amount: '10.00' });
        expect([usd.status, usd.body.code, usd.body.field]).to.deep.equal([400, 'UNSUPPORTED_CURRENCY', 'currency']);
        const none = await world({});
        const closed = await requested(none);
        expect([closed.status, closed.body.code]).to.deep.equal([404, 'NOT_FOUND']);
        for (const bad of [{ currency: 'EUR', amount: '0' }, { currency: 'EUR', amount: '1.001' }, { currency: 'EUR' }, { currency: 'EUR', amount: '5', address: OTHER }]) {
            const res = await requested(w, bad);
            expect(res.status, JSON.stringify(bad)).to.equal(400);
        }
        expect(await w.customers.store.listTopUps({}, 10)).to.deep.equal([]);
    });

    it('when a teller confirms the transfer by its reference, then what arrived is minted into the customer\'s account once; the same confirmation again mints nothing, another amount is refused', async () => {
        const w = await world();
        const { reference } = (await requested(w)).body as { reference: string };
        const pending = await request(w.app).get('/v1/top-up-requests').query({ status: 'requested', limit: 10 }).set('Authorization', bearer('teller'));
        expect(pending.body.topUps.map((t: { reference: string }) => t.reference)).to.deep.equal([reference]);
        const confirm = (amount: string) => post(w, `/v1/top-up-requests/${reference}/confirmation`, { currency: 'EUR', amount }, 'teller');
        const first = await confirm('99.50');
        expect(first.status, first.text).to.equal(200);
        expect(first.body.topUp).to.deep.include({ status: 'confirmed', mintedAmount: '99.50' });
        expect(w.submitted).to.deep.equal([{ tx: 'Accounts:Mint', body: { reference, address: w.address, currency: 'EUR', amount: '99.50' } }]);
        const repeat = await confirm('99.5');
        expect([repeat.status, repeat.body.topUp.txId]).to.deep.equal([200, first.body.topUp.txId]);
        const other = await confirm('100.00');
        expect([other.status, other.body.code]).to.deep.equal([409, 'ALREADY_EXISTS']);
        expect(w.submitted, 'minted once').to.have.length(1);
    });

    it('when the mint was recorded by an earlier try whose answer was lost, then the confirmation completes without a second mint', async () => {
        const w = await world();
        const { reference } = (await requested(w)).body as { reference: string };
        w.ledger.submit.rejects(new AppError('DUPLICATE_REQUEST', `mint ${reference} is already recorded`));
        const res = await post(w, `/v1/top-up-requests/${reference}/confirmation`, { currency: 'EUR', amount: '100.00' }, 'teller');
        expect(res.status, res.text).to.equal(200);
        expect(res.body.topUp).to.deep.include({ status: 'confirmed', mintedAmount: '100.00', txId: null });
    });

    it('when the reference is unknown, malformed or the currency differs, then the confirmation is refused and nothing is minted', async () => {
        const w = await world();
        const { reference } = (await requested(w)).body as { reference: string };
        const unknown = await post(w, '/v1/top-up-requests/TU0000000000AA/confirmation', { currency: 'EUR', amount: '1.00' }, 'teller');
        expect([unknown.status, unknown.body.code]).to.deep.equal([404, 'NOT_FOUND']);
        const malformed = await post(w, '/v1/top-up-requests/TU-lower-case/confirmation', { currency: 'EUR', amount: '1.00' }, 'teller');
        expect([malformed.status, malformed.body.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
        const currency = await post(w, `/v1/top-up-requests/${reference}/confirmation`, { currency: 'USD', amount: '1.00' }, 'teller');
        expect([currency.status, currency.body.code, currency.body.field]).to.deep.equal([400, 'VALIDATION_FAILED', 'currency']);
        expect(w.submitted).to.deep.equal([]);
    });
});

describe('self-service: the teller finds a customer', () => {
    it('when a teller searches by phone, email, name (any case or width) or ledger address, then the bank\'s customer is found with their address; staff never are', async () => {
        const w = await world();
        await w.customers.store.updateContact(w.customerId, 'sms', '+4915112345678', w.customers.clock.now().toISOString());
        const find = (query: Record<string, string>) => request(w.app).get('/v1/customers').query(query).set('Authorization', bearer('teller'));
        for (const query of [{ phone: '+49 151 1234 5678' }, { email: 'Customer.Seeded@corridor.example' }, { name: 'SEEDED  customer' }, { address: w.address }] as Record<string, string>[]) {
            const res = await find(query);
            expect(res.status, res.text).to.equal(200);
            expect(res.body.customers, JSON.stringify(query)).to.have.length(1);
            expect(res.body.customers[0]).to.deep.include({ customerId: w.customerId, name: 'Seeded customer', address: w.address });
        }
        expect((await find({ name: 'seeded customer', limit: '1' })).body.customers, 'a limit in the query').to.have.length(1);
        expect((await find({ name: 'seeded customer', limit: '51' })).body.code).to.equal('VALIDATION_FAILED');
        const staff = await find({ email: 'teller.seeded@corridor.example' });
        expect(staff.body.customers).to.deep.equal([]);
        const nobody = await find({ address: OTHER });
        expect(nobody.body.customers).to.deep.equal([]);
    });

    it('when the search gives two keys, none, or a malformed phone, then 400; a customer may not search', async () => {
        const w = await world();
        const find = (query: Record<string, string>, as: Parameters<typeof bearer>[0] = 'teller') => request(w.app).get('/v1/customers').query(query).set('Authorization', bearer(as));
        expect((await find({ phone: '+4915112345678', name: 'x' })).body.code).to.equal('VALIDATION_FAILED');
        expect((await find({})).body.code).to.equal('VALIDATION_FAILED');
        expect((await find({ phone: '12' })).body.code).to.equal('PHONE_INVALID');
        expect((await find({ name: 'x' }, 'customer')).status).to.equal(403);
    });
});

describe('self-service: payee by alias', () => {
    it('when a customer looks up another customer of the bank by phone or email, then they get the address and a masked name; staff and unknown aliases are not found', async () => {
        const w = await world();
        await w.customers.store.updateContact(w.customerId, 'sms', '+4915112345678', w.customers.clock.now().toISOString());
        const lookUp = (alias: string) => request(w.app).get('/v1/me/payees').query({ alias }).set('Authorization', bearer('customer'));
        const byPhone = await lookUp('+49 151 1234 5678');
        expect(byPhone.status, byPhone.text).to.equal(200);
        expect(byPhone.body.payee).to.deep.equal({ address: w.address, displayName: 'S***** c*******' });
        expect(JSON.stringify(byPhone.body)).to.not.include('Seeded');
        expect((await lookUp('CUSTOMER.seeded@corridor.example')).body.payee.address).to.equal(w.address);
        expect((await lookUp('teller.seeded@corridor.example')).status, 'staff are not payees').to.equal(404);
        expect((await lookUp('nobody@corridor.example')).status).to.equal(404);
        expect((await lookUp('+12')).body.code).to.equal('PHONE_INVALID');
    });

    it('when a customer makes an eleventh lookup within a minute, found or not, then it is refused; a minute later it is answered again', async () => {
        const w = await world();
        const lookUp = () => request(w.app).get('/v1/me/payees').query({ alias: 'nobody@corridor.example' }).set('Authorization', bearer('customer'));
        for (let i = 0; i < 10; i += 1) {
            expect((await lookUp()).status).to.equal(404);
        }
        const refused = await lookUp();
        expect([refused.status, refused.body.code]).to.deep.equal([429, 'RATE_LIMITED']);
        w.customers.clock.advance(60);
        expect((await lookUp()).status).to.equal(404);
    });
});

describe('self-service: masked names', () => {
    it('when a name is masked, then each part keeps its first character, whole graphemes included, and nothing else', () => {
        expect(maskName('  Ada   Lovelace ')).to.equal('A** L*******');
        expect(maskName('张伟')).to.equal('张*');
        expect(maskName('Zoë')).to.equal('Z**');
        expect(maskName('é')).to.equal('é*');
    });
});
