import { amountIn, currency, decodeShape, instant, oneOf, text } from '../core/decode';
import { fail } from '../core/errors';
import { OBJECT } from '../core/keys';
import { LedgerStore } from '../core/store';
import { parsePageSize } from '../core/validation';
import { readPayment, readRefund } from '../payments/records';
import { requireAddress } from './address';
import { requireAccount } from './accounts';

/**
 * Per-account index of every entry that moved its money, keyed by account and time so
 * a page of history is one range read. Entries are written blind (never read in a
 * write transaction), so indexing a payment adds no conflict on a hot account.
 */

/** conversion-in / conversion-out / fx-fee: a provider's liquidity account's legs of a converted payment. */
export type EntryKind = 'payment' | 'refund' | 'top-up' | 'withdrawal' | 'conversion-in' | 'conversion-out' | 'fx-fee';

export interface HistoryEntry {
    kind: EntryKind;
    /** Payment, refund, mint or burn id. */
    id: string;
    direction: 'in' | 'out';
    counterparty: string;
    amount: string;
    currency: string;
    time: string;
    txId: string;
}

export function decodeHistoryEntry(value: unknown): HistoryEntry {
    return decodeShape('history entry', value, {
        required: {
            kind: oneOf(['payment', 'refund', 'top-up', 'withdrawal', 'conversion-in', 'conversion-out', 'fx-fee']), id: text, direction: oneOf(['in', 'out']),
            counterparty: text, amount: amountIn(), currency, time: instant, txId: text,
        },
    });
}

export interface HistoryPage {
    entries: Array<HistoryEntry & { status: string }>;
    bookmark: string;
}

const BOOKMARK_LIMIT = 512;

export async function recordEntry(store: LedgerStore, address: string, entry: HistoryEntry): Promise<void> {
    await store.put(store.key(OBJECT.accountHistory, [address, entry.time, `${entry.kind}:${entry.id}`]), entry);
}

/** A page of an account's history, each entry with the current status of what it refers to. */
export async function accountHistory(store: LedgerStore, address: unknown, pageSize: unknown, bookmark: unknown): Promise<HistoryPage> {
    const account = await requireAccount(store, requireAddress(address, 'address'), 'the');
    const size = parsePageSize(pageSize);
    if (typeof bookmark !== 'string' || bookmark.length > BOOKMARK_LIMIT) {
        return fail('INVALID_ARGUMENT', `bookmark must be a string of at most ${BOOKMARK_LIMIT} characters`);
    }
    const page = await store.page(OBJECT.accountHistory, [account.address], size, bookmark);
    const entries: HistoryPage['entries'] = [];
    for (const record of page.records) {
        const entry = decodeHistoryEntry(record.value);
        entries.push({ ...entry, status: await currentStatus(store, entry) });
    }
    return { entries, bookmark: page.bookmark };
}

async function currentStatus(store: LedgerStore, entry: HistoryEntry): Promise<string> {
    if (entry.kind === 'payment' || entry.kind === 'conversion-in' || entry.kind === 'conversion-out' || entry.kind === 'fx-fee') {
        return (await readPayment(store, entry.id)).status;
    }
    if (entry.kind === 'refund') {
        return (await readRefund(store, entry.id)).status;
    }
    return 'settled';
}
