import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlDriver, SqlValue } from '../src/sql/sql-driver';
import { PostgresDriver } from '../src/sql/postgres-driver';
import { SqlIndexStore } from '../src/index/sql-index-store';
import { SqliteDriver } from '../src/sql/sqlite-driver';
import { CursorCodec } from '../src/queries/cursor';
import { type TransactionFilters, TransactionQueries, type Viewer } from '../src/queries/transaction-queries';

/**
 * `node dist/bench/bench-index.js [rows] [postgres-url]`: fills an index with
 * synthetic transactions (default 1,000,000; SQLite in a temporary file unless a
 * PostgreSQL URL is given, whose index tables are emptied first) and prints p50/p95/p99
 * of the filtered queries and of the first batch of an export, as the use case runs them.
 */

const BANKS = ['Bank1MSP', 'Bank2MSP', 'Bank3MSP'];
const ACCOUNTS = 20_000;
const BATCH = 500;
const COLUMNS = [
    'key', 'id', 'kind', 'serial', 'payment_id', 'from_address', 'from_bank', 'to_address', 'to_bank', 'cross_bank', 'amount', 'currency',
    'target_amount', 'target_currency', 'refunded', 'state', 'status', 'created_at', 'updated_at', 'created_block', 'updated_block',
    'updated_tx_index', 'last_tx_id', 'details',
];

function prng(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function address(n: number): string {
    return `cx${n.toString(16).padStart(48, '0')}`;
}

function bankOf(account: number): string {
    return BANKS[account % BANKS.length] as string;
}

async function fill(driver: SqlDriver, rows: number): Promise<void> {
    const random = prng(42);
    const start = Date.parse('2026-01-01T00:00:00Z');
    const span = 330 * 86_400_000;
    const row = (i: number): SqlValue[] => {
        const r = random();
        const kind = r < 0.85 ? 'payment' : r < 0.9 ? 'refund' : r < 0.95 ? 'top-up' : 'withdrawal';
        const from = Math.floor(random() * ACCOUNTS);
        const to = Math.floor(random() * ACCOUNTS);
        const s = random();
        const [state, status] = s < 0.9 ? ['settled', 'succeeded'] : s < 0.95 ? ['rejected', 'failed'] : ['held', 'pending'];
        const time = new Date(start + Math.floor((i / rows) * span)).toISOString();
        const serial = `bench-${i}`;
        const fromBank = bankOf(from);
        const toBank = kind === 'top-up' || kind === 'withdrawal' ? fromBank : bankOf(to);
        return [
            `${kind}:${serial}`, i.toString(16).padStart(64, '0'), kind, serial, kind === 'payment' ? serial : null,
            kind === 'top-up' ? null : address(from), fromBank, kind === 'withdrawal' ? null : address(to), toBank, fromBank === toBank ? 0 : 1,
            BigInt(1 + Math.floor(random() * 1_000_000)), 'EUR', null, null, null, state, status, time, time, BigInt(i), BigInt(i), 0,
            i.toString(16).padStart(64, '0'), '{}',
        ];
    };
    const placeholders = `(${COLUMNS.map(() => '?').join(', ')})`;
    for (let done = 0; done < rows; ) {
        await driver.transaction(async (tx) => {
            for (let chunk = 0; chunk < 20 && done < rows; chunk++) {
                const size = Math.min(BATCH, rows - done);
                const values: SqlValue[] = [];
                for (let k = 0; k < size; k++) {
                    values.push(...row(done + k));
                }
                await tx.run(`INSERT INTO transactions (${COLUMNS.join(', ')}) VALUES ${Array.from({ length: size }, () => placeholders).join(', ')}`, values);
                done += size;
            }
        });
        if (done % 100_000 === 0) {
            process.stdout.write(`  ${done} rows\n`);
        }
    }
    if (driver.dialect === 'postgres') {
        await driver.run('ANALYZE transactions');
    } else {
        await driver.run('ANALYZE');
    }
}

function percentile(sorted: number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function measure(name: string, runs: number, work: (i: number) => Promise<unknown>): Promise<void> {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
        const started = process.hrtime.bigint();
        await work(i);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((a, b) => a - b);
    const fmt = (ms: number): string => ms.toFixed(1).padStart(7);
    console.log(`${name.padEnd(52)} p50 ${fmt(percentile(times, 50))} ms  p95 ${fmt(percentile(times, 95))} ms  p99 ${fmt(percentile(times, 99))} ms`);
}

async function main(): Promise<void> {
    const rows = Number(process.argv[2] ?? 1_000_000);
    const url = process.argv[3];
    const driver: SqlDriver = url !== undefined ? new PostgresDriver(url) : new SqliteDriver(join(mkdtempSync(join(tmpdir(), 'corridor-bench-')), 'index.db'));
    const store = new SqlIndexStore(driver);
    await store.migrate();
    await store.reset();
    console.log(`filling ${rows} transactions into ${driver.dialect}`);
    const started = Date.now();
    await fill(driver, rows);
    console.log(`filled in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const queries = new TransactionQueries(store, new CursorCodec(randomBytes(32)));
    const bank: Viewer = { scope: { kind: 'bank', mspId: 'Bank1MSP' } };
    const regulator: Viewer = { scope: { kind: 'all' } };
    const base: TransactionFilters = { sort: 'time', descending: true };
    const random = prng(7);
    const someAccount = (): string => address(Math.floor(random() * ACCOUNTS / 3) * 3); // a Bank1MSP account
    const runs = 200;
    await measure('bank, newest first, 20', runs, () => queries.page(bank, base, 20));
    await measure('bank, type=receipt', runs, () => queries.page(bank, { ...base, types: ['receipt'] }, 20));
    await measure('bank, status=failed', runs, () => queries.page(bank, { ...base, statuses: ['failed'] }, 20));
    await measure('bank, EUR 100.00-200.00, sorted by amount', runs, () => queries.page(bank, { ...base, sort: 'amount', currency: 'EUR', minAmount: '100.00', maxAmount: '200.00' }, 20));
    await measure('bank, one account, last 30 days', runs, () => queries.page(bank, { ...base, account: someAccount(), from: '2026-10-27T00:00:00.000Z' }, 20));
    await measure('bank, counterparty', runs, () => queries.page(bank, { ...base, counterparty: someAccount() }, 20));
    await measure('bank, serial number exact', runs, (i) => queries.page(bank, { ...base, serialNumber: `bench-${(i * 4999) % rows}` }, 20));
    await measure('regulator, one week, remittances', runs, () => queries.page(regulator, { ...base, types: ['remittance'], from: '2026-06-01T00:00:00.000Z', to: '2026-06-08T00:00:00.000Z' }, 20));
    await measure('bank, page 2 via cursor', runs, async () => {
        const first = await queries.page(bank, base, 20);
        return queries.page(bank, base, 20, first.nextCursor ?? undefined);
    });
    await measure('bank, export first batch (500 rows)', runs, async () => {
        let n = 0;
        for await (const _row of queries.all(bank, { ...base, statuses: ['succeeded'] })) {
            if (++n >= 500) {
                break;
            }
        }
    });
    await store.close();
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
