import { PostgresDriver } from './postgres-driver';
import type { SqlDriver } from './sql-driver';
import { SqliteDriver } from './sqlite-driver';

/** A `postgres://` or `postgresql://` URL selects PostgreSQL. */
export function isPostgresUrl(location: string): boolean {
    return /^postgres(ql)?:\/\//.test(location);
}

/**
 * The driver for a store's location: PostgreSQL for a URL, else a SQLite file (`:memory:`
 * in tests) opened with the pragmas that store's file needs.
 */
export function openSqlDriver(location: string, sqlitePragmas: readonly string[] = []): SqlDriver {
    return isPostgresUrl(location) ? new PostgresDriver(location) : new SqliteDriver(location, sqlitePragmas);
}
