import { AppError } from '../errors';
import { canonicalize, TRANSACTIONS, type BalanceView, type ResultOf } from '@corridor/chaincode/api';
import type { Ledger } from '../fabric/ledger-client';
import { ledgerContract, type LedgerContract } from '../fabric/ledger-contract';
import { isValidBic } from './identifiers';
import { BankDirectory, type MemberBank, type PaymentRecord } from './message-parts';
import type { RefundRecord } from './return-message';

/**
 * What the ISO 20022 routes read from the ledger, through the typed contract: every answer
 * is decoded by the chaincode's own decoders, so a record of another shape is a ledger or
 * gateway bug, answered as a 500 (STORED_RECORD_INVALID).
 */

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export async function readPayment(ledger: Ledger, paymentId: string): Promise<PaymentRecord> {
    const contract = ledgerContract(ledger);
    const record = await contract.payments.get(paymentId);
    if (record.fx === undefined) {
        return record;
    }
    const rateSide = await readRateSide(contract, record.fx.quoteId);
    return rateSide === undefined ? record : { ...record, fx: { ...record.fx, rateSide } };
}

/**
 * Which side of its rate a conversion's quote applied: the payment record does not say.
 * Undefined when the ledger does not let this bank read the quote (only the payer's bank,
 * the provider and the regulator may).
 */
async function readRateSide(contract: LedgerContract, quoteId: string): Promise<'bid' | 'ask' | undefined> {
    try {
        return (await contract.fx.quote(quoteId)).rateSide;
    } catch (err) {
        if (err instanceof AppError && err.code === 'UNAUTHORIZED') {
            return undefined;
        }
        throw err;
    }
}

export async function readRefund(ledger: Ledger, refundId: string): Promise<RefundRecord> {
    return ledgerContract(ledger).payments.getRefund(refundId);
}

/**
 * The member banks that can appear in a message. A member whose BIC fails the ISO 9362
 * check is left out rather than failing every message: a payment through it gets
 * ISO20022_NOT_APPLICABLE from the directory, naming the bank.
 */
export async function readBanks(ledger: Ledger): Promise<BankDirectory> {
    const members = await ledgerContract(ledger).members.list();
    const banks: MemberBank[] = members.filter((m) => isValidBic(m.bic)).map(({ mspId, bic, legalName, country }) => ({ mspId, bic, legalName, country }));
    return new BankDirectory(banks);
}

export type LedgerBalance = BalanceView;

/** An Accounts:GetAccountHistory entry with the current status of what it refers to. */
export type LedgerEntry = ResultOf<typeof TRANSACTIONS.accounts.history>['entries'][number];

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
    const contract = ledgerContract(ledger);
    for (let attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
        const account = await contract.accounts.get(address);
        const before = await contract.accounts.balances(address);
        const history = await readHistory(contract, address);
        const after = await contract.accounts.balances(address);
        if (canonicalize(before) === canonicalize(after)) {
            return { bank: account.bank, balances: after, history };
        }
    }
    throw new AppError('CONFLICT', `account ${address} kept changing while its statement was read; try again`, 'address');
}

async function readHistory(contract: LedgerContract, address: string): Promise<LedgerEntry[]> {
    const entries: LedgerEntry[] = [];
    let bookmark = '';
    do {
        const page = await contract.accounts.history(address, HISTORY_PAGE_SIZE, bookmark);
        for (const entry of page.entries) {
            // The statement writes times to the millisecond; the decoder also admits other instants.
            if (!INSTANT.test(entry.time)) {
                throw new Error(`history entry ${entry.id} from the ledger has a malformed time`);
            }
            entries.push(entry);
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
