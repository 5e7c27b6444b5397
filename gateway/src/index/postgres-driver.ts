import pg from 'pg';
import type { SqlDriver, SqlExecutor, SqlRow, SqlValue } from './sql-driver';

/** `?` placeholders to PostgreSQL's `$1, $2, ...`; the index's SQL has no `?` in literals. */
export function numberPlaceholders(sql: string): string {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
}

function bind(params: readonly SqlValue[]): unknown[] {
    return params.map((value) => (typeof value === 'bigint' ? value.toString() : value));
}

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
    return {
        all: async (sql, params = []) => (await client.query(numberPlaceholders(sql), bind(params))).rows as SqlRow[],
        run: async (sql, params = []) => (await client.query(numberPlaceholders(sql), bind(params))).rowCount ?? 0,
    };
}

/** pg behind the driver port: queries on the pool, a transaction on one client of it. */
export class PostgresDriver implements SqlDriver {
    readonly dialect = 'postgres' as const;
    private readonly pool: pg.Pool;
    private readonly pooled: SqlExecutor;

    constructor(connectionString: string) {
        this.pool = new pg.Pool({ connectionString, max: 5 });
        // An idle client that loses its connection must not take the process down.
        this.pool.on('error', () => undefined);
        this.pooled = executor(this.pool);
    }

    all(sql: string, params: readonly SqlValue[] = []): Promise<SqlRow[]> {
        return this.pooled.all(sql, params);
    }

    run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
        return this.pooled.run(sql, params);
    }

    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
        const client = await this.pool.connect();
        try {
            await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
            const result = await work(executor(client));
            await client.query('COMMIT');
            return result;
        } catch (err) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw err;
        } finally {
            client.release();
        }
    }

    async close(): Promise<void> {
        await this.pool.end();
    }
}
