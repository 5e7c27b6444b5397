import { expect } from 'chai';
import { str } from '../../../src/sql/sql-driver';
import type { Sender } from '../../../src/webhooks/delivery-worker';
import type { DeliveryBody } from '../../../src/webhooks/webhook-events';
import { lowerCased, verifyDelivery } from './contract-verifier';
import { databasesUnderTest } from '../../support/sql-databases';
import { BANK, block, paymentPayload, webhookHarness, type WebhookHarness } from './webhook-fixtures';

interface Received {
    url: string;
    headers: Record<string, string>;
    body: DeliveryBody;
    raw: string;
}

/** A receiver in memory: answers each call with the next scripted status (200 once the script runs out). */
function receiver(script: (number | Error)[] = []): { send: Sender; received: Received[] } {
    const received: Received[] = [];
    const send: Sender = (url, headers, raw) => {
        const answer = script.shift() ?? 200;
        if (answer instanceof Error) {
            return Promise.reject(answer);
        }
        if (answer >= 200 && answer < 300) {
            received.push({ url, headers: lowerCased(headers), body: JSON.parse(raw) as DeliveryBody, raw });
        }
        return Promise.resolve(answer);
    };
    return { send, received };
}

const settled = (paymentId: string, txId: string, fields: Record<string, unknown> = {}): { name: string; payload: Record<string, unknown>; txId: string } => ({
    name: 'PaymentSettled',
    payload: paymentPayload({ paymentId, txId, ...fields }),
    txId,
});

for (const database of databasesUnderTest('webhooks_worker_test')) {
describe(`webhook delivery worker (${database.name})`, () => {
    let h: WebhookHarness;

    afterEach(async () => {
        await h.index.close();
    });

    it('when an event is due, then it is POSTed once with the stored body, signed as the contract says, and logged as delivered', async () => {
        const r = receiver();
        h = await webhookHarness(await database.location(), r.send);
        const endpoint = await h.module.service.register({ url: 'http://127.0.0.1:9/hook', events: ['payment.settled'] });
        await h.index.applyBlock(block(1n, settled('pay-1', 't0')));
        expect(await h.module.worker.drain()).to.equal(1);
        expect(await h.module.worker.drain()).to.equal(0);
        expect(r.received).to.have.length(1);
        const [got] = r.received;
        expect(got?.url).to.equal('http://127.0.0.1:9/hook');
        expect(got?.body).to.deep.include({ type: 'payment.settled', subject: { kind: 'payment', id: 'pay-1' }, sequence: 2 });
        expect(got?.headers['corridor-event-id']).to.equal(got?.body.id);
        expect(got?.headers['content-type']).to.equal('application/json');
        expect(verifyDelivery(endpoint.secret, got?.headers ?? {}, got?.raw ?? '', Math.floor(h.clock.now().getTime() / 1000))).to.equal(true);
        const log = await h.module.service.deliveries(endpoint.id, undefined, 10);
        expect(log.items).to.have.length(1);
        expect(log.items[0]).to.include({ state: 'delivered', attempts: 1, lastStatus: 200, eventType: 'payment.settled' });
        const metrics = await h.registry.getSingleMetricAsString('corridor_webhook_deliveries_total');
        expect(metrics).to.match(/outcome="delivered"} 1/);
        expect(await h.registry.getSingleMetricAsString('corridor_webhook_commit_to_delivery_seconds')).to.match(/_count 1/);
    });

    it('when the receiver fails, then the attempt is retried after the backoff, not before, and delivered once it answers 2xx', async () => {
        const r = receiver([503, new Error('connect ECONNREFUSED')]);
        h = await webhookHarness(await database.location(), r.send);
        const endpoint = await h.module.service.register({ url: 'http://127.0.0.1:9/hook', events: ['payment.settled'] });
        await h.index.applyBlock(block(1n, settled('pay-1', 't0')));
        await h.module.worker.drain();
        let [item] = (await h.module.service.deliveries(endpoint.id, undefined, 10)).items;
        expect(item).to.include({ state: 'pending', attempts: 1, lastStatus: 503, lastError: 'HTTP 503' });
        const wait = Date.parse(item?.nextAttemptAt ?? '') - h.clock.now().getTime();
        expect(wait).to.be.at.least(500).and.below(1_000);
        expect(await h.module.worker.drain(), 'not yet due').to.equal(0);
        h.clock.advance(1_000);
        await h.module.worker.drain();
        [item] = (await h.module.service.deliveries(endpoint.id, undefined, 10)).items;
        expect(item).to.include({ state: 'pending', attempts: 2, lastError: 'connect ECONNREFUSED' });
        h.clock.advance(2_000);
        await h.module.worker.drain();
        [item] = (await h.module.service.deliveries(endpoint.id, undefined, 10)).items;
        expect(item).to.include({ state: 'delivered', attempts: 3 });
        expect(r.received).to.have.length(1);
    });

    it('when every allowed attempt fails, then the delivery is failed for good, and a redelivery sends it again from the first attempt', async () => {
        const r = receiver([500, 500, 500]);
        h = await webhookHarness(await database.location(), r.send);
        const endpoint = await h.module.service.register({ url: 'http://127.0.0.1:9/hook', events: ['payment.settled'] });
        await h.index.applyBlock(block(1n, settled('pay-1', 't0')));
        for (let i = 0; i < 3; i++) {
            await h.module.worker.drain();
            h.clock.advance(60_000);
        }
        let [item] = (await h.module.service.deliveries(endpoint.id, undefined, 10)).items;
        expect(item).to.include({ state: 'failed', attempts: 3, lastStatus: 500 });
        expect(item).to.not.have.property('nextAttemptAt');
        expect(await h.module.worker.drain()).to.equal(0);
        expect(await h.registry.getSingleMetricAsString('corridor_webhook_deliveries_total')).to.match(/outcome="failed"} 1/);
        const again = await h.module.service.redeliver(endpoint.id, item?.deliveryId ?? '');
        expect(again).to.include({ state: 'pending', attempts: 0 });
        await h.module.worker.drain();
        [item] = (await h.module.service.deliveries(endpoint.id, undefined, 10)).items;
        expect(item).to.include({ state: 'delivered', attempts: 1 });
        expect(r.received.map((x) => x.body.id)).to.have.length(1);
    });

    it('when an earlier event of a subject is still pending, then later events of that subject wait; other subjects go on', async () => {
        const r = receiver([500]);
        h = await webhookHarness(await database.location(), r.send);
        await h.module.service.register({ url: 'http://127.0.0.1:9/hook', events: ['payment.submitted', 'payment.settled'] });
        await h.index.applyBlock(block(1n, settled('pay-1', 't0')));
        await h.module.worker.drain();
        expect(r.received, 'pay-1 submitted failed, settled waits behind it').to.have.length(0);
        await h.index.applyBlock(block(2n, settled('pay-2', 't1')));
        await h.module.worker.drain();
        expect(r.received.map((x) => [x.body.subject.id, x.body.sequence])).to.deep.equal([['pay-2', 1], ['pay-2', 2]]);
        h.clock.advance(60_000);
        await h.module.worker.drain();
        const pay1 = r.received.filter((x) => x.body.subject.id === 'pay-1').map((x) => x.body.type);
        expect(pay1).to.deep.equal(['payment.submitted', 'payment.settled']);
    });

    it('when the secret is rotated, then both secrets sign until the overlap ends, and only the new one after', async () => {
        const r = receiver();
        h = await webhookHarness(await database.location(), r.send, { rotationOverlapSeconds: 3_600 });
        const endpoint = await h.module.service.register({ url: 'http://127.0.0.1:9/hook', events: ['payment.settled'] });
        const rotated = await h.module.service.rotateSecret(endpoint.id);
        expect(rotated.previousSecretValidUntil).to.equal(new Date(h.clock.now().getTime() + 3_600_000).toISOString());
        expect(rotated.secret).to.not.equal(endpoint.secret);
        await h.index.applyBlock(block(1n, settled('pay-1', 't0')));
        await h.module.worker.drain();
        const seconds = (): number => Math.floor(h.clock.now().getTime() / 1000);
        const first = r.received[0];
        expect(first?.headers['corridor-signature']?.split(',')).to.have.length(2);
        expect(verifyDelivery(endpoint.secret, first?.headers ?? {}, first?.raw ?? '', seconds())).to.equal(true);
        expect(verifyDelivery(rotated.secret, first?.headers ?? {}, first?.raw ?? '', seconds())).to.equal(true);
        h.clock.advance(3_600_000);
        await h.index.applyBlock(block(2n, settled('pay-2', 't1')));
        await h.module.worker.drain();
        const second = r.received[1];
        expect(second?.headers['corridor-signature']?.split(',')).to.have.length(1);
        expect(verifyDelivery(endpoint.secret, second?.headers ?? {}, second?.raw ?? '', seconds())).to.equal(false);
        expect(verifyDelivery(rotated.secret, second?.headers ?? {}, second?.raw ?? '', seconds())).to.equal(true);
    });

    it('when secrets are stored, then the database holds them sealed, never in clear', async () => {
        h = await webhookHarness(await database.location());
        const endpoint = await h.module.service.register({ url: 'http://127.0.0.1:9/hook', events: ['payment.settled'] });
        const rotated = await h.module.service.rotateSecret(endpoint.id);
        const [row] = await h.module.store.db.all('SELECT * FROM webhook_endpoints');
        const stored = JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
        expect(stored).to.not.include(endpoint.secret.slice(6));
        expect(stored).to.not.include(rotated.secret.slice(6));
        expect(JSON.parse(str(row?.secret))).to.have.keys(['v', 'kek', 'wrappedKey', 'iv', 'tag', 'data']);
        expect(await h.module.service.get(endpoint.id)).to.not.have.property('secret');
    });

    it('when an indexed quote nears expiry unused, then quote.expiring goes out once; a used quote is never announced', async () => {
        const r = receiver();
        h = await webhookHarness(await database.location(), r.send, { quoteLeadSeconds: 60 });
        await h.module.service.register({ url: 'http://127.0.0.1:9/hook', events: ['quote.expiring'] });
        const quote = (id: string): Record<string, unknown> => ({
            quote: { id, payer: 'cx' + 'a'.repeat(48), provider: 'FxMSP', sourceCurrency: 'USD', targetCurrency: 'EUR', quotedAt: '2026-03-01T10:00:00.000Z', expiresAt: '2026-03-01T10:05:00.000Z' },
            requestedBy: BANK,
            txId: 'tq',
            time: '2026-03-01T10:00:00.000Z',
        });
        await h.index.applyBlock(block(1n, { name: 'QuoteIssued', payload: quote('q-1'), txId: 'tq1' }, { name: 'QuoteIssued', payload: quote('q-2'), txId: 'tq2' }));
        await h.index.applyBlock(block(2n, settled('pay-1', 'tp', { quoteId: 'q-2', provider: 'FxMSP', targetCurrency: 'EUR', targetAmount: '9.00' })));
        await h.module.worker.drain();
        expect(r.received, 'four minutes early: not yet').to.have.length(0);
        h.clock.advance(4 * 60_000 + 1_000);
        await h.module.worker.drain();
        await h.module.worker.drain();
        expect(r.received.map((x) => [x.body.type, x.body.subject.id])).to.deep.equal([['quote.expiring', 'q-1']]);
        expect(r.received[0]?.body.data).to.include({ quoteId: 'q-1', expiresAt: '2026-03-01T10:05:00.000Z', provider: 'FxMSP' });
        expect(r.received[0]?.body.ledger).to.deep.equal({ txId: 'tq1', block: '1' });
    });
});
}
