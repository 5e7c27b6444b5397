import { CorridorClient } from '@corridor/client';
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { toMinorUnits } from '../src/index/minor-units';

/**
 * The running dev network as the REST load test sees it: the three banks' gateways and
 * the regulator's, with the API keys test-network.sh wrote, and the benchmark's accounts
 * opened and funded through those gateways.
 */

export const ROOT = process.env.CORRIDOR_ROOT ?? resolve(__dirname, '..', '..', '..');
export const BANKS = ['bank1', 'bank2', 'bank3'] as const;
export type Bank = (typeof BANKS)[number];
type Org = Bank | 'regulator';

const PORTS: Record<Org, number> = { bank1: 3001, bank2: 3002, bank3: 3003, regulator: 3004 };
/** Each bank issues one currency (network/consortium.json); its customers pay in it. */
export const HOME_CURRENCY: Record<Bank, string> = { bank1: 'EUR', bank2: 'USD', bank3: 'CNY' };
const FUNDING = '10000.00';
/** A payer below this is topped up again before a run. */
const LOW_WATER = '1000.00';
/** Top-ups sent together per bank: each mint writes its own supply delta, so they do not conflict. */
const TOP_UP_WIDTH = 20;

export interface Reply {
    status: number;
    /** The parsed JSON answer; each caller states the shape it reads. */
    body: unknown;
}

const keys = new Map<Org, string>();

function apiKey(org: Org): string {
    let key = keys.get(org);
    if (key === undefined) {
        const file = JSON.parse(readFileSync(join(ROOT, '.fabric', 'gateway', org, 'api-keys.json'), 'utf8')) as { admin: string; auditor: string };
        key = org === 'regulator' ? file.auditor : file.admin;
        keys.set(org, key);
    }
    return key;
}

const clients = new Map<Org, CorridorClient>();

/** The SDK's client of an org's gateway, as its back office (the regulator as its auditor). */
function client(org: Org): CorridorClient {
    let gateway = clients.get(org);
    if (gateway === undefined) {
        gateway = new CorridorClient({ baseUrl: `http://127.0.0.1:${PORTS[org]}`, token: apiKey(org), timeoutMs: 60_000 });
        clients.set(org, gateway);
    }
    return gateway;
}

/**
 * One call to a gateway through the SDK, one attempt and whatever status it answers: the
 * load test counts each answer itself. A write carries a fresh Idempotency-Key unless one is given.
 */
export async function call(org: Org, method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string): Promise<Reply> {
    const reply = await client(org).transport.once(method, path, { body, ...(idempotencyKey !== undefined ? { idempotencyKey } : {}) });
    return { status: reply.status, body: reply.body };
}

/**
 * A preparation call that must succeed. Chaincode servers restart now and then on the
 * dev network: a 503 is tried again, with the same Idempotency-Key, for up to a minute.
 */
async function expectOk(org: Org, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply> {
    const key = randomUUID();
    for (let attempt = 1; ; attempt++) {
        const answer = await call(org, method, path, body, key);
        if (answer.status < 300) {
            return answer;
        }
        if (answer.status !== 503 || attempt === 12) {
            throw new Error(`${method} ${path} at ${org}: ${answer.status} ${JSON.stringify(answer.body)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 5000));
    }
}

export interface BenchAccount {
    address: string;
    bank: Bank;
    privateKeyPem: string;
}

export interface BenchAccounts {
    payers: BenchAccount[];
    payees: BenchAccount[];
}

/** Test keys of test accounts, kept between runs (one file a set of payer banks) so a second run needs no preparation. */
function accountsFile(payerBanks: readonly Bank[]): string {
    return process.env.BENCH_REST_ACCOUNTS ?? join(tmpdir(), 'corridor-bench-rest', `accounts-${payerBanks.join('-')}.json`);
}

async function open(bank: Bank, name: string): Promise<BenchAccount> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const holderRef = createHash('sha256').update(`bench-rest:${name}:${publicKeyPem}`).digest('hex');
    const opened = await expectOk(bank, 'POST', '/v1/accounts', { publicKey: publicKeyPem, holderRef, kycTier: 2 });
    return { address: (opened.body as { account: { address: string } }).account.address, bank, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** Runs `task` over `items`, `width` at a time. */
async function inBatches<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = [];
    for (let i = 0; i < items.length; i += width) {
        results.push(...(await Promise.all(items.slice(i, i + width).map(task))));
    }
    return results;
}

/** Balances in minor units by currency. */
export async function balancesOf(account: BenchAccount): Promise<Map<string, bigint> | undefined> {
    const reply = await call(account.bank, 'GET', `/v1/accounts/${account.address}/balances`);
    if (reply.status === 404) {
        return undefined;
    }
    if (reply.status !== 200) {
        throw new Error(`balances of ${account.address}: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    const rows = (reply.body as { balances: { currency: string; available: string; reserved: string }[] }).balances;
    return new Map(rows.map((row) => [row.currency, toMinorUnits(row.available, row.currency) + toMinorUnits(row.reserved, row.currency)]));
}

/**
 * Payers spread over `payerBanks` in turn, payees over all three banks. Reuses the
 * accounts of an earlier run when they are still on the ledger; tops up any payer
 * running low.
 */
export async function prepareAccounts(payerBanks: readonly Bank[], payerCount: number, payeeCount: number, log: (line: string) => void): Promise<BenchAccounts> {
    const file = accountsFile(payerBanks);
    const cached = await reusable(file, payerCount, payeeCount);
    const accounts = cached ?? (await openAccounts(file, payerBanks, payerCount, payeeCount, log));
    await topUpLow(accounts.payers.slice(0, payerCount), log);
    return { payers: accounts.payers.slice(0, payerCount), payees: accounts.payees.slice(0, payeeCount) };
}

async function reusable(file: string, payerCount: number, payeeCount: number): Promise<BenchAccounts | undefined> {
    if (!existsSync(file)) {
        return undefined;
    }
    const saved = JSON.parse(readFileSync(file, 'utf8')) as BenchAccounts;
    if (saved.payers.length < payerCount || saved.payees.length < payeeCount) {
        return undefined;
    }
    // A network started afresh has none of them.
    const [first] = saved.payers;
    if (first === undefined) {
        return undefined;
    }
    const probe = await call(first.bank, 'GET', `/v1/accounts/${first.address}`);
    return probe.status === 200 ? saved : undefined;
}

async function openAccounts(file: string, payerBanks: readonly Bank[], payerCount: number, payeeCount: number, log: (line: string) => void): Promise<BenchAccounts> {
    const run = Date.now().toString(36);
    log(`opening ${payerCount} payers and ${payeeCount} payees through the gateways`);
    const payers = await inBatches([...Array(payerCount).keys()], 15, (i) => open(payerBanks[i % payerBanks.length] as Bank, `payer-${run}-${i}`));
    const payees = await inBatches([...Array(payeeCount).keys()], 15, (i) => open(BANKS[i % BANKS.length] as Bank, `payee-${run}-${i}`));
    const accounts = { payers, payees };
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(accounts), { mode: 0o600 });
    return accounts;
}

/**
 * Mints of one currency update its supply record and would invalidate each other, so
 * each bank tops up one payer at a time; the three banks (currencies) run side by side.
 */
async function topUpLow(payers: BenchAccount[], log: (line: string) => void): Promise<void> {
    const low: BenchAccount[] = [];
    for (const payer of payers) {
        const currency = HOME_CURRENCY[payer.bank];
        const held = (await balancesOf(payer))?.get(currency) ?? 0n;
        if (held < toMinorUnits(LOW_WATER, currency)) {
            low.push(payer);
        }
    }
    if (low.length === 0) {
        return;
    }
    log(`topping up ${low.length} payers with ${FUNDING} each, ${TOP_UP_WIDTH} at a time per currency`);
    await Promise.all(
        BANKS.map((bank) =>
            inBatches(
                low.filter((payer) => payer.bank === bank),
                TOP_UP_WIDTH,
                (payer) =>
                    expectOk(bank, 'POST', '/v1/top-ups', {
                        reference: `BENCH-REST-${payer.address.slice(2, 14)}-${Date.now().toString(36)}`,
                        address: payer.address,
                        currency: HOME_CURRENCY[bank],
                        amount: FUNDING,
                    }),
            ),
        ),
    );
}

/** Circulating supply by currency, as the regulator reads it. */
export async function circulating(): Promise<Map<string, bigint>> {
    const reply = await expectOk('regulator', 'GET', '/v1/supply');
    return new Map((reply.body as { items: { currency: string; circulating: string }[] }).items.map((item) => [item.currency, toMinorUnits(item.circulating, item.currency)]));
}
