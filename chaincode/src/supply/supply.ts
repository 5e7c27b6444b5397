import { amountIn, currency, decimal, decodeShape, id, instant, ledgerAccount, oneOf, text } from '../core/decode';
import { fail } from '../core/errors';
import { requireAddress } from '../accounts/address';
import { parseAmount, readStoredAmount, requireCurrency, showAmount } from '../core/amount';
import { Account } from '../accounts/account';
import { requireAccount, requireOwner, requireUsable } from '../accounts/accounts';
import { recordEntry } from '../accounts/history';
import { creditLater, takeAvailable, writeBalance } from '../accounts/balances';
import { requireId, requireObject } from '../core/validation';
import { OBJECT, supplyKey } from '../core/keys';
import { listMembers, Member, requireActiveBank } from '../members/members';
import { LedgerStore } from '../core/store';

/**
 * Digital currency supply. The issuing member mints into its own customer's account when
 * fiat arrives (top-up or exchange, carrying the bank transfer reference) and burns on
 * withdrawal. The bank transfer reference is the idempotency key: one fiat transfer
 * mints at most once.
 *
 * The supply of a currency is a rolled-up record (corridor.supply~currency) plus one delta
 * key per transaction that minted or burned (corridor.supply-delta~currency~txId). A mint,
 * burn or liquidity movement writes its delta without reading the supply, so top-ups of
 * one currency commit concurrently instead of conflicting on one record; a query adds the
 * deltas to the record, and the issuer's RollUpSupply folds them in (quiet periods, like
 * RollUpCredits). Each movement is at most MAX_AMOUNT; the total is not capped.
 */

export interface Supply {
    currency: string;
    issuer: string;
    issued: string;
    redeemed: string;
    circulating: string;
    updatedAt: string;
    txId: string;
}

export type SupplyMovement = 'mint' | 'burn';

export interface SupplyRecord {
    movement: SupplyMovement;
    reference: string;
    address: string;
    currency: string;
    amount: string;
    issuer: string;
    time: string;
    txId: string;
}

const FIELDS = ['reference', 'address', 'currency', 'amount'];

interface SupplyRequest {
    reference: string;
    address: string;
    currency: string;
    amount: bigint;
}

function parseRequest(value: unknown, movement: SupplyMovement): SupplyRequest {
    const fields = requireObject(value, movement, FIELDS);
    const reference = requireId(fields.reference, 'reference');
    const currency = requireCurrency(fields.currency, 'currency');
    const amount = parseAmount(fields.amount, currency, 'amount');
    const address = requireAddress(fields.address, 'address');
    return { reference, address, currency, amount };
}

interface SupplyDelta {
    issued: string;
    redeemed: string;
    time: string;
    txId: string;
}

export function decodeSupply(value: unknown): Supply {
    return decodeShape('supply', value, {
        required: { currency, issuer: text, issued: amountIn(), redeemed: amountIn(), circulating: amountIn(), updatedAt: text, txId: text },
    });
}

/** A delta's amounts are in the currency its key names; withDeltas reads them. */
function decodeDelta(value: unknown): SupplyDelta {
    return decodeShape('supply delta', value, { required: { issued: decimal, redeemed: decimal, time: instant, txId: text } });
}

export function decodeSupplyRecord(value: unknown): SupplyRecord {
    return decodeShape('supply record', value, {
        required: {
            movement: oneOf(['mint', 'burn']), reference: id, address: ledgerAccount, currency, amount: amountIn(), issuer: id, time: instant, txId: text,
        },
    });
}

/** Records this transaction's change of the currency's supply, blind: it reads nothing. */
export async function changeSupply(store: LedgerStore, currency: string, change: { issued: bigint; redeemed: bigint }): Promise<void> {
    const delta: SupplyDelta = { issued: showAmount(change.issued, currency), redeemed: showAmount(change.redeemed, currency), time: store.txTime, txId: store.txId };
    await store.put(store.key(OBJECT.supplyDelta, [currency, store.txId]), delta);
}

/** The rolled-up record plus the deltas not rolled up yet; undefined when neither exists. */
function withDeltas(currency: string, base: Supply | undefined, deltas: SupplyDelta[], issuer: string): Supply | undefined {
    if (base === undefined && deltas.length === 0) {
        return undefined;
    }
    let issued = base === undefined ? 0n : readStoredAmount(base.issued, currency, 'issued');
    let redeemed = base === undefined ? 0n : readStoredAmount(base.redeemed, currency, 'redeemed');
    let latest = { time: base?.updatedAt ?? '', txId: base?.txId ?? '' };
    for (const delta of deltas) {
        issued += readStoredAmount(delta.issued, currency, 'issued');
        redeemed += readStoredAmount(delta.redeemed, currency, 'redeemed');
        latest = delta.time > latest.time ? { time: delta.time, txId: delta.txId } : latest;
    }
    return {
        currency,
        issuer: base?.issuer ?? issuer,
        issued: showAmount(issued, currency),
        redeemed: showAmount(redeemed, currency),
        circulating: showAmount(issued - redeemed, currency),
        updatedAt: latest.time,
        txId: latest.txId,
    };
}

/** Who issues the currency, from the member registry: for a supply not rolled up yet, which has no record naming it. */
function issuerIn(members: Member[], currency: string): string {
    return members.find((member) => member.currencies.includes(currency))?.mspId ?? '';
}

/** The currency's supply, with the keys of the deltas it added. */
async function supplyWithDeltas(store: LedgerStore, currency: string): Promise<{ supply: Supply | undefined; deltaKeys: string[] }> {
    const stored = await store.get(supplyKey(store, currency));
    const base = stored === undefined ? undefined : decodeSupply(stored);
    const deltas = await store.range(OBJECT.supplyDelta, [currency]);
    const issuer = base === undefined ? issuerIn(await listMembers(store), currency) : base.issuer;
    return {
        supply: withDeltas(currency, base, deltas.map((delta) => decodeDelta(delta.value)), issuer),
        deltaKeys: deltas.map((delta) => delta.key),
    };
}

export async function readSupply(store: LedgerStore, currency: string): Promise<Supply | undefined> {
    return (await supplyWithDeltas(store, currency)).supply;
}

/** Every currency's supply from one range read of the records and one of the deltas. */
export async function listSupply(store: LedgerStore): Promise<Supply[]> {
    const bases = new Map((await store.range(OBJECT.supply, [])).map((record) => [record.attributes[0] as string, decodeSupply(record.value)]));
    const deltas = new Map<string, SupplyDelta[]>();
    for (const record of await store.range(OBJECT.supplyDelta, [])) {
        const currency = record.attributes[0] as string;
        const list = deltas.get(currency) ?? [];
        list.push(decodeDelta(record.value));
        deltas.set(currency, list);
    }
    const members = [...deltas.keys()].some((currency) => !bases.has(currency)) ? await listMembers(store) : [];
    const currencies = [...new Set([...bases.keys(), ...deltas.keys()])].sort();
    return currencies.flatMap((currency) => withDeltas(currency, bases.get(currency), deltas.get(currency) ?? [], issuerIn(members, currency)) ?? []);
}

/** The issuer folds the deltas into the supply record; a mint committing meanwhile makes this retry (a phantom read). */
export async function rollUpSupply(store: LedgerStore, caller: string, value: unknown): Promise<Supply> {
    const currency = requireCurrency(value, 'currency');
    requireIssuer(await requireActiveBank(store, caller), currency);
    const { supply, deltaKeys } = await supplyWithDeltas(store, currency);
    if (supply === undefined) {
        return fail('NOT_FOUND', `no ${currency} has been issued`);
    }
    for (const key of deltaKeys) {
        await store.remove(key);
    }
    const rolled = { ...supply, updatedAt: store.txTime, txId: store.txId };
    await store.put(supplyKey(store, currency), rolled);
    store.emit('SupplyRolledUp', rolled);
    return rolled;
}

function requireIssuer(member: Member, currency: string): void {
    if (!member.currencies.includes(currency)) {
        fail('UNAUTHORIZED', `${member.mspId} does not issue ${currency}`);
    }
}

/** Shared checks of mint and burn, in precedence order; returns the account. */
async function authorise(store: LedgerStore, caller: string, request: SupplyRequest, movement: SupplyMovement): Promise<Account> {
    const member = await requireActiveBank(store, caller);
    requireIssuer(member, request.currency);
    const key = store.key(OBJECT[movement], [caller, request.reference]);
    const stored = await store.get(key);
    if (stored !== undefined) {
        const existing = decodeSupplyRecord(stored);
        const same =
            existing.address === request.address &&
            existing.currency === request.currency &&
            existing.amount === showAmount(request.amount, request.currency);
        fail(same ? 'DUPLICATE_REQUEST' : 'ALREADY_EXISTS', `${movement} ${request.reference} is already recorded`);
    }
    const account = await requireAccount(store, request.address, 'the');
    requireOwner(account, caller);
    requireUsable(account, 'the');
    return account;
}

async function record(store: LedgerStore, caller: string, request: SupplyRequest, movement: SupplyMovement): Promise<SupplyRecord> {
    const entry: SupplyRecord = {
        movement,
        reference: request.reference,
        address: request.address,
        currency: request.currency,
        amount: showAmount(request.amount, request.currency),
        issuer: caller,
        time: store.txTime,
        txId: store.txId,
    };
    await store.put(store.key(OBJECT[movement], [caller, request.reference]), entry);
    await changeSupply(store, request.currency, movement === 'mint' ? { issued: request.amount, redeemed: 0n } : { issued: 0n, redeemed: request.amount });
    await recordEntry(store, request.address, {
        kind: movement === 'mint' ? 'top-up' : 'withdrawal',
        id: `${caller}:${request.reference}`,
        direction: movement === 'mint' ? 'in' : 'out',
        counterparty: caller,
        amount: entry.amount,
        currency: entry.currency,
        time: store.txTime,
        txId: store.txId,
    });
    store.emit(movement === 'mint' ? 'CurrencyMinted' : 'CurrencyBurned', entry);
    return entry;
}

export async function mint(store: LedgerStore, caller: string, value: unknown): Promise<SupplyRecord> {
    const request = parseRequest(value, 'mint');
    await authorise(store, caller, request, 'mint');
    // A top-up is a credit like any other: written blind, so minting into a hot account never conflicts.
    await creditLater(store, request.address, request.currency, request.amount, `mint:${caller}:${request.reference}`);
    return record(store, caller, request, 'mint');
}

export async function burn(store: LedgerStore, caller: string, value: unknown): Promise<SupplyRecord> {
    const request = parseRequest(value, 'burn');
    await authorise(store, caller, request, 'burn');
    await writeBalance(store, await takeAvailable(store, request.address, request.currency, request.amount));
    return record(store, caller, request, 'burn');
}
