import type { Migration } from '../sql/migrations';
import { migrate } from '../sql/migrations';
import { openSqlDriver } from '../sql/open-driver';
import { int, str, strOrNull, type SqlDriver, type SqlRow } from '../sql/sql-driver';

/** One write request as the gateway remembers it, keyed by the caller's Idempotency-Key. */
export interface IdempotencyRecord {
    scope: string;
    key: string;
    fingerprint: string;
    state: 'pending' | 'done';
    txId: string | null;
    signedTransaction: Buffer | null;
    status: number | null;
    body: string | null;
}

export interface IdempotencyStore {
    /** Inserts a pending record unless one exists; returns the record that is stored now. */
    begin(scope: string, key: string, fingerprint: string): Promise<{ record: IdempotencyRecord; created: boolean }>;
    recordTransaction(scope: string, key: string, txId: string, signed: Buffer | null): Promise<void>;
    finish(scope: string, key: string, status: number, body: string): Promise<void>;
    /** Forgets a request that failed before anything reached the orderer, so it may be retried. */
    forget(scope: string, key: string): Promise<void>;
    pendingWithTransaction(): Promise<IdempotencyRecord[]>;
    /** Drops pending requests of a dead process that never reached the orderer. */
    forgetUnsent(): Promise<number>;
    close(): Promise<void>;
}

function idempotencyTable(blob: string, now: string): string {
    return `CREATE TABLE IF NOT EXISTS idempotency (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
            tx_id TEXT,
            signed_tx ${blob},
            status INTEGER,
            body TEXT,
            created_at TEXT NOT NULL DEFAULT (${now}),
            PRIMARY KEY (scope, key)
        )`;
}

/**
 * Version 1 is the table a SQLite file made before migrations were recorded already has
 * (hence IF NOT EXISTS): such a file is adopted as it is.
 */
export const MIGRATIONS: readonly Migration[] = [
    {
        version: 1,
        name: 'remembered write requests',
        statements: [],
        sqlite: [idempotencyTable('BLOB', "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')")],
        postgres: [idempotencyTable('BYTEA', `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`)],
    },
];

function toRecord(row: SqlRow): IdempotencyRecord {
    return {
        scope: str(row.scope),
        key: str(row.key),
        fingerprint: str(row.fingerprint),
        state: str(row.state) as IdempotencyRecord['state'],
        txId: strOrNull(row.tx_id),
        signedTransaction: row.signed_tx === null ? null : Buffer.from(row.signed_tx as Uint8Array),
        status: row.status === null ? null : int(row.status),
        body: strOrNull(row.body),
    };
}

/** The remembered writes in SQL, over any driver: each statement is durable before the request goes on. */
export class SqlIdempotencyStore implements IdempotencyStore {
    private constructor(readonly db: SqlDriver) {}

    static async open(db: SqlDriver): Promise<SqlIdempotencyStore> {
        await migrate(db, 'idempotency_migrations', MIGRATIONS, undefined);
        return new SqlIdempotencyStore(db);
    }

    async begin(scope: string, key: string, fingerprint: string): Promise<{ record: IdempotencyRecord; created: boolean }> {
        const inserted = await this.db.run(`INSERT INTO idempotency (scope, key, fingerprint, state) VALUES (?, ?, ?, 'pending') ON CONFLICT DO NOTHING`, [scope, key, fingerprint]);
        const [row] = await this.db.all('SELECT * FROM idempotency WHERE scope = ? AND key = ?', [scope, key]);
        if (row === undefined) {
            // Forgotten by a concurrent failure between the two statements: the caller may try again.
            throw new Error('idempotency record vanished while it was being read');
        }
        return { record: toRecord(row), created: inserted === 1 };
    }

    async recordTransaction(scope: string, key: string, txId: string, signed: Buffer | null): Promise<void> {
        await this.db.run('UPDATE idempotency SET tx_id = ?, signed_tx = COALESCE(?, signed_tx) WHERE scope = ? AND key = ?', [txId, signed, scope, key]);
    }

    async finish(scope: string, key: string, status: number, body: string): Promise<void> {
        await this.db.run(`UPDATE idempotency SET state = 'done', status = ?, body = ?, signed_tx = NULL WHERE scope = ? AND key = ?`, [status, body, scope, key]);
    }

    async forget(scope: string, key: string): Promise<void> {
        await this.db.run(`DELETE FROM idempotency WHERE scope = ? AND key = ? AND state = 'pending'`, [scope, key]);
    }

    async pendingWithTransaction(): Promise<IdempotencyRecord[]> {
        return (await this.db.all(`SELECT * FROM idempotency WHERE state = 'pending' AND signed_tx IS NOT NULL`)).map(toRecord);
    }

    forgetUnsent(): Promise<number> {
        return this.db.run(`DELETE FROM idempotency WHERE state = 'pending' AND signed_tx IS NULL`);
    }

    close(): Promise<void> {
        return this.db.close();
    }
}

/** The remembered writes at a location: a PostgreSQL URL, else a SQLite file (`:memory:` in tests) kept fully synchronous. */
export async function openIdempotencyStore(location: string): Promise<SqlIdempotencyStore> {
    const db = openSqlDriver(location, ['synchronous = FULL']);
    try {
        return await SqlIdempotencyStore.open(db);
    } catch (err) {
        await db.close();
        throw err;
    }
}
