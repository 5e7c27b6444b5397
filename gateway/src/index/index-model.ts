/**
 * What the index reads from the channel and what it writes to its store. No Fabric or
 * SQL types here: the event source decodes blocks into these shapes, the projection
 * turns events into facts, a store adapter writes the facts.
 */

/** One chaincode event of a valid transaction. */
export interface ChainEvent {
    name: string;
    payload: Record<string, unknown>;
}

export interface IndexedTransaction {
    /** Position of the transaction in its block, from 0. */
    index: number;
    txId: string;
    /** Only valid transactions changed the ledger; the events of invalid ones are never applied. */
    valid: boolean;
    validationCode: string;
    /** The client's transaction timestamp (ISO 8601), or null for config transactions. */
    time: string | null;
    /** Events of our chaincode (at most one per transaction). */
    events: ChainEvent[];
}

export interface IndexedBlock {
    number: bigint;
    /** SHA-256 of the block header, hex: what the next block names as its previous hash. */
    hash: string;
    previousHash: string;
    dataHash: string;
    transactions: IndexedTransaction[];
}

/** Where a fact comes from: block, transaction index, and for entries a sequence within the transaction. */
export interface Position {
    block: bigint;
    txIndex: number;
    txId: string;
}

export type TransactionKind = 'payment' | 'refund' | 'top-up' | 'withdrawal';

/** The user-facing status of mission 5.1. */
export type Outcome = 'succeeded' | 'failed' | 'pending';

/** A money movement's current state, one row per payment, refund, top-up or withdrawal. */
export interface TransactionRecord {
    /** `${kind}:${serial}`, the ledger's own identity of the object. */
    key: string;
    /** The transaction hash that created it (mission 4.2: the unique id). */
    id: string;
    kind: TransactionKind;
    /** Payment id, refund id, or issuer:reference of a top-up or withdrawal. */
    serial: string;
    /** For a refund, the payment it returns. */
    paymentId: string | null;
    fromAddress: string | null;
    fromBank: string;
    toAddress: string | null;
    toBank: string;
    /** Minor units of `currency`. */
    amount: bigint;
    currency: string;
    targetAmount: bigint | null;
    targetCurrency: string | null;
    refunded: bigint | null;
    /** The ledger's status: settled, held, rejected, refund-requested, approved, ... */
    state: string;
    status: Outcome;
    createdAt: string;
    updatedAt: string;
    createdBlock: bigint;
    updatedBlock: bigint;
    updatedTxIndex: number;
    lastTxId: string;
    /** The last event's payload, for the detail view (canonical JSON). */
    details: string;
}

/** A status change of one transaction record. */
export interface HistoryFact {
    key: string;
    event: string;
    state: string;
    time: string;
    txId: string;
    note: string | null;
}

/**
 * A change of one account's balance in one currency. `available` and `reserved` follow
 * Accounts:GetBalances (available includes pending credit keys); the booked balance is
 * their sum, so a hold moves money between them and changes the booked balance by zero.
 */
export interface Movement {
    address: string;
    bank: string;
    currency: string;
    kind: string;
    transactionKey: string;
    counterparty: string | null;
    availableDelta: bigint;
    reservedDelta: bigint;
}

export interface AccountFact {
    address: string;
    bank: string;
    status: string;
    time: string;
}

/** Everything one event changes in the index. */
export interface Facts {
    transactions: TransactionRecord[];
    history: HistoryFact[];
    movements: Movement[];
    accounts: AccountFact[];
}

export function noFacts(): Facts {
    return { transactions: [], history: [], movements: [], accounts: [] };
}
