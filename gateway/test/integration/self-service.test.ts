import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { call, eventually, uniqueId, type Org, type Reply } from '../support/network';

/**
 * Issue 16's self-service API on the dev network, the way a newcomer meets it: the
 * agreement versions read from the gateway, every code read from the dev mailbox (the SMS
 * went through the dev SMS sink, the mail through the dev mail server), a top-up asked by
 * the customer and confirmed by a teller who found the customer, a quote and a cross-currency payment, a held
 * payment cancelled, a refund asked. After the money moves, every currency is conserved.
 */

const PORTS: Record<Org, number> = { bank1: 3001, bank2: 3002, bank3: 3003, regulator: 3004 };

async function http(org: Org, method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<Reply> {
    const res = await fetch(`http://127.0.0.1:${PORTS[org]}${path}`, {
        method,
        headers: {
            'Content-Type': 'application/json',
            ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
            ...(method === 'POST' ? { 'Idempotency-Key': randomUUID() } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    return { status: res.status, body: text.length > 0 ? JSON.parse(text) : undefined };
}

function ok(res: Reply, status: number): void {
    expect(res.status, JSON.stringify(res.body)).to.equal(status);
}

/** The newest code of a template in the dev mailbox of the address. */
async function mailboxCode(org: Org, to: string, template: string): Promise<{ code: string; entry: { template: string; status: string; body: string } }> {
    return eventually(async () => {
        const box = await http(org, 'GET', `/v1/dev/mailbox?to=${encodeURIComponent(to)}&limit=5`);
        ok(box, 200);
        const entry = (box.body.messages as { template: string; status: string; body: string }[]).find((m) => m.template === template && m.status === 'sent');
        const code = /\b(\d{6})\b/.exec(entry?.body ?? '')?.[1];
        return entry === undefined || code === undefined ? undefined : { code, entry };
    });
}

interface Person {
    name: string;
    phone: string;
    email: string;
    password: string;
}

function person(run: string, name: string): Person {
    return {
        name: `${name} Example`,
        phone: `+49152${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`,
        email: `${name.toLowerCase()}.${run}@corridor-test.example`,
        password: `Kw8!${randomBytes(6).toString('hex')}-harbour-violet`,
    };
}

/** Registers with the agreement versions the gateway serves and the SMS code; signs in with the second factor; returns id and token. */
async function join(org: Org, who: Person): Promise<{ id: string; token: string }> {
    const agreements = await http(org, 'GET', '/v1/agreements');
    ok(agreements, 200);
    const started = await http(org, 'POST', '/v1/auth/register', {
        phone: who.phone, email: who.email, name: who.name, password: who.password, verifyBy: 'sms',
        agreements: { userServiceAgreement: agreements.body.userServiceAgreement.version, privacyPolicy: agreements.body.privacyPolicy.version },
    });
    ok(started, 202);
    const sms = await mailboxCode(org, who.phone, 'register-code');
    const verified = await http(org, 'POST', '/v1/auth/register/verify', { registrationId: started.body.registrationId, code: sms.code });
    ok(verified, 201);
    const first = await http(org, 'POST', '/v1/auth/login', { identifier: who.phone, password: who.password });
    ok(first, 200);
    const second = await http(org, 'POST', '/v1/auth/login/verify', { challengeId: first.body.challengeId, code: (await mailboxCode(org, first.body.channel === 'sms' ? who.phone : who.email, 'login-code')).code });
    ok(second, 201);
    return { id: verified.body.customerId as string, token: second.body.token as string };
}

async function staff(org: Org, run: string, role: 'teller' | 'compliance_officer'): Promise<string> {
    const who = person(run, role.replace('_', ''));
    ok(await call(org, 'POST', '/v1/staff', { role, phone: who.phone, email: who.email, name: who.name, password: who.password }), 201);
    const first = await http(org, 'POST', '/v1/auth/login', { identifier: who.email, password: who.password });
    ok(first, 200);
    const code = (await mailboxCode(org, first.body.channel === 'sms' ? who.phone : who.email, 'login-code')).code;
    const second = await http(org, 'POST', '/v1/auth/login/verify', { challengeId: first.body.challengeId, code });
    ok(second, 201);
    return second.body.token as string;
}

/** A custodial key, KYC approved at tier 2 by the bank's officer; returns the ledger address. */
async function openAccount(org: Org, customer: { id: string; token: string }, officer: string): Promise<string> {
    const key = await http(org, 'POST', '/v1/me/wallet-key', { mode: 'custodial' }, customer.token);
    ok(key, 201);
    ok(await http(org, 'POST', '/v1/me/kyc', {
        legalName: 'Test Customer', dateOfBirth: '1990-05-17', nationality: 'DE', address: 'Rheinufer 1, Frankfurt',
        idDocument: { type: 'national_id', number: 'L01X00T47', issuingCountry: 'DE', expiresOn: '2031-08-01' }, documentRefs: ['doc:id-front'],
    }, customer.token), 202);
    ok(await http(org, 'POST', `/v1/kyc/${customer.id}/decision`, { decision: 'approve', reason: 'identity documents checked', tier: 2, highRisk: false }, officer), 200);
    const address = key.body.account.address as string;
    await eventually(async () => ((await call('regulator', 'GET', `/v1/accounts/${address}`)).body?.kycTier === 2 ? true : undefined));
    return address;
}

async function available(address: string, currency: string): Promise<string | undefined> {
    const res = await call('regulator', 'GET', `/v1/accounts/${address}/balances`);
    ok(res, 200);
    return (res.body.balances as { currency: string; available: string }[]).find((b) => b.currency === currency)?.available;
}

function minor(amount: string): bigint {
    const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
    const value = BigInt(whole + fraction.padEnd(2, '0'));
    return amount.startsWith('-') ? -value : value;
}

/** Per currency, what every bank's accounts hold (liquidity included), as the regulator reads it, equals issued minus redeemed. */
async function expectConserved(): Promise<void> {
    let last = '';
    try {
        await eventually(async () => {
            const supply = await call('regulator', 'GET', '/v1/supply');
            const circulating = Object.fromEntries((supply.body.items as { currency: string; circulating: string }[]).map((s) => [s.currency, minor(s.circulating).toString()]));
            const held: Record<string, bigint> = {};
            for (const bank of ['Bank1MSP', 'Bank2MSP', 'Bank3MSP']) {
                const res = await call('regulator', 'GET', `/v1/statements?bank=${bank}&from=2020-01-01&to=2100-01-01&limit=1`);
                for (const c of res.body.currencies as { currency: string; closing: { balance: string } }[]) {
                    held[c.currency] = (held[c.currency] ?? 0n) + minor(c.closing.balance);
                }
            }
            const heldText = JSON.stringify(Object.entries(held).sort().map(([c, v]) => [c, v.toString()]));
            last = `held ${heldText}, circulating ${JSON.stringify(Object.entries(circulating).sort())}`;
            return heldText === JSON.stringify(Object.entries(circulating).sort()) ? true : undefined;
        }, 30_000);
    } catch {
        expect.fail(`a currency is not conserved: ${last}`);
    }
}

describe('customer self-service on the real network: mailbox, top-up, teller search, quote, cross-currency payment, cancel, refund', function () {
    this.timeout(300_000);
    const run = uniqueId('self').replace(/[^a-z0-9]/gi, '');
    const alice = person(run, 'Alice');
    const bob = person(run, 'Bob');
    let officer1: string;
    let teller1: string;
    let aliceToken: string;
    let aliceAddress: string;
    let bobAddress: string;
    let reference: string;

    before(async () => {
        officer1 = await staff('bank1', run, 'compliance_officer');
        teller1 = await staff('bank1', run, 'teller');
    });

    it('when alice registers at bank 1 by phone, then the code reached the SMS sink (delivered) and the dev mailbox shows it; she signs in and opens an account', async () => {
        const joined = await join('bank1', alice);
        aliceToken = joined.token;
        const { entry } = await mailboxCode('bank1', alice.phone, 'register-code');
        expect(entry).to.include({ channel: 'sms', status: 'sent', deliveryStatus: 'delivered' });
        aliceAddress = await openAccount('bank1', joined, officer1);
        const officer2 = await staff('bank2', run, 'compliance_officer');
        bobAddress = await openAccount('bank2', await join('bank2', bob), officer2);
    });

    it('when alice asks to top up 300 EUR, then she gets bank 1\'s instructions; the teller confirms by the reference and exactly what arrived is minted, once', async () => {
        const asked = await http('bank1', 'POST', '/v1/me/top-ups', { currency: 'EUR', amount: '300.00' }, aliceToken);
        ok(asked, 201);
        reference = asked.body.reference as string;
        expect(asked.body.instructions).to.deep.include({ beneficiary: 'Rheinufer Bank AG', iban: 'DE89370400440532013000', bic: 'RHUBDEFFXXX', reference });
        const usd = await http('bank1', 'POST', '/v1/me/top-ups', { currency: 'USD', amount: '1.00' }, aliceToken);
        expect([usd.status, usd.body.code]).to.deep.equal([400, 'UNSUPPORTED_CURRENCY']);
        const confirmed = await http('bank1', 'POST', `/v1/top-up-requests/${reference}/confirmation`, { currency: 'EUR', amount: '300.00' }, teller1);
        ok(confirmed, 200);
        expect(confirmed.body.topUp).to.include({ status: 'confirmed', mintedAmount: '300.00' });
        const again = await http('bank1', 'POST', `/v1/top-up-requests/${reference}/confirmation`, { currency: 'EUR', amount: '300.00' }, teller1);
        ok(again, 200);
        expect(await available(aliceAddress, 'EUR')).to.equal('300.00');
        const found = await http('bank1', 'GET', `/v1/customers?phone=${encodeURIComponent(alice.phone)}`, undefined, teller1);
        ok(found, 200);
        expect(found.body.customers.map((c: { address: string }) => c.address)).to.deep.equal([aliceAddress]);
        const otherBank = await http('bank1', 'GET', `/v1/me/payees?alias=${encodeURIComponent(bob.phone)}`, undefined, aliceToken);
        expect(otherBank.status, 'bank 1 reveals nothing of a bank 2 customer').to.equal(404);
        const notOurs = await http('bank1', 'GET', `/v1/customers?address=${bobAddress}`, undefined, teller1);
        expect(notOurs.body.customers, 'a customer of bank 2 is not found at bank 1').to.deep.equal([]);
        const byCustomer = await http('bank1', 'POST', `/v1/top-up-requests/${reference}/confirmation`, { currency: 'EUR', amount: '300.00' }, aliceToken);
        expect(byCustomer.status).to.equal(403);
        await expectConserved();
    });

    it('when alice pays with a hold and cancels, then her funds are available again', async () => {
        const held = await http('bank1', 'POST', '/v1/me/payments', { paymentId: `${run}-held`, payee: bobAddress, amount: '40.00', currency: 'EUR', purpose: 'GDDS', hold: true }, aliceToken);
        ok(held, 201);
        expect(held.body.payment.status).to.equal('held');
        expect(await available(aliceAddress, 'EUR')).to.equal('260.00');
        const cancelled = await http('bank1', 'POST', `/v1/me/payments/${run}-held/cancellation`, {}, aliceToken);
        ok(cancelled, 200);
        expect(cancelled.body.payment.status).to.equal('cancelled');
        expect(await available(aliceAddress, 'EUR')).to.equal('300.00');
        await expectConserved();
    });

    it('when bank 1 quotes EUR to USD for alice, then she pays bob in USD at exactly the quoted amounts, and asks a refund of a settled payment', async () => {
        // Bank 1 is the EUR->USD provider: bank 2 issues USD into bank 1's liquidity, bank 1 publishes its rate.
        ok(await call('bank2', 'POST', '/v1/fx/liquidity/fundings', { reference: `FED-${run}`, provider: 'Bank1MSP', currency: 'USD', amount: '10000.00' }), 201);
        const now = Date.now();
        ok(await call('bank1', 'POST', '/v1/fx/rates', { id: `eurusd-${run}`, base: 'EUR', quote: 'USD', bid: '1080000000', ask: '1100000000', validFrom: new Date(now - 60_000).toISOString(), validUntil: new Date(now + 3_600_000).toISOString() }), 201);
        const quoted = await http('bank1', 'POST', '/v1/me/quotes', { quoteId: `${run}-q`, sourceCurrency: 'EUR', targetCurrency: 'USD', sourceAmount: '100.00' }, aliceToken);
        ok(quoted, 201);
        const { display, payer } = quoted.body.quote as { display: { debitTotal: string; targetAmount: string }; payer: string };
        expect(payer).to.equal(aliceAddress);
        ok(await http('bank1', 'GET', `/v1/me/quotes/${run}-q`, undefined, aliceToken), 200);
        const paid = await http('bank1', 'POST', '/v1/me/payments', { paymentId: `${run}-fx`, payee: bobAddress, amount: display.debitTotal, currency: 'EUR', targetCurrency: 'USD', quoteId: `${run}-q`, purpose: 'GDDS' }, aliceToken);
        ok(paid, 201);
        expect(paid.body.payment.status).to.equal('settled');
        await eventually(async () => ((await available(bobAddress, 'USD')) === display.targetAmount ? true : undefined));

        const plain = await http('bank1', 'POST', '/v1/me/payments', { paymentId: `${run}-p`, payee: bobAddress, amount: '20.00', currency: 'EUR', purpose: 'GDDS' }, aliceToken);
        ok(plain, 201);
        const refund = await http('bank1', 'POST', '/v1/me/refund-requests', { refundId: `${run}-r`, paymentId: `${run}-p`, amount: '20.00', reason: 'wrong-payee', message: 'wrong person' }, aliceToken);
        ok(refund, 201);
        expect(refund.body.refund).to.include({ status: 'requested', reason: 'wrong-payee' });
        expect(JSON.stringify(refund.body)).to.not.include('wrong person');
        const tooMuch = await http('bank1', 'POST', '/v1/me/refund-requests', { refundId: `${run}-r2`, paymentId: `${run}-p`, amount: '0.01', reason: 'other' }, aliceToken);
        expect([tooMuch.status, tooMuch.body.code]).to.deep.equal([422, 'REFUND_EXCEEDS_PAYMENT']);
        await expectConserved();
    });
});
