import { createQuote, FeeSchedule, FxQuote, MAX_FEE_BASIS_POINTS, MAX_QUOTE_LIFETIME_SECONDS, MIN_QUOTE_LIFETIME_SECONDS, parseQuote, QuoteRequest } from '../model';
import { amountIn, currency as currencyCheck, decodeShape, id, instant, integer, text } from '../../core/decode';
import { fail } from '../../core/errors';
import { requireId, requireInteger, requireObject } from '../../core/validation';
import { requireAddress } from '../../accounts/address';
import { parseAmount, readStoredAmount, requireCurrency, showAmount } from '../../core/amount';
import { requireAccount, requireOwner, requireUsable } from '../../accounts/accounts';
import { OBJECT } from '../../core/keys';
import { isRegulator, readMember, requireActiveBank } from '../../members/members';
import { LedgerStore } from '../../core/store';
import { requireProvider } from './liquidity';
import { currentRate } from './rates';

/**
 * Firm quotes on the ledger. The payer's bank asks on its customer's behalf; the quote
 * is priced from the provider's rate valid at the transaction time and its fee schedule
 * for the source currency, and stored (corridor.fx-quote~quoteId) with its expiry. The
 * stored record is the FX module's quote: amounts in minor units, re-validated with its
 * arithmetic whenever it is read. The view adds the same amounts in major units.
 */

export interface StoredFees {
    provider: string;
    currency: string;
    fixed: string;
    basisPoints: number;
    time: string;
    txId: string;
}

const REQUEST_FIELDS = ['quoteId', 'payer', 'provider', 'sourceCurrency', 'targetCurrency', 'sourceAmount', 'targetAmount', 'lifetimeSeconds'];

/** {"currency", "fixed" (major units, zero allowed), "basisPoints"}: a provider's fees for one source currency. */
export function parseFeeSchedule(value: unknown): FeeSchedule {
    const fields = requireObject(value, 'fee schedule', ['currency', 'fixed', 'basisPoints']);
    const currency = requireCurrency(fields.currency, 'currency');
    const fixed = typeof fields.fixed === 'string' && /^0+(\.0+)?$/.test(fields.fixed) ? 0n : parseAmount(fields.fixed, currency, 'fixed');
    const basisPoints = requireInteger(fields.basisPoints, 'basisPoints', 0, MAX_FEE_BASIS_POINTS);
    return { currency, fixed, basisPoints };
}

export async function setFeeSchedule(store: LedgerStore, caller: string, value: unknown): Promise<StoredFees> {
    const { currency, fixed, basisPoints } = parseFeeSchedule(value);
    await requireActiveBank(store, caller);
    await requireProvider(store, caller);
    const fees: StoredFees = { provider: caller, currency, fixed: showAmount(fixed, currency), basisPoints, time: store.txTime, txId: store.txId };
    await store.put(store.key(OBJECT.fxFees, [caller, currency]), fees);
    store.emit('FeeScheduleSet', fees);
    return fees;
}

/** The provider's fees for a source currency; none set means no fee. */
export async function feesFor(store: LedgerStore, provider: string, currency: string): Promise<FeeSchedule> {
    const record = await store.get(store.key(OBJECT.fxFees, [provider, currency]));
    if (record === undefined) {
        return { currency, fixed: 0n, basisPoints: 0 };
    }
    const stored = decodeShape<StoredFees>('fee schedule', record, {
        required: { provider: id, currency: currencyCheck, fixed: amountIn(), basisPoints: integer(0, MAX_FEE_BASIS_POINTS), time: instant, txId: text },
    });
    return { currency, fixed: readStoredAmount(stored.fixed, currency, 'fixed'), basisPoints: requireInteger(stored.basisPoints, 'basisPoints', 0, MAX_FEE_BASIS_POINTS) };
}

/**
 * {"quoteId", "payer" (an address), "provider", "sourceCurrency", "targetCurrency",
 * exactly one of "sourceAmount" and "targetAmount" (major units), "lifetimeSeconds"}:
 * the one wire form of a quote request, read into the FX model's request.
 */
export function parseQuoteRequest(value: unknown): QuoteRequest {
    const fields = requireObject(value, 'quote request', REQUEST_FIELDS);
    const id = requireId(fields.quoteId, 'quoteId');
    const sourceCurrency = requireCurrency(fields.sourceCurrency, 'sourceCurrency');
    const targetCurrency = requireCurrency(fields.targetCurrency, 'targetCurrency');
    if (sourceCurrency === targetCurrency) {
        fail('INVALID_ARGUMENT', 'sourceCurrency and targetCurrency must differ');
    }
    if ((fields.sourceAmount === undefined) === (fields.targetAmount === undefined)) {
        fail('INVALID_ARGUMENT', 'give exactly one of sourceAmount and targetAmount');
    }
    const amount = fields.sourceAmount !== undefined
        ? { sourceAmount: parseAmount(fields.sourceAmount, sourceCurrency, 'sourceAmount') }
        : { targetAmount: parseAmount(fields.targetAmount, targetCurrency, 'targetAmount') };
    const payer = requireAddress(fields.payer, 'payer');
    const provider = requireId(fields.provider, 'provider');
    const lifetimeSeconds = requireInteger(fields.lifetimeSeconds, 'lifetimeSeconds', MIN_QUOTE_LIFETIME_SECONDS, MAX_QUOTE_LIFETIME_SECONDS);
    return { id, payer, provider, sourceCurrency, targetCurrency, ...amount, lifetimeSeconds };
}

function sameRequest(quote: FxQuote, ask: QuoteRequest): boolean {
    const fixed = ask.sourceAmount !== undefined ? quote.fixedSide === 'source' && quote.sourceAmount === ask.sourceAmount : quote.fixedSide === 'target' && quote.targetAmount === ask.targetAmount;
    return fixed && quote.payer === ask.payer && quote.provider === ask.provider && quote.sourceCurrency === ask.sourceCurrency && quote.targetCurrency === ask.targetCurrency;
}

export async function requestQuote(store: LedgerStore, caller: string, value: unknown): Promise<QuoteView> {
    const ask = parseQuoteRequest(value);
    await requireActiveBank(store, caller);
    const existing = await findQuote(store, ask.id);
    if (existing !== undefined) {
        fail(sameRequest(existing, ask) ? 'DUPLICATE_REQUEST' : 'ALREADY_EXISTS', `quote ${ask.id} is already issued`);
    }
    const payer = await requireAccount(store, ask.payer, 'payer');
    requireOwner(payer, caller);
    requireUsable(payer, 'payer');
    await requireProvider(store, ask.provider);
    const rate = await currentRate(store, ask.provider, ask.sourceCurrency, ask.targetCurrency);
    const fees = await feesFor(store, ask.provider, ask.sourceCurrency);
    const quote = createQuote(ask, rate, fees, store.txTime);
    await writeQuote(store, quote);
    const view = quoteView(quote);
    store.emit('QuoteIssued', { quote: view, requestedBy: caller, txId: store.txId, time: store.txTime });
    return view;
}

async function findQuote(store: LedgerStore, quoteId: string): Promise<FxQuote | undefined> {
    const stored = await store.get(store.key(OBJECT.fxQuote, [quoteId]));
    if (stored === undefined) {
        return undefined;
    }
    try {
        return parseQuote(stored);
    } catch (err) {
        return fail('CONFLICT', `stored quote ${quoteId} is malformed (${(err as Error).message})`);
    }
}

export async function readQuote(store: LedgerStore, quoteId: unknown): Promise<FxQuote> {
    const id = requireId(quoteId, 'quoteId');
    return (await findQuote(store, id)) ?? fail('NOT_FOUND', `quote ${id} does not exist`);
}

export async function writeQuote(store: LedgerStore, quote: FxQuote): Promise<void> {
    await store.put(store.key(OBJECT.fxQuote, [quote.id]), quote);
}

/** The quote with its amounts also in major units: what the customer sees before committing. */
export type QuoteView = FxQuote & { display: Record<string, string> };

export function quoteView(quote: FxQuote): QuoteView {
    const source = (amount: bigint): string => showAmount(amount, quote.sourceCurrency);
    const target = (amount: bigint): string => showAmount(amount, quote.targetCurrency);
    return {
        ...quote,
        display: {
            sourceAmount: source(quote.sourceAmount),
            fee: source(quote.fee),
            debitTotal: source(quote.debitTotal),
            targetAmount: target(quote.targetAmount),
            spreadCost: target(quote.spreadCost),
        },
    };
}

/** The payer's bank, the provider and the regulator may read a quote. */
export async function quoteFor(store: LedgerStore, caller: string, quoteId: unknown): Promise<QuoteView> {
    const quote = await readQuote(store, quoteId);
    const member = await readMember(store, caller);
    const payer = await requireAccount(store, quote.payer, 'payer');
    if (!isRegulator(member) && caller !== quote.provider && caller !== payer.bank) {
        fail('UNAUTHORIZED', `${caller} may not read quote ${quote.id}`);
    }
    return quoteView(quote);
}
