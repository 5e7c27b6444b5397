import { ActivityEntry } from '../aml';
import { fail } from '../errors';
import { instantMillis, isoInstant } from '../input';
import { OBJECT } from '../ledger/keys';
import { LedgerStore } from '../ledger/store';
import { parseMinorUnits } from '../money';

/**
 * The AML activity the rolling windows of the rule set need, kept in point keys so that
 * screening a payment costs two reads and no range read (a range read costs two round
 * trips to the peer and is run again by every peer at commit to look for phantoms):
 *
 * - the payer's own recent payments live in its payer state (ledger/accounts.ts), which
 *   every payment reads and writes anyway: velocity needs no read of its own;
 * - corridor.aml-pair~payer~payee holds the payer's recent payments to that payee. A
 *   payment reads the reverse pair (payee -> payer) for round trips, and rewrites its own
 *   pair. The reverse pair changes only when the payee pays this payer, and its own pair
 *   only with the payer's own payments, which its sequence number serialises anyway, so
 *   payments into a hot account touch none of its keys.
 *
 * The payer's list keeps what the longest velocity window of the rule set in force
 * covers, a pair list what the longest related-parties window covers, as of when they
 * are written. A rule set that lengthens a window therefore sees, for the length of the
 * new window, only what the old one kept. Every entry is a short tuple (the payee is in
 * the pair key, and velocity does not need it): each payment writes its payer's list,
 * and what a transaction writes travels in its envelope to every peer and gateway. The
 * full record of every payment stays in the payment and its AML trail.
 */

/** [paymentId, at, currency, amount in minor units of the source currency]. */
export type StoredActivity = [string, string, string, string];

/** What screening read, and what the payment writes back if it goes ahead. */
export interface Activity {
    recent: ActivityEntry[];
    /** The payer's list, this payment included, for its payer state. */
    sent: StoredActivity[];
    /** The payer -> payee pair list, this payment included. */
    pair: StoredActivity[];
}

/** How long each list keeps an entry: the longest velocity and related-parties windows. */
export interface ActivityWindows {
    sentSeconds: number;
    pairSeconds: number;
}

function pairKey(store: LedgerStore, payer: string, payee: string): string {
    return store.key(OBJECT.amlPair, [payer, payee]);
}

async function readList(store: LedgerStore, key: string, windowSeconds: number): Promise<StoredActivity[]> {
    if (windowSeconds === 0) {
        return [];
    }
    const stored = await store.get(key);
    if (stored === undefined) {
        return [];
    }
    if (!Array.isArray(stored)) {
        return fail('CONFLICT', 'stored AML activity list is malformed');
    }
    return onlyTuples(stored);
}

/** Drops entries of the first layout (objects; written on development ledgers for one day). */
function onlyTuples(list: readonly unknown[]): StoredActivity[] {
    return list.filter((entry): entry is StoredActivity => Array.isArray(entry));
}

/**
 * The payer's and both pairs' payments inside their windows before `at`, and the payer's
 * and its pair's lists with this payment appended and older entries dropped. Reads only.
 */
export async function loadActivity(store: LedgerStore, payment: ActivityEntry, sent: readonly StoredActivity[], windows: ActivityWindows): Promise<Activity> {
    const at = instantMillis(payment.at, 'at');
    const within = (seconds: number) => (entry: StoredActivity): boolean => instantMillis(entry[1], 'activity at') > at - seconds * 1000;
    const own = onlyTuples(sent).filter(within(windows.sentSeconds));
    const forth = (await readList(store, pairKey(store, payment.payer, payment.payee), windows.pairSeconds)).filter(within(windows.pairSeconds));
    const back = (await readList(store, pairKey(store, payment.payee, payment.payer), windows.pairSeconds)).filter(within(windows.pairSeconds));
    // The payer's list does not name payees; the payer -> payee pair does, so an entry in
    // both counts once, with its payee. Pair entries older than the payer's list are
    // outside every velocity window, so velocity still counts each payment once.
    const toPayee = new Set(forth.map((entry) => entry[0]));
    const ownIds = new Set(own.map((entry) => entry[0]));
    const entry: StoredActivity = [payment.paymentId, payment.at, payment.currency, payment.amount.toString()];
    return {
        recent: [
            ...own.map((item) => parseActivity(item, payment.payer, toPayee.has(item[0]) ? payment.payee : '')),
            ...forth.filter((item) => !ownIds.has(item[0])).map((item) => parseActivity(item, payment.payer, payment.payee)),
            ...back.map((item) => parseActivity(item, payment.payee, payment.payer)),
        ],
        sent: windows.sentSeconds === 0 ? [] : [...own, entry],
        pair: windows.pairSeconds === 0 ? [] : [...forth, entry],
    };
}

/** Writes the payer -> payee pair list; the caller stores `sent` in the payer state. */
export async function recordActivity(store: LedgerStore, payer: string, payee: string, activity: Activity): Promise<void> {
    if (activity.pair.length > 0) {
        await store.put(pairKey(store, payer, payee), activity.pair);
    }
}

function parseActivity(stored: unknown, payer: string, payee: string): ActivityEntry {
    if (!Array.isArray(stored) || stored.length !== 4 || !stored.every((field) => typeof field === 'string')) {
        return fail('CONFLICT', 'stored AML activity entry is malformed');
    }
    const [paymentId, at, currency, amount] = stored as StoredActivity;
    return { paymentId, payer, payee, currency, amount: parseMinorUnits(amount, 'activity amount'), at: isoInstant(instantMillis(at, 'activity at')) };
}
