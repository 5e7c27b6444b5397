import { Context } from 'fabric-contract-api';
import type { Iterators } from 'fabric-shim-api';
import { decode, encode } from './codec';
import { fail } from './errors';
import { KeyModification, LedgerStore, RecordPage, StoredRecord } from './store';

/** The transaction's timestamp as ISO 8601: the only clock chaincode may read. */
export function txTime(ctx: Context): string {
    return isoTimestamp(ctx.stub.getTxTimestamp());
}

function isoTimestamp(ts: { seconds: number | string | { toString(): string }; nanos: number }): string {
    const millis = Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000);
    return new Date(millis).toISOString();
}

/** The storage port on the Fabric chaincode stub: one instance per transaction. */
export class FabricStore implements LedgerStore {
    readonly txId: string;
    readonly txTime: string;
    private emitted: string | undefined;
    /**
     * The bytes of every key read so far. A transaction reads the state as of its start,
     * never its own writes, so a second read of a key returns the same bytes: keeping them
     * saves a message exchange with the peer (an FX payment whose bank is also its
     * provider reads that member twice). Decoded again on each read, so a caller that
     * changes the object it got does not change what the next reader sees.
     */
    private readonly reads = new Map<string, Uint8Array>();
    /**
     * Writes held until the use case has finished (flush). Fabric keeps only the last
     * write of a key in a transaction; holding them sends that one alone, so a key that
     * two parts of a transaction change (a payer state's sequence and its balance) costs
     * one message to the peer, not two. Null is a delete.
     */
    private readonly writes = new Map<string, Uint8Array | null>();
    /** Checked values of `latestDecoded`, by key and decoder; a write of the key drops its entry. */
    private readonly decoded = new Map<string, { decode: (value: unknown) => unknown; value: unknown }>();

    constructor(private readonly ctx: Context) {
        this.txId = ctx.stub.getTxID();
        this.txTime = txTime(ctx);
    }

    key(objectType: string, attributes: string[]): string {
        return this.ctx.stub.createCompositeKey(objectType, attributes);
    }

    async get(key: string): Promise<unknown | undefined> {
        let bytes = this.reads.get(key);
        if (bytes === undefined) {
            bytes = (await this.ctx.stub.getState(key)) ?? new Uint8Array();
            this.reads.set(key, bytes);
        }
        return bytes.length === 0 ? undefined : decode(bytes);
    }

    async latest(key: string): Promise<unknown | undefined> {
        const written = this.writes.get(key);
        if (written === undefined) {
            return this.get(key);
        }
        return written === null ? undefined : decode(written);
    }

    async latestDecoded<T>(key: string, decode: (value: unknown) => T): Promise<T | undefined> {
        const known = this.decoded.get(key);
        if (known?.decode === decode) {
            return known.value as T;
        }
        const stored = await this.latest(key);
        if (stored === undefined) {
            return undefined;
        }
        const value = deepFreeze(decode(stored));
        this.decoded.set(key, { decode, value });
        return value;
    }

    async put(key: string, value: unknown): Promise<void> {
        this.decoded.delete(key);
        this.writes.set(key, encode(value));
    }

    async remove(key: string): Promise<void> {
        this.decoded.delete(key);
        this.writes.set(key, null);
    }

    /** Sends the last value of every key written, once each. */
    async flush(): Promise<void> {
        for (const [key, bytes] of this.writes) {
            await (bytes === null ? this.ctx.stub.deleteState(key) : this.ctx.stub.putState(key, bytes));
        }
        this.writes.clear();
    }

    async range(objectType: string, attributes: string[]): Promise<StoredRecord[]> {
        const records: StoredRecord[] = [];
        await drain(await this.ctx.stub.getStateByPartialCompositeKey(objectType, attributes), (entry) => records.push(this.toRecord(entry.key, entry.value)));
        return records;
    }

    async page(objectType: string, attributes: string[], pageSize: number, bookmark: string): Promise<RecordPage> {
        const { iterator, metadata } = await this.ctx.stub.getStateByPartialCompositeKeyWithPagination(
            objectType,
            attributes,
            pageSize,
            bookmark,
        );
        const records: StoredRecord[] = [];
        await drain(iterator, (entry) => records.push(this.toRecord(entry.key, entry.value)));
        return { records, bookmark: records.length < pageSize ? '' : metadata.bookmark };
    }

    async history(key: string): Promise<KeyModification[]> {
        const changes: KeyModification[] = [];
        await drain(await this.ctx.stub.getHistoryForKey(key), (change) => {
            changes.push({
                txId: change.txId,
                time: isoTimestamp(change.timestamp),
                isDelete: change.isDelete,
                value: change.isDelete || change.value.length === 0 ? null : decode(change.value),
            });
        });
        return changes;
    }

    /** Fabric keeps only the last event of a transaction, so a second one is a defect. */
    emit(name: string, payload: unknown): void {
        if (this.emitted !== undefined) {
            fail('CONFLICT', `event ${name} after ${this.emitted} in one transaction`);
        }
        this.emitted = name;
        this.ctx.stub.setEvent(name, encode(payload));
    }

    private toRecord(key: string, value: Uint8Array): StoredRecord {
        const { attributes } = this.ctx.stub.splitCompositeKey(key);
        return { key, attributes, value: decode(value) };
    }
}

/**
 * Reads an iterator to its end. The peer drops an iterator itself once it has sent the
 * last batch, so only one left early (an error) is closed: the shim's own for-await loop
 * closes every iterator, a message exchange with the peer that changes nothing.
 */
async function drain<T>(iterator: Iterators.CommonIterator<T>, each: (item: T) => void): Promise<void> {
    let done = false;
    try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            each(next.value);
        }
        done = true;
    } finally {
        if (!done) {
            await iterator.close();
        }
    }
}

/** Freezes a decoded record and everything in it: a reader that tried to change a shared value would throw. */
function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const item of Object.values(value)) {
            deepFreeze(item);
        }
    }
    return value;
}
