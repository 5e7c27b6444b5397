import { dirname, join } from 'node:path';
import { existingVault, openExistingStore } from '../customers/customer-module';
import { loadCustomerSettings } from '../customers/customer-settings';
import type { SqlCustomerStore } from '../customers/sql-customer-store';
import { isPostgresUrl } from '../sql/open-driver';
import type { EnvelopeCipher } from '../security/envelope-cipher';

/** Runs a tool's main and exits with its code; a failure prints one JSON line and exits with `failureCode`. */
export function runTool(main: () => Promise<number>, failureCode: number): void {
    main().then(
        (code) => process.exit(code),
        (err: unknown) => {
            console.error(JSON.stringify({ ok: false, error: String(err) }));
            process.exit(failureCode);
        },
    );
}

/**
 * The customers database a tool works on: the argument, else $CORRIDOR_CUSTOMERS_DB, else
 * $CORRIDOR_DATABASE_URL, else customers.sqlite in $CORRIDOR_DATA_DIR; undefined when none is named.
 */
export function customerDatabaseOf(arg: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
    return arg ?? env.CORRIDOR_CUSTOMERS_DB ?? env.CORRIDOR_DATABASE_URL ?? (env.CORRIDOR_DATA_DIR ? join(env.CORRIDOR_DATA_DIR, 'customers.sqlite') : undefined);
}

/**
 * Opens that database with the key files of the customer settings: configured, else beside
 * the database file (a PostgreSQL URL has no beside: $CORRIDOR_DATA_DIR then). A store on an
 * older schema is migrated first, which needs the keys; none is ever created here.
 */
export function openToolStore(database: string, env: NodeJS.ProcessEnv, cipher?: EnvelopeCipher): Promise<SqlCustomerStore> {
    const dataDir = env.CORRIDOR_DATA_DIR ?? (isPostgresUrl(database) ? '.' : dirname(database));
    const settings = { ...loadCustomerSettings(env, dataDir), database };
    return openExistingStore(settings, existingVault(settings, cipher));
}
