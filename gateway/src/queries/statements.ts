import { AppError } from '../errors';
import type { BalanceRow, EntryPosition, EntryRow, IndexStore, StatementOwner } from '../index/index-store';
import { toDecimal } from '../index/minor-units';
import type { CursorCodec } from './cursor';
import { exclusiveEnd } from './time-range';
import type { Viewer } from './transaction-queries';

/**
 * Statements for reconciliation (mission 5.3): for an account or a whole bank, per
 * currency, the balance booked before the range, every entry booked in it, and the
 * balance after it. Balances are `available` and `reserved` as Accounts:GetBalances
 * reports them, and `balance` = their sum; opening + entries = closing exactly.
 */
export interface StatementRequest {
    account?: string;
    bank?: string;
    from: string;
    to: string;
}

export interface Balances {
    available: string;
    reserved: string;
    balance: string;
}

export interface StatementEntryView {
    booked: string;
    time: string;
    currency: string;
    kind: string;
    transaction: string;
    account: string;
    counterparty: string | null;
    /** Change of the booked balance (available + reserved), signed. */
    amount: string;
    available: string;
    reserved: string;
    balanceAfter: string;
    availableAfter: string;
    reservedAfter: string;
    txId: string;
    block: string;
}

export interface StatementSummary {
    owner: { account: string; bank: string } | { bank: string };
    from: string;
    to: string;
    currencies: { currency: string; opening: Balances; closing: Balances; net: string }[];
}

export const MAX_STATEMENT_PAGE = 1000;
const PRINT_BATCH = 500;

function isEntryPosition(value: unknown): value is { b: string; t: number; s: number } {
    const p = value as { b: unknown; t: unknown; s: unknown };
    return typeof value === 'object' && value !== null && typeof p.b === 'string' && /^[0-9]{1,19}$/.test(p.b) && Number.isInteger(p.t) && Number.isInteger(p.s);
}

export class StatementService {
    constructor(
        private readonly store: IndexStore,
        private readonly cursors: CursorCodec,
    ) {}

    /** Resolves and authorises the statement's owner: a bank's staff see only their bank and its accounts. */
    async owner(viewer: Viewer, request: StatementRequest): Promise<{ owner: StatementOwner; bank: string }> {
        if (viewer.scope.kind === 'account') {
            // A customer's statement is of their own account, whatever else is asked.
            if ((request.account !== undefined && request.account !== viewer.scope.address) || request.bank !== undefined) {
                throw new AppError('FORBIDDEN', 'a customer sees only their own account');
            }
            request = { ...request, account: viewer.scope.address };
        }
        if (request.account !== undefined) {
            const bank = await this.store.accountBank(request.account);
            if (bank === undefined) {
                throw new AppError('NOT_FOUND', `account ${request.account} has nothing in the index yet`);
            }
            if (viewer.scope.kind === 'bank' && viewer.scope.mspId !== bank) {
                throw new AppError('FORBIDDEN', 'the account is served by another bank');
            }
            return { owner: { kind: 'account', address: request.account }, bank };
        }
        const bank = request.bank ?? (viewer.scope.kind === 'bank' ? viewer.scope.mspId : undefined);
        if (bank === undefined) {
            throw new AppError('VALIDATION_FAILED', 'name an account or a bank', 'bank');
        }
        if (viewer.scope.kind === 'bank' && viewer.scope.mspId !== bank) {
            throw new AppError('FORBIDDEN', "a bank sees only its own statement");
        }
        return { owner: { kind: 'bank', mspId: bank }, bank };
    }

    async summary(viewer: Viewer, request: StatementRequest): Promise<{ summary: StatementSummary; owner: StatementOwner }> {
        const { owner, bank } = await this.owner(viewer, request);
        const [opening, closing] = await Promise.all([this.store.balancesBefore(owner, request.from), this.store.balancesBefore(owner, exclusiveEnd(request.to))]);
        const currencies = [...new Set([...opening, ...closing].map((b) => b.currency))].sort();
        const find = (rows: BalanceRow[], currency: string): BalanceRow => rows.find((r) => r.currency === currency) ?? { currency, available: 0n, reserved: 0n };
        return {
            owner,
            summary: {
                owner: owner.kind === 'account' ? { account: owner.address, bank } : { bank },
                from: request.from,
                to: request.to,
                currencies: currencies.map((currency) => {
                    const open = find(opening, currency);
                    const close = find(closing, currency);
                    const net = close.available + close.reserved - open.available - open.reserved;
                    return { currency, opening: balancesView(open), closing: balancesView(close), net: toDecimal(net, currency) };
                }),
            },
        };
    }

    async page(viewer: Viewer, request: StatementRequest, limit: number, cursor?: string): Promise<StatementSummary & { entries: StatementEntryView[]; nextCursor: string | null }> {
        const { summary, owner } = await this.summary(viewer, request);
        const binding = JSON.stringify({ viewer: viewer.scope, request });
        const after = cursor === undefined ? undefined : toPosition(this.cursors.decode(cursor, binding, isEntryPosition));
        const rows = await this.store.entries(owner, storeRange(request), after, limit + 1);
        const entries = rows.slice(0, limit);
        const last = entries[entries.length - 1];
        const nextCursor = rows.length > limit && last !== undefined ? this.cursors.encode({ b: last.block.toString(), t: last.txIndex, s: last.seq }, binding) : null;
        return { ...summary, entries: entries.map(entryView), nextCursor };
    }

    /** Every entry of the range in booking order, in batches. */
    async *entries(owner: StatementOwner, request: StatementRequest): AsyncIterable<StatementEntryView> {
        let after: EntryPosition | undefined;
        for (;;) {
            const rows = await this.store.entries(owner, storeRange(request), after, PRINT_BATCH);
            for (const row of rows) {
                yield entryView(row);
            }
            const last = rows[rows.length - 1];
            if (rows.length < PRINT_BATCH || last === undefined) {
                return;
            }
            after = { block: last.block, txIndex: last.txIndex, seq: last.seq };
        }
    }
}

/** The index compares `booked_at < to`; the request's `to` is inclusive. */
function storeRange(request: StatementRequest): { from: string; to: string } {
    return { from: request.from, to: exclusiveEnd(request.to) };
}

function toPosition(p: { b: string; t: number; s: number }): EntryPosition {
    return { block: BigInt(p.b), txIndex: p.t, seq: p.s };
}

function balancesView(row: BalanceRow): Balances {
    return { available: toDecimal(row.available, row.currency), reserved: toDecimal(row.reserved, row.currency), balance: toDecimal(row.available + row.reserved, row.currency) };
}

export function entryView(row: EntryRow): StatementEntryView {
    const c = row.currency;
    return {
        booked: row.bookedAt,
        time: row.time,
        currency: c,
        kind: row.kind,
        transaction: row.transactionKey,
        account: row.address,
        counterparty: row.counterparty,
        amount: toDecimal(row.availableDelta + row.reservedDelta, c),
        available: toDecimal(row.availableDelta, c),
        reserved: toDecimal(row.reservedDelta, c),
        balanceAfter: toDecimal(row.availableAfter + row.reservedAfter, c),
        availableAfter: toDecimal(row.availableAfter, c),
        reservedAfter: toDecimal(row.reservedAfter, c),
        txId: row.txId,
        block: row.block.toString(),
    };
}
