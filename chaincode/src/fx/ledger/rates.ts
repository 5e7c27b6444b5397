import { checkRatePublishable, FxRate, isRateValidAt, parseRate, selectRate } from '../model';
import { canonicalize } from '../../core/codec';
import { decodeRecord, decodeShape, id, instant, text } from '../../core/decode';
import { fail } from '../../core/errors';
import { instantMillis, isoInstant, parsePageSize, requireObject } from '../../core/validation';
import { requireCurrency } from '../../core/amount';
import { OBJECT } from '../../core/keys';
import { requireActiveBank } from '../../members/members';
import { LedgerStore } from '../../core/store';
import { requireProvider } from './liquidity';

/**
 * Published rates. Every rate is kept for good (corridor.fx-rate~provider~rateId, and a
 * by-pair index for the history query). Quoting reads one key per provider and pair,
 * corridor.fx-live-rates~provider~pair, which holds the rates that were still usable at
 * the last publication; selectRate never uses an expired or not-yet-valid one.
 */

export const MAX_LIVE_RATES = 16;
const RATE_INPUT_FIELDS = ['id', 'base', 'quote', 'bid', 'ask', 'validFrom', 'validUntil'];

export interface PublishedRate {
    rate: FxRate;
    publishedBy: string;
    publishedAt: string;
    txId: string;
}

export function decodePublishedRate(value: unknown): PublishedRate {
    return decodeShape('rate', value, { required: { rate: (rate) => void parseRate(rate), publishedBy: id, publishedAt: instant, txId: text } });
}

/** Both orientations of a pair share one key: the two codes in alphabetical order. */
export function pairKey(a: string, b: string): string {
    return a < b ? `${a}-${b}` : `${b}-${a}`;
}

function liveKey(store: LedgerStore, provider: string, a: string, b: string): string {
    return store.key(OBJECT.fxLiveRates, [provider, pairKey(a, b)]);
}

async function liveRates(store: LedgerStore, provider: string, a: string, b: string): Promise<FxRate[]> {
    const stored = await store.get(liveKey(store, provider, a, b));
    if (stored === undefined) {
        return [];
    }
    if (!Array.isArray(stored)) {
        return fail('CONFLICT', 'stored live rates are malformed');
    }
    return decodeRecord('live rates', () => stored.map((rate) => parseRate(rate)));
}

export async function publishRate(store: LedgerStore, caller: string, value: unknown): Promise<PublishedRate> {
    const fields = requireObject(value, 'rate', RATE_INPUT_FIELDS);
    const rate = parseRate({ ...fields, provider: caller });
    await requireActiveBank(store, caller);
    await requireProvider(store, caller);
    const key = store.key(OBJECT.fxRate, [caller, rate.id]);
    const stored = await store.get(key);
    if (stored !== undefined) {
        const existing = decodePublishedRate(stored);
        const same = canonicalize(parseRate(existing.rate)) === canonicalize(rate);
        fail(same ? 'DUPLICATE_REQUEST' : 'ALREADY_EXISTS', `rate ${rate.id} of ${caller} is already published`);
    }
    checkRatePublishable(rate, store.txTime);
    const now = instantMillis(store.txTime, 'txTime');
    const live = (await liveRates(store, caller, rate.base, rate.quote)).filter((other) => instantMillis(other.validUntil, 'validUntil') > now);
    if (live.length >= MAX_LIVE_RATES) {
        fail('INVALID_STATE', `${caller} already has ${MAX_LIVE_RATES} live rates for ${pairKey(rate.base, rate.quote)}; wait until some expire`);
    }
    const published: PublishedRate = { rate, publishedBy: caller, publishedAt: store.txTime, txId: store.txId };
    await store.put(key, published);
    // The canonical instant, so the history sorts by time whatever form the provider sent.
    const from = isoInstant(instantMillis(rate.validFrom, 'validFrom'));
    await store.put(store.key(OBJECT.fxRateByPair, [caller, pairKey(rate.base, rate.quote), from, rate.id]), published);
    await store.put(liveKey(store, caller, rate.base, rate.quote), [...live, rate]);
    store.emit('RatePublished', { ...published, time: store.txTime });
    return published;
}

/** The provider's rate for source -> target at the transaction time (RATE_NOT_FOUND / RATE_EXPIRED). */
export async function currentRate(store: LedgerStore, provider: string, source: string, target: string): Promise<FxRate> {
    return selectRate(await liveRates(store, provider, source, target), provider, source, target, store.txTime);
}

/** Every rate a provider published for a pair, by validFrom: the rate history. */
export async function rateHistory(
    store: LedgerStore,
    provider: string,
    base: unknown,
    quote: unknown,
    pageSize: unknown,
    bookmark: unknown,
): Promise<{ rates: PublishedRate[]; bookmark: string }> {
    const pair = pairKey(requireCurrency(base, 'base'), requireCurrency(quote, 'quote'));
    const size = parsePageSize(pageSize);
    if (typeof bookmark !== 'string' || bookmark.length > 512) {
        fail('INVALID_ARGUMENT', 'bookmark must be a string of at most 512 characters');
    }
    const page = await store.page(OBJECT.fxRateByPair, [provider, pair], size, bookmark as string);
    return { rates: page.records.map((record) => decodePublishedRate(record.value)), bookmark: page.bookmark };
}

/** The rates usable now for a pair (both orientations). */
export async function usableRates(store: LedgerStore, provider: string, base: unknown, quote: unknown): Promise<FxRate[]> {
    const now = instantMillis(store.txTime, 'txTime');
    return (await liveRates(store, provider, requireCurrency(base, 'base'), requireCurrency(quote, 'quote'))).filter((rate) => isRateValidAt(rate, now));
}
