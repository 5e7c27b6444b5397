import { PostgresDriver } from './postgres-driver';
import { SqlIndexStore } from './sql-index-store';
import { SqliteDriver } from './sqlite-driver';

/**
 * The one setting that chooses the index database: a `postgres://` or `postgresql://`
 * URL selects PostgreSQL; anything else is a SQLite file path (`:memory:` in tests).
 */
export async function openIndexStore(location: string): Promise<SqlIndexStore> {
    const driver = /^postgres(ql)?:\/\//.test(location) ? new PostgresDriver(location) : new SqliteDriver(location);
    const store = new SqlIndexStore(driver);
    try {
        await store.migrate();
    } catch (err) {
        await store.close();
        throw err;
    }
    return store;
}
