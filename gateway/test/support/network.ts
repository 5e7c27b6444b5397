import { CorridorClient } from '@corridor/client';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Talks to the dev network that test-network.sh started, through the gateways' REST APIs. */

export const ROOT = join(__dirname, '..', '..', '..', '..');
export const ORGS = ['bank1', 'bank2', 'bank3', 'regulator'] as const;
export type Org = (typeof ORGS)[number];

export const PORTS: Record<Org, number> = { bank1: 3001, bank2: 3002, bank3: 3003, regulator: 3004 };

export function apiKey(org: Org): string {
    const keys = JSON.parse(readFileSync(join(ROOT, '.fabric', 'gateway', org, 'api-keys.json'), 'utf8')) as Record<string, string>;
    return (org === 'regulator' ? keys.auditor : keys.admin) as string;
}

export interface Reply {
    status: number;
    body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The SDK's client of an org's gateway, as its back office (the regulator as its auditor). */
export function client(org: Org): CorridorClient {
    return clientAs(apiKey(org), org);
}

/** The SDK's client of an org's gateway with a person's session token, or with none (registration, sign-in). */
export function clientAs(token: string | undefined, org: Org): CorridorClient {
    return new CorridorClient({ baseUrl: `http://127.0.0.1:${PORTS[org]}`, timeoutMs: 60_000, ...(token !== undefined ? { token } : {}) });
}

/**
 * Calls a gateway once through the SDK and hands back whatever it answered, errors
 * included, for tests that assert on statuses; writes carry a fresh Idempotency-Key
 * unless the test chooses one.
 */
export async function call(org: Org, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, idempotencyKey?: string): Promise<Reply> {
    return once(client(org), method, path, body, idempotencyKey);
}

/** The same with a person's session token, or none (registration, sign-in). */
export async function callAs(token: string | undefined, org: Org, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<Reply> {
    return once(clientAs(token, org), method, path, body);
}

async function once(gateway: CorridorClient, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, idempotencyKey?: string): Promise<Reply> {
    const reply = await gateway.transport.once(method, path, { body, ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) });
    return { status: reply.status, body: reply.body };
}

/** Polls until `check` returns a value or the deadline passes; other peers commit a block a moment later. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await check();
        if (value !== undefined) {
            return value;
        }
        if (Date.now() > deadline) {
            throw new Error('condition not met before the deadline');
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
}

export async function networkScript(...args: string[]): Promise<{ code: number; output: string }> {
    try {
        const { stdout, stderr } = await promisify(execFile)(join(ROOT, 'test-network.sh'), args, {
            cwd: ROOT,
            timeout: 300_000,
            maxBuffer: 16 * 1024 * 1024,
        });
        return { code: 0, output: stdout + stderr };
    } catch (err) {
        const failed = err as { code?: number; stdout?: string; stderr?: string };
        return { code: failed.code ?? 1, output: (failed.stdout ?? '') + (failed.stderr ?? '') };
    }
}

export function pidOf(name: string): number {
    return Number(readFileSync(join(ROOT, '.fabric', 'run', `${name}.pid`), 'utf8').trim());
}

/** A notice id that no earlier run of the suite used, so the suite can rerun on a live network. */
export function uniqueId(prefix: string): string {
    return `${prefix}-${Date.now().toString(36)}-${process.pid}`;
}
