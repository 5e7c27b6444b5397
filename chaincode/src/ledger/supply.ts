import { fail } from '../errors';
import { requireAddress } from './address';
import { parseAmount, readStoredAmount, requireCurrency, showAmount } from './amount';
import { Account, requireAccount, requireOwner, requireUsable } from './accounts';
import { recordEntry } from './account-history';
import { creditLater, requireWithinMax, takeAvailable, writeBalance } from './balances';
import { requireId, requireObject } from '../input';
import { OBJECT, supplyKey } from './keys';
import { Member, requireActiveBank } from './members';
import { LedgerStore } from './store';

/**
 * Digital currency supply. The issuing member mints into its own customer's account when
 * fiat arrives (top-up or exchange, carrying the bank transfer reference) and burns on
 * withdrawal. The bank transfer reference is the idempotency key: one fiat transfer
 * mints at most once.
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

export async function readSupply(store: LedgerStore, currency: string): Promise<Supply | undefined> {
    return (await store.get(supplyKey(store, currency))) as Supply | undefined;
}

export async function listSupply(store: LedgerStore): Promise<Supply[]> {
    return (await store.range(OBJECT.supply, [])).map((record) => record.value as Supply);
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
    const existing = (await store.get(key)) as SupplyRecord | undefined;
    if (existing !== undefined) {
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

export function nextSupply(store: LedgerStore, current: Supply | undefined, issuer: string, currency: string, delta: { issued: bigint; redeemed: bigint }): Supply {
    const issued = (current === undefined ? 0n : readStoredAmount(current.issued, currency, 'issued')) + delta.issued;
    const redeemed = (current === undefined ? 0n : readStoredAmount(current.redeemed, currency, 'redeemed')) + delta.redeemed;
    requireWithinMax(issued, currency);
    return {
        currency,
        issuer,
        issued: showAmount(issued, currency),
        redeemed: showAmount(redeemed, currency),
        circulating: showAmount(issued - redeemed, currency),
        updatedAt: store.txTime,
        txId: store.txId,
    };
}

async function record(store: LedgerStore, caller: string, request: SupplyRequest, movement: SupplyMovement, supply: Supply): Promise<SupplyRecord> {
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
    await store.put(supplyKey(store, request.currency), supply);
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
    store.emit(movement === 'mint' ? 'CurrencyMinted' : 'CurrencyBurned', { ...entry, supply });
    return entry;
}

export async function mint(store: LedgerStore, caller: string, value: unknown): Promise<SupplyRecord> {
    const request = parseRequest(value, 'mint');
    await authorise(store, caller, request, 'mint');
    const supply = nextSupply(store, await readSupply(store, request.currency), caller, request.currency, {
        issued: request.amount,
        redeemed: 0n,
    });
    // A top-up is a credit like any other: written blind, so minting into a hot account never conflicts.
    await creditLater(store, request.address, request.currency, request.amount, `mint:${caller}:${request.reference}`);
    return record(store, caller, request, 'mint', supply);
}

export async function burn(store: LedgerStore, caller: string, value: unknown): Promise<SupplyRecord> {
    const request = parseRequest(value, 'burn');
    await authorise(store, caller, request, 'burn');
    const balance = await takeAvailable(store, request.address, request.currency, request.amount);
    const supply = nextSupply(store, await readSupply(store, request.currency), caller, request.currency, {
        issued: 0n,
        redeemed: request.amount,
    });
    await writeBalance(store, balance);
    return record(store, caller, request, 'burn', supply);
}
