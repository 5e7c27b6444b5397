import { createHash } from 'node:crypto';
import type { ChainEvent, IndexedBlock } from '../../../src/index/index-model';
import { SqlIndexStore } from '../../../src/index/sql-index-store';
import { PostgresDriver } from '../../../src/sql/postgres-driver';
import { SqliteDriver } from '../../../src/sql/sqlite-driver';
import type { SqlDriver } from '../../../src/sql/sql-driver';

/**
 * A tiny channel for index tests: events shaped exactly like the chaincode's
 * (paymentEvent, supply and account events), packed into blocks one transaction each.
 */

export function address(name: string): string {
    return `cx${createHash('sha256').update(name).digest('hex').slice(0, 48)}`;
}

export const ALICE = address('alice'); // Bank1MSP, EUR
export const BOB = address('bob'); // Bank1MSP
export const CAROL = address('carol'); // Bank2MSP
export const DAN = address('dan'); // Bank3MSP

export const BANK_OF: Record<string, string> = { [ALICE]: 'Bank1MSP', [BOB]: 'Bank1MSP', [CAROL]: 'Bank2MSP', [DAN]: 'Bank3MSP' };

export function txId(n: number): string {
    return createHash('sha256').update(`tx-${n}`).digest('hex');
}

export interface PaymentState {
    paymentId: string;
    paymentTxId: string;
    payer: string;
    payee: string;
    amount: string;
    currency: string;
    status: string;
    refunded: string;
    fx?: { quoteId: string; provider: string; targetCurrency: string; targetAmount: string };
}

/** Builds a chain: each `tx` call is one valid transaction in its own block, with a clock a minute per block. */
export class Chain {
    readonly blocks: IndexedBlock[] = [];
    private clock = Date.parse('2026-11-01T09:00:00Z');

    constructor() {
        // Block 0 is the channel's config block: no transactions of ours.
        this.blocks.push({ number: 0n, hash: 'h0', previousHash: '', dataHash: 'd0', transactions: [{ index: 0, txId: '', valid: true, validationCode: 'VALID', time: null, events: [] }] });
    }

    get time(): string {
        return new Date(this.clock).toISOString();
    }

    /** Moves the chain's clock (e.g. to put transactions on other days). */
    advance(ms: number): void {
        this.clock += ms;
    }

    tx(event: ChainEvent | undefined, options: { valid?: boolean; time?: string } = {}): string {
        const number = BigInt(this.blocks.length);
        this.clock += 60_000;
        const id = txId(this.blocks.length);
        const time = options.time ?? this.time;
        const withTime = event === undefined ? [] : [{ name: event.name, payload: { ...event.payload, txId: id, time } }];
        const valid = options.valid ?? true;
        this.blocks.push({
            number,
            hash: `h${number}`,
            previousHash: `h${number - 1n}`,
            dataHash: `d${number}`,
            transactions: [{ index: 0, txId: id, valid, validationCode: valid ? 'VALID' : 'MVCC_READ_CONFLICT', time, events: withTime }],
        });
        return id;
    }

    mint(to: string, amount: string, currency = 'EUR', reference = `ref-${this.blocks.length}`): string {
        const issuer = BANK_OF[to] as string;
        return this.tx({ name: 'CurrencyMinted', payload: { movement: 'mint', reference, address: to, currency, amount, issuer, supply: {} } });
    }

    burn(from: string, amount: string, currency = 'EUR', reference = `ref-${this.blocks.length}`): string {
        const issuer = BANK_OF[from] as string;
        return this.tx({ name: 'CurrencyBurned', payload: { movement: 'burn', reference, address: from, currency, amount, issuer, supply: {} } });
    }

    open(account: string): string {
        return this.tx({ name: 'AccountOpened', payload: { address: account, bank: BANK_OF[account], kycTier: 1, status: 'active', by: BANK_OF[account] } });
    }

    /** Submits a payment; `hold` keeps it held. Returns its state for later events. */
    pay(paymentId: string, payer: string, payee: string, amount: string, options: { hold?: boolean; currency?: string; fx?: PaymentState['fx'] } = {}): PaymentState {
        const id = txId(this.blocks.length);
        const payment: PaymentState = {
            paymentId,
            paymentTxId: id,
            payer,
            payee,
            amount,
            currency: options.currency ?? 'EUR',
            status: options.hold ? 'held' : 'settled',
            refunded: zeroOf(options.currency ?? 'EUR'),
            ...(options.fx ? { fx: options.fx } : {}),
        };
        this.tx(paymentEvent(options.hold ? 'PaymentHeld' : 'PaymentSettled', payment));
        return payment;
    }

    /** A later event on a payment: settle, reject, cancel, expire. */
    close(payment: PaymentState, name: 'PaymentSettled' | 'PaymentRejected' | 'PaymentCancelled' | 'PaymentExpired'): void {
        payment.status = { PaymentSettled: 'settled', PaymentRejected: 'rejected', PaymentCancelled: 'cancelled', PaymentExpired: 'expired' }[name];
        this.tx(paymentEvent(name, payment));
    }

    /** `approval` adds fields to the approval's event, e.g. a conversion's refundTargetAmount. */
    refund(payment: PaymentState, refundId: string, amount: string, decision: 'RefundApproved' | 'RefundDeclined' | undefined, approval: Record<string, unknown> = {}): void {
        const before = payment.status;
        payment.status = 'refund-requested';
        this.tx(paymentEvent('RefundRequested', payment, { refundId, refundAmount: amount, reason: 'wrong-payee' }));
        if (decision === 'RefundApproved') {
            const refunded = addDecimal(payment.refunded, amount);
            payment.refunded = refunded;
            payment.status = refunded === payment.amount ? 'refunded' : 'partly-refunded';
            this.tx(paymentEvent(decision, payment, { refundId, refundAmount: amount, ...approval }));
        } else if (decision === 'RefundDeclined') {
            payment.status = before === 'refund-requested' ? 'settled' : before;
            this.tx(paymentEvent(decision, payment, { refundId, refundAmount: amount }));
        }
    }
}

export function paymentEvent(name: string, p: PaymentState, extra: Record<string, unknown> = {}): ChainEvent {
    return {
        name,
        payload: {
            paymentId: p.paymentId,
            paymentTxId: p.paymentTxId,
            payer: p.payer,
            payee: p.payee,
            payerBank: p.fx === undefined && p.payer.startsWith('liquidity:') ? p.payer.slice(10) : BANK_OF[p.payer],
            payeeBank: BANK_OF[p.payee],
            amount: p.amount,
            currency: p.currency,
            status: p.status,
            refunded: p.refunded,
            amlDecision: 'allow',
            ruleSetVersion: 1,
            ...(p.fx ?? {}),
            ...extra,
        },
    };
}

function zeroOf(currency: string): string {
    return currency === 'JPY' ? '0' : '0.00';
}

/** Adds two 2-decimal amounts exactly (test data only uses EUR/USD/CNY). */
export function addDecimal(a: string, b: string): string {
    const cents = BigInt(a.replace('.', '')) + BigInt(b.replace('.', ''));
    const text = cents.toString().padStart(3, '0');
    return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

/** The index over SQLite in memory, or over the test PostgreSQL database emptied first. */
export interface StoreUnderTest {
    name: string;
    open(): Promise<{ store: SqlIndexStore; driver: SqlDriver }>;
}

export const STORES: StoreUnderTest[] = [
    {
        name: 'SQLite',
        async open(): Promise<{ store: SqlIndexStore; driver: SqlDriver }> {
            const driver = new SqliteDriver(':memory:');
            const store = new SqlIndexStore(driver);
            await store.migrate();
            return { store, driver };
        },
    },
];

const pgUrl = process.env.CORRIDOR_TEST_PG_URL;
if (pgUrl !== undefined && pgUrl !== '') {
    STORES.push({
        name: 'PostgreSQL',
        async open() {
            const driver = new PostgresDriver(pgUrl);
            const store = new SqlIndexStore(driver);
            await store.migrate();
            await store.reset();
            return { store, driver };
        },
    });
}

/** Every row of every index table except the checkpoint's wall-clock time: equal fingerprints, equal index. */
export async function fingerprint(driver: SqlDriver): Promise<string> {
    const tables = ['blocks', 'transactions', 'transaction_history', 'statement_entries', 'balances', 'accounts'];
    const parts: string[] = [];
    for (const table of tables) {
        const rows = await driver.all(`SELECT * FROM ${table}`);
        const lines = rows.map((row) => JSON.stringify(Object.entries(row).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v === null ? null : String(v as string | number | bigint)]))).sort();
        parts.push(`${table}:${lines.join('\n')}`);
    }
    const [checkpoint] = await driver.all('SELECT next_block FROM index_checkpoint');
    parts.push(`checkpoint:${String((checkpoint?.next_block as number | string | undefined) ?? 'none')}`);
    return parts.join('\n\n');
}

export async function applyAll(store: SqlIndexStore, blocks: IndexedBlock[]): Promise<void> {
    for (const block of blocks) {
        await store.applyBlock(block);
    }
}
