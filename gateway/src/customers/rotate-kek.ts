import { join } from 'node:path';
import { EnvelopeCipher, type Envelope } from '../security/envelope-cipher';
import { SqliteCustomerStore } from './sqlite-store';

/**
 * Re-wraps every data key (KYC identities, custodial wallet keys) from the current
 * key-encryption key to a new one, in one transaction; the data is not re-encrypted.
 * Usage: node dist/src/customers/rotate-kek.js <current kek file> <new kek file> [customers.sqlite]
 * Stop the gateway first, then point CORRIDOR_KEK_FILE at the new file.
 */
async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
    const [currentPath, nextPath, dbArg] = argv;
    const dbPath = dbArg ?? env.CORRIDOR_CUSTOMERS_DB ?? (env.CORRIDOR_DATA_DIR ? join(env.CORRIDOR_DATA_DIR, 'customers.sqlite') : undefined);
    if (currentPath === undefined || nextPath === undefined || dbPath === undefined) {
        console.error('usage: rotate-kek <current kek file> <new kek file> [customers.sqlite]');
        return 2;
    }
    const current = EnvelopeCipher.fromFile(currentPath, false);
    const next = EnvelopeCipher.fromFile(nextPath, false);
    const store = new SqliteCustomerStore(dbPath);
    try {
        const count = await store.rewrapSealed((sealed, context) =>
            JSON.stringify(current.rewrap(JSON.parse(sealed) as Envelope, context, next)),
        );
        console.log(JSON.stringify({ ok: true, rewrapped: count }));
        return 0;
    } finally {
        store.close();
    }
}

main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (err: unknown) => {
        console.error(JSON.stringify({ ok: false, error: String(err) }));
        process.exit(1);
    },
);
