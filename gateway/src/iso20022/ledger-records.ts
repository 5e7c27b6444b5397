import { AppError } from '../errors';
import type { Ledger } from '../fabric/ledger-client';
import { isValidBic } from './identifiers';
import { BankDirectory, type MemberBank, type PaymentRecord } from './message-parts';
import type { RefundRecord } from './return-message';

/**
 * What the ISO 20022 routes read from the ledger, checked for the fields the messages
 * use: a record that lacks one is a ledger or gateway bug, answered as a 500.
 */

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function requireStrings(record: Record<string, unknown>, fields: readonly string[], what: string): void {
    for (const field of fields) {
        if (typeof record[field] !== 'string') {
            throw new Error(`${what} from the ledger has no ${field}`);
        }
    }
}

export async function readPayment(ledger: Ledger, paymentId: string): Promise<PaymentRecord> {
    const record = JSON.parse(await ledger.evaluate('Payments:GetPayment', paymentId)) as Record<string, unknown>;
    requireStrings(record, ['paymentId', 'txId', 'time', 'payer', 'payee', 'payerBank', 'payeeBank', 'amount', 'currency', 'purpose', 'status'], 'payment');
    if (!Array.isArray(record.history)) {
        throw new Error('payment from the ledger has no history');
    }
    if (record.fx !== undefined) {
        const fx = record.fx as Record<string, unknown>;
        requireStrings(fx, ['quoteId', 'provider', 'rateId', 'appliedRate', 'sourceAmount', 'fee', 'targetCurrency', 'targetAmount'], 'payment fx');
        const rateSide = await readRateSide(ledger, fx.quoteId as string);
        record.fx = rateSide === undefined ? fx : { ...fx, rateSide };
    }
    return record as unknown as PaymentRecord;
}

/**
 * Which side of its rate a conversion's quote applied: the payment record does not say.
 * Undefined when the ledger does not let this bank read the quote (only the payer's bank,
 * the provider and the regulator may).
 */
async function readRateSide(ledger: Ledger, quoteId: string): Promise<'bid' | 'ask' | undefined> {
    let text: string;
    try {
        text = await ledger.evaluate('Fx:GetQuote', quoteId);
    } catch (err) {
        if (err instanceof AppError && err.code === 'UNAUTHORIZED') {
            return undefined;
        }
        throw err;
    }
    const side = (JSON.parse(text) as { rateSide?: unknown }).rateSide;
    if (side !== 'bid' && side !== 'ask') {
        throw new Error(`quote ${quoteId} from the ledger has no rateSide`);
    }
    return side;
}

export async function readRefund(ledger: Ledger, refundId: string): Promise<RefundRecord> {
    const record = JSON.parse(await ledger.evaluate('Payments:GetRefund', refundId)) as Record<string, unknown>;
    requireStrings(record, ['refundId', 'paymentId', 'amount', 'currency', 'reason', 'status', 'requestedAt', 'txId'], 'refund');
    if (record.fx !== undefined) {
        requireStrings(record.fx as Record<string, unknown>, ['provider', 'targetCurrency', 'targetAmount'], 'refund fx');
    }
    return record as unknown as RefundRecord;
}

/**
 * The member banks that can appear in a message. A member whose BIC fails the ISO 9362
 * check is left out rather than failing every message: a payment through it gets
 * ISO20022_NOT_APPLICABLE from the directory, naming the bank.
 */
export async function readBanks(ledger: Ledger): Promise<BankDirectory> {
    const members = JSON.parse(await ledger.evaluate('Members:ListMembers')) as Record<string, unknown>[];
    const banks: MemberBank[] = members
        .filter((m) => typeof m.mspId === 'string' && typeof m.bic === 'string' && isValidBic(m.bic) && typeof m.legalName === 'string' && typeof m.country === 'string')
        .map((m) => ({ mspId: m.mspId as string, bic: m.bic as string, legalName: m.legalName as string, country: m.country as string }));
    return new BankDirectory(banks);
}

export interface LedgerBalance {
    currency: string;
    available: string;
    reserved: string;
}

/** An Accounts:GetAccountHistory entry with the current status of what it refers to. */
export interface LedgerEntry {
    kind: string;
    id: string;
    direction: 'in' | 'out';
    counterparty: string;
    amount: string;
    currency: string;
    time: string;
    txId: string;
    status: string;
}

/** History read per page: the chaincode's largest page. */
export const HISTORY_PAGE_SIZE = 100;
/** History entries a statement reads from the ledger at most (the whole history is read, from the account's opening). */
export const MAX_HISTORY_ENTRIES = 10_000;
/** Reads of balances and history before giving up on an account that keeps changing. */
const READ_ATTEMPTS = 3;

export interface AccountLedger {
    bank: string;
    balances: LedgerBalance[];
    /** Every entry since the account was opened, oldest first. */
    history: LedgerEntry[];
}

/**
 * Balances, then the whole history, then the balances again: if they changed in between,
 * something committed while we read, and the read starts over, so the balances and the
 * history belong to the same state.
 */
export async function readAccountLedger(ledger: Ledger, address: string): Promise<AccountLedger> {
    for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
        const account = JSON.parse(await ledger.evaluate('Accounts:GetAccount', address)) as Record<string, unknown>;
        requireStrings(account, ['bank'], 'account');
        const before = await ledger.evaluate('Accounts:GetBalances', address);
        const history = await readHistory(ledger, address);
        const after = await ledger.evaluate('Accounts:GetBalances', address);
        if (before === after) {
            return { bank: account.bank as string, balances: toBalances(after), history };
        }
    }
    throw new AppError('CONFLICT', `account ${address} kept changing while its statement was read; try again`, 'address');
}

function toBalances(text: string): LedgerBalance[] {
    const balances = JSON.parse(text) as Record<string, unknown>[];
    if (!Array.isArray(balances)) {
        throw new Error('balances from the ledger are not a list');
    }
    for (const balance of balances) {
        requireStrings(balance, ['currency', 'available', 'reserved'], 'balance');
    }
    return balances as unknown as LedgerBalance[];
}

async function readHistory(ledger: Ledger, address: string): Promise<LedgerEntry[]> {
    const entries: LedgerEntry[] = [];
    let bookmark = '';
    do {
        const page = JSON.parse(await ledger.evaluate('Accounts:GetAccountHistory', address, String(HISTORY_PAGE_SIZE), bookmark)) as { entries?: unknown; bookmark?: unknown };
        if (!Array.isArray(page.entries) || typeof page.bookmark !== 'string') {
            throw new Error('account history page from the ledger is malformed');
        }
        for (const entry of page.entries as Record<string, unknown>[]) {
            requireStrings(entry, ['kind', 'id', 'direction', 'counterparty', 'amount', 'currency', 'time', 'txId', 'status'], 'history entry');
            if (!INSTANT.test(entry.time as string) || (entry.direction !== 'in' && entry.direction !== 'out')) {
                throw new Error(`history entry ${String(entry.id)} from the ledger has a malformed time or direction`);
            }
            entries.push(entry as unknown as LedgerEntry);
        }
        if (entries.length > MAX_HISTORY_ENTRIES) {
            throw new AppError(
                'ISO20022_NOT_APPLICABLE',
                `account ${address} has more than ${MAX_HISTORY_ENTRIES} history entries; a statement read from the ledger stops there, use the index's statement`,
                'address',
            );
        }
        bookmark = page.bookmark;
    } while (bookmark !== '');
    return entries;
}
