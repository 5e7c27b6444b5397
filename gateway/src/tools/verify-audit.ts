import { AuditLog } from '../security/audit-log';
import { systemClock } from '../security/clock';
import { customerDatabaseOf, openToolStore, runTool } from './customer-database';

/**
 * Verifies the hash chain of the security audit log.
 * Usage: node dist/src/tools/verify-audit.js [customers.sqlite or postgres:// URL]
 * (default: $CORRIDOR_CUSTOMERS_DB, else $CORRIDOR_DATABASE_URL, else $CORRIDOR_DATA_DIR/customers.sqlite). Opening the store
 * needs its keys (the KEK and blind-index key files of the customer settings, beside the
 * database unless configured), as a store on an older schema is migrated first.
 * Exit code 0 when the chain is intact, 1 when it is broken, 2 on a usage error.
 */
async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
    const database = customerDatabaseOf(argv[0], env);
    if (database === undefined) {
        console.error('usage: verify-audit <customers.sqlite>');
        return 2;
    }
    const store = await openToolStore(database, env);
    try {
        const verdict = await new AuditLog(store, systemClock).verify();
        console.log(JSON.stringify(verdict));
        return verdict.ok ? 0 : 1;
    } finally {
        await store.close();
    }
}

runTool(() => main(process.argv.slice(2), process.env), 2);
