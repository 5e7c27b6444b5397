import { formatMinor, readLedgerAmount } from './amounts';
import type { AccountLedger, LedgerEntry } from './ledger-records';
import { SETTLED_STATUSES } from './message-parts';
import type { StatementInput } from './statement-message';

/**
 * camt.053 inputs from what the ledger holds for one account: its balances now and its
 * whole history since it was opened (with a zero balance).
 *
 * Booked balance = available + reserved: a held payment moves the payer's money from
 * available to reserved and leaves it the payer's, so it is not booked until it settles,
 * and a rejected, cancelled or expired one never is. An entry is booked when what it
 * refers to moved money for good: a payment (and its FX legs) once settled or in a later
 * refund state, an approved refund, any top-up or withdrawal. A booked entry is dated by
 * its history entry, i.e. when the payment was submitted, also for a payment that was held
 * first and released later.
 *
 * Opening = the booked entries before `from`; closing = opening + the entries in the range.
 * That is the same as computing backwards from the current balance only if the history
 * adds up to it: this is checked (the invariant), per currency, and a statement of an
 * account whose history does not add up to its balance is refused, not produced.
 */

export interface StatementRange {
    /** Inclusive instants, as the ledger writes them (toISOString). */
    from: string;
    to: string;
}

export function isBooked(entry: LedgerEntry): boolean {
    switch (entry.kind) {
        case 'top-up':
        case 'withdrawal':
            return true;
        case 'refund':
            return entry.status === 'approved';
        case 'payment':
        case 'conversion-in':
        case 'conversion-out':
        case 'fx-fee':
            return SETTLED_STATUSES.has(entry.status);
        default:
            return false;
    }
}

function signedText(minor: bigint, currency: string): string {
    return (minor < 0n ? '-' : '') + formatMinor(minor, currency);
}

function signedAmount(entry: LedgerEntry): bigint {
    const minor = readLedgerAmount(entry.amount, entry.currency);
    return entry.direction === 'in' ? minor : -minor;
}

export class StatementMismatch extends Error {
    constructor(detail: string) {
        super(detail);
        this.name = 'StatementMismatch';
    }
}

/** One input per currency the account holds or has booked, in currency order. */
export function statementInputs(address: string, ledger: AccountLedger, range: StatementRange): StatementInput[] {
    const booked = ledger.history.filter(isBooked).sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    const currencies = [...new Set([...ledger.balances.map((b) => b.currency), ...booked.map((e) => e.currency)])].sort();
    return currencies.map((currency) => {
        const entries = booked.filter((e) => e.currency === currency);
        const balance = ledger.balances.find((b) => b.currency === currency);
        const now = balance === undefined ? 0n : readLedgerAmount(balance.available, currency) + readLedgerAmount(balance.reserved, currency);
        const total = entries.reduce((sum, e) => sum + signedAmount(e), 0n);
        if (total !== now) {
            throw new StatementMismatch(
                `${currency} history of ${address} adds up to ${signedText(total, currency)}, its booked balance is ${signedText(now, currency)}`,
            );
        }
        const opening = entries.filter((e) => e.time < range.from).reduce((sum, e) => sum + signedAmount(e), 0n);
        const inRange = entries.filter((e) => e.time >= range.from && e.time <= range.to);
        const closing = inRange.reduce((sum, e) => sum + signedAmount(e), opening);
        return {
            account: address,
            currency,
            from: range.from,
            to: range.to,
            opening: signedText(opening, currency),
            entries: inRange.map((e) => ({ id: e.id, kind: e.kind, direction: e.direction, counterparty: e.counterparty, amount: e.amount, time: e.time, txId: e.txId })),
            closing: signedText(closing, currency),
        };
    });
}

/** Entries of the range that are not booked yet but may be (a held payment), per currency: what a camt.052 reports as pending. */
export function pendingEntries(ledger: AccountLedger, range: StatementRange, currency: string): StatementInput['entries'] {
    return ledger.history
        .filter((e) => e.status === 'held' && e.currency === currency && e.time >= range.from && e.time <= range.to)
        .map((e) => ({ id: e.id, kind: e.kind, direction: e.direction, counterparty: e.counterparty, amount: e.amount, time: e.time, txId: e.txId }));
}
