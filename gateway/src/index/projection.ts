import { canonicalize } from '@corridor/chaincode/api';
import { type ChainEvent, type Facts, type Movement, noFacts, type Outcome, type Position, type TransactionRecord } from './index-model';
import { toMinorUnits } from './minor-units';

/**
 * Turns one chaincode event into the facts it establishes: the current state of the
 * payment, refund, top-up or withdrawal it concerns, a status-history line, and the
 * balance movements it caused. Pure: the same event always gives the same facts, which
 * is what lets a rebuild from block 0 reproduce the index exactly.
 *
 * Balances follow the chaincode (chaincode/src/ledger/payments.ts, refunds.ts,
 * supply.ts, exchange/): a hold moves the payer's funds from available to reserved (and
 * a conversion's target amount in the provider's liquidity), settlement pays the
 * reservation out, reject/cancel/expire return it.
 */
export function project(event: ChainEvent, at: Position): Facts {
    const handler = HANDLERS[event.name];
    return handler === undefined ? noFacts() : handler(event.payload, at, event.name);
}

type Handler = (payload: Record<string, unknown>, at: Position, name: string) => Facts;

const OUTCOMES: Readonly<Record<string, Outcome>> = {
    submitted: 'pending',
    held: 'pending',
    settled: 'succeeded',
    'refund-requested': 'succeeded',
    'partly-refunded': 'succeeded',
    refunded: 'succeeded',
    rejected: 'failed',
    cancelled: 'failed',
    expired: 'failed',
    requested: 'pending',
    approved: 'succeeded',
    declined: 'failed',
};

export function outcomeOf(state: string): Outcome {
    const outcome = OUTCOMES[state];
    if (outcome === undefined) {
        throw new Error(`unknown ledger status ${state}`);
    }
    return outcome;
}

export function liquidityAddress(provider: string): string {
    return `liquidity:${provider}`;
}

export function text(payload: Record<string, unknown>, field: string): string {
    const value = payload[field];
    if (typeof value !== 'string' || value.length === 0) {
        throw new Error(`event field ${field} is missing`);
    }
    return value;
}

export function optionalText(payload: Record<string, unknown>, field: string): string | undefined {
    const value = payload[field];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function isoTime(payload: Record<string, unknown>): string {
    return new Date(text(payload, 'time')).toISOString();
}

interface PaymentFields {
    paymentId: string;
    originTxId: string;
    payer: string;
    payee: string;
    payerBank: string;
    payeeBank: string;
    currency: string;
    amount: bigint;
    status: string;
    refunded: bigint;
    fx: { provider: string; targetCurrency: string; targetAmount: bigint } | undefined;
}

function paymentFields(p: Record<string, unknown>): PaymentFields {
    const currency = text(p, 'currency');
    const targetCurrency = optionalText(p, 'targetCurrency');
    const provider = optionalText(p, 'provider');
    return {
        paymentId: text(p, 'paymentId'),
        originTxId: text(p, 'paymentTxId'),
        payer: text(p, 'payer'),
        payee: text(p, 'payee'),
        payerBank: text(p, 'payerBank'),
        payeeBank: text(p, 'payeeBank'),
        currency,
        amount: toMinorUnits(p.amount, currency),
        status: text(p, 'status'),
        refunded: toMinorUnits(p.refunded ?? '0', currency),
        fx:
            targetCurrency !== undefined && provider !== undefined
                ? { provider, targetCurrency, targetAmount: toMinorUnits(p.targetAmount, targetCurrency) }
                : undefined,
    };
}

function paymentRecord(f: PaymentFields, p: Record<string, unknown>, at: Position, name: string): TransactionRecord {
    const time = isoTime(p);
    return {
        key: `payment:${f.paymentId}`,
        id: f.originTxId,
        kind: 'payment',
        serial: f.paymentId,
        paymentId: f.paymentId,
        fromAddress: f.payer,
        fromBank: f.payerBank,
        toAddress: f.payee,
        toBank: f.payeeBank,
        amount: f.amount,
        currency: f.currency,
        targetAmount: f.fx?.targetAmount ?? null,
        targetCurrency: f.fx?.targetCurrency ?? null,
        refunded: f.refunded,
        state: f.status,
        status: outcomeOf(f.status),
        // The creating event carries the payment's own time; later ones only theirs.
        createdAt: time,
        updatedAt: time,
        createdBlock: at.block,
        updatedBlock: at.block,
        updatedTxIndex: at.txIndex,
        lastTxId: at.txId,
        details: canonicalize({ event: name, ...p }),
    };
}

function move(address: string, bank: string, currency: string, kind: string, key: string, counterparty: string | null, available: bigint, reserved = 0n): Movement {
    return { address, bank, currency, kind, transactionKey: key, counterparty, availableDelta: available, reservedDelta: reserved };
}

/** The payee's credit of a settlement, and a conversion's legs through the provider's liquidity. */
function payout(f: PaymentFields, key: string, fromReserved: boolean): Movement[] {
    const payer = fromReserved
        ? move(f.payer, f.payerBank, f.currency, 'payment', key, f.payee, 0n, -f.amount)
        : move(f.payer, f.payerBank, f.currency, 'payment', key, f.payee, -f.amount);
    if (f.fx === undefined) {
        return [payer, move(f.payee, f.payeeBank, f.currency, 'payment', key, f.payer, f.amount)];
    }
    const liquidity = liquidityAddress(f.fx.provider);
    const { targetCurrency, targetAmount } = f.fx;
    return [
        payer,
        // Source amount and fee both go to the provider's liquidity: together they are the debit total.
        move(liquidity, f.fx.provider, f.currency, 'conversion-in', key, f.payer, f.amount),
        fromReserved
            ? move(liquidity, f.fx.provider, targetCurrency, 'conversion-out', key, f.payee, 0n, -targetAmount)
            : move(liquidity, f.fx.provider, targetCurrency, 'conversion-out', key, f.payee, -targetAmount),
        move(f.payee, f.payeeBank, targetCurrency, 'payment', key, f.payer, targetAmount),
    ];
}

/** A hold reserves (sign 1) or a release returns (sign -1) the payer's funds and a conversion's target liquidity. */
function reservation(f: PaymentFields, key: string, sign: 1n | -1n, kind: string): Movement[] {
    const movements = [move(f.payer, f.payerBank, f.currency, kind, key, f.payee, -sign * f.amount, sign * f.amount)];
    if (f.fx !== undefined) {
        movements.push(move(liquidityAddress(f.fx.provider), f.fx.provider, f.fx.targetCurrency, kind, key, f.payee, -sign * f.fx.targetAmount, sign * f.fx.targetAmount));
    }
    return movements;
}

function paymentFacts(p: Record<string, unknown>, at: Position, name: string, movements: (f: PaymentFields, key: string) => Movement[], note: string | null = null): Facts {
    const f = paymentFields(p);
    const record = paymentRecord(f, p, at, name);
    return {
        transactions: [record],
        history: [{ key: record.key, event: name, state: f.status, time: record.updatedAt, txId: at.txId, note }],
        movements: movements(f, record.key),
        accounts: [],
    };
}

/**
 * A refund moves money from payee to payer; a converted payment's refund goes back
 * through the provider: the payee returns its target-currency share to the liquidity,
 * the liquidity pays the principal back in the source currency.
 */
function refundMovements(f: PaymentFields, p: Record<string, unknown>, key: string, amount: bigint): Movement[] {
    const payer = move(f.payer, f.payerBank, f.currency, 'refund', key, f.payee, amount);
    if (f.fx === undefined) {
        return [move(f.payee, f.payeeBank, f.currency, 'refund', key, f.payer, -amount), payer];
    }
    const back = toMinorUnits(p.refundTargetAmount, f.fx.targetCurrency);
    const liquidity = liquidityAddress(f.fx.provider);
    return [
        move(f.payee, f.payeeBank, f.fx.targetCurrency, 'refund', key, f.payer, -back),
        move(liquidity, f.fx.provider, f.fx.targetCurrency, 'conversion-in', key, f.payee, back),
        move(liquidity, f.fx.provider, f.currency, 'conversion-out', key, f.payer, -amount),
        payer,
    ];
}

function refundFacts(p: Record<string, unknown>, at: Position, name: string): Facts {
    const f = paymentFields(p);
    const payment = paymentRecord(f, p, at, name);
    const refundId = text(p, 'refundId');
    const refundAmount = toMinorUnits(p.refundAmount, f.currency);
    const state = name === 'RefundRequested' ? 'requested' : name === 'RefundApproved' ? 'approved' : 'declined';
    const targetCurrency = optionalText(p, 'refundTargetCurrency');
    const refund: TransactionRecord = {
        ...payment,
        key: `refund:${refundId}`,
        // Only the request creates the row; a later decision keeps the request's id and time.
        id: at.txId,
        kind: 'refund',
        serial: refundId,
        fromAddress: f.payee,
        fromBank: f.payeeBank,
        toAddress: f.payer,
        toBank: f.payerBank,
        amount: refundAmount,
        // What the payee returned of a converted payment, known once approved.
        targetAmount: targetCurrency === undefined ? null : toMinorUnits(p.refundTargetAmount, targetCurrency),
        targetCurrency: targetCurrency ?? null,
        refunded: null,
        state,
        status: outcomeOf(state),
    };
    const note = `refund ${refundId}`;
    return {
        transactions: [payment, refund],
        history: [
            { key: payment.key, event: name, state: f.status, time: payment.updatedAt, txId: at.txId, note },
            { key: refund.key, event: name, state, time: refund.updatedAt, txId: at.txId, note: null },
        ],
        movements: state === 'approved' ? refundMovements(f, p, refund.key, refundAmount) : [],
        accounts: [],
    };
}

/** Mint and burn (CurrencyMinted/Burned) and a provider's liquidity funding (LiquidityFunded/Defunded). */
function supplyFacts(p: Record<string, unknown>, at: Position, name: string): Facts {
    const liquidity = name.startsWith('Liquidity');
    const incoming = name === 'CurrencyMinted' || name === 'LiquidityFunded';
    const currency = text(p, 'currency');
    const amount = toMinorUnits(p.amount, currency);
    const actor = text(p, liquidity ? 'by' : 'issuer');
    const bank = liquidity ? text(p, 'provider') : actor;
    const address = liquidity ? liquidityAddress(bank) : text(p, 'address');
    const reference = text(p, 'reference');
    const kind = incoming ? 'top-up' : 'withdrawal';
    const serial = liquidity ? `liquidity:${bank}:${reference}` : `${actor}:${reference}`;
    const time = isoTime(p);
    const record: TransactionRecord = {
        key: `${kind}:${serial}`,
        id: at.txId,
        kind,
        serial,
        paymentId: null,
        fromAddress: incoming ? null : address,
        fromBank: incoming ? actor : bank,
        toAddress: incoming ? address : null,
        toBank: incoming ? bank : actor,
        amount,
        currency,
        targetAmount: null,
        targetCurrency: null,
        refunded: null,
        state: 'settled',
        status: 'succeeded',
        createdAt: time,
        updatedAt: time,
        createdBlock: at.block,
        updatedBlock: at.block,
        updatedTxIndex: at.txIndex,
        lastTxId: at.txId,
        details: canonicalize({ event: name, ...p }),
    };
    return {
        transactions: [record],
        history: [{ key: record.key, event: name, state: 'settled', time, txId: at.txId, note: null }],
        movements: [move(address, bank, currency, kind, record.key, actor, incoming ? amount : -amount)],
        accounts: [],
    };
}

function accountFacts(p: Record<string, unknown>): Facts {
    return { ...noFacts(), accounts: [{ address: text(p, 'address'), bank: text(p, 'bank'), status: text(p, 'status'), time: isoTime(p) }] };
}

const HANDLERS: Readonly<Record<string, Handler>> = {
    PaymentSettled: (p, at, name) =>
        // Settled at submission (the event's tx recorded the payment) or a held payment paid out later.
        paymentFacts(p, at, name, (f, key) => payout(f, key, f.originTxId !== at.txId)),
    PaymentHeld: (p, at, name) => paymentFacts(p, at, name, (f, key) => reservation(f, key, 1n, 'hold')),
    PaymentRejected: (p, at, name) => paymentFacts(p, at, name, (f, key) => reservation(f, key, -1n, 'release')),
    PaymentCancelled: (p, at, name) => paymentFacts(p, at, name, (f, key) => reservation(f, key, -1n, 'release')),
    PaymentExpired: (p, at, name) => paymentFacts(p, at, name, (f, key) => reservation(f, key, -1n, 'release')),
    RefundRequested: refundFacts,
    RefundApproved: refundFacts,
    RefundDeclined: refundFacts,
    CurrencyMinted: supplyFacts,
    CurrencyBurned: supplyFacts,
    LiquidityFunded: supplyFacts,
    LiquidityDefunded: supplyFacts,
    AccountOpened: accountFacts,
    AccountStatusChanged: accountFacts,
    AccountKycTierChanged: accountFacts,
    AccountRiskChanged: accountFacts,
};

export const PROJECTED_EVENTS: readonly string[] = Object.keys(HANDLERS);
