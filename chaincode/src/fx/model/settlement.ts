import { fail } from '../../core/errors';
import { FxQuote } from './quote';
import { instantMillis, isoInstant } from '../../core/validation';

/**
 * Settling a firm quote: two linked same-currency movements through the provider's
 * liquidity accounts, and the fee as its own movement. No movement ever changes
 * currency, so each currency's total is conserved by construction.
 */
export type MovementKind = 'principal' | 'delivery' | 'fee';

export interface Movement {
    readonly kind: MovementKind;
    readonly from: string;
    readonly to: string;
    readonly currency: string;
    readonly amount: bigint;
}

export interface SettlementAccounts {
    readonly payer: string;
    readonly payee: string;
    /** The provider's liquidity account in the source currency. */
    readonly providerSource: string;
    /** The provider's liquidity account in the target currency. */
    readonly providerTarget: string;
    /** The account the fee is credited to, in the source currency. */
    readonly fee: string;
}

export interface QuoteUse {
    readonly payer: string;
    readonly paymentId: string;
    readonly at: string;
    /**
     * What the provider's target liquidity account can still give to this payment,
     * in target minor units, counting any amount already reserved for it.
     */
    readonly availableLiquidity: bigint;
}

/**
 * The checks a quote passes before it reserves or settles anything, in order of
 * precedence; the first failing one names the error.
 */
export function checkQuoteUsable(quote: FxQuote, use: QuoteUse): void {
    if (quote.payer !== use.payer) {
        fail('QUOTE_PAYER_MISMATCH', `quote ${quote.id} was given to another payer`);
    }
    if (quote.status === 'used' || quote.status === 'void') {
        fail('QUOTE_ALREADY_USED', `quote ${quote.id} is ${quote.status} by payment ${quote.paymentId ?? '-'}`);
    }
    if (quote.status === 'reserved' && quote.paymentId !== use.paymentId) {
        fail('QUOTE_ALREADY_USED', `quote ${quote.id} is reserved by payment ${quote.paymentId ?? '-'}`);
    }
    if (instantMillis(use.at, 'at') >= instantMillis(quote.expiresAt, 'expiresAt')) {
        fail('QUOTE_EXPIRED', `quote ${quote.id} expired at ${quote.expiresAt}`);
    }
    if (use.availableLiquidity < quote.targetAmount) {
        fail('INSUFFICIENT_LIQUIDITY', `provider ${quote.provider} cannot deliver ${quote.targetAmount} ${quote.targetCurrency} minor units`);
    }
}

/** Keeps the quote for a payment held for review; it still expires at its expiry. */
export function reserveQuote(quote: FxQuote, use: QuoteUse): FxQuote {
    checkQuoteUsable(quote, use);
    return { ...quote, status: 'reserved', paymentId: use.paymentId };
}

/** Uses the quote once and returns the movements that settle it. */
export function executeQuote(
    quote: FxQuote,
    use: QuoteUse,
    accounts: SettlementAccounts,
): { quote: FxQuote; movements: Movement[] } {
    checkQuoteUsable(quote, use);
    const used: FxQuote = { ...quote, status: 'used', paymentId: use.paymentId, usedAt: isoInstant(instantMillis(use.at, 'at')) };
    return { quote: used, movements: settlementMovements(quote, accounts) };
}

/** Ends a reservation whose payment was rejected: the quote can never be used again. */
export function voidQuote(quote: FxQuote, paymentId: string, at: string): FxQuote {
    if (quote.status !== 'reserved' || quote.paymentId !== paymentId) {
        fail('QUOTE_ALREADY_USED', `quote ${quote.id} is not reserved by payment ${paymentId}`);
    }
    return { ...quote, status: 'void', usedAt: isoInstant(instantMillis(at, 'at')) };
}

/** The same-currency movements of a quote; a zero fee yields no fee movement. */
export function settlementMovements(quote: FxQuote, accounts: SettlementAccounts): Movement[] {
    const movements: Movement[] = [
        { kind: 'principal', from: accounts.payer, to: accounts.providerSource, currency: quote.sourceCurrency, amount: quote.sourceAmount },
        { kind: 'delivery', from: accounts.providerTarget, to: accounts.payee, currency: quote.targetCurrency, amount: quote.targetAmount },
    ];
    if (quote.fee > 0n) {
        movements.push({ kind: 'fee', from: accounts.payer, to: accounts.fee, currency: quote.sourceCurrency, amount: quote.fee });
    }
    return movements;
}

/** What one account is debited and credited in one currency by a list of movements. */
export interface Posting {
    readonly account: string;
    readonly currency: string;
    readonly debit: bigint;
    readonly credit: bigint;
}

/**
 * The movements folded per account and currency, in order of first appearance: what the
 * ledger debits and credits (fx/ledger/conversion.ts), one balance change per account.
 */
export function postings(movements: readonly Movement[]): Posting[] {
    const byKey = new Map<string, Posting>();
    const add = (account: string, currency: string, debit: bigint, credit: bigint): void => {
        const key = `${currency}:${account}`;
        const posting = byKey.get(key) ?? { account, currency, debit: 0n, credit: 0n };
        byKey.set(key, { ...posting, debit: posting.debit + debit, credit: posting.credit + credit });
    };
    for (const movement of movements) {
        add(movement.from, movement.currency, movement.amount, 0n);
        add(movement.to, movement.currency, 0n, movement.amount);
    }
    return [...byKey.values()];
}

/** What the account is debited in the currency by the movements. */
export function debitOf(movements: readonly Movement[], account: string, currency: string): bigint {
    return postings(movements).find((posting) => posting.account === account && posting.currency === currency)?.debit ?? 0n;
}
