import { paginate } from '../paging.js';
import type { Transport } from '../transport.js';
import { gatewayObject, path, read } from './calls.js';

/**
 * The gateway's index: transactions as a customer or a back office sees them, and
 * statements. Answers are the index's own views, typed as the API describes them.
 */

export type TransactionType = 'remittance' | 'receipt' | 'transfer' | 'top-up' | 'withdrawal' | 'refund';

export interface TransactionSummary {
    id: string;
    serialNumber: string;
    type: TransactionType;
    time: string;
    amount: string;
    currency: string;
    targetAmount?: string;
    targetCurrency?: string;
    status: 'succeeded' | 'failed' | 'pending';
    state: string;
    direction: 'in' | 'out';
    account: string | null;
    counterparty: string | null;
    counterpartyBank: string;
    updatedAt: string;
}

export interface TransactionDetail extends TransactionSummary {
    paymentId: string | null;
    payer: { address: string | null; bank: string };
    payee: { address: string | null; bank: string };
    refunded?: string;
    block: { number: string; hash: string | null };
    lastTxId: string;
    history: { state: string; event: string; time: string; txId: string; block: string; note?: string }[];
    ledgerEvent: unknown;
}

export interface TransactionFilters {
    /** Comma-separated types, e.g. "remittance,receipt". */
    type?: string;
    status?: string;
    from?: string;
    to?: string;
    currency?: string;
    minAmount?: string;
    maxAmount?: string;
    counterparty?: string;
    counterpartyName?: string;
    account?: string;
    serialNumber?: string;
    sort?: 'time' | '-time' | 'amount' | '-amount';
}

export interface TransactionPage {
    items: TransactionSummary[];
    nextCursor: string | null;
}

export interface StatementBalances {
    available: string;
    reserved: string;
    balance: string;
}

export interface StatementEntry {
    booked: string;
    time: string;
    currency: string;
    kind: string;
    transaction: string;
    account: string;
    counterparty: string | null;
    amount: string;
    available: string;
    reserved: string;
    balanceAfter: string;
    availableAfter: string;
    reservedAfter: string;
    txId: string;
    block: string;
}

export interface StatementRequest {
    /** One account's statement, or (with `bank`) the bank's; neither: the caller's own. */
    account?: string;
    bank?: string;
    from: string;
    to: string;
}

export interface StatementPage {
    owner: { account: string; bank: string } | { bank: string };
    from: string;
    to: string;
    currencies: { currency: string; opening: StatementBalances; closing: StatementBalances; net: string }[];
    entries: StatementEntry[];
    nextCursor: string | null;
}

export class Queries {
    constructor(private readonly t: Transport) {}

    /** One page of transactions; `all` walks every page. */
    transactionPage(filters: TransactionFilters = {}, limit = 50, cursor?: string): Promise<TransactionPage> {
        return read(this.t, '/v1/transactions', gatewayObject<TransactionPage>, { ...filters, limit, cursor });
    }

    transactions(filters: TransactionFilters = {}, limit = 50): AsyncGenerator<TransactionSummary, void, undefined> {
        return paginate(async (cursor) => {
            const page = await this.transactionPage(filters, limit, cursor);
            return { items: page.items, next: page.nextCursor ?? undefined };
        });
    }

    transaction(idOrSerial: string): Promise<TransactionDetail> {
        return read(this.t, path`/v1/transactions/${idOrSerial}`, gatewayObject<TransactionDetail>);
    }

    /** The CSV export, as text. */
    async exportCsv(filters: TransactionFilters = {}): Promise<string> {
        return String(await this.t.json('GET', '/v1/transactions/export', { query: { ...filters } }));
    }

    statementPage(request: StatementRequest, limit = 100, cursor?: string): Promise<StatementPage> {
        return read(this.t, '/v1/statements', gatewayObject<StatementPage>, { ...request, limit, cursor });
    }

    /** Every entry of the statement, across pages; the summary is on each page (statementPage). */
    statementEntries(request: StatementRequest, limit = 100): AsyncGenerator<StatementEntry, void, undefined> {
        return paginate(async (cursor) => {
            const page = await this.statementPage(request, limit, cursor);
            return { items: page.entries, next: page.nextCursor ?? undefined };
        });
    }

    /** The printable statement, as HTML. */
    async printStatement(request: StatementRequest): Promise<string> {
        return String(await this.t.json('GET', '/v1/statements/print', { query: { ...request } }));
    }
}

export interface TransactionInfo {
    txId: string;
    blockNumber: string;
    validationCode: string;
    valid: boolean;
    creatorMsp: string;
    endorsers: string[];
    timestamp: string | null;
    confirmations: string;
}

export interface BlockInfo {
    number: string;
    dataHash: string;
    previousHash: string;
    transactions: { txId: string; creatorMsp: string; validationCode: string }[];
}

export interface Submission {
    txId: string;
    state: 'pending' | 'committed' | 'invalid';
    validationCode?: string;
    blockNumber?: string;
}

/** Blocks and transactions as the peers hold them, and where a write answered 202 stands. */
export class Explorer {
    constructor(private readonly t: Transport) {}

    transaction(txId: string): Promise<TransactionInfo> {
        return read(this.t, path`/v1/explorer/transactions/${txId}`, gatewayObject<TransactionInfo>);
    }

    block(number: bigint | number | string): Promise<BlockInfo> {
        return read(this.t, path`/v1/explorer/blocks/${String(number)}`, gatewayObject<BlockInfo>);
    }

    submission(txId: string): Promise<Submission> {
        return read(this.t, path`/v1/submissions/${txId}`, gatewayObject<Submission>);
    }
}

export interface Health {
    status: 'ok' | 'degraded';
    org: string;
    mspId: string;
    channel: string;
    peer: 'up' | 'down';
    blockHeight: string | null;
    chaincode: 'up' | 'down';
    indexLag: string | null;
}

/** The gateway itself: health (503 when degraded, still answered), its OpenAPI document and its metrics. */
export class Operations {
    constructor(private readonly t: Transport) {}

    /** The health report whether the gateway is healthy (200) or degraded (503). */
    async health(): Promise<Health> {
        return gatewayObject<Health>((await this.t.once('GET', '/health')).body);
    }

    openApi(): Promise<Record<string, unknown>> {
        return read(this.t, '/openapi.json', gatewayObject<Record<string, unknown>>);
    }

    /** Prometheus text exposition. */
    async metrics(): Promise<string> {
        return String(await this.t.json('GET', '/metrics'));
    }
}
