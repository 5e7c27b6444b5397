import Database from 'better-sqlite3';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './sql-driver';

/**
 * better-sqlite3 behind the async driver port. The connection is synchronous, but a
 * transaction's work awaits between statements, so every call goes through one queue:
 * a query never sees a block half written, and no two transactions interleave.
 */
export class SqliteDriver implements SqlDriver {
    readonly dialect = 'sqlite' as const;
    private readonly db: Database.Database;
    private queue: Promise<unknown> = Promise.resolve();

    constructor(path: string) {
        this.db = new Database(path);
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('synchronous = NORMAL');
        this.db.pragma('foreign_keys = ON');
        this.db.defaultSafeIntegers(true);
    }

    all(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
        return this.exclusive(async () => this.direct.all(sql, params));
    }

    run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
        return this.exclusive(async () => this.direct.run(sql, params));
    }

    transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
        return this.exclusive(async () => {
            this.db.exec('BEGIN IMMEDIATE');
            try {
                const result = await work(this.direct);
                this.db.exec('COMMIT');
                return result;
            } catch (err) {
                this.db.exec('ROLLBACK');
                throw err;
            }
        });
    }

    async close(): Promise<void> {
        await this.exclusive(async () => this.db.close());
    }

    /** Statements run at once, for use inside a transaction that already holds the queue. */
    private readonly direct: SqlExecutor = {
        all: async (sql, params = []) => this.db.prepare(sql).all(...params) as SqlRow[],
        run: async (sql, params = []) => this.db.prepare(sql).run(...params).changes,
    };

    private exclusive<T>(work: () => Promise<T>): Promise<T> {
        const result = this.queue.then(work);
        this.queue = result.catch(() => undefined);
        return result;
    }
}
