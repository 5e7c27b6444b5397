import { serveFromCommandLine } from './dev-server-main';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { maskRecipient } from '../notifications/notifier';
import type { SmsStatus } from '../notifications/sms-provider';

/**
 * The dev network's SMS provider: the HTTP provider interface of
 * notifications/sms-provider.ts on 127.0.0.1, which "delivers" every message at once and
 * remembers its reference, so a retried send is answered as the first and the gateway can
 * read the delivery status back. It keeps no text: the gateway's outbox, read through
 * GET /v1/dev/mailbox, is where a newcomer reads the code.
 * Usage: node dist/src/tools/dev-sms.js <port>
 */
export interface DevSmsSink {
    port: number;
    /** The references sent, in order; a retry of a reference is not counted again. */
    references(): string[];
    close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024;
const MAX_REMEMBERED = 10_000;
const REFERENCE = /^[A-Za-z0-9._-]{1,100}$/;

export async function startDevSms(port: number, log: (line: string) => void = () => undefined): Promise<DevSmsSink> {
    const sent = new Map<string, SmsStatus>();
    const server = createServer((req, res) => {
        handle(req, res, sent, log).catch(() => { answer(res, 500, { error: 'internal' }); });
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => { resolve(); });
    });
    return {
        port: (server.address() as AddressInfo).port,
        references: () => [...sent.keys()],
        close: () => new Promise<void>((resolve) => { server.close(() => { resolve(); }); }),
    };
}

async function handle(req: IncomingMessage, res: ServerResponse, sent: Map<string, SmsStatus>, log: (line: string) => void): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://sink').pathname;
    if (req.method === 'GET' && path === '/health') {
        answer(res, 200, { status: 'ok' });
        return;
    }
    if (req.method === 'GET' && path.startsWith('/messages/')) {
        const reference = decodeURIComponent(path.slice('/messages/'.length));
        const status = sent.get(reference);
        answer(res, status === undefined ? 404 : 200, status === undefined ? { error: 'unknown reference' } : { reference, status });
        return;
    }
    if (req.method !== 'POST' || path !== '/messages') {
        answer(res, 404, { error: 'no such route' });
        return;
    }
    const body = await readJson(req);
    const { to, text, reference } = (body ?? {}) as { to?: unknown; text?: unknown; reference?: unknown };
    if (typeof to !== 'string' || !/^\+[1-9]\d{7,14}$/.test(to) || typeof text !== 'string' || text.length === 0 || typeof reference !== 'string' || !REFERENCE.test(reference)) {
        answer(res, 400, { error: 'to (E.164), text and reference are required' });
        return;
    }
    const known = sent.get(reference);
    if (known === undefined) {
        if (sent.size >= MAX_REMEMBERED) {
            sent.delete(sent.keys().next().value as string);
        }
        sent.set(reference, 'delivered');
        log(JSON.stringify({ level: 'info', message: 'sms delivered', to: maskRecipient('sms', to), reference }));
    }
    answer(res, known === undefined ? 201 : 200, { reference, status: sent.get(reference) });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
        size += (chunk as Buffer).length;
        if (size > MAX_BODY_BYTES) {
            return undefined;
        }
        chunks.push(chunk as Buffer);
    }
    try {
        return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    } catch {
        return undefined;
    }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

if (require.main === module) {
    serveFromCommandLine('dev SMS sink', 2526, startDevSms);
}
