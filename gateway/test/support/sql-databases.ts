import { PostgresDriver } from '../../src/sql/postgres-driver';

/** A database a store contract suite runs on: SQLite in memory always, PostgreSQL when CORRIDOR_TEST_PG_URL is set. */
export interface DatabaseUnderTest {
    name: string;
    /** Where a store opens a fresh, empty database. */
    location(): Promise<string>;
}

/**
 * The databases for one store's suite. On PostgreSQL each store gets a schema of its own
 * (beside the index's tables in the same test database), dropped and made again per test.
 */
export function databasesUnderTest(schema: string): DatabaseUnderTest[] {
    const databases: DatabaseUnderTest[] = [{ name: 'SQLite', location: () => Promise.resolve(':memory:') }];
    const pgUrl = process.env.CORRIDOR_TEST_PG_URL;
    if (pgUrl !== undefined && pgUrl !== '') {
        databases.push({
            name: 'PostgreSQL',
            async location() {
                const admin = new PostgresDriver(pgUrl);
                try {
                    await admin.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
                    await admin.run(`CREATE SCHEMA ${schema}`);
                } finally {
                    await admin.close();
                }
                const url = new URL(pgUrl);
                url.searchParams.set('options', `-c search_path=${schema}`);
                return url.toString();
            },
        });
    }
    return databases;
}
