import pg from 'pg';
import { UniqueViolation, type SqlDriver, type SqlExecutor, type SqlRow, type SqlValue } from './sql-driver';

/** `?` placeholders to PostgreSQL's `$1, $2, ...`; the stores' SQL has no `?` in literals. */
export function numberPlaceholders(sql: string): string {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
}

function bind(params: readonly SqlValue[]): unknown[] {
    return params.map((value) => (typeof value === 'bigint' ? value.toString() : value));
}

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
    const query = async (sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult> => {
        try {
            return await client.query(numberPlaceholders(sql), bind(params));
        } catch (err) {
            // 23505 unique_violation; the detail names the key: `Key (phone_index)=(...) already exists.`
            const key = /^Key \(([^)]+)\)=/.exec((err as { detail?: string }).detail ?? '');
            if ((err as { code?: string }).code === '23505' && key?.[1] !== undefined) {
                throw new UniqueViolation(key[1].split(', '), err);
            }
            throw err;
        }
    };
    return {
        all: async (sql, params = []) => (await query(sql, params)).rows as SqlRow[],
        run: async (sql, params = []) => (await query(sql, params)).rowCount ?? 0,
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
