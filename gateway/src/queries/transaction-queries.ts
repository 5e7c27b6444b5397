import { AppError } from '../errors';
import type { Outcome, TransactionKind } from '../index/index-model';
import type { HistoryRow, IndexStore, Scope, SortField, StoreQuery, TransactionRow } from '../index/index-store';
import { toDecimal, toMinorUnits } from '../index/minor-units';
import { CursorCodec } from './cursor';
import { exclusiveEnd } from './time-range';

/** Who asks: a customer sees their own account's movements, the bank's back office its customers', the regulator every movement. */
export interface Viewer {
    scope: Scope;
}

export type TransactionType = 'remittance' | 'receipt' | 'transfer' | Exclude<TransactionKind, 'payment'>;

export const TRANSACTION_TYPES: readonly TransactionType[] = ['remittance', 'receipt', 'transfer', 'top-up', 'withdrawal', 'refund'];
export const OUTCOMES: readonly Outcome[] = ['succeeded', 'failed', 'pending'];

/** Filters of mission 5.1, already validated by the route; amounts are major-unit decimals. */
export interface TransactionFilters {
    types?: TransactionType[];
    statuses?: Outcome[];
    from?: string;
    to?: string;
    currency?: string;
    minAmount?: string;
    maxAmount?: string;
    counterparty?: string;
    /** Exact name (compared in canonical form) of one of this bank's customers on the other side. */
    counterpartyName?: string;
    account?: string;
    serialNumber?: string;
    sort: SortField;
    descending: boolean;
}

/**
 * This bank's customers by name: their ledger addresses. Names live only in the bank's
 * own customer store (sealed, found through a blind index); they never go on the channel,
 * so a name names this bank's customers and nobody else's.
 */
export interface CustomerDirectory {
    ledgerAddressesNamed(name: string, limit: number): Promise<string[]>;
}

export const MAX_PAGE_SIZE = 100;
/** Customers one counterparty name may stand for: each is one more index query per page. */
export const MAX_NAMED_COUNTERPARTIES = 20;
/** Rows fetched per round trip while exporting: the export never holds more than this. */
export const EXPORT_BATCH = 500;

/** One row of a result list (mission 5.2), seen from the viewer's side. */
export interface TransactionView {
    id: string;
    serialNumber: string;
    type: TransactionType;
    time: string;
    amount: string;
    currency: string;
    targetAmount?: string;
    targetCurrency?: string;
    status: Outcome;
    state: string;
    direction: 'in' | 'out';
    account: string | null;
    counterparty: string | null;
    counterpartyBank: string;
    updatedAt: string;
}

export interface TransactionDetail extends TransactionView {
    paymentId: string | null;
    payer: { address: string | null; bank: string };
    payee: { address: string | null; bank: string };
    refunded?: string;
    block: { number: string; hash: string | null };
    lastTxId: string;
    history: { state: string; event: string; time: string; txId: string; block: string; note?: string }[];
    ledgerEvent: unknown;
}

interface PagePosition {
    v: string;
    k: string;
}

function isPosition(value: unknown): value is PagePosition {
    const p = value as PagePosition;
    return typeof value === 'object' && value !== null && typeof p.v === 'string' && typeof p.k === 'string' && p.v.length <= 64 && p.k.length <= 200;
}

/** Transaction query, detail and export over the index (mission 5.1, 5.2). */
export class TransactionQueries {
    constructor(
        private readonly store: IndexStore,
        private readonly cursors: CursorCodec,
        private readonly customers?: CustomerDirectory,
    ) {}

    async page(viewer: Viewer, filters: TransactionFilters, limit: number, cursor?: string): Promise<{ items: TransactionView[]; nextCursor: string | null }> {
        requireOwnAccount(viewer, filters);
        const binding = bindingOf(viewer, filters);
        const after = cursor === undefined ? undefined : this.cursors.decode(cursor, binding, isPosition);
        const parties = await this.counterparties(viewer, filters);
        // One row more than asked tells whether another page exists.
        const rows = await this.find(viewer, filters, parties, limit + 1, after === undefined ? undefined : { value: after.v, key: after.k });
        const items = rows.slice(0, limit);
        const last = items[items.length - 1];
        const nextCursor = rows.length > limit && last !== undefined ? this.cursors.encode(positionOf(last, viewer, filters), binding) : null;
        return { items: items.map((row) => viewOf(row, viewer, filters.account)), nextCursor };
    }

    /** Every matching row, fetched in keyset batches: memory stays flat whatever the result size. */
    async *all(viewer: Viewer, filters: TransactionFilters): AsyncIterable<TransactionView> {
        requireOwnAccount(viewer, filters);
        const parties = await this.counterparties(viewer, filters);
        let after: { value: string; key: string } | undefined;
        for (;;) {
            const rows = await this.find(viewer, filters, parties, EXPORT_BATCH, after);
            for (const row of rows) {
                yield viewOf(row, viewer, filters.account);
            }
            const last = rows[rows.length - 1];
            if (rows.length < EXPORT_BATCH || last === undefined) {
                return;
            }
            const position = positionOf(last, viewer, filters);
            after = { value: position.v, key: position.k };
        }
    }

    /**
     * The counterparty addresses to filter by: the address asked for, or the addresses of
     * this bank's customers with the name asked for (both: those of the name that are the
     * address). A customer's own address is never their counterparty.
     */
    private async counterparties(viewer: Viewer, filters: TransactionFilters): Promise<(string | undefined)[]> {
        if (filters.counterpartyName === undefined) {
            return [filters.counterparty];
        }
        if (this.customers === undefined) {
            throw new AppError('VALIDATION_FAILED', 'counterpartyName needs the customer directory, which this gateway runs without', 'counterpartyName');
        }
        const named = await this.customers.ledgerAddressesNamed(filters.counterpartyName, MAX_NAMED_COUNTERPARTIES + 1);
        if (named.length > MAX_NAMED_COUNTERPARTIES) {
            throw new AppError('VALIDATION_FAILED', `counterpartyName names more than ${MAX_NAMED_COUNTERPARTIES} customers; filter by counterparty address instead`, 'counterpartyName');
        }
        const own = viewer.scope.kind === 'account' ? viewer.scope.address : undefined;
        return named.filter((address) => address !== own && (filters.counterparty === undefined || address === filters.counterparty));
    }

    /** One keyset page over several counterparties: each one's page, merged in the same order, each row once. */
    private async find(viewer: Viewer, f: TransactionFilters, parties: (string | undefined)[], limit: number, after: { value: string; key: string } | undefined): Promise<TransactionRow[]> {
        const pages = await Promise.all(parties.map((party) => this.store.findTransactions(storeQuery(viewer, f, party, limit, after))));
        if (pages.length === 1) {
            return pages[0] as TransactionRow[];
        }
        const rows = new Map(pages.flat().map((row) => [row.key, row]));
        return [...rows.values()].sort((a, b) => compareRows(a, b, viewer, f)).slice(0, limit);
    }

    async detail(viewer: Viewer, idOrSerial: string): Promise<TransactionDetail> {
        const visible = (await this.store.transactionsById(idOrSerial)).filter((row) => canSee(viewer, row));
        const exact = visible.filter((row) => row.id === idOrSerial);
        const chosen = exact.length === 1 ? exact : visible;
        const row = chosen[0];
        if (row === undefined) {
            throw new AppError('NOT_FOUND', `no transaction ${idOrSerial} in this gateway's view`);
        }
        if (chosen.length > 1) {
            throw new AppError('CONFLICT', `serial number ${idOrSerial} names ${chosen.length} transactions (${chosen.map((r) => r.kind).join(', ')}); ask by id`);
        }
        const [history, block] = await Promise.all([this.store.history(row.key), this.store.block(row.createdBlock)]);
        return {
            ...viewOf(row, viewer, undefined),
            paymentId: row.paymentId,
            payer: { address: row.fromAddress, bank: row.fromBank },
            payee: { address: row.toAddress, bank: row.toBank },
            ...(row.refunded !== null ? { refunded: toDecimal(row.refunded, row.currency) } : {}),
            block: { number: row.createdBlock.toString(), hash: block?.hash ?? null },
            lastTxId: row.lastTxId,
            history: history.map(historyView),
            ledgerEvent: JSON.parse(row.details) as unknown,
        };
    }
}

function historyView(line: HistoryRow): TransactionDetail['history'][number] {
    return { state: line.state, event: line.event, time: line.time, txId: line.txId, block: line.block.toString(), ...(line.note !== null ? { note: line.note } : {}) };
}

export function canSee(viewer: Viewer, row: { fromBank: string; toBank: string; fromAddress: string | null; toAddress: string | null }): boolean {
    switch (viewer.scope.kind) {
        case 'all':
            return true;
        case 'bank':
            return row.fromBank === viewer.scope.mspId || row.toBank === viewer.scope.mspId;
        case 'account':
            return row.fromAddress === viewer.scope.address || row.toAddress === viewer.scope.address;
    }
}

/** A customer may name only their own account; the check comes before any cursor or query. */
function requireOwnAccount(viewer: Viewer, filters: TransactionFilters): void {
    if (viewer.scope.kind === 'account' && filters.account !== undefined && filters.account !== viewer.scope.address) {
        throw new AppError('FORBIDDEN', 'a customer sees only their own account');
    }
}

/** The index's order: the sort value, then the key, both in the asked direction. */
function compareRows(a: TransactionRow, b: TransactionRow, viewer: Viewer, f: TransactionFilters): number {
    const [x, y] = f.sort === 'amount' ? [seenAmount(a, viewer, f.account).amount, seenAmount(b, viewer, f.account).amount] : [a.createdAt, b.createdAt];
    const order = x < y ? -1 : x > y ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    return f.descending ? -order : order;
}

function storeQuery(viewer: Viewer, f: TransactionFilters, counterparty: string | undefined, limit: number, after: { value: string; key: string } | undefined): StoreQuery {
    const amount = (value: string | undefined): bigint | undefined => (value === undefined || f.currency === undefined ? undefined : toMinorUnits(value, f.currency));
    return {
        scope: viewer.scope,
        account: f.account,
        types: f.types?.map((t) => t),
        statuses: f.statuses,
        from: f.from,
        to: f.to === undefined ? undefined : exclusiveEnd(f.to),
        currency: f.currency,
        minAmount: amount(f.minAmount),
        maxAmount: amount(f.maxAmount),
        counterparty,
        serial: f.serialNumber,
        sort: f.sort,
        descending: f.descending,
        after,
        limit,
    };
}

function positionOf(row: TransactionRow, viewer: Viewer, f: TransactionFilters): PagePosition {
    return { v: f.sort === 'amount' ? seenAmount(row, viewer, f.account).amount.toString() : row.createdAt, k: row.key };
}

/**
 * What moved on the asker's side, which the amount and currency filters and the amount
 * sort use (the index's `seenSide` is the same rule in SQL): a converted payment's payee
 * side its credit (target amount and currency), its payer side the debit (source plus
 * fee); a refund of one the other way round. The regulator, naming no account, sees the
 * debit.
 */
export function seenAmount(row: TransactionRow, viewer: Viewer, account: string | undefined): { amount: bigint; currency: string } {
    const payerSide = account !== undefined ? row.fromAddress === account : viewer.scope.kind === 'account' ? row.fromAddress === viewer.scope.address : viewer.scope.kind === 'bank' ? row.fromBank === viewer.scope.mspId : true;
    const credited = row.targetAmount !== null && row.targetCurrency !== null && (viewer.scope.kind !== 'all' || account !== undefined) && payerSide === (row.kind === 'refund');
    return credited ? { amount: row.targetAmount as bigint, currency: row.targetCurrency as string } : { amount: row.amount, currency: row.currency };
}

/** A cursor is valid only for the same viewer and the same filters. */
function bindingOf(viewer: Viewer, filters: TransactionFilters): string {
    return JSON.stringify({ viewer: viewer.scope, filters });
}

/** The side of the row the viewer stands on: the queried account, else the viewer's bank, else the payer. */
function sideOf(row: TransactionRow, viewer: Viewer, account: string | undefined): 'from' | 'to' {
    if (row.kind === 'top-up') {
        return 'to';
    }
    if (row.kind === 'withdrawal') {
        return 'from';
    }
    if (account !== undefined) {
        return row.fromAddress === account ? 'from' : 'to';
    }
    if (viewer.scope.kind === 'account') {
        return row.fromAddress === viewer.scope.address ? 'from' : 'to';
    }
    if (viewer.scope.kind === 'bank') {
        return row.fromBank === viewer.scope.mspId ? 'from' : 'to';
    }
    return 'from';
}

export function viewOf(row: TransactionRow, viewer: Viewer, account: string | undefined): TransactionView {
    const side = sideOf(row, viewer, account);
    const mine = side === 'from' ? { address: row.fromAddress, bank: row.fromBank } : { address: row.toAddress, bank: row.toBank };
    const other = side === 'from' ? { address: row.toAddress, bank: row.toBank } : { address: row.fromAddress, bank: row.fromBank };
    let type: TransactionType;
    if (row.kind !== 'payment') {
        type = row.kind;
    } else if (row.fromBank === row.toBank) {
        type = 'transfer';
    } else {
        type = side === 'from' ? 'remittance' : 'receipt';
    }
    return {
        id: row.id,
        serialNumber: row.serial,
        type,
        time: row.createdAt,
        amount: toDecimal(row.amount, row.currency),
        currency: row.currency,
        ...(row.targetAmount !== null && row.targetCurrency !== null ? { targetAmount: toDecimal(row.targetAmount, row.targetCurrency), targetCurrency: row.targetCurrency } : {}),
        status: row.status,
        state: row.state,
        direction: side === 'from' ? 'out' : 'in',
        account: mine.address,
        counterparty: other.address,
        counterpartyBank: other.bank,
        updatedAt: row.updatedAt,
    };
}
