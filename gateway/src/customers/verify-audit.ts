import { dirname, join } from 'node:path';
import { AuditLog } from '../security/audit-log';
import { systemClock } from '../security/clock';
import { existingVault } from './customer-module';
import { loadCustomerSettings } from './customer-settings';
import { SqliteCustomerStore } from './sqlite-store';

/**
 * Verifies the hash chain of the security audit log.
 * Usage: node dist/src/customers/verify-audit.js [path to customers.sqlite]
 * (default: $CORRIDOR_CUSTOMERS_DB, else $CORRIDOR_DATA_DIR/customers.sqlite). Opening the store
 * needs its keys (the KEK and blind-index key files of the customer settings, beside the
 * database unless configured), as a store on an older schema is migrated first.
 * Exit code 0 when the chain is intact, 1 when it is broken, 2 on a usage error.
 */
async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
    const path = argv[0] ?? env.CORRIDOR_CUSTOMERS_DB ?? (env.CORRIDOR_DATA_DIR ? join(env.CORRIDOR_DATA_DIR, 'customers.sqlite') : undefined);
    if (path === undefined) {
        console.error('usage: verify-audit <customers.sqlite>');
        return 2;
    }
    const store = new SqliteCustomerStore(path, existingVault(loadCustomerSettings(env, env.CORRIDOR_DATA_DIR ?? dirname(path))));
    try {
        const verdict = await new AuditLog(store, systemClock).verify();
        console.log(JSON.stringify(verdict));
        return verdict.ok ? 0 : 1;
    } finally {
        store.close();
    }
}

main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (err: unknown) => {
        console.error(JSON.stringify({ ok: false, error: String(err) }));
        process.exit(2);
    },
);
