import { createHash } from 'node:crypto';
import { amountIn, currency, decodeShape, id, instant, oneOf, text } from '../../core/decode';
import { fail } from '../../core/errors';
import { requireId, requireObject } from '../../core/validation';
import { recordEntry } from '../../accounts/history';
import { parseAmount, readStoredAmount, requireCurrency, showAmount } from '../../core/amount';
import { accountCurrencies, creditLater, spreadOverLanes, takeAvailable, viewBalance, writeBalance } from '../../accounts/balances';
import { LIQUIDITY_PREFIX, OBJECT } from '../../core/keys';
import { Member, readMember, requireActiveBank } from '../../members/members';
import { LedgerStore } from '../../core/store';
import { changeSupply } from '../../supply/supply';

/**
 * FX providers' liquidity. A provider holds one liquidity account per currency, the
 * balance of the address "liquidity:<mspId>" (no key pair: only conversions and the
 * provider's own funding move it). It uses the ordinary balance and credit keys, so:
 *
 * - conversions credit it through per-payment credit keys, written blind (hot-account
 *   safe); debits (delivering the target currency, defunding) read its balance key and
 *   check exactly, rolling up credits only when the rolled-up balance falls short;
 * - per currency, sum(balances + reservations + credits) == issued - redeemed still holds:
 *   funding is a mint into the liquidity account, defunding a burn out of it.
 *
 * - the balance is kept in LIQUIDITY_LANES lanes (balance keys ...~currency~lane), and a
 *   conversion delivers from the lane its quote id hashes to: deliveries of one provider
 *   and currency that were endorsed together then write different keys and do not
 *   invalidate each other. A lane that falls short rolls up the credit keys, then takes
 *   the other lanes' funds (a rare, conflict-prone path); RollUpLiquidity spreads the
 *   whole liquidity evenly over the lanes again. A client that issues many quotes at
 *   once can pick ids that hash to different lanes (the benchmark does).
 *
 * Funding: the issuer of a currency mints into a provider's liquidity account against
 * a fiat transfer it received from the provider (a provider issuing the currency funds
 * itself); conversions bring in the other currencies. Defunding: the provider burns
 * from its liquidity account and the currency's issuer pays out the fiat off-ledger.
 */

export interface LiquidityMovement {
    movement: 'fund' | 'defund';
    provider: string;
    reference: string;
    currency: string;
    amount: string;
    by: string;
    time: string;
    txId: string;
}

export function decodeLiquidityMovement(value: unknown): LiquidityMovement {
    return decodeShape('liquidity movement', value, {
        required: { movement: oneOf(['fund', 'defund']), provider: id, reference: id, currency, amount: amountIn(), by: id, time: instant, txId: text },
    });
}

export interface LiquidityView {
    currency: string;
    available: string;
    reserved: string;
    pendingCredits: number;
    watermark?: string;
    low: boolean;
}

export function liquidityAddress(provider: string): string {
    return `${LIQUIDITY_PREFIX}${provider}`;
}

export const LIQUIDITY_LANES = 64;

/** The lane a quote's conversion delivers from: the first four bytes of sha256(quoteId). */
export function liquidityLane(quoteId: string): number {
    return createHash('sha256').update(quoteId, 'utf8').digest().readUInt32BE(0) % LIQUIDITY_LANES;
}

/** An active member bank with the FX-provider role, or FX_UNAVAILABLE. */
export async function requireProvider(store: LedgerStore, mspId: string): Promise<Member> {
    const member = await readMember(store, mspId);
    if (member === undefined || member.role !== 'bank' || member.status !== 'active' || !member.fxProvider) {
        return fail('FX_UNAVAILABLE', `${mspId} is not an active FX provider`);
    }
    return member;
}

interface MovementRequest {
    reference: string;
    provider: string;
    currency: string;
    amount: bigint;
}

function parseMovement(value: unknown, movement: 'fund' | 'defund', caller: string): MovementRequest {
    const fields = requireObject(value, movement, movement === 'fund' ? ['reference', 'provider', 'currency', 'amount'] : ['reference', 'currency', 'amount']);
    const reference = requireId(fields.reference, 'reference');
    const provider = movement === 'fund' ? requireId(fields.provider, 'provider') : caller;
    const currency = requireCurrency(fields.currency, 'currency');
    return { reference, provider, currency, amount: parseAmount(fields.amount, currency, 'amount') };
}

async function requireNewMovement(store: LedgerStore, request: MovementRequest, movement: 'fund' | 'defund'): Promise<string> {
    const key = store.key(OBJECT.fxLiquidity, [request.provider, request.reference]);
    const stored = await store.get(key);
    if (stored !== undefined) {
        const existing = decodeLiquidityMovement(stored);
        const same = existing.movement === movement && existing.currency === request.currency && existing.amount === showAmount(request.amount, request.currency);
        fail(same ? 'DUPLICATE_REQUEST' : 'ALREADY_EXISTS', `liquidity movement ${request.reference} of ${request.provider} is already recorded`);
    }
    return key;
}

async function record(store: LedgerStore, key: string, request: MovementRequest, movement: 'fund' | 'defund', caller: string): Promise<LiquidityMovement> {
    const entry: LiquidityMovement = {
        movement, provider: request.provider, reference: request.reference, currency: request.currency,
        amount: showAmount(request.amount, request.currency), by: caller, time: store.txTime, txId: store.txId,
    };
    await store.put(key, entry);
    await recordEntry(store, liquidityAddress(request.provider), {
        kind: movement === 'fund' ? 'top-up' : 'withdrawal', id: `liquidity:${request.reference}`, direction: movement === 'fund' ? 'in' : 'out',
        counterparty: caller, amount: entry.amount, currency: entry.currency, time: store.txTime, txId: store.txId,
    });
    store.emit(movement === 'fund' ? 'LiquidityFunded' : 'LiquidityDefunded', entry);
    return entry;
}

/** The currency's issuer mints into a provider's liquidity account. */
export async function fundLiquidity(store: LedgerStore, caller: string, value: unknown): Promise<LiquidityMovement> {
    const request = parseMovement(value, 'fund', caller);
    const issuer = await requireActiveBank(store, caller);
    if (!issuer.currencies.includes(request.currency)) {
        fail('UNAUTHORIZED', `${caller} does not issue ${request.currency}`);
    }
    await requireProvider(store, request.provider);
    const key = await requireNewMovement(store, request, 'fund');
    await changeSupply(store, request.currency, { issued: request.amount, redeemed: 0n });
    await creditLater(store, liquidityAddress(request.provider), request.currency, request.amount, `liquidity:${request.reference}`);
    return record(store, key, request, 'fund', caller);
}

/** The provider burns from its own liquidity account; the issuer pays the fiat out. */
export async function defundLiquidity(store: LedgerStore, caller: string, value: unknown): Promise<LiquidityMovement> {
    const request = parseMovement(value, 'defund', caller);
    await requireActiveBank(store, caller);
    const key = await requireNewMovement(store, request, 'defund');
    await writeBalance(store, await takeAvailable(store, liquidityAddress(caller), request.currency, request.amount, 'INSUFFICIENT_LIQUIDITY'));
    await changeSupply(store, request.currency, { issued: 0n, redeemed: request.amount });
    return record(store, key, request, 'defund', caller);
}

/**
 * Folds the credit keys of the provider's liquidity in a currency into its balance and
 * spreads what is available evenly over the lanes (the remainder on lane 0). A delivery
 * whose lane covers it reads neither the credit keys nor the other lanes, so conversions
 * do not conflict with each other; the provider runs this after funding and in quiet
 * periods. Reservations stay on the lane of their payment.
 */
export async function rollUpLiquidity(store: LedgerStore, caller: string, currency: unknown): Promise<LiquidityView> {
    const code = requireCurrency(currency, 'currency');
    await requireActiveBank(store, caller);
    await requireProvider(store, caller);
    await spreadOverLanes(store, liquidityAddress(caller), code, LIQUIDITY_LANES);
    const view = { ...(await viewBalance(store, liquidityAddress(caller), code)), low: false };
    store.emit('LiquidityRolledUp', { provider: caller, ...view, txId: store.txId, time: store.txTime });
    return view;
}

/** The level under which the provider wants its liquidity in a currency flagged as low. */
export async function setWatermark(store: LedgerStore, caller: string, value: unknown): Promise<{ provider: string; currency: string; watermark: string }> {
    const fields = requireObject(value, 'watermark', ['currency', 'amount']);
    const currency = requireCurrency(fields.currency, 'currency');
    const amount = parseAmount(fields.amount, currency, 'amount');
    await requireActiveBank(store, caller);
    await requireProvider(store, caller);
    const entry = { provider: caller, currency, watermark: showAmount(amount, currency), time: store.txTime, txId: store.txId };
    await store.put(store.key(OBJECT.fxWatermark, [caller, currency]), entry);
    store.emit('LiquidityWatermarkSet', entry);
    return { provider: caller, currency, watermark: entry.watermark };
}

/** Liquidity per currency with the provider's watermark: low when available is under it. */
export async function liquidityOf(store: LedgerStore, provider: string): Promise<LiquidityView[]> {
    const watermarks = new Map<string, string>();
    for (const record of await store.range(OBJECT.fxWatermark, [provider])) {
        const entry = decodeShape<{ watermark: string }>('watermark', record.value, {
            required: { provider: id, currency, watermark: amountIn(), time: instant, txId: text },
        });
        watermarks.set(record.attributes[1] as string, entry.watermark);
    }
    const currencies = [...new Set([...(await accountCurrencies(store, liquidityAddress(provider))), ...watermarks.keys()])].sort();
    const views: LiquidityView[] = [];
    for (const currency of currencies) {
        const view = await viewBalance(store, liquidityAddress(provider), currency);
        const watermark = watermarks.get(currency);
        const low = watermark !== undefined && readStoredAmount(view.available, currency, 'available') < readStoredAmount(watermark, currency, 'watermark');
        views.push({ ...view, ...(watermark !== undefined ? { watermark } : {}), low });
    }
    return views;
}
