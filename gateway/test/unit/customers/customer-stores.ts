import { openCustomerDatabase, SqlCustomerStore } from '../../../src/customers/sql-customer-store';
import type { PersonalDataVault } from '../../../src/customers/personal-data';
import { PostgresDriver } from '../../../src/sql/postgres-driver';
import type { SqlDriver } from '../../../src/sql/sql-driver';

/** A customers database under test: SQLite in memory, or a schema of its own in the test PostgreSQL database, emptied first. */
export interface CustomerDatabaseUnderTest {
    name: string;
    /** A fresh, unmigrated database. */
    open(): Promise<SqlDriver>;
}

/** Beside the index's tables in the same test database, in a schema of its own. */
const PG_SCHEMA = 'customers_contract';

export const CUSTOMER_DATABASES: CustomerDatabaseUnderTest[] = [{ name: 'SQLite', open: async () => openCustomerDatabase(':memory:') }];

const pgUrl = process.env.CORRIDOR_TEST_PG_URL;
if (pgUrl !== undefined && pgUrl !== '') {
    CUSTOMER_DATABASES.push({
        name: 'PostgreSQL',
        async open() {
            const admin = new PostgresDriver(pgUrl);
            try {
                await admin.run(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`);
                await admin.run(`CREATE SCHEMA ${PG_SCHEMA}`);
            } finally {
                await admin.close();
            }
            const url = new URL(pgUrl);
            url.searchParams.set('options', `-c search_path=${PG_SCHEMA}`);
            return openCustomerDatabase(url.toString());
        },
    });
}

export async function openStoreOn(database: CustomerDatabaseUnderTest, vault: PersonalDataVault): Promise<SqlCustomerStore> {
    return SqlCustomerStore.open(await database.open(), vault);
}
