import Database from 'better-sqlite3';
import { StatementCache } from '../statement-cache';

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
    begin(scope: string, key: string, fingerprint: string): { record: IdempotencyRecord; created: boolean };
    recordTransaction(scope: string, key: string, txId: string, signed: Buffer | null): void;
    finish(scope: string, key: string, status: number, body: string): void;
    /** Forgets a request that failed before anything reached the orderer, so it may be retried. */
    forget(scope: string, key: string): void;
    pendingWithTransaction(): IdempotencyRecord[];
    /** Drops pending requests of a dead process that never reached the orderer. */
    forgetUnsent(): number;
    close(): void;
}

interface Row {
    scope: string;
    key: string;
    fingerprint: string;
    state: 'pending' | 'done';
    tx_id: string | null;
    signed_tx: Buffer | null;
    status: number | null;
    body: string | null;
}

function toRecord(row: Row): IdempotencyRecord {
    return {
        scope: row.scope,
        key: row.key,
        fingerprint: row.fingerprint,
        state: row.state,
        txId: row.tx_id,
        signedTransaction: row.signed_tx,
        status: row.status,
        body: row.body,
    };
}

/** SQLite in WAL mode: each statement is durable before the request goes on. */
export class SqliteIdempotencyStore implements IdempotencyStore {
    private readonly db: Database.Database;
    private readonly statements: StatementCache;

    constructor(path: string) {
        this.db = new Database(path);
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = FULL');
        this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'done')),
            tx_id TEXT,
            signed_tx BLOB,
            status INTEGER,
            body TEXT,
            created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
            PRIMARY KEY (scope, key)
        )`);
        this.statements = new StatementCache(this.db);
    }

    begin(scope: string, key: string, fingerprint: string): { record: IdempotencyRecord; created: boolean } {
        const inserted = this.statements
            .get(`INSERT OR IGNORE INTO idempotency (scope, key, fingerprint, state) VALUES (?, ?, ?, 'pending')`)
            .run(scope, key, fingerprint);
        const row = this.statements.get('SELECT * FROM idempotency WHERE scope = ? AND key = ?').get(scope, key) as Row;
        return { record: toRecord(row), created: inserted.changes === 1 };
    }

    recordTransaction(scope: string, key: string, txId: string, signed: Buffer | null): void {
        this.statements.get('UPDATE idempotency SET tx_id = ?, signed_tx = COALESCE(?, signed_tx) WHERE scope = ? AND key = ?').run(txId, signed, scope, key);
    }

    finish(scope: string, key: string, status: number, body: string): void {
        this.statements.get(`UPDATE idempotency SET state = 'done', status = ?, body = ?, signed_tx = NULL WHERE scope = ? AND key = ?`).run(status, body, scope, key);
    }

    forget(scope: string, key: string): void {
        this.statements.get(`DELETE FROM idempotency WHERE scope = ? AND key = ? AND state = 'pending'`).run(scope, key);
    }

    pendingWithTransaction(): IdempotencyRecord[] {
        return (this.statements.get(`SELECT * FROM idempotency WHERE state = 'pending' AND signed_tx IS NOT NULL`).all() as Row[]).map(toRecord);
    }

    forgetUnsent(): number {
        return this.statements.get(`DELETE FROM idempotency WHERE state = 'pending' AND signed_tx IS NULL`).run().changes;
    }

    close(): void {
        this.db.close();
    }
}
