import type { Facts, IndexedBlock, Movement, TransactionRecord } from './index-model';
import type {
    BalanceRow,
    BlockOutcome,
    BlockRow,
    EntryPosition,
    EntryRow,
    HistoryRow,
    IndexStore,
    StatementOwner,
    StoreQuery,
    TransactionRow,
} from './index-store';
import { INDEX_TABLES, MIGRATIONS } from './index-migrations';
import { project } from './projection';
import { big, bigOrNull, int, str, strOrNull, type SqlDriver, type SqlExecutor, type SqlRow, type SqlValue } from '../sql/sql-driver';
import { migrate } from '../sql/migrations';

const EPOCH = '1970-01-01T00:00:00.000Z';

/**
 * Work another feature does with each block inside the index's own transaction (the
 * webhook outbox): it commits with the block's rows and checkpoint, or not at all.
 * `committed` is told after the commit, so it may act on what is now durable.
 */
export interface BlockHook {
    inTransaction(tx: SqlExecutor, block: IndexedBlock): Promise<void>;
    committed?(block: IndexedBlock): void;
}

const TRANSACTION_COLUMNS = [
    'key', 'id', 'kind', 'serial', 'payment_id', 'from_address', 'from_bank', 'to_address', 'to_bank', 'cross_bank',
    'amount', 'currency', 'target_amount', 'target_currency', 'refunded', 'state', 'status', 'created_at', 'updated_at',
    'created_block', 'updated_block', 'updated_tx_index', 'last_tx_id', 'details',
] as const;

/** Fields a later event may change; the creating event's id, time and block stay. */
const UPDATABLE = ['refunded', 'target_amount', 'target_currency', 'state', 'status', 'updated_at', 'updated_block', 'updated_tx_index', 'last_tx_id', 'details'] as const;

const UPSERT_TRANSACTION = `INSERT INTO transactions (${TRANSACTION_COLUMNS.join(', ')})
    VALUES (${TRANSACTION_COLUMNS.map(() => '?').join(', ')})
    ON CONFLICT (key) DO UPDATE SET ${UPDATABLE.map((c) => `${c} = excluded.${c}`).join(', ')}
    WHERE transactions.updated_block < excluded.updated_block
       OR (transactions.updated_block = excluded.updated_block AND transactions.updated_tx_index < excluded.updated_tx_index)`;

/** The index over any SQL driver: the same statements on SQLite and PostgreSQL. */
export class SqlIndexStore implements IndexStore {
    private readonly hooks: BlockHook[] = [];

    constructor(private readonly db: SqlDriver) {}

    /** The database the index writes, for a hook's own tables beside the index's. */
    get driver(): SqlDriver {
        return this.db;
    }

    addBlockHook(hook: BlockHook): void {
        this.hooks.push(hook);
    }

    async migrate(): Promise<void> {
        await migrate(this.db, 'index_migrations', MIGRATIONS, undefined);
    }

    async nextBlock(): Promise<bigint> {
        return nextBlockIn(this.db);
    }

    async applyBlock(block: IndexedBlock): Promise<BlockOutcome> {
        const outcome = await this.db.transaction(async (tx) => {
            const next = await nextBlockIn(tx);
            if (block.number < next) {
                return { applied: false, events: 0 };
            }
            if (block.number > next) {
                throw new Error(`block ${block.number} arrived but the index expects block ${next}: refusing to leave a gap`);
            }
            const bookedAt = await bookingTime(tx, block);
            let events = 0;
            for (const transaction of block.transactions) {
                if (!transaction.valid) {
                    continue;
                }
                let seq = 0;
                for (const event of transaction.events) {
                    const at = { block: block.number, txIndex: transaction.index, txId: transaction.txId };
                    seq = await writeFacts(tx, project(event, at), { ...at, seq, bookedAt });
                    events++;
                }
            }
            for (const hook of this.hooks) {
                await hook.inTransaction(tx, block);
            }
            const validCount = block.transactions.filter((t) => t.valid).length;
            await tx.run(
                `INSERT INTO blocks (number, hash, previous_hash, data_hash, tx_count, valid_tx_count, event_count, booked_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (number) DO NOTHING`,
                [block.number, block.hash, block.previousHash, block.dataHash, block.transactions.length, validCount, events, bookedAt],
            );
            await tx.run(
                `INSERT INTO index_checkpoint (id, next_block, updated_at) VALUES (1, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET next_block = excluded.next_block, updated_at = excluded.updated_at`,
                [block.number + 1n, new Date().toISOString()],
            );
            return { applied: true, events };
        });
        if (outcome.applied) {
            for (const hook of this.hooks) {
                hook.committed?.(block);
            }
        }
        return outcome;
    }

    async reset(): Promise<void> {
        await this.db.transaction(async (tx) => {
            for (const table of INDEX_TABLES) {
                await tx.run(`DELETE FROM ${table}`);
            }
        });
    }

    async findTransactions(query: StoreQuery): Promise<TransactionRow[]> {
        const where: string[] = [];
        const params: SqlValue[] = [];
        const add = (clause: string, ...values: SqlValue[]): void => {
            where.push(clause);
            params.push(...values);
        };
        if (query.scope.kind === 'bank') {
            add('(from_bank = ? OR to_bank = ?)', query.scope.mspId, query.scope.mspId);
        }
        if (query.scope.kind === 'account') {
            add('(from_address = ? OR to_address = ?)', query.scope.address, query.scope.address);
        }
        if (query.account !== undefined) {
            add('(from_address = ? OR to_address = ?)', query.account, query.account);
        }
        if (query.types !== undefined && query.types.length > 0) {
            const clauses = query.types.map((type) => typeClause(type, query, params));
            where.push(`(${clauses.join(' OR ')})`);
        }
        if (query.statuses !== undefined && query.statuses.length > 0) {
            add(`status IN (${query.statuses.map(() => '?').join(', ')})`, ...query.statuses);
        }
        if (query.from !== undefined) {
            add('created_at >= ?', query.from);
        }
        if (query.to !== undefined) {
            add('created_at < ?', query.to);
        }
        if (query.currency !== undefined) {
            add('seen_currency = ?', query.currency);
        }
        if (query.minAmount !== undefined) {
            add('seen_amount >= ?', query.minAmount);
        }
        if (query.maxAmount !== undefined) {
            add('seen_amount <= ?', query.maxAmount);
        }
        if (query.counterparty !== undefined) {
            add('(from_address = ? OR to_address = ?)', query.counterparty, query.counterparty);
        }
        if (query.serial !== undefined) {
            add('(serial = ? OR id = ?)', query.serial, query.serial);
        }
        const column = query.sort === 'amount' ? 'seen_amount' : 'created_at';
        const direction = query.descending ? 'DESC' : 'ASC';
        if (query.after !== undefined) {
            const op = query.descending ? '<' : '>';
            const value = query.sort === 'amount' ? BigInt(query.after.value) : query.after.value;
            add(`(${column} ${op} ? OR (${column} = ? AND key ${op} ?))`, value, value, query.after.key);
        }
        const seen = seenSide(query);
        const sql = `SELECT * FROM (${seen.sql}) seen ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
            ORDER BY ${column} ${direction}, key ${direction} LIMIT ?`;
        return (await this.db.all(sql, [...seen.params, ...params, query.limit])).map(transactionRow);
    }

    async transactionByKey(key: string): Promise<TransactionRow | undefined> {
        const rows = await this.db.all('SELECT * FROM transactions WHERE key = ?', [key]);
        return rows[0] === undefined ? undefined : transactionRow(rows[0]);
    }

    async transactionsById(idOrSerial: string): Promise<TransactionRow[]> {
        const rows = await this.db.all('SELECT * FROM transactions WHERE id = ? OR serial = ? ORDER BY key LIMIT 10', [idOrSerial, idOrSerial]);
        return rows.map(transactionRow);
    }

    async history(key: string): Promise<HistoryRow[]> {
        const rows = await this.db.all('SELECT * FROM transaction_history WHERE transaction_key = ? ORDER BY block_number, tx_index', [key]);
        return rows.map((r) => ({
            block: big(r.block_number),
            txIndex: int(r.tx_index),
            event: str(r.event),
            state: str(r.state),
            time: str(r.time),
            txId: str(r.tx_id),
            note: strOrNull(r.note),
        }));
    }

    async balancesBefore(owner: StatementOwner, before: string): Promise<BalanceRow[]> {
        const { column, value, available, reserved } = ownerColumns(owner);
        const currencies = await this.db.all(`SELECT DISTINCT currency FROM statement_entries WHERE ${column} = ? AND booked_at < ? ORDER BY currency`, [value, before]);
        const balances: BalanceRow[] = [];
        for (const row of currencies) {
            const currency = str(row.currency);
            const [last] = await this.db.all(
                `SELECT ${available} AS available, ${reserved} AS reserved FROM statement_entries
                 WHERE ${column} = ? AND currency = ? AND booked_at < ?
                 ORDER BY booked_at DESC, block_number DESC, tx_index DESC, seq DESC LIMIT 1`,
                [value, currency, before],
            );
            balances.push({ currency, available: big(last?.available ?? 0), reserved: big(last?.reserved ?? 0) });
        }
        return balances;
    }

    async entries(owner: StatementOwner, range: { from: string; to: string }, after: EntryPosition | undefined, limit: number): Promise<EntryRow[]> {
        const { column, value, available, reserved } = ownerColumns(owner);
        const params: SqlValue[] = [value, range.from, range.to];
        let keyset = '';
        if (after !== undefined) {
            keyset = 'AND (block_number > ? OR (block_number = ? AND (tx_index > ? OR (tx_index = ? AND seq > ?))))';
            params.push(after.block, after.block, after.txIndex, after.txIndex, after.seq);
        }
        const rows = await this.db.all(
            `SELECT *, ${available} AS owner_available, ${reserved} AS owner_reserved FROM statement_entries
             WHERE ${column} = ? AND booked_at >= ? AND booked_at < ? ${keyset}
             ORDER BY block_number, tx_index, seq LIMIT ?`,
            [...params, limit],
        );
        return rows.map((r) => ({
            block: big(r.block_number),
            txIndex: int(r.tx_index),
            seq: int(r.seq),
            address: str(r.address),
            bank: str(r.bank),
            currency: str(r.currency),
            kind: str(r.kind),
            transactionKey: str(r.transaction_key),
            counterparty: strOrNull(r.counterparty),
            availableDelta: big(r.available_delta),
            reservedDelta: big(r.reserved_delta),
            availableAfter: big(r.owner_available),
            reservedAfter: big(r.owner_reserved),
            time: str(r.time),
            bookedAt: str(r.booked_at),
            txId: str(r.tx_id),
        }));
    }

    async accountBank(address: string): Promise<string | undefined> {
        const rows = await this.db.all('SELECT bank FROM accounts WHERE address = ?', [address]);
        if (rows[0] !== undefined) {
            return str(rows[0].bank);
        }
        // Liquidity accounts are never opened; their entries name their bank.
        const entries = await this.db.all('SELECT bank FROM statement_entries WHERE address = ? LIMIT 1', [address]);
        return entries[0] === undefined ? undefined : str(entries[0].bank);
    }

    async block(number: bigint): Promise<BlockRow | undefined> {
        const [r] = await this.db.all('SELECT * FROM blocks WHERE number = ?', [number]);
        if (r === undefined) {
            return undefined;
        }
        return {
            number: big(r.number),
            hash: str(r.hash),
            previousHash: str(r.previous_hash),
            dataHash: str(r.data_hash),
            txCount: int(r.tx_count),
            validTxCount: int(r.valid_tx_count),
            eventCount: int(r.event_count),
            bookedAt: str(r.booked_at),
        };
    }

    close(): Promise<void> {
        return this.db.close();
    }
}

async function nextBlockIn(db: SqlExecutor): Promise<bigint> {
    const rows = await db.all('SELECT next_block FROM index_checkpoint WHERE id = 1');
    return rows[0] === undefined ? 0n : big(rows[0].next_block);
}

/**
 * The booking time of a block: the latest transaction time seen so far. Clients stamp
 * their own transactions, so times can run slightly backwards in block order; booking
 * times never do, which keeps opening balance + entries = closing balance for any range.
 */
async function bookingTime(tx: SqlExecutor, block: IndexedBlock): Promise<string> {
    const [previous] = await tx.all('SELECT booked_at FROM blocks ORDER BY number DESC LIMIT 1');
    let booked = previous === undefined ? EPOCH : str(previous.booked_at);
    for (const transaction of block.transactions) {
        if (transaction.valid && transaction.time !== null && transaction.time > booked) {
            booked = transaction.time;
        }
    }
    return booked;
}

interface EntryContext {
    block: bigint;
    txIndex: number;
    txId: string;
    seq: number;
    bookedAt: string;
}

/** Writes one event's facts; returns the next entry sequence number of the transaction. */
async function writeFacts(tx: SqlExecutor, facts: Facts, at: EntryContext): Promise<number> {
    for (const record of facts.transactions) {
        await tx.run(UPSERT_TRANSACTION, transactionValues(record));
    }
    for (const line of facts.history) {
        await tx.run(
            `INSERT INTO transaction_history (transaction_key, block_number, tx_index, event, state, time, tx_id, note)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (block_number, tx_index, transaction_key) DO NOTHING`,
            [line.key, at.block, at.txIndex, line.event, line.state, line.time, line.txId, line.note],
        );
    }
    for (const account of facts.accounts) {
        await tx.run(
            `INSERT INTO accounts (address, bank, status, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (address) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
            [account.address, account.bank, account.status, account.time],
        );
    }
    let seq = at.seq;
    const time = facts.transactions[0]?.updatedAt ?? at.bookedAt;
    for (const movement of facts.movements) {
        await writeEntry(tx, movement, { ...at, seq }, time);
        seq++;
    }
    return seq;
}

async function writeEntry(tx: SqlExecutor, movement: Movement, at: EntryContext, time: string): Promise<void> {
    const booked = await tx.all('SELECT 1 AS booked FROM statement_entries WHERE block_number = ? AND tx_index = ? AND seq = ?', [at.block, at.txIndex, at.seq]);
    if (booked.length > 0) {
        return; // Already booked: a replay must not move the balance again.
    }
    const account = await balanceOf(tx, 'account', movement.address, movement.currency);
    const bank = await balanceOf(tx, 'bank', movement.bank, movement.currency);
    const accountAfter = { available: account.available + movement.availableDelta, reserved: account.reserved + movement.reservedDelta };
    const bankAfter = { available: bank.available + movement.availableDelta, reserved: bank.reserved + movement.reservedDelta };
    if (accountAfter.available < 0n || accountAfter.reserved < 0n) {
        // The ledger never overdraws; a negative balance here means a missed or misread event.
        throw new Error(`entry ${at.block}/${at.txIndex}/${at.seq} would take ${movement.address} ${movement.currency} below zero`);
    }
    await tx.run(
        `INSERT INTO statement_entries (block_number, tx_index, seq, address, bank, currency, kind, transaction_key, counterparty,
             available_delta, reserved_delta, available_after, reserved_after, bank_available_after, bank_reserved_after, time, booked_at, tx_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (block_number, tx_index, seq) DO NOTHING`,
        [
            at.block, at.txIndex, at.seq, movement.address, movement.bank, movement.currency, movement.kind, movement.transactionKey, movement.counterparty,
            movement.availableDelta, movement.reservedDelta, accountAfter.available, accountAfter.reserved, bankAfter.available, bankAfter.reserved,
            time, at.bookedAt, at.txId,
        ],
    );
    await setBalance(tx, 'account', movement.address, movement.currency, accountAfter);
    await setBalance(tx, 'bank', movement.bank, movement.currency, bankAfter);
}

async function balanceOf(tx: SqlExecutor, kind: string, owner: string, currency: string): Promise<{ available: bigint; reserved: bigint }> {
    const [row] = await tx.all('SELECT available, reserved FROM balances WHERE owner_kind = ? AND owner = ? AND currency = ?', [kind, owner, currency]);
    return row === undefined ? { available: 0n, reserved: 0n } : { available: big(row.available), reserved: big(row.reserved) };
}

async function setBalance(tx: SqlExecutor, kind: string, owner: string, currency: string, balance: { available: bigint; reserved: bigint }): Promise<void> {
    await tx.run(
        `INSERT INTO balances (owner_kind, owner, currency, available, reserved) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (owner_kind, owner, currency) DO UPDATE SET available = excluded.available, reserved = excluded.reserved`,
        [kind, owner, currency, balance.available, balance.reserved],
    );
}

function ownerColumns(owner: StatementOwner): { column: string; value: string; available: string; reserved: string } {
    return owner.kind === 'account'
        ? { column: 'address', value: owner.address, available: 'available_after', reserved: 'reserved_after' }
        : { column: 'bank', value: owner.mspId, available: 'bank_available_after', reserved: 'bank_reserved_after' };
}

/**
 * Types are seen from a side: the account of the query, else the caller's bank, else
 * the payer (the regulator's view, where a cross-bank payment is a remittance).
 */
/**
 * Every transaction with the amount and currency that moved on the asker's side (the
 * queries' `seenAmount` is the same rule): the payee's bank, and a customer paid, see a
 * converted payment's credit in the target currency, the payer's side its debit (source
 * plus fee); a refund of one is the other way round (the payee gives back the target
 * amount). The regulator, on neither side, sees the debit unless it names an account.
 */
function seenSide(query: StoreQuery): { sql: string; params: SqlValue[] } {
    const payer: [string, string] | undefined =
        query.account !== undefined
            ? ['from_address = ?', query.account]
            : query.scope.kind === 'account'
              ? ['from_address = ?', query.scope.address]
              : query.scope.kind === 'bank'
                ? ['from_bank = ?', query.scope.mspId]
                : undefined;
    if (payer === undefined) {
        return { sql: 'SELECT *, amount AS seen_amount, currency AS seen_currency FROM transactions', params: [] };
    }
    // Both sides are known when a target amount is: a conversion's from_address is never null.
    const [onPayerSide, party] = payer;
    const credited = `target_amount IS NOT NULL AND (${onPayerSide}) = (kind = 'refund')`;
    return {
        sql: `SELECT *, CASE WHEN ${credited} THEN target_amount ELSE amount END AS seen_amount,
            CASE WHEN ${credited} THEN target_currency ELSE currency END AS seen_currency FROM transactions`,
        params: [party, party],
    };
}

function typeClause(type: NonNullable<StoreQuery['types']>[number], query: StoreQuery, params: SqlValue[]): string {
    switch (type) {
        case 'transfer':
            return "(kind = 'payment' AND cross_bank = 0)";
        case 'remittance':
        case 'receipt': {
            const side = type === 'remittance' ? 'from' : 'to';
            if (query.account !== undefined) {
                params.push(query.account);
                return `(kind = 'payment' AND cross_bank = 1 AND ${side}_address = ?)`;
            }
            if (query.scope.kind === 'bank') {
                params.push(query.scope.mspId);
                return `(kind = 'payment' AND cross_bank = 1 AND ${side}_bank = ?)`;
            }
            if (query.scope.kind === 'account') {
                params.push(query.scope.address);
                return `(kind = 'payment' AND cross_bank = 1 AND ${side}_address = ?)`;
            }
            return type === 'remittance' ? "(kind = 'payment' AND cross_bank = 1)" : '(1 = 0)';
        }
        default:
            params.push(type);
            return '(kind = ?)';
    }
}

function transactionValues(r: TransactionRecord): SqlValue[] {
    return [
        r.key, r.id, r.kind, r.serial, r.paymentId, r.fromAddress, r.fromBank, r.toAddress, r.toBank, r.fromBank === r.toBank ? 0 : 1,
        r.amount, r.currency, r.targetAmount, r.targetCurrency, r.refunded, r.state, r.status, r.createdAt, r.updatedAt,
        r.createdBlock, r.updatedBlock, r.updatedTxIndex, r.lastTxId, r.details,
    ];
}

function transactionRow(r: SqlRow): TransactionRow {
    return {
        key: str(r.key),
        id: str(r.id),
        kind: str(r.kind) as TransactionRow['kind'],
        serial: str(r.serial),
        paymentId: strOrNull(r.payment_id),
        fromAddress: strOrNull(r.from_address),
        fromBank: str(r.from_bank),
        toAddress: strOrNull(r.to_address),
        toBank: str(r.to_bank),
        amount: big(r.amount),
        currency: str(r.currency),
        targetAmount: bigOrNull(r.target_amount),
        targetCurrency: strOrNull(r.target_currency),
        refunded: bigOrNull(r.refunded),
        state: str(r.state),
        status: str(r.status) as TransactionRow['status'],
        createdAt: str(r.created_at),
        updatedAt: str(r.updated_at),
        createdBlock: big(r.created_block),
        updatedBlock: big(r.updated_block),
        lastTxId: str(r.last_tx_id),
        details: str(r.details),
    };
}
