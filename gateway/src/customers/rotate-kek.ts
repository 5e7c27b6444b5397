import { dirname, join } from 'node:path';
import { EnvelopeCipher, type Envelope } from '../security/envelope-cipher';
import { existingVault } from './customer-module';
import { loadCustomerSettings } from './customer-settings';
import { SqliteCustomerStore } from './sqlite-store';

/**
 * Re-wraps every data key (every column of sealed-columns.ts: personal data, KYC
 * identities, custodial wallet keys, TOTP secrets) from the current key-encryption key to
 * a new one, in one transaction; the data is not re-encrypted. The blind-index key is not
 * touched: indexes do not depend on the KEK. A store still on the clear schema is first
 * migrated under the current KEK (which needs the blind-index key:
 * $CORRIDOR_BLIND_INDEX_KEY_FILE, else blind-index-key.hex beside the database).
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
    const settings = loadCustomerSettings(env, env.CORRIDOR_DATA_DIR ?? dirname(dbPath));
    const store = new SqliteCustomerStore(dbPath, existingVault(settings, current));
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
