import Database from 'better-sqlite3';
import { StatementCache } from '../statement-cache';
import { UniqueViolation, type SqlDriver, type SqlExecutor, type SqlRow, type SqlValue } from './sql-driver';

/**
 * better-sqlite3 behind the async driver port. The connection is synchronous, but a
 * transaction's work awaits between statements, so every call goes through one queue:
 * a query never sees a block half written, and no two transactions interleave.
 */
export class SqliteDriver implements SqlDriver {
    readonly dialect = 'sqlite' as const;
    private readonly db: Database.Database;
    private readonly statements: StatementCache;
    private queue: Promise<unknown> = Promise.resolve();

    /** `pragmas`: what a store's file needs beyond WAL, foreign keys and safe integers. */
    constructor(path: string, pragmas: readonly string[] = []) {
        this.db = new Database(path);
        this.db.pragma('journal_mode = WAL');
        this.db.pragma('foreign_keys = ON');
        for (const pragma of pragmas) {
            this.db.pragma(pragma);
        }
        this.db.defaultSafeIntegers(true);
        this.statements = new StatementCache(this.db);
    }

    all(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
        return this.exclusive(() => this.direct.all(sql, params));
    }

    run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
        return this.exclusive(() => this.direct.run(sql, params));
    }

    transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
        return this.exclusive(async () => {
            this.statements.get('BEGIN IMMEDIATE').run();
            try {
                const result = await work(this.direct);
                this.statements.get('COMMIT').run();
                return result;
            } catch (err) {
                this.statements.get('ROLLBACK').run();
                throw err;
            }
        });
    }

    async close(): Promise<void> {
        await this.exclusive(() => {
            this.db.close();
        });
    }

    /** Statements run at once, for use inside a transaction that already holds the queue. */
    private readonly direct: SqlExecutor = {
        all: (sql, params = []) => settled(() => this.statements.get(sql).all(...params) as SqlRow[]),
        run: (sql, params = []) => settled(() => this.statements.get(sql).run(...params).changes),
    };

    /** `work` may be synchronous: a throw from it rejects the promise, as from an async one. */
    private exclusive<T>(work: () => T | Promise<T>): Promise<T> {
        const result = this.queue.then(work);
        this.queue = result.catch(() => undefined);
        return result;
    }
}

/** Runs a statement at once; its result, or its error, comes as a promise like the rest of the port. */
function settled<T>(statement: () => T): Promise<T> {
    return new Promise((resolve) => {
        resolve(uniqueViolations(statement));
    });
}

/** SQLite names the violated columns in its message: `UNIQUE constraint failed: users.phone_index`. */
function uniqueViolations<T>(statement: () => T): T {
    try {
        return statement();
    } catch (err) {
        const failed = /^UNIQUE constraint failed: (.+)$/.exec((err as Error).message);
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && failed?.[1] !== undefined) {
            throw new UniqueViolation(failed[1].split(', ').map((column) => column.slice(column.indexOf('.') + 1)), err);
        }
        throw err;
    }
}
