import { ActivityEntry } from '../aml';
import { fail } from '../errors';
import { instantMillis, isoInstant } from '../input';
import { OBJECT } from '../ledger/keys';
import { LedgerStore } from '../ledger/store';
import { parseMinorUnits } from '../money';

/**
 * The AML activity the rolling windows of the rule set need, kept in point keys so that
 * screening a payment costs two reads and no range read (a range read costs two round
 * trips to the peer and is re-run by every peer at commit to look for phantoms):
 *
 * - the payer's own recent payments live in its payer state (ledger/accounts.ts), which
 *   every payment reads and writes anyway: velocity needs no read of its own;
 * - corridor.aml-pair~payer~payee holds the payer's recent payments to that payee. A
 *   payment reads the reverse pair (payee -> payer) for round trips, and rewrites its own
 *   pair. The reverse pair changes only when the payee pays this payer, and its own pair
 *   only with the payer's own payments, which its sequence number serialises anyway, so
 *   payments into a hot account touch none of its keys.
 *
 * Each list keeps only the entries inside the longest window of the rule set in force
 * when it is written. A rule set that lengthens a window therefore sees, for the length
 * of the new window, only what the old window kept. The full record of every payment
 * stays in the payment and its AML trail; these lists are working sets, not records.
 */

/** One payment as the lists keep it (minor units of the source currency). */
export interface StoredActivity {
    paymentId: string;
    payee: string;
    currency: string;
    amount: string;
    at: string;
}

/** What screening read, and what the payment writes back if it goes ahead. */
export interface Activity {
    recent: ActivityEntry[];
    /** The payer's list, this payment included, for its payer state. */
    sent: StoredActivity[];
    /** The payer -> payee pair list, this payment included. */
    pair: StoredActivity[];
}

function pairKey(store: LedgerStore, payer: string, payee: string): string {
    return store.key(OBJECT.amlPair, [payer, payee]);
}

async function readList(store: LedgerStore, key: string): Promise<StoredActivity[]> {
    const stored = await store.get(key);
    if (stored === undefined) {
        return [];
    }
    if (!Array.isArray(stored)) {
        return fail('CONFLICT', 'stored AML activity list is malformed');
    }
    return stored as StoredActivity[];
}

/**
 * The payer's and the reverse pair's payments in the `windowSeconds` before `at`, and
 * both lists with this payment appended and older entries dropped. Reads only.
 */
export async function loadActivity(
    store: LedgerStore,
    payment: ActivityEntry,
    sent: readonly StoredActivity[],
    windowSeconds: number,
): Promise<Activity> {
    if (windowSeconds === 0) {
        return { recent: [], sent: [], pair: [] };
    }
    const from = instantMillis(payment.at, 'at') - windowSeconds * 1000;
    const inWindow = (entry: StoredActivity): boolean => instantMillis(entry.at, 'activity at') > from;
    const back = (await readList(store, pairKey(store, payment.payee, payment.payer))).filter(inWindow);
    const own = sent.filter(inWindow);
    const ownPair = (await readList(store, pairKey(store, payment.payer, payment.payee))).filter(inWindow);
    const entry: StoredActivity = { paymentId: payment.paymentId, payee: payment.payee, currency: payment.currency, amount: payment.amount.toString(), at: payment.at };
    return {
        recent: [...own.map((item) => parseActivity(payment.payer, item)), ...back.map((item) => parseActivity(payment.payee, item))],
        sent: [...own, entry],
        pair: [...ownPair, entry],
    };
}

/** Writes the payer -> payee pair list; the caller stores `sent` in the payer state. */
export async function recordActivity(store: LedgerStore, payer: string, payee: string, activity: Activity): Promise<void> {
    if (activity.pair.length > 0) {
        await store.put(pairKey(store, payer, payee), activity.pair);
    }
}

function parseActivity(payer: string, value: unknown): ActivityEntry {
    const stored = value as StoredActivity;
    if (typeof stored?.paymentId !== 'string' || typeof stored.payee !== 'string' || typeof stored.currency !== 'string') {
        return fail('CONFLICT', 'stored AML activity entry is malformed');
    }
    return {
        paymentId: stored.paymentId,
        payer,
        payee: stored.payee,
        currency: stored.currency,
        amount: parseMinorUnits(stored.amount, 'activity amount'),
        at: isoInstant(instantMillis(stored.at, 'activity at')),
    };
}
