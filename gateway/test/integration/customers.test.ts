import { signingBytes } from '@corridor/chaincode/api';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { join } from 'node:path';
import { newestDevMessage } from '../../src/notifications/dev-outbox';
import { expect } from 'chai';
import { call, callAs, eventually, ROOT, uniqueId, type Org, type Reply } from '../support/network';

/**
 * Issue 6 end to end on the dev network: customers register and sign in at their bank's
 * gateway, pass KYC, get topped up by a teller and pay a customer of another bank, with a
 * custodial key held by the bank or with a self-custody key that signs outside the gateway.
 *
 * Codes: the dev notifier queues every message in the outbox table of the gateway's
 * customers store (the log only says that a message was queued, never the code), and no
 * route reads the outbox. This test is the sender: it reads the newest message for the
 * recipient from .fabric/gateway/<org>/customers.sqlite, read-only.
 */

/** A call with a person's session token; writes carry a fresh Idempotency-Key. */
async function as(token: string, org: Org, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply> {
    return callAs(token, org, method, path, body);
}

async function anonymous(org: Org, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply> {
    return callAs(undefined, org, method, path, body);
}

/** The newest code sent to this recipient with this template, as the SMS or mail gateway would deliver it. */
/** The code in the newest dev-outbox message: the outbox is encrypted, so through the data dir's keys. */
async function codeFromOutbox(org: Org, recipient: string, template: string): Promise<string> {
    const body = await newestDevMessage(join(ROOT, '.fabric', 'gateway', org), recipient, template);
    const code = /\b(\d{6})\b/.exec(body ?? '')?.[1];
    if (code === undefined) {
        throw new Error(`no ${template} message for ${recipient} in the ${org} outbox`);
    }
    return code;
}

function ok(res: Reply, status: number): void {
    expect(res.status, JSON.stringify(res.body)).to.equal(status);
}

interface Person {
    email: string;
    phone: string;
    password: string;
}

function person(run: string, name: string): Person {
    return {
        email: `${name}.${run}@corridor-test.example`,
        phone: `+49151${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
        password: `Tq7!${randomBytes(6).toString('hex')}-zebra-lantern`,
    };
}

/** Registration with the emailed code; returns the customer id. */
async function register(org: Org, who: Person, name: string): Promise<string> {
    const started = await anonymous(org, 'POST', '/v1/auth/register', {
        phone: who.phone,
        email: who.email,
        name,
        password: who.password,
        agreements: { userServiceAgreement: '2026-01', privacyPolicy: '2026-01' },
        verifyBy: 'email',
    });
    ok(started, 202);
    const verified = await anonymous(org, 'POST', '/v1/auth/register/verify', {
        registrationId: started.body.registrationId,
        code: await codeFromOutbox(org, who.email, 'register-code'),
    });
    ok(verified, 201);
    return verified.body.customerId as string;
}

/** Password, then the second factor from the outbox; returns the session token. */
async function signIn(org: Org, who: Person): Promise<string> {
    const first = await anonymous(org, 'POST', '/v1/auth/login', { identifier: who.email, password: who.password });
    ok(first, 200);
    expect(first.body.channel).to.equal('email');
    const second = await anonymous(org, 'POST', '/v1/auth/login/verify', { challengeId: first.body.challengeId, code: await codeFromOutbox(org, who.email, 'login-code') });
    ok(second, 201);
    return second.body.token as string;
}

/** A staff member created by the bank's back office (admin API key), signed in. */
async function staff(org: Org, run: string, role: 'teller' | 'compliance_officer'): Promise<{ id: string; token: string }> {
    const who = person(run, role.replace('_', '-'));
    const created = await call(org, 'POST', '/v1/staff', { role, phone: who.phone, email: who.email, name: `Test ${role}`, password: who.password });
    ok(created, 201);
    return { id: created.body.userId as string, token: await signIn(org, who) };
}

const identity = {
    legalName: 'Test Customer',
    dateOfBirth: '1990-05-17',
    nationality: 'DE',
    address: 'Rheinufer 1, Frankfurt',
    idDocument: { type: 'national_id', number: 'L01X00T47', issuingCountry: 'DE', expiresOn: '2031-08-01' },
    documentRefs: ['doc:id-front', 'doc:id-back'],
};

async function approve(officer: string, customerId: string, token: string, tier: number): Promise<void> {
    ok(await as(token, 'bank1', 'POST', '/v1/me/kyc', identity), 202);
    ok(await as(officer, 'bank1', 'POST', `/v1/kyc/${customerId}/decision`, { decision: 'approve', reason: 'identity documents checked', tier, highRisk: false }), 200);
}

async function eurOnRegulator(address: string): Promise<string | undefined> {
    const res = await call('regulator', 'GET', `/v1/accounts/${address}/balances`);
    ok(res, 200);
    return (res.body.balances as { currency: string; available: string }[]).find((b) => b.currency === 'EUR')?.available;
}

describe('customers of two banks register, pass KYC, are topped up and pay, on the real network', function () {
    this.timeout(240_000);
    const run = uniqueId('cust').replace(/[^a-z0-9]/gi, '');
    const alice = person(run, 'alice');
    const bob = person(run, 'bob');
    const carol = person(run, 'carol');
    let officer: string;
    let teller: string;
    let aliceId: string;
    let aliceToken: string;
    let aliceAddress: string;
    let bobAddress: string;
    let carolAddress: string;

    before(async () => {
        officer = (await staff('bank1', run, 'compliance_officer')).token;
        teller = (await staff('bank1', run, 'teller')).token;
    });

    it('when alice registers at bank 1 and signs in with the emailed second factor, then her custodial key opens a tier-0 ledger account', async () => {
        aliceId = await register('bank1', alice, 'Alice Example');
        aliceToken = await signIn('bank1', alice);
        const key = await as(aliceToken, 'bank1', 'POST', '/v1/me/wallet-key', { mode: 'custodial' });
        ok(key, 201);
        aliceAddress = key.body.account.address;
        expect(aliceAddress).to.match(/^cx[0-9a-f]{48}$/);
        const onLedger = await call('bank1', 'GET', `/v1/accounts/${aliceAddress}`);
        ok(onLedger, 200);
        expect(onLedger.body).to.include({ bank: 'Bank1MSP', kycTier: 0, status: 'active' });
        expect(onLedger.body.holderRef).to.match(/^[0-9a-f]{64}$/);
        expect(JSON.stringify(onLedger.body)).to.not.include(alice.email).and.not.include(aliceId);
    });

    it('when a compliance officer approves her KYC at tier 2, then the tier changes on the ledger, as the regulator sees it', async () => {
        await approve(officer, aliceId, aliceToken, 2);
        const account = await eventually(async () => {
            const res = await call('regulator', 'GET', `/v1/accounts/${aliceAddress}`);
            return res.status === 200 && res.body.kycTier === 2 ? res.body : undefined;
        });
        expect(account.bank).to.equal('Bank1MSP');
    });

    it('when a teller tops her up, then her EUR balance is the amount; a bank 2 account is refused to the bank 1 teller', async () => {
        ok(await as(teller, 'bank1', 'POST', '/v1/top-ups', { reference: `SEPA-${run}-a`, address: aliceAddress, currency: 'EUR', amount: '500.00' }), 201);
        const bobId = await register('bank2', bob, 'Bob Example');
        expect(bobId).to.be.a('string');
        const bobToken = await signIn('bank2', bob);
        const key = await as(bobToken, 'bank2', 'POST', '/v1/me/wallet-key', { mode: 'custodial' });
        ok(key, 201);
        bobAddress = key.body.account.address;
        const refused = await as(teller, 'bank1', 'POST', '/v1/top-ups', { reference: `SEPA-${run}-x`, address: bobAddress, currency: 'EUR', amount: '5.00' });
        expect([refused.status, refused.body.code]).to.deep.equal([403, 'UNAUTHORIZED']);
        const mine = await as(aliceToken, 'bank1', 'GET', '/v1/me/account');
        ok(mine, 200);
        expect(mine.body.balances.find((b: { currency: string }) => b.currency === 'EUR')).to.include({ available: '500.00' });
    });

    it('when alice pays bob at bank 2 and the bank signs with her custodial key, then it settles', async () => {
        const paid = await as(aliceToken, 'bank1', 'POST', '/v1/me/payments', { paymentId: `${run}-a1`, payee: bobAddress, amount: '100.00', currency: 'EUR', purpose: 'GDDS', reference: 'books' });
        ok(paid, 201);
        expect(paid.body.payment).to.include({ status: 'settled', payer: aliceAddress, payee: bobAddress, payerBank: 'Bank1MSP', payeeBank: 'Bank2MSP' });
        const other = await as(aliceToken, 'bank1', 'POST', '/v1/me/payments', { paymentId: `${run}-a2`, payer: bobAddress, payee: aliceAddress, amount: '1.00', currency: 'EUR', purpose: 'GDDS', sequence: 1, expiresAt: new Date(Date.now() + 60_000).toISOString(), signature: 'AAAA' });
        expect([other.status, other.body.code]).to.deep.equal([403, 'FORBIDDEN']);
    });

    it('when carol holds her own key, then the gateway refuses to sign for her, and her instruction signed outside the gateway settles', async () => {
        const carolId = await register('bank1', carol, 'Carol Example');
        const carolToken = await signIn('bank1', carol);
        const pair = generateKeyPairSync('ed25519');
        const key = await as(carolToken, 'bank1', 'POST', '/v1/me/wallet-key', { mode: 'self_custody', publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }) });
        ok(key, 201);
        carolAddress = key.body.account.address;
        await approve(officer, carolId, carolToken, 1);
        ok(await as(teller, 'bank1', 'POST', '/v1/top-ups', { reference: `SEPA-${run}-c`, address: carolAddress, currency: 'EUR', amount: '50.00' }), 201);
        const unsignedAsk = await as(carolToken, 'bank1', 'POST', '/v1/me/payments', { paymentId: `${run}-c0`, payee: bobAddress, amount: '1.00', currency: 'EUR', purpose: 'GDDS' });
        expect([unsignedAsk.status, unsignedAsk.body.code]).to.deep.equal([403, 'FORBIDDEN']);

        const mine = await as(carolToken, 'bank1', 'GET', '/v1/me/account');
        ok(mine, 200);
        expect(mine.body.kycTier).to.equal(1);
        const unsigned = {
            paymentId: `${run}-c1`,
            payer: carolAddress,
            payee: bobAddress,
            amount: '25.00',
            currency: 'EUR',
            purpose: 'GDDS',
            sequence: mine.body.nextSequence as number,
            expiresAt: new Date(Date.now() + 600_000).toISOString(),
        };
        const signature = sign(null, signingBytes(unsigned), pair.privateKey).toString('base64');
        const paid = await as(carolToken, 'bank1', 'POST', '/v1/me/payments', { ...unsigned, signature });
        ok(paid, 201);
        expect(paid.body.payment).to.include({ status: 'settled', payer: carolAddress, payee: bobAddress });
    });

    it('then the regulator sees alice 400.00, carol 25.00 and bob 125.00 EUR', async () => {
        await eventually(async () => ((await eurOnRegulator(bobAddress)) === '125.00' ? true : undefined));
        expect(await eurOnRegulator(aliceAddress)).to.equal('400.00');
        expect(await eurOnRegulator(carolAddress)).to.equal('25.00');
    });
});
