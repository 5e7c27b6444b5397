import { openSqlDriver } from '../sql/open-driver';
import { SqlIndexStore } from './sql-index-store';

/**
 * The index database: a `postgres://` or `postgresql://` URL selects PostgreSQL; anything
 * else is a SQLite file path (`:memory:` in tests).
 */
export async function openIndexStore(location: string): Promise<SqlIndexStore> {
    // The index is rebuilt from the ledger when lost, so a SQLite file may trade the last commits for speed.
    const store = new SqlIndexStore(openSqlDriver(location, ['synchronous = NORMAL']));
    try {
        await store.migrate();
    } catch (err) {
        await store.close();
        throw err;
    }
    return store;
}
