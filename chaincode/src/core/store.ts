/**
 * The storage port the ledger's domain logic runs against. The Fabric adapter
 * (fabric-store.ts) maps it onto the chaincode stub; the tests run it on an in-memory
 * ledger. Its semantics follow Fabric's, not a database's:
 *
 * - reads see the state committed before the transaction, never its own writes, so
 *   the domain reads each key once, computes, and writes it once;
 * - a transaction that throws leaves nothing behind;
 * - a transaction emits at most one event (Fabric keeps only the last setEvent).
 */

export interface StoredRecord {
    key: string;
    /** The composite key's attributes after the object type. */
    attributes: string[];
    value: unknown;
}

export interface RecordPage {
    records: StoredRecord[];
    /** Empty when there is nothing more to read. */
    bookmark: string;
}

export interface KeyModification {
    txId: string;
    time: string;
    isDelete: boolean;
    value: unknown;
}

export interface LedgerStore {
    /** The Fabric transaction id: recorded as the payment's transaction hash. */
    readonly txId: string;
    /** The transaction timestamp, ISO 8601 UTC: the only clock the ledger reads. */
    readonly txTime: string;
    key(objectType: string, attributes: string[]): string;
    get(key: string): Promise<unknown | undefined>;
    /**
     * What this transaction last wrote to the key, else what get returns: for a record
     * that two parts of one transaction change (a payer state's sequence and its balance),
     * so that the second change starts from the first and the last write holds both.
     */
    latest(key: string): Promise<unknown | undefined>;
    /**
     * `latest`, checked by `decode`, once per transaction until the key is written again:
     * for a record that several steps of one transaction read (the payer state, three to
     * four times a payment). The value is frozen, since every reader shares it.
     */
    latestDecoded<T>(key: string, decode: (value: unknown) => T): Promise<T | undefined>;
    put(key: string, value: unknown): Promise<void>;
    remove(key: string): Promise<void>;
    /** Every record whose composite key starts with the type and attributes given. */
    range(objectType: string, attributes: string[]): Promise<StoredRecord[]>;
    /** One page of a range; Fabric allows this only in read-only (evaluated) transactions. */
    page(objectType: string, attributes: string[], pageSize: number, bookmark: string): Promise<RecordPage>;
    history(key: string): Promise<KeyModification[]>;
    emit(name: string, payload: unknown): void;
}
