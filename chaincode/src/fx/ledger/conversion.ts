import { checkQuoteUsable, debitOf, divideRounded, executeQuote, FxQuote, postings, QuoteUse, reserveQuote, settlementMovements, SettlementAccounts, voidQuote } from '../model';
import { fail } from '../../core/errors';
import { readStoredAmount, showAmount } from '../../core/amount';
import { creditLater, readBalance, takeAvailable, writeBalance } from '../../accounts/balances';
import { PaymentInstruction } from '../../payments/instruction';
import { LedgerStore } from '../../core/store';
import { PaymentFx } from '../../payments/records';
import { liquidityAddress, liquidityLane, requireProvider } from './liquidity';
import { readQuote, writeQuote } from './quotes';

/**
 * A cross-currency payment settles as two linked same-currency transfers through the
 * provider's liquidity accounts, and the fee as its own entry:
 *
 *   payer  --sourceAmount (source)-->  liquidity:<provider>   }  one credit key payment:<id>
 *   payer  --fee          (source)-->  liquidity:<provider>   }  of sourceAmount + fee
 *   liquidity:<provider> --targetAmount (target)--> payee     credit key payment:<id>
 *
 * The fee keeps its own entry in the provider's account history (fx-fee) and on the
 * payment (fx.fee); its credit joins the principal's, because both go to the same
 * account in the same currency and a credit key is only a balance not yet rolled up.
 *
 * The payer is debited the quote's debit total (the instruction's amount) and the
 * provider's target liquidity the quote's target amount, each with the exact balance
 * check; every credit is a blind per-payment key. No movement changes currency, so each
 * currency's total is conserved by construction; the rounding is the quote's (fx/quote.ts:
 * always in the provider's favour, named at every division).
 */

export interface Conversion {
    quote: FxQuote;
    fx: PaymentFx;
    /** What the provider's target-currency liquidity gives: the model's debit of it (fx/model/settlement.ts). */
    delivery: bigint;
}

/** Every leg goes through the provider's one liquidity account, in both currencies and for the fee. */
function settlementAccounts(quote: FxQuote, payer: string, payee: string): SettlementAccounts {
    const liquidity = liquidityAddress(quote.provider);
    return { payer, payee, providerSource: liquidity, providerTarget: liquidity, fee: liquidity };
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
    const movements = settlementMovements(quote, settlementAccounts(quote, instruction.payer, instruction.payee));
    return {
        quote,
        delivery: debitOf(movements, liquidityAddress(quote.provider), quote.targetCurrency),
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
    const executed = executeQuote(quote, use(store, quote, payer, paymentId), settlementAccounts(quote, payer, payee));
    for (const posting of postings(executed.movements)) {
        if (posting.credit > 0n) {
            await creditLater(store, posting.account, posting.currency, posting.credit, `payment:${paymentId}`);
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

/**
 * The target-currency share of a refund of a converted payment. A refund reverses the
 * conversion at the payment's own rate: the principal S (the source amount, without the
 * fee) bought the target amount T; when the refunds approved before return `before` of
 * S and this one `amount`, the payee gives back ceil(T·(before+amount)/S) − ceil(T·before/S).
 * Rounding the running total up hands the provider back at least its share of T on every
 * refund, never more than T over all of them, and exactly T once all of S is refunded.
 */
export function refundTargetShare(fx: PaymentFx, currency: string, before: bigint, amount: bigint): bigint {
    const principal = readStoredAmount(fx.sourceAmount, currency, 'sourceAmount');
    const target = targetAmountOf(fx);
    const upTo = (refunded: bigint): bigint => divideRounded(target * refunded, principal, 'up');
    return upTo(before + amount) - upTo(before);
}

/**
 * Moves a refund of a converted payment back through the provider: the payee returns its
 * target share into the provider's liquidity, and the provider pays `amount` of the
 * principal back to the payer from its source-currency liquidity (the lane the refund id
 * hashes to). The provider ends where it started for that share and keeps the fee.
 * Returns the target share.
 */
export async function reverseConversion(
    store: LedgerStore,
    fx: PaymentFx,
    payment: { payer: string; payee: string; currency: string },
    refundId: string,
    before: bigint,
    amount: bigint,
): Promise<bigint> {
    const back = refundTargetShare(fx, payment.currency, before, amount);
    if (back > 0n) {
        await writeBalance(store, await takeAvailable(store, payment.payee, fx.targetCurrency, back));
        await creditLater(store, fx.liquidity, fx.targetCurrency, back, `refund:${refundId}`);
    }
    await writeBalance(store, await takeAvailable(store, fx.liquidity, payment.currency, amount, 'INSUFFICIENT_LIQUIDITY', liquidityLane(refundId)));
    await creditLater(store, payment.payer, payment.currency, amount, `refund:${refundId}`);
    return back;
}
