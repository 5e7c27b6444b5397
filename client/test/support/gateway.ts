import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CorridorClient, type ClientOptions } from '../../src/index.js';
import { KEYS, stubLedger, testApp, type LedgerStub } from '@corridor/gateway/dist/test/support/test-app.js';

/**
 * The gateway's own app (its app factory, on a stub ledger) listening on an ephemeral
 * port, and a client pointed at it: the SDK is tested against the real routes,
 * idempotency store and error handler, not against a fake of them.
 */
export interface TestGateway {
    url: string;
    ledger: LedgerStub;
    /** Every request the gateway received: method, path and Idempotency-Key. */
    requests: { method: string; path: string; key: string | undefined }[];
    client(options?: Partial<ClientOptions>): CorridorClient;
    close(): Promise<void>;
}

export async function startGateway(ledger: LedgerStub = stubLedger()): Promise<TestGateway> {
    const { app } = await testApp(ledger);
    const requests: TestGateway['requests'] = [];
    const server: Server = await new Promise((resolve) => {
        const listening = app.listen(0, '127.0.0.1', () => { resolve(listening); });
    });
    server.on('request', (req: { method?: string; url?: string; headers: Record<string, string | string[] | undefined> }) => {
        const key = req.headers['idempotency-key'];
        requests.push({ method: req.method ?? '', path: req.url ?? '', key: typeof key === 'string' ? key : undefined });
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        url,
        ledger,
        requests,
        client: (options = {}) => new CorridorClient({ baseUrl: url, token: KEYS.admin, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...options }),
        close: () =>
            new Promise((resolve) => {
                server.closeAllConnections();
                server.close(() => {
                    resolve();
                });
            }),
    };
}

export { stubLedger };
