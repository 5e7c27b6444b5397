import { fail } from '../../core/errors';
import { isCurrency } from '../../core/amount';
import { ExchangeRatio } from './convert';
import { instantMillis } from '../../core/validation';
import { requireId, requireObject } from '../../core/validation';

/**
 * Rates published by an FX provider for a currency pair. Bid and ask are the price
 * of one major unit of `base` in major units of `quote`, scaled by RATE_SCALE:
 * USD/JPY at 151.25 is 151_250_000_000n. The provider buys base at bid and sells
 * base at ask, so ask >= bid and the difference is the provider's spread.
 */
export const RATE_SCALE = 10n ** 9n;
/** Largest scaled rate accepted: 10^12 units of quote per unit of base. */
export const MAX_RATE = 10n ** 21n;
/** ask may exceed bid by at most 10% of bid: a guard against a mistyped rate. */
export const MAX_SPREAD_BASIS_POINTS = 1_000n;
/** A rate is valid for at most a day; anything older is stale by construction. */
export const MAX_RATE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** A rate may be published at most this far ahead of its validity. */
export const MAX_RATE_LEAD_MS = 24 * 60 * 60 * 1000;

export interface FxRate {
    readonly id: string;
    readonly provider: string;
    readonly base: string;
    readonly quote: string;
    readonly bid: bigint;
    readonly ask: bigint;
    readonly validFrom: string;
    readonly validUntil: string;
}

export type RateSide = 'bid' | 'ask';

const RATE_FIELDS = ['id', 'provider', 'base', 'quote', 'bid', 'ask', 'validFrom', 'validUntil'];
const SCALED = /^[1-9][0-9]{0,21}$/;

/** Validates a rate from the wire or from state (bid and ask as decimal strings); never mutates its input. */
export function parseRate(value: unknown): FxRate {
    const input = requireObject(value, 'rate', RATE_FIELDS);
    const { id, provider, base, quote, validFrom, validUntil } = input;
    requireId(id, 'id');
    requireId(provider, 'provider');
    if (!isCurrency(base) || !isCurrency(quote)) {
        fail('INVALID_ARGUMENT', 'base and quote must be known currencies');
    }
    if (base === quote) {
        fail('INVALID_ARGUMENT', 'base and quote must be different currencies');
    }
    const bid = parseScaledRate(input['bid'], 'bid');
    const ask = parseScaledRate(input['ask'], 'ask');
    if (ask < bid) {
        fail('INVALID_ARGUMENT', 'ask must be at least bid');
    }
    if ((ask - bid) * 10_000n > bid * MAX_SPREAD_BASIS_POINTS) {
        fail('INVALID_ARGUMENT', `the spread may be at most ${MAX_SPREAD_BASIS_POINTS} basis points of bid`);
    }
    const from = instantMillis(validFrom, 'validFrom');
    const until = instantMillis(validUntil, 'validUntil');
    if (until <= from) {
        fail('INVALID_ARGUMENT', 'validUntil must be after validFrom');
    }
    if (until - from > MAX_RATE_WINDOW_MS) {
        fail('INVALID_ARGUMENT', 'a rate may be valid for at most 24 hours');
    }
    return {
        id: id as string, provider: provider as string, base: base as string, quote: quote as string,
        bid, ask, validFrom: validFrom as string, validUntil: validUntil as string,
    };
}

/** A rate may be published only while it can still be used and not too far ahead. */
export function checkRatePublishable(rate: FxRate, now: string): void {
    const at = instantMillis(now, 'now');
    if (instantMillis(rate.validUntil, 'validUntil') <= at) {
        fail('RATE_EXPIRED', `rate ${rate.id} expired at ${rate.validUntil}`);
    }
    if (instantMillis(rate.validFrom, 'validFrom') - at > MAX_RATE_LEAD_MS) {
        fail('INVALID_ARGUMENT', 'a rate may be published at most 24 hours before it becomes valid');
    }
}

/** Whether the rate may be used at `atMillis`: validFrom inclusive, validUntil exclusive. */
export function isRateValidAt(rate: FxRate, atMillis: number): boolean {
    return instantMillis(rate.validFrom, 'validFrom') <= atMillis && atMillis < instantMillis(rate.validUntil, 'validUntil');
}

/**
 * The provider's rate for converting source into target at `now`, from either
 * orientation of the pair. Among valid rates the latest validFrom wins, then the
 * smallest id, so every peer picks the same one. Expired or not-yet-valid rates are
 * never used.
 */
export function selectRate(rates: readonly FxRate[], provider: string, source: string, target: string, now: string): FxRate {
    const at = instantMillis(now, 'now');
    const forPair = rates.filter(
        (rate) => rate.provider === provider
            && ((rate.base === source && rate.quote === target) || (rate.base === target && rate.quote === source)),
    );
    if (forPair.length === 0) {
        return fail('RATE_NOT_FOUND', `provider ${provider} has no rate for ${source}/${target}`);
    }
    const valid = forPair.filter((rate) => isRateValidAt(rate, at)).sort(byLatestThenId);
    const chosen = valid[0];
    if (chosen !== undefined) {
        return chosen;
    }
    if (forPair.some((rate) => instantMillis(rate.validUntil, 'validUntil') <= at)) {
        return fail('RATE_EXPIRED', `every rate of ${provider} for ${source}/${target} has expired`);
    }
    return fail('RATE_NOT_FOUND', `no rate of ${provider} for ${source}/${target} is valid yet`);
}

/**
 * The side of the rate a customer converting source into target gets, and the
 * ratio it implies. Selling base, the customer gets the bid; buying base, the ask.
 * Both are the provider's side of the spread.
 */
export function customerSide(rate: FxRate, source: string, target: string): { side: RateSide; ratio: ExchangeRatio } {
    if (rate.base === source && rate.quote === target) {
        return { side: 'bid', ratio: { numerator: rate.bid, denominator: RATE_SCALE } };
    }
    if (rate.base === target && rate.quote === source) {
        return { side: 'ask', ratio: { numerator: RATE_SCALE, denominator: rate.ask } };
    }
    return fail('INVALID_ARGUMENT', `rate ${rate.id} is not for ${source}/${target}`);
}

/** The mid-market ratio for converting source into target: the reference the spread is measured against. */
export function midRatio(rate: FxRate, source: string): ExchangeRatio {
    const twiceMid = rate.bid + rate.ask;
    return rate.base === source
        ? { numerator: twiceMid, denominator: 2n * RATE_SCALE }
        : { numerator: 2n * RATE_SCALE, denominator: twiceMid };
}

function byLatestThenId(a: FxRate, b: FxRate): number {
    const delta = instantMillis(b.validFrom, 'validFrom') - instantMillis(a.validFrom, 'validFrom');
    if (delta !== 0) {
        return delta;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function parseScaledRate(value: unknown, field: string): bigint {
    if (typeof value !== 'string' || !SCALED.test(value)) {
        return fail('INVALID_ARGUMENT', `${field} must be a positive scaled integer string (scale 10^9)`);
    }
    const rate = BigInt(value);
    if (rate > MAX_RATE) {
        fail('INVALID_ARGUMENT', `${field} exceeds the maximum scaled rate ${MAX_RATE}`);
    }
    return rate;
}
