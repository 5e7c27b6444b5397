import { Context } from 'fabric-contract-api';
import type { Iterators } from 'fabric-shim-api';
import { LEDGER_ROLES, ROLES_ATTRIBUTE } from '../../src/contracts/tx-context';

/**
 * An in-memory Fabric ledger at the level of the chaincode stub, so tests exercise the
 * real FabricStore adapter and contracts. It keeps Fabric's semantics where the ledger
 * design depends on them:
 *
 * - a transaction reads the state committed when it began, never its own writes;
 * - a failed transaction leaves nothing; one event per transaction (the last wins);
 * - committing validates the read set and range reads against the current state, as
 *   the committing peer does, so endorsing several transactions on one snapshot and
 *   committing them in order shows which would hit MVCC or phantom read conflicts;
 * - paginated range queries are refused in submitted transactions.
 */

interface Versioned {
    value: Uint8Array;
    version: number;
}

interface HistoryItem {
    txId: string;
    seconds: number;
    isDelete: boolean;
    value: Uint8Array;
}

export interface LedgerEvent {
    name: string;
    payload: unknown;
    txId: string;
}

export type Validation = 'VALID' | 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT';

const SEPARATOR = '\u0000';
const EMPTY = new Uint8Array();

export function compositeKey(objectType: string, attributes: string[]): string {
    for (const part of [objectType, ...attributes]) {
        if (part.includes(SEPARATOR)) {
            throw new Error('composite key parts must not contain U+0000');
        }
    }
    return SEPARATOR + objectType + SEPARATOR + attributes.map((part) => part + SEPARATOR).join('');
}

export function splitKey(key: string): { objectType: string; attributes: string[] } {
    const parts = key.split(SEPARATOR).slice(1, -1);
    return { objectType: parts[0] ?? '', attributes: parts.slice(1) };
}

/** Who submits a test transaction; a bare MSP id is an identity with every role and the admin OU. */
export interface TestIdentity {
    msp: string;
    /** The corridor.roles certificate attribute; null for a certificate without it. */
    roles?: string | null;
    ou?: string;
}

/** The client identity as fabric-shim presents it to the chaincode. */
export function clientIdentity(who: string | TestIdentity): Record<string, unknown> {
    const id = typeof who === 'string' ? { msp: who } : who;
    const roles = id.roles === undefined ? LEDGER_ROLES.join(',') : id.roles;
    return {
        getMSPID: () => id.msp,
        getAttributeValue: (name: string) => (name === ROLES_ATTRIBUTE ? roles : null),
        getID: () => `x509::/C=US/OU=${id.ou ?? 'admin'}/CN=tester::/C=US/CN=ca`,
    };
}

export class MemoryTransaction {
    readonly reads = new Map<string, number>();
    readonly ranges: Array<{ prefix: string; seen: Map<string, number> }> = [];
    readonly writes = new Map<string, Uint8Array | null>();
    event: LedgerEvent | undefined;
    readonly ctx: Context;

    constructor(
        private readonly snapshot: Map<string, Versioned>,
        private readonly ledger: MemoryLedger,
        readonly txId: string,
        readonly seconds: number,
        who: string | TestIdentity,
        private readonly readOnly: boolean,
    ) {
        this.ctx = { stub: this.stub(), clientIdentity: clientIdentity(who) } as unknown as Context;
    }

    private stub(): Record<string, unknown> {
        return {
            getState: async (key: string) => this.read(key),
            putState: async (key: string, value: Uint8Array) => this.write(key, Buffer.from(value)),
            deleteState: async (key: string) => this.write(key, null),
            createCompositeKey: compositeKey,
            splitCompositeKey: splitKey,
            getTxID: () => this.txId,
            getTxTimestamp: () => ({ seconds: this.seconds, nanos: 0 }),
            setEvent: (name: string, payload: Uint8Array) => {
                this.event = { name, payload: JSON.parse(Buffer.from(payload).toString('utf8')), txId: this.txId };
            },
            getStateByPartialCompositeKey: (type: string, attrs: string[]) => this.iterate(this.rangeRead(compositeKey(type, attrs))),
            getStateByPartialCompositeKeyWithPagination: async (type: string, attrs: string[], size: number, bookmark = '') =>
                this.paged(compositeKey(type, attrs), size, bookmark),
            getHistoryForKey: (key: string) => this.iterate(this.ledger.historyOf(key)),
        };
    }

    private read(key: string): Uint8Array {
        const entry = this.snapshot.get(key);
        this.reads.set(key, entry?.version ?? 0);
        return entry?.value ?? EMPTY;
    }

    private write(key: string, value: Uint8Array | null): void {
        if (this.readOnly) {
            throw new Error('write in an evaluated transaction');
        }
        if (key.length === 0) {
            throw new Error('empty key');
        }
        this.writes.set(key, value);
    }

    private keysUnder(prefix: string): string[] {
        return [...this.snapshot.keys()].filter((key) => key.startsWith(prefix)).sort();
    }

    private rangeRead(prefix: string): Array<{ key: string; value: Uint8Array }> {
        const keys = this.keysUnder(prefix);
        const seen = new Map<string, number>();
        const rows = keys.map((key) => {
            const entry = this.snapshot.get(key) as Versioned;
            seen.set(key, entry.version);
            return { key, value: entry.value };
        });
        this.ranges.push({ prefix, seen });
        return rows;
    }

    private paged(prefix: string, size: number, bookmark: string): unknown {
        if (!this.readOnly) {
            throw new Error('paginated queries are not allowed in submitted transactions');
        }
        const keys = this.keysUnder(prefix).filter((key) => bookmark === '' || key >= bookmark);
        const rows = keys.slice(0, size).map((key) => ({ key, value: (this.snapshot.get(key) as Versioned).value }));
        return { iterator: iteratorOf(rows), metadata: { fetchedRecordsCount: rows.length, bookmark: keys[size] ?? '' } };
    }

    /** What the shim's getStateBy... and getHistoryForKey resolve to: an iterator with next and close. */
    private async iterate<T>(rows: T[]): Promise<Iterators.CommonIterator<T>> {
        return iteratorOf(rows);
    }
}

function iteratorOf<T>(rows: T[]): Iterators.CommonIterator<T> {
    let index = 0;
    return {
        next: async () => (index < rows.length ? { value: rows[index++] as T, done: false } : { value: undefined as unknown as T, done: true }),
        close: async () => undefined,
    };
}

export class MemoryLedger {
    private readonly state = new Map<string, Versioned>();
    private readonly histories = new Map<string, HistoryItem[]>();
    readonly events: LedgerEvent[] = [];
    private version = 0;
    private counter = 0;
    /** The transaction clock, seconds since the epoch: fixed unless a test moves it. */
    seconds = Date.parse('2026-11-18T10:00:00Z') / 1000;

    begin(msp: string | TestIdentity, readOnly = false): MemoryTransaction {
        this.counter += 1;
        const txId = `tx${String(this.counter).padStart(6, '0')}`;
        return new MemoryTransaction(new Map(this.state), this, txId, this.seconds, msp, readOnly);
    }

    /** Validates like a committing peer, then applies the writes if valid. */
    commit(tx: MemoryTransaction): Validation {
        for (const [key, version] of tx.reads) {
            if ((this.state.get(key)?.version ?? 0) !== version) {
                return 'MVCC_READ_CONFLICT';
            }
        }
        for (const range of tx.ranges) {
            const now = [...this.state.entries()].filter(([key]) => key.startsWith(range.prefix));
            if (now.length !== range.seen.size || now.some(([key, entry]) => range.seen.get(key) !== entry.version)) {
                return 'PHANTOM_READ_CONFLICT';
            }
        }
        this.apply(tx);
        return 'VALID';
    }

    private apply(tx: MemoryTransaction): void {
        this.version += 1;
        for (const [key, value] of tx.writes) {
            if (value === null) {
                this.state.delete(key);
            } else {
                this.state.set(key, { value, version: this.version });
            }
            const items = this.histories.get(key) ?? [];
            items.push({ txId: tx.txId, seconds: tx.seconds, isDelete: value === null, value: value ?? EMPTY });
            this.histories.set(key, items);
        }
        if (tx.event !== undefined) {
            this.events.push(tx.event);
        }
    }

    /** Runs a submitted transaction: commits on success, leaves nothing on failure. */
    async submit<T>(msp: string | TestIdentity, run: (ctx: Context) => Promise<T>): Promise<T> {
        const tx = this.begin(msp);
        const result = await run(tx.ctx);
        const validation = this.commit(tx);
        if (validation !== 'VALID') {
            throw new Error(validation);
        }
        return result;
    }

    async evaluate<T>(msp: string | TestIdentity, run: (ctx: Context) => Promise<T>): Promise<T> {
        return run(this.begin(msp, true).ctx);
    }

    historyOf(key: string): Array<{ txId: string; timestamp: { seconds: number; nanos: number }; isDelete: boolean; value: Uint8Array }> {
        return (this.histories.get(key) ?? []).map((item) => ({
            txId: item.txId,
            timestamp: { seconds: item.seconds, nanos: 0 },
            isDelete: item.isDelete,
            value: item.value,
        }));
    }

    /** A fingerprint of the whole state, for "nothing changed" assertions. */
    fingerprint(): string {
        return JSON.stringify([...this.state.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, entry]) => [key, Buffer.from(entry.value).toString('base64')]));
    }

    /** The committed record at a key, decoded. */
    read(key: string): unknown {
        const entry = this.state.get(key);
        return entry === undefined ? undefined : JSON.parse(Buffer.from(entry.value).toString('utf8'));
    }

    /** Writes a record past the chaincode, as a bug, a manual edit or an older layout would have left it. */
    overwrite(key: string, value: unknown): void {
        this.version += 1;
        this.state.set(key, { value: Buffer.from(JSON.stringify(value), 'utf8'), version: this.version });
    }

    entries(prefix: string): Array<{ key: string; value: unknown }> {
        return [...this.state.entries()]
            .filter(([key]) => key.startsWith(prefix))
            .map(([key, entry]) => ({ key, value: JSON.parse(Buffer.from(entry.value).toString('utf8')) }));
    }
}
