import { fail } from '../../core/errors';
import { isCurrency, MAX_AMOUNT, parseMinorUnits } from '../../core/amount';
import { convert, invertRatio } from './convert';
import { instantMillis, isoInstant } from '../../core/validation';
import { requireId, requireInteger, requireObject } from '../../core/validation';
import { customerSide, FxRate, isRateValidAt, midRatio, parseScaledRate, RATE_SCALE, RateSide } from './rate';
import { divideRounded } from './rounding';

/**
 * Firm quotes. A quote fixes, before the customer commits, the rate applied, the
 * provider's spread, the fee, the total debited and the exact amount the payee
 * receives, and until when it holds.
 *
 * Rounding policy (every rounding below names its mode):
 * - A fixed source amount converts to the target rounded DOWN: the payee never gets
 *   a fraction of a minor unit the source did not pay for.
 * - A fixed target amount needs a source amount rounded UP: the payer pays at least
 *   the exact value of what the payee receives.
 * - The percentage fee is rounded UP to the source currency's minor unit.
 * - The spread cost is information, moves no money, and is rounded HALF-EVEN.
 * So rounding residue always stays with the provider: the customer never gains from
 * rounding by accident, and the provider never gains more than one minor unit per
 * rounded figure.
 */
export const BASIS_POINTS = 10_000n;
export const MAX_FEE_BASIS_POINTS = 1_000;
export const MIN_QUOTE_LIFETIME_SECONDS = 1;
export const MAX_QUOTE_LIFETIME_SECONDS = 3_600;

export interface FeeSchedule {
    readonly currency: string;
    readonly fixed: bigint;
    readonly basisPoints: number;
}

export interface QuoteRequest {
    readonly id: string;
    readonly provider: string;
    readonly payer: string;
    readonly sourceCurrency: string;
    readonly targetCurrency: string;
    /** Exactly one of sourceAmount (what is converted) and targetAmount (what the payee receives). */
    readonly sourceAmount?: bigint;
    readonly targetAmount?: bigint;
    readonly lifetimeSeconds: number;
}

export type QuoteStatus = 'open' | 'reserved' | 'used' | 'void';

export interface FxQuote {
    readonly id: string;
    readonly provider: string;
    readonly payer: string;
    readonly sourceCurrency: string;
    readonly targetCurrency: string;
    readonly fixedSide: 'source' | 'target';
    readonly rateId: string;
    readonly rateSide: RateSide;
    /** The scaled rate applied (base/quote orientation of the rate): the bid or the ask. */
    readonly appliedRate: bigint;
    readonly bid: bigint;
    readonly ask: bigint;
    /** Source minor units converted at the applied rate. */
    readonly sourceAmount: bigint;
    readonly feeFixed: bigint;
    readonly feeBasisPoints: number;
    /** Fee in source minor units, moved as its own entry. */
    readonly fee: bigint;
    /** sourceAmount + fee: everything the payer is debited. */
    readonly debitTotal: bigint;
    /** Target minor units the payee receives, exactly. */
    readonly targetAmount: bigint;
    /** Target minor units the spread costs the customer against the mid rate. */
    readonly spreadCost: bigint;
    readonly quotedAt: string;
    readonly expiresAt: string;
    readonly status: QuoteStatus;
    readonly paymentId?: string;
    readonly usedAt?: string;
}

/** Fixed fee plus basis points of the converted amount, the percentage rounded up. */
export function computeFee(sourceAmount: bigint, fees: FeeSchedule): bigint {
    return fees.fixed + divideRounded(sourceAmount * BigInt(fees.basisPoints), BASIS_POINTS, 'up');
}

/**
 * Builds a firm quote from the provider's rate at `now`. The quote expires after its
 * lifetime or when the rate does, whichever comes first: a quote never outlives
 * the rate it was priced on.
 */
export function createQuote(request: QuoteRequest, rate: FxRate, fees: FeeSchedule, now: string): FxQuote {
    const at = instantMillis(now, 'now');
    if (rate.provider !== request.provider) {
        fail('INVALID_ARGUMENT', `rate ${rate.id} belongs to another provider`);
    }
    if (!isRateValidAt(rate, at)) {
        if (instantMillis(rate.validUntil, 'validUntil') <= at) {
            fail('RATE_EXPIRED', `rate ${rate.id} expired at ${rate.validUntil}`);
        }
        fail('RATE_NOT_FOUND', `rate ${rate.id} is not valid before ${rate.validFrom}`);
    }
    if (fees.currency !== request.sourceCurrency) {
        fail('INVALID_ARGUMENT', `fees must be in the source currency ${request.sourceCurrency}`);
    }
    const { side, ratio } = customerSide(rate, request.sourceCurrency, request.targetCurrency);
    const { sourceCurrency: source, targetCurrency: target } = request;
    const fixedSide = request.sourceAmount !== undefined ? 'source' : 'target';
    let sourceAmount: bigint;
    let targetAmount: bigint;
    if (request.sourceAmount !== undefined) {
        sourceAmount = request.sourceAmount;
        targetAmount = convert(sourceAmount, source, target, ratio, 'down');
    } else {
        targetAmount = request.targetAmount ?? 0n;
        sourceAmount = convert(targetAmount, target, source, invertRatio(ratio), 'up');
    }
    if (targetAmount === 0n || sourceAmount === 0n) {
        fail('INVALID_ARGUMENT', `the amount is too small to convert ${source} into ${target}`);
    }
    const fee = computeFee(sourceAmount, fees);
    const debitTotal = sourceAmount + fee;
    if (debitTotal > MAX_AMOUNT || targetAmount > MAX_AMOUNT) {
        fail('INVALID_ARGUMENT', `the quote exceeds the maximum of ${MAX_AMOUNT} minor units`);
    }
    const atMid = convert(sourceAmount, source, target, midRatio(rate, source), 'half-even');
    const expires = Math.min(at + request.lifetimeSeconds * 1000, instantMillis(rate.validUntil, 'validUntil'));
    return {
        id: request.id,
        provider: request.provider,
        payer: request.payer,
        sourceCurrency: source,
        targetCurrency: target,
        fixedSide,
        rateId: rate.id,
        rateSide: side,
        appliedRate: side === 'bid' ? rate.bid : rate.ask,
        bid: rate.bid,
        ask: rate.ask,
        sourceAmount,
        feeFixed: fees.fixed,
        feeBasisPoints: fees.basisPoints,
        fee,
        debitTotal,
        targetAmount,
        spreadCost: atMid > targetAmount ? atMid - targetAmount : 0n,
        quotedAt: isoInstant(at),
        expiresAt: isoInstant(expires),
        status: 'open',
    };
}

const QUOTE_FIELDS = [
    'id', 'provider', 'payer', 'sourceCurrency', 'targetCurrency', 'fixedSide', 'rateId', 'rateSide', 'appliedRate', 'bid', 'ask',
    'sourceAmount', 'feeFixed', 'feeBasisPoints', 'fee', 'debitTotal', 'targetAmount', 'spreadCost', 'quotedAt', 'expiresAt',
    'status', 'paymentId', 'usedAt',
];
const QUOTE_STATUSES: readonly QuoteStatus[] = ['open', 'reserved', 'used', 'void'];

/**
 * Re-validates a quote decoded from state (amounts as decimal strings), including
 * its internal arithmetic, so a corrupted record is refused instead of settled.
 */
export function parseQuote(value: unknown): FxQuote {
    const input = requireObject(value, 'quote', QUOTE_FIELDS);
    for (const field of ['id', 'provider', 'payer', 'rateId']) {
        requireId(input[field], field);
    }
    const { sourceCurrency, targetCurrency, fixedSide, rateSide, status, paymentId, usedAt } = input;
    if (!isCurrency(sourceCurrency) || !isCurrency(targetCurrency) || sourceCurrency === targetCurrency) {
        fail('INVALID_ARGUMENT', 'quote currencies must be two different known currencies');
    }
    if ((fixedSide !== 'source' && fixedSide !== 'target') || (rateSide !== 'bid' && rateSide !== 'ask')) {
        fail('INVALID_ARGUMENT', 'quote fixedSide or rateSide is malformed');
    }
    if (typeof status !== 'string' || !(QUOTE_STATUSES as readonly string[]).includes(status)) {
        fail('INVALID_ARGUMENT', 'quote status is malformed');
    }
    const feeBasisPoints = requireInteger(input['feeBasisPoints'], 'feeBasisPoints', 0, MAX_FEE_BASIS_POINTS);
    const quote: FxQuote = {
        id: input['id'] as string, provider: input['provider'] as string, payer: input['payer'] as string,
        sourceCurrency, targetCurrency: targetCurrency as string, fixedSide, rateId: input['rateId'] as string, rateSide,
        appliedRate: parseScaledRate(input['appliedRate'], 'appliedRate'),
        bid: parseScaledRate(input['bid'], 'bid'),
        ask: parseScaledRate(input['ask'], 'ask'),
        sourceAmount: parseMinorUnits(input['sourceAmount'], 'sourceAmount'),
        feeFixed: parseMinorUnits(input['feeFixed'], 'feeFixed', true),
        feeBasisPoints,
        fee: parseMinorUnits(input['fee'], 'fee', true),
        debitTotal: parseMinorUnits(input['debitTotal'], 'debitTotal'),
        targetAmount: parseMinorUnits(input['targetAmount'], 'targetAmount'),
        spreadCost: parseMinorUnits(input['spreadCost'], 'spreadCost', true),
        quotedAt: isoInstant(instantMillis(input['quotedAt'], 'quotedAt')),
        expiresAt: isoInstant(instantMillis(input['expiresAt'], 'expiresAt')),
        status: status as QuoteStatus,
        ...(paymentId !== undefined ? { paymentId: paymentId as string } : {}),
        ...(usedAt !== undefined ? { usedAt: isoInstant(instantMillis(usedAt, 'usedAt')) } : {}),
    };
    checkQuoteArithmetic(quote);
    if ((quote.status === 'open') !== (paymentId === undefined)) {
        fail('INVALID_ARGUMENT', 'quote paymentId must be present exactly when the quote is reserved, used or void');
    }
    if (paymentId !== undefined) {
        requireId(paymentId, 'paymentId');
    }
    if ((quote.status === 'used' || quote.status === 'void') !== (usedAt !== undefined)) {
        fail('INVALID_ARGUMENT', 'quote usedAt must be present exactly when the quote is used or void');
    }
    return quote;
}

function checkQuoteArithmetic(quote: FxQuote): void {
    if (quote.ask < quote.bid || quote.appliedRate !== (quote.rateSide === 'bid' ? quote.bid : quote.ask)) {
        fail('INVALID_ARGUMENT', 'quote rates are inconsistent');
    }
    const fee = computeFee(quote.sourceAmount, { currency: quote.sourceCurrency, fixed: quote.feeFixed, basisPoints: quote.feeBasisPoints });
    if (quote.fee !== fee || quote.debitTotal !== quote.sourceAmount + quote.fee) {
        fail('INVALID_ARGUMENT', 'quote fee or debit total is inconsistent');
    }
    const ratio = quote.rateSide === 'bid'
        ? { numerator: quote.bid, denominator: RATE_SCALE }
        : { numerator: RATE_SCALE, denominator: quote.ask };
    const priced = quote.fixedSide === 'source'
        ? quote.targetAmount === convert(quote.sourceAmount, quote.sourceCurrency, quote.targetCurrency, ratio, 'down')
        : quote.sourceAmount === convert(quote.targetAmount, quote.targetCurrency, quote.sourceCurrency, invertRatio(ratio), 'up');
    if (!priced) {
        fail('INVALID_ARGUMENT', 'quote amounts do not match its rate');
    }
    if (instantMillis(quote.expiresAt, 'expiresAt') <= instantMillis(quote.quotedAt, 'quotedAt')) {
        fail('INVALID_ARGUMENT', 'quote expiresAt must be after quotedAt');
    }
}
