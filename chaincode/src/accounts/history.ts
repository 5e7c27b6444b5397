import { LedgerStore, RecordPage } from '../core/store';
import { OBJECT } from '../core/keys';

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

export const MAX_PAGE_SIZE = 100;

export async function recordEntry(store: LedgerStore, address: string, entry: HistoryEntry): Promise<void> {
    await store.put(store.key(OBJECT.accountHistory, [address, entry.time, `${entry.kind}:${entry.id}`]), entry);
}

export function historyPage(store: LedgerStore, address: string, pageSize: number, bookmark: string): Promise<RecordPage> {
    return store.page(OBJECT.accountHistory, [address], pageSize, bookmark);
}
