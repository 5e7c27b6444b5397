import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { signingBytes } from '@corridor/chaincode/api';
import { call, HOME_CURRENCY, prepareAccounts, ROOT, type BenchAccount } from './rest-network';

/**
 * Commit → webhook delivery on the dev network: bank1's customers pay bank2's and bank3's
 * (BENCH_WEBHOOK_PAYMENTS, default 200, at most 2,000, BENCH_WEBHOOK_WIDTH at a time,
 * default 4); a receiver on loopback notes when each payment's outcome (payment.settled
 * or payment.held) arrives. Printed:
 * p50/p95 from the client seeing the commit (the payment's 201) to the delivery, from the
 * ledger transaction's timestamp to the delivery, and the gateway's own histogram
 * (index commit → receiver's 2xx), read from /metrics.
 */

const COUNT = bounded('BENCH_WEBHOOK_PAYMENTS', 200, 2_000);
const WIDTH = bounded('BENCH_WEBHOOK_WIDTH', 4, 32);

function bounded(variable: string, fallback: number, max: number): number {
    const value = Number(process.env[variable] ?? fallback);
    if (!Number.isInteger(value) || value < 1 || value > max) {
        throw new Error(`${variable} must be an integer from 1 to ${max}`);
    }
    return value;
}

interface Arrival {
    at: number;
    createdAt: string;
}

function receive(arrivals: Map<string, Arrival>): Promise<Server> {
    const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
            const at = Date.now();
            const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; createdAt: string; subject: { id: string } };
            // A payment's outcome: settled, or held when the AML pair-activity rules hold a run of alike payments.
            if ((event.type === 'payment.settled' || event.type === 'payment.held') && !arrivals.has(event.subject.id)) {
                arrivals.set(event.subject.id, { at, createdAt: event.createdAt });
            }
            res.writeHead(204).end();
        });
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => { resolve(server); }));
}

interface Payer {
    account: BenchAccount;
    key: KeyObject;
    nextSequence: number;
}

async function sequenceOf(account: BenchAccount): Promise<number> {
    const reply = await call(account.bank, 'GET', `/v1/accounts/${account.address}`);
    return (reply.body as { nextSequence: number }).nextSequence;
}

/** Pays and returns when the client saw the commit (the 201), or undefined when the payment was not made. */
async function pay(payer: Payer, payee: BenchAccount, paymentId: string): Promise<number | undefined> {
    const unsigned = {
        paymentId,
        payer: payer.account.address,
        payee: payee.address,
        amount: '1.00',
        currency: HOME_CURRENCY[payer.account.bank],
        purpose: 'GDDS',
        sequence: payer.nextSequence,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    };
    const reply = await call(payer.account.bank, 'POST', '/v1/payments', { ...unsigned, signature: sign(null, signingBytes(unsigned), payer.key).toString('base64') }, randomUUID());
    if (reply.status !== 201) {
        payer.nextSequence = await sequenceOf(payer.account);
        return undefined;
    }
    payer.nextSequence += 1;
    return Date.now();
}

function percentile(sorted: readonly number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(name: string, values: number[]): string {
    const sorted = [...values].sort((a, b) => a - b);
    return `${name}: p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, max ${(sorted[sorted.length - 1] ?? Number.NaN).toFixed(0)} ms (n=${sorted.length})`;
}

/** A quantile of a Prometheus histogram: the upper bound of the first bucket that holds it. */
async function gatewayHistogram(): Promise<string> {
    const key = (JSON.parse(readFileSync(join(ROOT, '.fabric', 'gateway', 'bank1', 'api-keys.json'), 'utf8')) as { admin: string }).admin;
    const reply = await fetch('http://127.0.0.1:3001/metrics', { headers: { Authorization: `Bearer ${key}` } });
    const text = await reply.text();
    const buckets = [...text.matchAll(/^corridor_webhook_commit_to_delivery_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) => ({ le: m[1] ?? '', count: Number(m[2]) }));
    const total = buckets[buckets.length - 1]?.count ?? 0;
    const at = (q: number): string => buckets.find((b) => b.count >= q * total)?.le ?? '?';
    return `gateway histogram (index commit → receiver 2xx, whole run of this gateway): p50 ≤ ${at(0.5)} s, p95 ≤ ${at(0.95)} s (n=${total})`;
}

/** The endpoint's delivery log by state and last error, as the bank would read it. */
async function deliveryStates(endpointId: string): Promise<string> {
    const counts = new Map<string, number>();
    let cursor: string | undefined;
    do {
        const reply = await call('bank1', 'GET', `/v1/webhooks/${endpointId}/deliveries?limit=100${cursor === undefined ? '' : `&cursor=${cursor}`}`);
        const page = reply.body as { items: { state: string; lastError?: string }[]; nextCursor?: string };
        for (const item of page.items) {
            const key = item.lastError === undefined ? item.state : `${item.state} (${item.lastError})`;
            counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        cursor = page.nextCursor;
    } while (cursor !== undefined);
    return [...counts].map(([state, n]) => `${state}: ${n}`).join(', ');
}

async function main(): Promise<void> {
    const log = (line: string): void => { console.log(`[bench:webhooks] ${line}`); };
    const accounts = await prepareAccounts(['bank1'], WIDTH, 3, log);
    const payees = accounts.payees.filter((p) => p.bank !== 'bank1');
    const arrivals = new Map<string, Arrival>();
    const server = await receive(arrivals);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const registered = await call('bank1', 'POST', '/v1/webhooks', { url, events: ['payment.settled', 'payment.held'], description: 'bench:webhooks' });
    if (registered.status !== 201) {
        throw new Error(`registering the receiver: ${registered.status} ${JSON.stringify(registered.body)}`);
    }
    const endpointId = (registered.body as { id: string }).id;
    try {
        const payers: Payer[] = await Promise.all(accounts.payers.map(async (account) => ({ account, key: createPrivateKey(account.privateKeyPem), nextSequence: await sequenceOf(account) })));
        const run = Date.now().toString(36);
        const committed = new Map<string, number>();
        let next = 0;
        log(`${COUNT} payments, ${WIDTH} at a time, bank1 → bank2/bank3; receiver ${url}`);
        await Promise.all(
            payers.map(async (payer, slot) => {
                while (next < COUNT) {
                    const paymentId = `bench-hook-${run}-${next++}`;
                    const at = await pay(payer, payees[slot % payees.length] as BenchAccount, paymentId);
                    if (at !== undefined) {
                        committed.set(paymentId, at);
                    }
                }
            }),
        );
        const deadline = Date.now() + 120_000;
        while ([...committed.keys()].some((id) => !arrivals.has(id)) && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 200));
        }
        const missing = [...committed.keys()].filter((id) => !arrivals.has(id));
        const seen = [...committed].flatMap(([id, at]) => {
            const arrival = arrivals.get(id);
            return arrival === undefined ? [] : [{ fromAnswer: arrival.at - at, fromLedger: arrival.at - Date.parse(arrival.createdAt) }];
        });
        log(`payments committed: ${committed.size} of ${COUNT}; delivered: ${seen.length}; missing after 120 s: ${missing.length}`);
        log(summary('client saw the commit (201) → delivery (negative: delivered before the answer)', seen.map((s) => s.fromAnswer)));
        log(summary('ledger transaction timestamp → delivery', seen.map((s) => s.fromLedger)));
        log(await gatewayHistogram());
        log(`delivery log of the receiver's endpoint: ${await deliveryStates(endpointId)}`);
        if (missing.length > 0) {
            process.exitCode = 1;
        }
    } finally {
        await call('bank1', 'POST', `/v1/webhooks/${endpointId}/disable`);
        server.close();
    }
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
