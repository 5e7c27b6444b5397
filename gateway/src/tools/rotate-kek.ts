import { EnvelopeCipher, type Envelope } from '../security/envelope-cipher';
import { customerDatabaseOf, openToolStore, runTool } from './customer-database';

/**
 * Re-wraps every data key (every column of sealed-columns.ts: personal data, KYC
 * identities, custodial wallet keys, TOTP secrets) from the current key-encryption key to
 * a new one, in one transaction; the data is not re-encrypted. The blind-index key is not
 * touched: indexes do not depend on the KEK. A store still on the clear schema is first
 * migrated under the current KEK (which needs the blind-index key:
 * $CORRIDOR_BLIND_INDEX_KEY_FILE, else blind-index-key.hex beside the database).
 * Usage: node dist/src/tools/rotate-kek.js <current kek file> <new kek file> [customers.sqlite or postgres:// URL]
 * Stop the gateway first, then point CORRIDOR_KEK_FILE at the new file.
 */
async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
    const [currentPath, nextPath, dbArg] = argv;
    const database = customerDatabaseOf(dbArg, env);
    if (currentPath === undefined || nextPath === undefined || database === undefined) {
        console.error('usage: rotate-kek <current kek file> <new kek file> [customers.sqlite]');
        return 2;
    }
    const current = EnvelopeCipher.fromFile(currentPath, false);
    const next = EnvelopeCipher.fromFile(nextPath, false);
    const store = await openToolStore(database, env, current);
    try {
        const count = await store.rewrapSealed((sealed, context) =>
            JSON.stringify(current.rewrap(JSON.parse(sealed) as Envelope, context, next)),
        );
        console.log(JSON.stringify({ ok: true, rewrapped: count }));
        return 0;
    } finally {
        await store.close();
    }
}

runTool(() => main(process.argv.slice(2), process.env), 1);
