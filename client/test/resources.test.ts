import { expect } from 'chai';
import { AppError } from '@corridor/gateway/dist/src/errors.js';
import { memberRecord } from '@corridor/gateway/dist/test/support/ledger-records.js';
import { KEYS } from '@corridor/gateway/dist/test/support/test-app.js';
import { CorridorClient, isError } from '../src/index.js';
import { startGateway, type TestGateway } from './support/gateway.js';

describe('resources against the gateway app', () => {
    let gateway: TestGateway;
    beforeEach(async () => {
        gateway = await startGateway();
    });
    afterEach(async () => {
        await gateway.close();
    });

    it('when a customer signs in with a session token, then /v1/me answers as that person', async () => {
        const customer = gateway.client().asSession(KEYS.customer);
        const profile = await customer.me.profile();
        expect(profile.role).to.equal('customer');
        expect(await customer.me.sessions()).to.have.length.greaterThan(0);
        expect(isError.FORBIDDEN(await customer.staff.verifyAuditLog().catch((err: unknown) => err))).to.equal(true);
    });

    it('when staff read the audit log and the security questions, then typed answers come back', async () => {
        const admin = gateway.client().asSession(KEYS.bank_admin);
        expect((await admin.staff.verifyAuditLog()).ok).to.equal(true);
        const questions = await new CorridorClient({ baseUrl: gateway.url }).auth.securityQuestions();
        expect(questions[0]).to.have.keys('id', 'text');
    });

    it('when the same Idempotency-Key comes back with another body, then IDEMPOTENCY_KEY_REUSED, not retried', async () => {
        const notice = { id: 'n-1', kind: 'routine' as const, title: 'Upgrade', body: 'Rolling restart', effectiveAt: '2026-12-05T02:00:00Z' };
        gateway.ledger.submit.resolves({ result: JSON.stringify({ ...notice, publishedBy: 'Bank1MSP', publishedAt: '2026-11-28T10:00:00.000Z', txId: 'd'.repeat(64) }), txId: 'd'.repeat(64), blockNumber: '3' });
        const client = gateway.client();
        const first = await client.notices.publish(notice, { idempotencyKey: 'shared-key-0001' });
        expect(first.notice.title).to.equal('Upgrade');
        const failure = await client.notices.publish({ ...notice, title: 'Other' }, { idempotencyKey: 'shared-key-0001' }).catch((err: unknown) => err);
        expect(failure).to.include({ code: 'IDEMPOTENCY_KEY_REUSED', status: 422 });
        expect(gateway.requests).to.have.length(2);
        expect(gateway.ledger.submit.callCount).to.equal(1);
    });

    it('when members are listed, then each is decoded by the contract\'s decoder', async () => {
        gateway.ledger.evaluate.withArgs('Members:ListMembers').resolves(JSON.stringify([memberRecord({ mspId: 'Bank1MSP', legalName: 'Bank One', bic: 'BKONDEFFXXX', country: 'DE', role: 'bank', currencies: ['EUR'], fxProvider: false })]));
        const [member] = await gateway.client().governance.members();
        expect(member).to.include({ mspId: 'Bank1MSP', bic: 'BKONDEFFXXX' });
    });

    it('when the ledger does not know a payment, then NOT_FOUND with status 404', async () => {
        gateway.ledger.evaluate.rejects(new AppError('NOT_FOUND', 'payment p-9 does not exist'));
        const failure = await gateway.client().payments.get('p-9').catch((err: unknown) => err);
        expect(failure).to.include({ code: 'NOT_FOUND', status: 404, detail: 'payment p-9 does not exist' });
    });
});

describe('rate limits', () => {
    it('when the gateway answers 429 RATE_LIMITED with Retry-After, then the client waits that long and tries again', async () => {
        const waits: number[] = [];
        let calls = 0;
        const limited: typeof fetch = async () => {
            calls++;
            return calls === 1
                ? new Response(JSON.stringify({ code: 'RATE_LIMITED', status: 429, detail: 'slow down', title: 'RATE_LIMITED', type: 't' }), { status: 429, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '2' } })
                : new Response(JSON.stringify({ items: [] }), { status: 200, headers: { 'Content-Type': 'application/json' } });
        };
        const client = new CorridorClient({ baseUrl: 'http://gateway.test', fetch: limited, sleep: async (ms) => { waits.push(ms); } });
        expect(await client.notices.list()).to.deep.equal([]);
        expect(waits).to.deep.equal([2_000]);
    });

    it('when the code is CODE_ATTEMPTS_EXCEEDED (also 429), then it is not retried', async () => {
        let calls = 0;
        const refused: typeof fetch = async () => {
            calls++;
            return new Response(JSON.stringify({ code: 'CODE_ATTEMPTS_EXCEEDED', status: 429, detail: 'too many codes', title: 'x', type: 't' }), { status: 429, headers: { 'Content-Type': 'application/problem+json' } });
        };
        const failure = await new CorridorClient({ baseUrl: 'http://gateway.test', fetch: refused }).auth.verifyLogin('a'.repeat(32), '123456').catch((err: unknown) => err);
        expect(isError.CODE_ATTEMPTS_EXCEEDED(failure)).to.equal(true);
        expect(calls).to.equal(1);
    });
});
