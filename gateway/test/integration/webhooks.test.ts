import { expect } from 'chai';
import { MemorySeenEvents, verifyWebhook, WebhookVerificationError, type WebhookEvent } from '@corridor/client';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { call, eventually, networkScript, pidOf, uniqueId, type Org } from '../support/network';
import { TestWallet } from '../support/wallet';

type Delivery = WebhookEvent;

/**
 * A bank's receiver: verifies each delivery's signature and timestamp with the SDK's
 * verifier, as a bank's back office would, answers with the status it is told to, and keeps what it accepted de-duplicated
 * by event id, as a receiver must; `raw` counts every accepted POST, duplicates included.
 */
class Receiver {
    secret = '';
    answer = 200;
    readonly accepted = new Map<string, Delivery>();
    readonly raw: string[] = [];
    refusedSignatures = 0;
    /** The last delivery as it arrived, to replay and tamper with. */
    last: { headers: Record<string, string | undefined>; body: string } | undefined;
    private server: Server | undefined;

    constructor(private port = 0) {}

    get url(): string {
        return `http://127.0.0.1:${this.port}/corridor`;
    }

    async start(): Promise<void> {
        const server = createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on('data', (chunk: Buffer) => chunks.push(chunk));
            req.on('end', () => {
                const body = Buffer.concat(chunks).toString('utf8');
                const headers = flat(req.headers);
                verifyWebhook({ rawBody: body, headers, secrets: [this.secret] }).then(
                    (event) => {
                        this.last = { headers, body };
                        if (this.answer >= 200 && this.answer < 300) {
                            this.raw.push(event.id);
                            this.accepted.set(event.id, event);
                        }
                        res.writeHead(this.answer).end();
                    },
                    () => {
                        this.refusedSignatures++;
                        res.writeHead(401).end();
                    },
                );
            });
        });
        await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
        this.port = (server.address() as AddressInfo).port;
        this.server = server;
    }

    async stop(): Promise<void> {
        const server = this.server;
        this.server = undefined;
        if (server === undefined) {
            return;
        }
        server.closeAllConnections();
        await new Promise<void>((resolve) => {
            server.close(() => {
                resolve();
            });
        });
    }

    settledFor(paymentId: string): Delivery | undefined {
        return [...this.accepted.values()].find((d) => d.type === 'payment.settled' && d.subject.id === paymentId);
    }
}

function flat(headers: IncomingHttpHeaders): Record<string, string | undefined> {
    return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
}

async function openAccount(org: Org, wallet: TestWallet): Promise<void> {
    const res = await call(org, 'POST', '/v1/accounts', { publicKey: wallet.publicKeyPem, holderRef: wallet.holderRef(), kycTier: 2 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    wallet.address = res.body.account.address;
}

async function pay(org: Org, payer: TestWallet, payee: TestWallet, paymentId: string, currency: string): Promise<void> {
    const account = await call(org, 'GET', `/v1/accounts/${payer.address}`);
    const res = await call(org, 'POST', '/v1/payments', payer.instruction({ paymentId, payee: payee.address, amount: '1.00', currency }, account.body.nextSequence as number));
    expect(res.status, JSON.stringify(res.body)).to.be.oneOf([200, 201]);
}

async function deliveriesOf(endpointId: string): Promise<{ deliveryId: string; eventId: string; state: string }[]> {
    const items: { deliveryId: string; eventId: string; state: string }[] = [];
    let cursor: string | undefined;
    do {
        const page = await call('bank1', 'GET', `/v1/webhooks/${endpointId}/deliveries?limit=100${cursor === undefined ? '' : `&cursor=${cursor}`}`);
        expect(page.status, JSON.stringify(page.body)).to.equal(200);
        items.push(...(page.body.items as typeof items));
        cursor = page.body.nextCursor as string | undefined;
    } while (cursor !== undefined);
    return items;
}

/** The endpoint's log once every delivery in it is delivered. */
function allDelivered(endpointId: string, timeoutMs: number): Promise<{ deliveryId: string; eventId: string; state: string }[]> {
    return eventually(async () => {
        const all = await deliveriesOf(endpointId);
        return all.every((d) => d.state === 'delivered') ? all : undefined;
    }, timeoutMs);
}

describe('webhooks on the dev network', function () {
    this.timeout(300_000);
    const receiver = new Receiver();
    const alice = new TestWallet('webhook-alice');
    const bob = new TestWallet('webhook-bob');
    let endpointId = '';

    before(async () => {
        await receiver.start();
        const registered = await call('bank1', 'POST', '/v1/webhooks', { url: receiver.url, events: ['payment.submitted', 'payment.settled'], description: 'integration receiver' });
        expect(registered.status, JSON.stringify(registered.body)).to.equal(201);
        receiver.secret = registered.body.secret as string;
        endpointId = registered.body.id as string;
        await openAccount('bank1', alice);
        await openAccount('bank2', bob);
        const run = uniqueId('hooks');
        expect((await call('bank1', 'POST', '/v1/top-ups', { reference: `SEPA-${run}-a`, address: alice.address, currency: 'EUR', amount: '100.00' })).status).to.equal(201);
        expect((await call('bank2', 'POST', '/v1/top-ups', { reference: `ACH-${run}-b`, address: bob.address, currency: 'USD', amount: '100.00' })).status).to.equal(201);
    });

    after(async () => {
        await receiver.stop();
        if (endpointId !== '') {
            await call('bank1', 'POST', `/v1/webhooks/${endpointId}/disable`);
        }
    });

    it('when a payment settles, then the receiver gets submitted then settled, signed, in sequence', async () => {
        const paymentId = uniqueId('hook-pay');
        await pay('bank1', alice, bob, paymentId, 'EUR');
        const settled = await eventually(() => Promise.resolve(receiver.settledFor(paymentId)));
        const submitted = [...receiver.accepted.values()].find((d) => d.type === 'payment.submitted' && d.subject.id === paymentId);
        expect(submitted?.sequence).to.equal(1);
        expect(settled.sequence).to.equal(2);
        expect(receiver.refusedSignatures).to.equal(0);
    });

    it('when a delivery is replayed or its body tampered with, then the SDK verifier refuses it', async () => {
        const last = receiver.last;
        expect(last, 'a delivery arrived').to.not.equal(undefined);
        const { headers, body } = last as { headers: Record<string, string | undefined>; body: string };
        const seen = new MemorySeenEvents();
        await verifyWebhook({ rawBody: body, headers, secrets: [receiver.secret], seen });
        const refusal = async (options: Parameters<typeof verifyWebhook>[0]): Promise<string> =>
            verifyWebhook(options).then(
                () => 'accepted',
                (err: unknown) => (err instanceof WebhookVerificationError ? err.reason : String(err)),
            );
        expect(await refusal({ rawBody: body, headers, secrets: [receiver.secret], seen })).to.equal('REPLAYED');
        expect(await refusal({ rawBody: body.replace('"sequence":', '"sequence": '), headers, secrets: [receiver.secret] })).to.equal('BAD_SIGNATURE');
        expect(await refusal({ rawBody: body, headers, secrets: [receiver.secret], now: Number(headers['corridor-timestamp']) + 301 })).to.equal('STALE_TIMESTAMP');
    });

    it('when the receiver is down and comes back, then after redelivery it holds every event exactly once', async () => {
        const deliveredBefore = new Set(receiver.accepted.keys());
        await receiver.stop();
        const paymentIds = [uniqueId('hook-down-1'), uniqueId('hook-down-2')];
        for (const id of paymentIds) {
            await pay('bank1', alice, bob, id, 'EUR');
        }
        // Attempts fail while the receiver is down: the log shows them pending with an error.
        await eventually(async () => {
            const log = await deliveriesOf(endpointId);
            return log.some((d) => d.state === 'pending') ? log : undefined;
        });
        await receiver.start();
        for (const delivery of (await deliveriesOf(endpointId)).filter((d) => d.state !== 'delivered')) {
            const res = await call('bank1', 'POST', `/v1/webhooks/${endpointId}/deliveries/${delivery.deliveryId}/redeliver`);
            expect(res.status, JSON.stringify(res.body)).to.equal(202);
        }
        for (const id of paymentIds) {
            await eventually(() => Promise.resolve(receiver.settledFor(id)), 60_000);
        }
        const log = await allDelivered(endpointId, 60_000);
        expect(new Set(log.map((d) => d.eventId))).to.deep.equal(new Set(receiver.accepted.keys()));
        // A retry already under way when the redelivery is asked for may send an event twice; the
        // receiver's de-duplication absorbs that. What was delivered before the outage is never sent again.
        for (const id of deliveredBefore) {
            expect(receiver.raw.filter((x) => x === id), id).to.have.length(1);
        }
    });

    it('when the gateway is killed between commit and delivery, then after its restart every event is delivered, one of them committed while it was down', async () => {
        receiver.answer = 503;
        const before = uniqueId('hook-kill-1');
        await pay('bank1', alice, bob, before, 'EUR');
        // Committed and queued, but not delivered: the receiver refuses.
        await eventually(async () => {
            const log = await deliveriesOf(endpointId);
            return log.filter((d) => d.state === 'pending').length >= 2 ? log : undefined;
        });
        process.kill(pidOf('gateway-bank1'), 'SIGKILL');
        // Bob pays Alice through his own bank while hers is down: the ledger commits it all the same.
        const whileDown = uniqueId('hook-kill-2');
        await pay('bank2', bob, alice, whileDown, 'USD');
        receiver.answer = 200;
        const up = await networkScript('up');
        expect(up.code, up.output).to.equal(0);
        await eventually(() => Promise.resolve(receiver.settledFor(before)), 120_000);
        await eventually(() => Promise.resolve(receiver.settledFor(whileDown)), 120_000);
        const log = await allDelivered(endpointId, 120_000);
        expect(new Set(log.map((d) => d.eventId))).to.deep.equal(new Set(receiver.accepted.keys()));
        expect(receiver.refusedSignatures).to.equal(0);
    });
});
