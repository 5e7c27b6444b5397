import { checkQuoteUsable, executeQuote, FxQuote, QuoteUse, reserveQuote, voidQuote } from '../fx';
import { fail } from '../errors';
import { readStoredAmount, showAmount } from '../ledger/amount';
import { creditLater, readBalance, writeBalance } from '../ledger/balances';
import { PaymentInstruction } from '../ledger/instruction';
import { LedgerStore } from '../ledger/store';
import { liquidityAddress, liquidityLane, requireProvider } from './liquidity';
import { readQuote, writeQuote } from './quotes';

/**
 * A cross-currency payment settles as two linked same-currency transfers through the
 * provider's liquidity accounts, and the fee as its own entry:
 *
 *   payer  --sourceAmount (source)-->  liquidity:<provider>   credit key payment:<id>
 *   payer  --fee          (source)-->  liquidity:<provider>   credit key fx-fee:<id>
 *   liquidity:<provider> --targetAmount (target)--> payee     credit key payment:<id>
 *
 * The payer is debited the quote's debit total (the instruction's amount) and the
 * provider's target liquidity the quote's target amount, each with the exact balance
 * check; every credit is a blind per-payment key. No movement changes currency, so each
 * currency's total is conserved by construction; the rounding is the quote's (fx/quote.ts:
 * always in the provider's favour, named at every division).
 */

/** What a converted payment records: amounts in major units of their currency. */
export interface PaymentFx {
    quoteId: string;
    provider: string;
    liquidity: string;
    rateId: string;
    appliedRate: string;
    sourceAmount: string;
    fee: string;
    targetCurrency: string;
    targetAmount: string;
    /** The liquidity lane the target currency is delivered from (absent on payments made before lanes: 0). */
    lane?: number;
}

export interface Conversion {
    quote: FxQuote;
    fx: PaymentFx;
}

function use(store: LedgerStore, quote: FxQuote, payer: string, paymentId: string): QuoteUse {
    // The provider's liquidity is checked exactly when it is debited (INSUFFICIENT_LIQUIDITY),
    // or was reserved for this payment when it was held; here it only has to be named.
    return { payer, paymentId, at: store.txTime, availableLiquidity: quote.targetAmount };
}

/**
 * The quote checks of SubmitPayment, in order: NOT_FOUND, QUOTE_PAYER_MISMATCH,
 * QUOTE_ALREADY_USED, QUOTE_EXPIRED, QUOTE_TERMS_MISMATCH, FX_UNAVAILABLE. Reads only.
 */
export async function prepareConversion(store: LedgerStore, instruction: PaymentInstruction): Promise<Conversion> {
    const quote = await readQuote(store, instruction.quoteId);
    checkQuoteUsable(quote, use(store, quote, instruction.payer, instruction.paymentId));
    if (quote.sourceCurrency !== instruction.currency || quote.targetCurrency !== instruction.targetCurrency || quote.debitTotal !== instruction.amount) {
        fail('QUOTE_TERMS_MISMATCH', `quote ${quote.id} debits ${showAmount(quote.debitTotal, quote.sourceCurrency)} ${quote.sourceCurrency} for ${quote.targetCurrency}; the instruction must carry exactly that`);
    }
    await requireProvider(store, quote.provider);
    return {
        quote,
        fx: {
            quoteId: quote.id,
            provider: quote.provider,
            liquidity: liquidityAddress(quote.provider),
            rateId: quote.rateId,
            appliedRate: quote.appliedRate.toString(),
            sourceAmount: showAmount(quote.sourceAmount, quote.sourceCurrency),
            fee: showAmount(quote.fee, quote.sourceCurrency),
            targetCurrency: quote.targetCurrency,
            targetAmount: showAmount(quote.targetAmount, quote.targetCurrency),
            lane: liquidityLane(quote.id),
        },
    };
}

export function targetAmountOf(fx: PaymentFx): bigint {
    return readStoredAmount(fx.targetAmount, fx.targetCurrency, 'targetAmount');
}

/** A held conversion keeps its quote: reserved for this payment until the hold ends or the quote expires. */
export async function reserveConversion(store: LedgerStore, conversion: Conversion, payer: string, paymentId: string): Promise<void> {
    await writeQuote(store, reserveQuote(conversion.quote, use(store, conversion.quote, payer, paymentId)));
}

/** Executes the quote once and writes its credits; the debits were taken by the caller. */
export async function executeConversion(store: LedgerStore, quote: FxQuote, payer: string, payee: string, paymentId: string): Promise<void> {
    const liquidity = liquidityAddress(quote.provider);
    const executed = executeQuote(quote, use(store, quote, payer, paymentId), { payer, payee, providerSource: liquidity, providerTarget: liquidity, fee: liquidity });
    for (const movement of executed.movements) {
        if (movement.to !== payer) {
            await creditLater(store, movement.to, movement.currency, movement.amount, `${movement.kind === 'fee' ? 'fx-fee' : 'payment'}:${paymentId}`);
        }
    }
    await writeQuote(store, executed.quote);
}

/** A held conversion that ends without settling: the liquidity reservation returns and the quote is void. */
export async function voidConversion(store: LedgerStore, fx: PaymentFx, paymentId: string): Promise<void> {
    const amount = targetAmountOf(fx);
    const balance = await readBalance(store, fx.liquidity, fx.targetCurrency, fx.lane ?? 0);
    await writeBalance(store, { ...balance, reserved: balance.reserved - amount, available: balance.available + amount });
    await writeQuote(store, voidQuote(await readQuote(store, fx.quoteId), paymentId, store.txTime));
}

/** Settling a held conversion: its liquidity reservation is delivered, the quote executes. */
export async function settleHeldConversion(store: LedgerStore, fx: PaymentFx, payer: string, payee: string, paymentId: string): Promise<void> {
    const amount = targetAmountOf(fx);
    const balance = await readBalance(store, fx.liquidity, fx.targetCurrency, fx.lane ?? 0);
    await writeBalance(store, { ...balance, reserved: balance.reserved - amount });
    await executeConversion(store, await readQuote(store, fx.quoteId), payer, payee, paymentId);
}
