import { expect } from 'chai';
import { int, str } from '../../../src/sql/sql-driver';
import type { DeliveryBody } from '../../../src/webhooks/webhook-events';
import { databasesUnderTest } from '../../support/sql-databases';
import { BANK, block, funding, OTHER, paymentPayload, webhookHarness, type WebhookHarness } from './webhook-fixtures';

const ALL = ['payment.submitted', 'payment.settled', 'payment.held', 'payment.rejected', 'payment.refunded', 'refund.requested', 'alert.raised', 'review.needed', 'iso20022.message', 'quote.expiring'] as const;

async function events(h: WebhookHarness): Promise<DeliveryBody[]> {
    const rows = await h.module.store.db.all('SELECT body FROM webhook_events ORDER BY committed_at, subject_kind, subject_id, sequence');
    return rows.map((r) => JSON.parse(str(r.body)) as DeliveryBody);
}

async function count(h: WebhookHarness, table: string): Promise<number> {
    const [row] = await h.module.store.db.all(`SELECT COUNT(*) AS n FROM ${table}`);
    return int(row?.n);
}

for (const database of databasesUnderTest('webhooks_test')) {
    describe(`webhook outbox fed from the index (${database.name})`, () => {
        let h: WebhookHarness;

        beforeEach(async () => {
            h = await webhookHarness(await database.location());
        });

        afterEach(async () => {
            await h.index.close();
        });

        it('when a block with a payment commits, then its events are queued in the same transaction, numbered per subject, one delivery per subscribed endpoint', async () => {
            const all = await h.module.service.register({ url: 'http://127.0.0.1:9/all', events: [...ALL] });
            const settledOnly = await h.module.service.register({ url: 'http://127.0.0.1:9/settled', events: ['payment.settled'] });
            await h.index.applyBlock(block(1n, { name: 'PaymentSettled', payload: paymentPayload({ paymentId: 'pay-1', txId: 'tx-0-0' }), txId: 'tx-0-0' }));
            const queued = await events(h);
            const payment = queued.filter((e) => e.subject.kind === 'payment');
            expect(payment.map((e) => [e.type, e.sequence])).to.deep.equal([['payment.submitted', 1], ['payment.settled', 2]]);
            expect(payment[1]).to.deep.include({ ledger: { txId: 'tx-0-0', block: '1' }, createdAt: '2026-03-01T10:00:00.000Z' });
            expect(payment[1]?.data).to.include({ paymentId: 'pay-1', amount: '10.00', currency: 'USD', status: 'settled' });
            const messages = queued.filter((e) => e.type === 'iso20022.message').map((e) => e.data.messageType);
            expect(messages).to.have.members(['pacs.008', 'pacs.002', 'camt.054']);
            const perEndpoint = await h.module.store.db.all('SELECT endpoint_id, COUNT(*) AS n FROM webhook_deliveries GROUP BY endpoint_id ORDER BY endpoint_id');
            const byId = Object.fromEntries(perEndpoint.map((r) => [str(r.endpoint_id), int(r.n)]));
            // camt.054 goes only for our own side (the payer at Bank1): 2 payment events + pacs.008 + pacs.002 + one camt.054.
            expect(byId).to.deep.equal({ [all.id]: 5, [settledOnly.id]: 1 });
        });

        it('when the same block is applied again (a restart, a rebuild), then nothing is queued twice and sequences do not move', async () => {
            await h.module.service.register({ url: 'http://127.0.0.1:9/all', events: [...ALL] });
            const first = block(1n, { name: 'PaymentHeld', payload: paymentPayload({ paymentId: 'pay-1', txId: 'tx-a', status: 'held', amlDecision: 'hold' }), txId: 'tx-a' });
            await h.index.applyBlock(first);
            const before = { events: await count(h, 'webhook_events'), deliveries: await count(h, 'webhook_deliveries') };
            await h.index.reset();
            await h.index.applyBlock(funding());
            await h.index.applyBlock(first);
            expect({ events: await count(h, 'webhook_events'), deliveries: await count(h, 'webhook_deliveries') }).to.deep.equal(before);
            const types = (await events(h)).map((e) => e.type);
            expect(types).to.include.members(['payment.held', 'alert.raised', 'review.needed']);
        });

        it("when an event concerns neither side nor the provider of this bank, then nothing is queued for this gateway", async () => {
            await h.module.service.register({ url: 'http://127.0.0.1:9/all', events: [...ALL] });
            await h.index.applyBlock(block(1n, { name: 'PaymentSettled', payload: paymentPayload({ paymentId: 'pay-2', txId: 'tx-b', payerBank: OTHER, payeeBank: 'Bank3MSP' }), txId: 'tx-b' }));
            expect(await count(h, 'webhook_events')).to.equal(0);
            await h.index.applyBlock(block(2n, { name: 'PaymentSettled', payload: paymentPayload({ paymentId: 'pay-3', txId: 'tx-c', payerBank: OTHER, payeeBank: 'Bank3MSP', provider: BANK, targetCurrency: 'EUR', targetAmount: '9.00' }), txId: 'tx-c' }));
            expect((await events(h)).map((e) => e.type)).to.deep.equal(['payment.submitted', 'payment.settled']);
        });

        it('when the index transaction fails after the outbox wrote, then no event is left queued and the block is not checkpointed', async () => {
            await h.module.service.register({ url: 'http://127.0.0.1:9/all', events: [...ALL] });
            let outboxRan = false;
            h.index.addBlockHook({
                inTransaction: async (tx) => {
                    outboxRan = int((await tx.all('SELECT COUNT(*) AS n FROM webhook_events'))[0]?.n) > 0;
                    throw new Error('disk full');
                },
            });
            await h.index.applyBlock(block(1n, { name: 'PaymentSettled', payload: paymentPayload({ paymentId: 'pay-x', txId: 'tx-x' }), txId: 'tx-x' })).then(
                () => expect.fail('the block should have failed'),
                (err: unknown) => expect(String(err)).to.match(/disk full/),
            );
            expect(outboxRan, 'the outbox had written inside the transaction').to.equal(true);
            expect(await count(h, 'webhook_events')).to.equal(0);
            expect(await count(h, 'webhook_deliveries')).to.equal(0);
            expect(await h.index.nextBlock()).to.equal(1n);
        });

        it('when a disabled endpoint misses an event, then nothing is queued for it; an enabled one gets the next', async () => {
            const endpoint = await h.module.service.register({ url: 'http://127.0.0.1:9/all', events: ['payment.settled'] });
            await h.module.service.setState(endpoint.id, 'disabled');
            await h.index.applyBlock(block(1n, { name: 'PaymentSettled', payload: paymentPayload({ paymentId: 'pay-1', txId: 't1' }), txId: 't1' }));
            expect(await count(h, 'webhook_deliveries')).to.equal(0);
            await h.module.service.setState(endpoint.id, 'active');
            await h.index.applyBlock(block(2n, { name: 'PaymentSettled', payload: paymentPayload({ paymentId: 'pay-2', txId: 't2' }), txId: 't2' }));
            expect(await count(h, 'webhook_deliveries')).to.equal(1);
        });

        it('when refunds, review steps and declines commit, then refund and review events follow with the payment banks read from the index', async () => {
            await h.module.service.register({ url: 'http://127.0.0.1:9/all', events: ['refund.requested', 'refund.declined', 'payment.refunded', 'review.needed', 'iso20022.message'] });
            await h.index.applyBlock(block(1n, { name: 'PaymentHeld', payload: paymentPayload({ paymentId: 'pay-1', txId: 't0', status: 'held', amlDecision: 'hold' }), txId: 't0' }));
            await h.index.applyBlock(block(2n, { name: 'PaymentReviewed', payload: { paymentId: 'pay-1', action: 'escalate', status: 'escalated', reviewer: OTHER, time: '2026-03-01T10:01:00.000Z' }, txId: 't1' }));
            await h.index.applyBlock(block(3n, { name: 'PaymentSettled', payload: paymentPayload({ paymentId: 'pay-1', txId: 't0' }), txId: 't2' }));
            await h.index.applyBlock(block(4n, { name: 'RefundRequested', payload: paymentPayload({ paymentId: 'pay-1', txId: 't0', status: 'refund-requested', refundId: 'ref-1', refundAmount: '4.00' }), txId: 't3' }));
            await h.index.applyBlock(block(5n, { name: 'RefundApproved', payload: paymentPayload({ paymentId: 'pay-1', txId: 't0', status: 'partly-refunded', refunded: '4.00', refundId: 'ref-1', refundAmount: '4.00' }), txId: 't4' }));
            const queued = await events(h);
            const reviews = queued.filter((e) => e.type === 'review.needed');
            expect(reviews.map((e) => e.data.reviewStatus)).to.deep.equal(['pending', 'escalated']);
            expect(queued.find((e) => e.type === 'refund.requested')?.subject).to.deep.equal({ kind: 'refund', id: 'ref-1' });
            expect(queued.find((e) => e.type === 'payment.refunded')?.data).to.include({ refundId: 'ref-1', refundAmount: '4.00' });
            const pacs004 = queued.find((e) => e.data.messageType === 'pacs.004');
            expect(pacs004?.data).to.include({ href: '/v1/refunds/ref-1/pacs.004', refundId: 'ref-1' });
            const paymentSequence = queued.filter((e) => e.subject.kind === 'payment' && e.subject.id === 'pay-1').map((e) => e.sequence);
            expect(paymentSequence).to.deep.equal([...paymentSequence].sort((a, b) => a - b));
            expect(new Set(paymentSequence).size).to.equal(paymentSequence.length);
        });
    });
}
