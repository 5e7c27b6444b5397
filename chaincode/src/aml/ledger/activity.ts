import { ActivityEntry } from '../model';
import { fail } from '../../core/errors';
import { instantMillis, isoInstant } from '../../core/validation';
import { OBJECT } from '../../core/keys';
import { LedgerStore } from '../../core/store';
import { parseMinorUnits } from '../../core/amount';

/**
 * The AML activity the rolling windows of the rule set need, kept in point keys so that
 * screening a payment costs one read besides the rule set and no range read (a range
 * read costs two round trips to the peer and is run again by every peer at commit to
 * look for phantoms):
 *
 * - the payer's own recent payments live in its payer state (ledger/accounts.ts), which
 *   every payment reads and writes anyway: velocity needs no read of its own;
 * - corridor.aml-pairs~a~b (the two addresses in sorted order) holds the recent payments
 *   between two accounts in both directions, each entry marked with its direction, so
 *   round trips cost one read. It changes only with payments between the two, which
 *   either payer's sequence number serialises against its own and which conflict anyway
 *   when the two pay each other at the same moment; payments into a hot account from
 *   different payers touch different pairs. (It replaces corridor.aml-pair~payer~payee,
 *   one key per direction, which cost a second read; those lists are no longer read, so
 *   on a ledger upgraded from them round trips count from the upgrade on.)
 *
 * The payer's list keeps what the longest velocity window of the rule set in force
 * covers, a pair list what the longest related-parties window covers, as of when they
 * are written. A rule set that lengthens a window therefore sees, for the length of the
 * new window, only what the old one kept. Every entry is a short tuple (the parties are
 * in the pair key, and velocity does not need them): each payment writes its payer's list,
 * and what a transaction writes travels in its envelope to every peer and gateway. The
 * full record of every payment stays in the payment and its AML trail.
 */

/** [paymentId, at, currency, amount in minor units of the source currency]. */
export type StoredActivity = [string, string, string, string];

/** A pair entry: the payment's tuple and '>' when the first address of the key paid, '<' when the second did. */
type PairActivity = [...StoredActivity, '>' | '<'];

/** What screening read, and what the payment writes back if it goes ahead. */
export interface Activity {
    recent: ActivityEntry[];
    /** The payer's list, this payment included, for its payer state. */
    sent: StoredActivity[];
    /** The pair's list in both directions, this payment included. */
    pair: PairActivity[];
}

/** How long each list keeps an entry: the longest velocity and related-parties windows. */
export interface ActivityWindows {
    sentSeconds: number;
    pairSeconds: number;
}

function pairKey(store: LedgerStore, payer: string, payee: string): string {
    return store.key(OBJECT.amlPairs, payer < payee ? [payer, payee] : [payee, payer]);
}

/** The direction mark of a payment from `payer` to `payee` in their pair's list. */
function direction(payer: string, payee: string): '>' | '<' {
    return payer < payee ? '>' : '<';
}

async function readPair(store: LedgerStore, payer: string, payee: string, windowSeconds: number): Promise<PairActivity[]> {
    if (windowSeconds === 0) {
        return [];
    }
    const stored = await store.get(pairKey(store, payer, payee));
    if (stored === undefined) {
        return [];
    }
    if (!Array.isArray(stored) || !stored.every((entry) => Array.isArray(entry) && entry.length === 5 && (entry[4] === '>' || entry[4] === '<'))) {
        return fail('CONFLICT', 'stored AML pair list is malformed');
    }
    return stored as PairActivity[];
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
    const within = (seconds: number) => (entry: StoredActivity | PairActivity): boolean => instantMillis(entry[1], 'activity at') > at - seconds * 1000;
    const own = onlyTuples(sent).filter(within(windows.sentSeconds));
    const pair = (await readPair(store, payment.payer, payment.payee, windows.pairSeconds)).filter(within(windows.pairSeconds));
    const mark = direction(payment.payer, payment.payee);
    const forth = pair.filter((entry) => entry[4] === mark).map((entry) => entry.slice(0, 4) as StoredActivity);
    const back = pair.filter((entry) => entry[4] !== mark).map((entry) => entry.slice(0, 4) as StoredActivity);
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
        pair: windows.pairSeconds === 0 ? [] : [...pair, [...entry, mark]],
    };
}

/** Writes the pair's list; the caller stores `sent` in the payer state. */
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
