import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AppError } from '../../src/errors';
import { bearer, stubLedger, testApp } from '../support/test-app';

const notice = { id: 'n-1', kind: 'routine', title: 'Upgrade', body: 'Rolling restart', effectiveAt: '2026-12-05T02:00:00Z' };

describe('metrics', () => {
    it('when requests and submissions happen, then /metrics counts them by route and outcome', async () => {
        const { app, ledger } = await testApp();
        ledger.submit.onFirstCall().resolves({ result: JSON.stringify({ ...notice, publishedBy: 'Bank1MSP', publishedAt: '2026-11-28T10:00:00.000Z', txId: 'a'.repeat(64) }), txId: 'a'.repeat(64), blockNumber: '3' });
        ledger.submit.onSecondCall().rejects(new AppError('ALREADY_EXISTS', 'exists'));
        await request(app).post('/v1/notices').set('Authorization', bearer('admin')).set('Idempotency-Key', randomUUID()).send(notice);
        await request(app).post('/v1/notices').set('Authorization', bearer('admin')).set('Idempotency-Key', randomUUID()).send({ ...notice, title: 'Other' });
        const res = await request(app).get('/metrics').set('Authorization', bearer('auditor'));
        expect(res.status).to.equal(200);
        expect(res.text).to.include('corridor_http_requests_total{method="POST",route="/v1/notices",status="201"} 1');
        expect(res.text).to.include('corridor_ledger_submits_total{transaction="Notice:Publish",outcome="committed"} 1');
        expect(res.text).to.include('corridor_ledger_submits_total{transaction="Notice:Publish",outcome="ALREADY_EXISTS"} 1');
        expect(res.text).to.include('corridor_http_request_duration_seconds_bucket');
    });

    it('when nobody authenticates, then /metrics is refused', async () => {
        const { app } = await testApp();
        expect((await request(app).get('/metrics')).status).to.equal(401);
    });
});

describe('flood guard', () => {
    it('when one address makes more requests a minute than allowed, then it gets 429 RATE_LIMITED at the limit plus one', async () => {
        const { app } = await testApp(stubLedger(), undefined, undefined, undefined, { requestsPerMinute: 3 });
        for (let i = 0; i < 3; i++) {
            expect((await request(app).get('/health')).status).to.equal(200);
        }
        const res = await request(app).get('/health');
        expect(res.status).to.equal(429);
        expect(res.body.code).to.equal('RATE_LIMITED');
    });
});
