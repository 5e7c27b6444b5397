import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { canonicalize, TRANSACTIONS } from '@corridor/chaincode/api';
import { AppError } from '../../src/errors';
import { bearer, KEYS, testApp } from '../support/test-app';

const notice = {
    id: 'upgrade-1',
    kind: 'routine',
    title: 'Chaincode upgrade',
    body: 'Routine upgrade',
    effectiveAt: '2026-12-05T02:00:00Z',
};
const stored = { ...notice, publishedBy: 'Bank1MSP', publishedAt: '2026-11-28T10:00:00.000Z', txId: 'f'.repeat(64) };

describe('notices over HTTP', () => {
    it('when an admin publishes a notice, then 201 with the stored notice, tx id and block', async () => {
        const { app, ledger } = await testApp();
        ledger.submit.resolves({ result: JSON.stringify(stored), txId: 'f'.repeat(64), blockNumber: '9' });
        const res = await request(app).post('/v1/notices').set('Authorization', bearer('admin')).set('Idempotency-Key', randomUUID()).send(notice);
        expect(res.status).to.equal(201);
        expect(res.headers.location).to.equal('/v1/notices/upgrade-1');
        expect(res.body).to.deep.equal({ notice: stored, txId: 'f'.repeat(64), blockNumber: '9' });
        expect(ledger.submit.calledOnceWith(TRANSACTIONS.notices.publish.name, [canonicalize(notice)])).to.equal(true);
    });

    it('when the same notice was published before, then 200 with the first publication', async () => {
        const { app, ledger } = await testApp();
        ledger.submit.resolves({ result: JSON.stringify(stored), txId: 'e'.repeat(64), blockNumber: '10' });
        const res = await request(app).post('/v1/notices').set('Authorization', bearer('admin')).set('Idempotency-Key', randomUUID()).send(notice);
        expect(res.status).to.equal(200);
        expect(res.body.notice.txId).to.equal('f'.repeat(64));
    });

    const invalid: [string, unknown, string][] = [
        ['a missing id', { ...notice, id: undefined }, 'id'],
        ['an id with a slash', { ...notice, id: 'a/b' }, 'id'],
        ['an unknown kind', { ...notice, kind: 'urgent' }, 'kind'],
        ['a numeric title', { ...notice, title: 5 }, 'title'],
        ['a title one past the limit', { ...notice, title: 'x'.repeat(121) }, 'title'],
        ['a local time', { ...notice, effectiveAt: '2026-12-05T02:00:00' }, 'effectiveAt'],
        ['an extra field', { ...notice, publishedBy: 'Bank2MSP' }, 'publishedBy'],
        ['an array body', [notice], ''],
    ];
    for (const [name, body, field] of invalid) {
        it(`when the body has ${name}, then 400 naming the field and nothing is submitted`, async () => {
            const { app, ledger } = await testApp();
            const res = await request(app).post('/v1/notices').set('Authorization', bearer('admin')).set('Idempotency-Key', randomUUID()).send(body as object);
            expect(res.status).to.equal(400);
            expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
            expect(res.body.code).to.equal('VALIDATION_FAILED');
            expect(res.body.field ?? '').to.equal(field);
            expect(ledger.submit.called).to.equal(false);
        });
    }

    it('when the title is exactly at the limit, then it is submitted', async () => {
        const { app, ledger } = await testApp();
        ledger.submit.resolves({ result: JSON.stringify(stored), txId: 'f'.repeat(64), blockNumber: '9' });
        const res = await request(app).post('/v1/notices').set('Authorization', bearer('admin')).set('Idempotency-Key', randomUUID()).send({ ...notice, title: 'x'.repeat(120) });
        expect(res.status).to.equal(201);
    });

    it('when the body is not JSON, then 400 and nothing is submitted', async () => {
        const { app, ledger } = await testApp();
        const res = await request(app)
            .post('/v1/notices')
            .set('Authorization', bearer('admin'))
            .set('Idempotency-Key', randomUUID())
            .set('Content-Type', 'application/json')
            .send('{"id":');
        expect(res.status).to.equal(400);
        expect(res.body.code).to.equal('VALIDATION_FAILED');
        expect(ledger.submit.called).to.equal(false);
    });

    it('when the body is over 64 KiB, then 413 and nothing is submitted', async () => {
        const { app, ledger } = await testApp();
        const res = await request(app)
            .post('/v1/notices')
            .set('Authorization', bearer('admin'))
            .set('Idempotency-Key', randomUUID())
            .send({ ...notice, body: 'x'.repeat(70_000) });
        expect(res.status).to.equal(413);
        expect(res.body.code).to.equal('PAYLOAD_TOO_LARGE');
        expect(ledger.submit.called).to.equal(false);
    });

    it('when the chaincode refuses with a coded error, then its code and status come through', async () => {
        const { app, ledger } = await testApp();
        ledger.submit.rejects(new AppError('ALREADY_EXISTS', 'notice upgrade-1 exists with a different title'));
        const res = await request(app).post('/v1/notices').set('Authorization', bearer('admin')).set('Idempotency-Key', randomUUID()).send(notice);
        expect(res.status).to.equal(409);
        expect(res.body).to.include({ code: 'ALREADY_EXISTS', detail: 'notice upgrade-1 exists with a different title' });
    });

    it('when the ledger fails unexpectedly, then a bare 500 without the stack, and the stack is logged', async () => {
        const { app, ledger, logLines } = await testApp();
        ledger.evaluate.rejects(new Error('socket hang up at secret place'));
        const res = await request(app).get('/v1/notices').set('Authorization', bearer('auditor'));
        expect(res.status).to.equal(500);
        expect(res.body.code).to.equal('INTERNAL');
        expect(res.text).to.not.include('secret place');
        expect(logLines.join('\n')).to.include('secret place');
    });

    it('when a notice does not exist, then 404 NOT_FOUND', async () => {
        const { app, ledger } = await testApp();
        ledger.evaluate.rejects(new AppError('NOT_FOUND', 'notice n-1 does not exist'));
        const res = await request(app).get('/v1/notices/n-1').set('Authorization', bearer('admin'));
        expect(res.status).to.equal(404);
    });

    it('when any request is logged, then the API key never appears in the log', async () => {
        const { app, ledger, logLines } = await testApp();
        ledger.evaluate.resolves('[]');
        await request(app).get('/v1/notices').set('Authorization', bearer('admin'));
        expect(logLines.length).to.be.greaterThan(0);
        expect(logLines.join('\n')).to.not.include(KEYS.admin);
    });

    it('when a route does not exist, then 404 ROUTE_NOT_FOUND as problem+json with security headers', async () => {
        const { app } = await testApp();
        const res = await request(app).get('/v1/nothing');
        expect(res.status).to.equal(404);
        expect(res.body.code).to.equal('ROUTE_NOT_FOUND');
        expect(res.headers['x-content-type-options']).to.equal('nosniff');
        expect(res.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
        expect(res.headers['x-powered-by']).to.equal(undefined);
    });
});
