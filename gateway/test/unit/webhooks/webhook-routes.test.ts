import { expect } from 'chai';
import request from 'supertest';
import { bearer, testApp } from '../../support/test-app';

describe('webhook routes', () => {
    it('when a bank registers an endpoint, then 201 shows the secret once; list and get never show it, and no log line holds it', async () => {
        const { app, logLines } = await testApp();
        const created = await request(app)
            .post('/v1/webhooks')
            .set('Authorization', bearer('admin'))
            .send({ url: 'https://hooks.bank.example/corridor', events: ['payment.settled', 'payment.held'], description: 'treasury' });
        expect(created.status, created.text).to.equal(201);
        expect(created.body).to.include({ url: 'https://hooks.bank.example/corridor', state: 'active', description: 'treasury' });
        expect(created.body.id).to.match(/^wh_[0-9a-f]{24}$/);
        expect(created.body.secret).to.match(/^whsec_[A-Za-z0-9_-]{43}$/);
        const listed = await request(app).get('/v1/webhooks').set('Authorization', bearer('bank_admin'));
        expect(listed.status).to.equal(200);
        expect(listed.body.items).to.have.length(1);
        expect(listed.body.items[0]).to.not.have.property('secret');
        const one = await request(app).get(`/v1/webhooks/${created.body.id as string}`).set('Authorization', bearer('admin'));
        expect(one.body).to.deep.equal(listed.body.items[0]);
        const rotated = await request(app).post(`/v1/webhooks/${created.body.id as string}/rotate-secret`).set('Authorization', bearer('admin'));
        expect(rotated.status).to.equal(200);
        expect(Object.keys(rotated.body as object)).to.have.members(['secret', 'previousSecretValidUntil']);
        const secrets = [created.body.secret as string, rotated.body.secret as string].map((s) => s.slice(6));
        for (const secret of secrets) {
            expect(logLines.join('\n')).to.not.include(secret);
        }
    });

    it('when an endpoint is disabled and enabled, then its state follows; the delivery log starts empty', async () => {
        const { app } = await testApp();
        const created = await request(app).post('/v1/webhooks').set('Authorization', bearer('admin')).send({ url: 'https://hooks.bank.example/', events: ['alert.raised'] });
        const id = created.body.id as string;
        const disabled = await request(app).post(`/v1/webhooks/${id}/disable`).set('Authorization', bearer('admin'));
        expect(disabled.body.state).to.equal('disabled');
        const enabled = await request(app).post(`/v1/webhooks/${id}/enable`).set('Authorization', bearer('admin'));
        expect(enabled.body.state).to.equal('active');
        const log = await request(app).get(`/v1/webhooks/${id}/deliveries?limit=5`).set('Authorization', bearer('admin'));
        expect(log.status).to.equal(200);
        expect(log.body).to.deep.equal({ items: [] });
    });

    it('when an endpoint or delivery is unknown, then 404 NOT_FOUND', async () => {
        const { app } = await testApp();
        const res = await request(app).get(`/v1/webhooks/wh_${'0'.repeat(24)}`).set('Authorization', bearer('admin'));
        expect(res.status).to.equal(404);
        expect(res.body.code).to.equal('NOT_FOUND');
        const created = await request(app).post('/v1/webhooks').set('Authorization', bearer('admin')).send({ url: 'https://hooks.bank.example/', events: ['alert.raised'] });
        const redeliver = await request(app).post(`/v1/webhooks/${created.body.id as string}/deliveries/dlv_${'0'.repeat(24)}/redeliver`).set('Authorization', bearer('admin'));
        expect(redeliver.status).to.equal(404);
        expect(redeliver.body).to.include({ code: 'NOT_FOUND', field: 'deliveryId' });
    });

    it('when a bank holds 20 endpoints, then the 21st is refused', async () => {
        const { app } = await testApp();
        for (let i = 0; i < 20; i++) {
            const ok = await request(app).post('/v1/webhooks').set('Authorization', bearer('admin')).send({ url: `https://hooks.bank.example/${i}`, events: ['alert.raised'] });
            expect(ok.status).to.equal(201);
        }
        const refused = await request(app).post('/v1/webhooks').set('Authorization', bearer('admin')).send({ url: 'https://hooks.bank.example/21', events: ['alert.raised'] });
        expect(refused.status).to.equal(400);
        expect(refused.body.detail).to.match(/at most 20/);
    });
});
