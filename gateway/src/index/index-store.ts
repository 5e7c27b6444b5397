import type { IndexedBlock, Outcome, TransactionKind, TransactionRecord } from './index-model';

/**
 * The off-chain index: what the listener writes and the queries read. Two adapters
 * implement it over one SQL text (sql-index-store.ts): SQLite (better-sqlite3, the
 * default) and PostgreSQL (pg), chosen by CORRIDOR_INDEX_URL or CORRIDOR_DATABASE_URL.
 */
export interface IndexStore {
    /** Creates or upgrades the schema; safe to call on every start. */
    migrate(): Promise<void>;
    /** The next block to read: 0 for an empty index. */
    nextBlock(): Promise<bigint>;
    /**
     * Writes one block's rows and moves the checkpoint past it in one database
     * transaction. A block below the checkpoint is skipped; each row is keyed by block,
     * transaction index and entry, so even a forced replay changes nothing.
     */
    applyBlock(block: IndexedBlock): Promise<BlockOutcome>;
    /** Empties every index table and sets the checkpoint to block 0 (a rebuild). */
    reset(): Promise<void>;
    findTransactions(query: StoreQuery): Promise<TransactionRow[]>;
    transactionByKey(key: string): Promise<TransactionRow | undefined>;
    transactionsById(idOrSerial: string): Promise<TransactionRow[]>;
    history(key: string): Promise<HistoryRow[]>;
    /** Balances after the last entry booked before `before`, per currency, for an account or a bank. */
    balancesBefore(owner: StatementOwner, before: string): Promise<BalanceRow[]>;
    entries(owner: StatementOwner, range: { from: string; to: string }, after: EntryPosition | undefined, limit: number): Promise<EntryRow[]>;
    accountBank(address: string): Promise<string | undefined>;
    block(number: bigint): Promise<BlockRow | undefined>;
    close(): Promise<void>;
}

export interface BlockOutcome {
    applied: boolean;
    events: number;
}

export type SortField = 'time' | 'amount';

/** Who sees what: a customer their own account, a bank movements where either side is its customer, the regulator everything. */
export type Scope = { kind: 'account'; address: string } | { kind: 'bank'; mspId: string } | { kind: 'all' };

export interface StoreQuery {
    scope: Scope;
    account?: string;
    types?: ('remittance' | 'receipt' | 'transfer' | TransactionKind)[];
    statuses?: Outcome[];
    from?: string;
    to?: string;
    currency?: string;
    minAmount?: bigint;
    maxAmount?: bigint;
    counterparty?: string;
    serial?: string;
    sort: SortField;
    descending: boolean;
    /** Keyset: the sort value and key of the last row of the previous page. */
    after?: { value: string; key: string };
    limit: number;
}

/** A transaction as the index returns it: the record without the ordering detail of its last update. */
export type TransactionRow = Omit<TransactionRecord, 'updatedTxIndex'>;

export interface HistoryRow {
    block: bigint;
    txIndex: number;
    event: string;
    state: string;
    time: string;
    txId: string;
    note: string | null;
}

export type StatementOwner = { kind: 'account'; address: string } | { kind: 'bank'; mspId: string };

export interface BalanceRow {
    currency: string;
    available: bigint;
    reserved: bigint;
}

export interface EntryPosition {
    block: bigint;
    txIndex: number;
    seq: number;
}

export interface EntryRow extends EntryPosition {
    address: string;
    bank: string;
    currency: string;
    kind: string;
    transactionKey: string;
    counterparty: string | null;
    availableDelta: bigint;
    reservedDelta: bigint;
    /** Balances after this entry: of the statement's owner (the account, or the whole bank). */
    availableAfter: bigint;
    reservedAfter: bigint;
    time: string;
    bookedAt: string;
    txId: string;
}

export interface BlockRow {
    number: bigint;
    hash: string;
    previousHash: string;
    dataHash: string;
    txCount: number;
    validTxCount: number;
    eventCount: number;
    bookedAt: string;
}
