import { fail, LedgerError } from './errors';

/**
 * Every record read from state goes through a decoder that checks its shape before the
 * ledger uses it. A record the ledger did not write in that shape (a bug, a manual edit, an
 * incompatible upgrade) is refused with CONFLICT, the code the ledger already gives a stored
 * amount that does not parse, instead of being settled with.
 */
export function decodeRecord<T>(kind: string, decode: () => T): T {
    try {
        return decode();
    } catch (err) {
        if (err instanceof LedgerError) {
            return fail('CONFLICT', `stored ${kind} is malformed (${err.message})`);
        }
        throw err;
    }
}
