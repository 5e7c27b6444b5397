import { ActivityEntry } from '../aml';
import { fail } from '../errors';
import { instantMillis, isoInstant } from '../input';
import { OBJECT } from '../ledger/keys';
import { LedgerStore } from '../ledger/store';
import { parseMinorUnits } from '../money';

/**
 * The AML activity index: what the rolling windows of the rule set need, kept so that a
 * payment writes only keys under its own payer's address.
 *
 * - corridor.aml-activity~payer~day~time~paymentId: every payment the payer sent (velocity,
 *   and the forward leg of round trips);
 * - corridor.aml-pair~payer~payee~day~time~paymentId: the same entry keyed by the pair, so
 *   the reverse leg of a round trip (payee -> payer) is one narrow range read.
 *
 * Keys are bucketed by UTC day so a payment reads only the days its longest window
 * covers, never the account's whole past. Entries are written blind and never deleted.
 * Reads: the payer's own buckets (they change only with the payer's own payments, which
 * its sequence number serialises anyway) and the payee->payer pair buckets (they change
 * only when the payee pays this payer). Payments into a hot account touch none of its
 * keys, so the index adds no conflict between them.
 */

interface StoredActivity {
    paymentId: string;
    payer: string;
    payee: string;
    currency: string;
    /** Minor units of the source currency. */
    amount: string;
    at: string;
}

const DAY_MS = 24 * 3600 * 1000;

function day(millis: number): string {
    return isoInstant(millis).slice(0, 10);
}

/** The UTC days from `from` to `to`, both included. */
function days(from: number, to: number): string[] {
    const result: string[] = [];
    for (let at = Date.parse(`${day(from)}T00:00:00.000Z`); at <= to; at += DAY_MS) {
        result.push(day(at));
    }
    return result;
}

export async function recordActivity(store: LedgerStore, entry: ActivityEntry): Promise<void> {
    const bucket = day(instantMillis(entry.at, 'at'));
    const stored: StoredActivity = { ...entry, amount: entry.amount.toString() };
    await store.put(store.key(OBJECT.amlActivity, [entry.payer, bucket, entry.at, entry.paymentId]), stored);
    await store.put(store.key(OBJECT.amlPair, [entry.payer, entry.payee, bucket, entry.at, entry.paymentId]), stored);
}

/** Everything the payer sent, and the payee sent to the payer, in the `windowSeconds` before `at`. */
export async function recentActivity(store: LedgerStore, payer: string, payee: string, at: string, windowSeconds: number): Promise<ActivityEntry[]> {
    if (windowSeconds === 0) {
        return [];
    }
    const to = instantMillis(at, 'at');
    const from = to - windowSeconds * 1000;
    const entries: ActivityEntry[] = [];
    for (const bucket of days(from, to)) {
        for (const record of await store.range(OBJECT.amlActivity, [payer, bucket])) {
            entries.push(parseActivity(record.value));
        }
        for (const record of await store.range(OBJECT.amlPair, [payee, payer, bucket])) {
            entries.push(parseActivity(record.value));
        }
    }
    return entries.filter((entry) => instantMillis(entry.at, 'at') > from);
}

function parseActivity(value: unknown): ActivityEntry {
    const stored = value as StoredActivity;
    if (typeof stored?.paymentId !== 'string' || typeof stored.payer !== 'string' || typeof stored.payee !== 'string' || typeof stored.currency !== 'string') {
        return fail('CONFLICT', 'stored AML activity entry is malformed');
    }
    return {
        paymentId: stored.paymentId,
        payer: stored.payer,
        payee: stored.payee,
        currency: stored.currency,
        amount: parseMinorUnits(stored.amount, 'activity amount'),
        at: isoInstant(instantMillis(stored.at, 'activity at')),
    };
}
