import { amountIn, currency, decodeRecord, decodeShape, instant, ledgerAccount, requireShape, text } from '../core/decode';
import { fail } from '../core/errors';
import { readStoredAmount, showAmount } from '../core/amount';
import { balanceKey, LIQUIDITY_PREFIX, OBJECT } from '../core/keys';
import { readPayerState, updatePayerState } from './payer-state';
import { LedgerStore } from '../core/store';

/**
 * Balances designed for hot accounts.
 *
 * Fabric endorses transactions in parallel and invalidates at commit any transaction
 * whose read set changed meanwhile (MVCC_READ_CONFLICT, PHANTOM_READ_CONFLICT). If
 * every payment read and wrote the payee's balance key, all payments into one merchant,
 * fee or liquidity account but one per block would fail. So:
 *
 * - A credit never reads the payee's balance. It writes a new key of its own,
 *   corridor.credit~address~currency~sourceId, which no other transaction touches:
 *   concurrent credits into one account never conflict.
 * - A debit reads the payer's rolled-up balance (available, reserved) and checks exactly.
 *   When the rolled-up available balance already covers the amount, the credit keys
 *   are not read at all, so incoming credits do not conflict with the debit. Only when
 *   it does not cover it does the debit range-read the credit keys, fold them into
 *   the balance and delete them (a roll-up); that range read can then meet a phantom
 *   conflict with a concurrent credit, and the client retries. No debit is ever
 *   refused while committed credits would cover it, and none ever overdraws.
 * - Debits of one account do conflict with each other. They are serialised anyway by
 *   the payer's sequence number, which a payer signs in order.
 * - RollUpCredits folds the credit keys into the balance on demand (the owning bank
 *   runs it in quiet periods) to keep range reads short.
 *
 * Balance of an account = available + sum(credit keys); reserved holds funds of held
 * payments. Per currency, sum(balance + reserved) over all accounts = issued - redeemed.
 *
 * Where the rolled-up part lives: a customer account's in its payer state
 * (corridor.payer-state~address, `balances`), which every debit reads and writes anyway
 * for the sequence, so a payment costs one read and one write less; an FX provider's
 * liquidity account (liquidity:<msp>, no sequence) in corridor.balance~address~currency
 * with lanes (exchange/liquidity.ts). Ledgers written before kept customers' balances in
 * corridor.balance keys too: such a balance is read from there until the account's next
 * write of that currency moves it into the payer state and deletes the old key.
 */

export interface Balance {
    address: string;
    currency: string;
    /** Spendable funds already rolled up, excluding pending credit keys. */
    available: bigint;
    /** Funds of held payments: not spendable, not yet paid out. */
    reserved: bigint;
    /** Which of an FX liquidity account's balance lanes this is; 0 for every other account. */
    lane: number;
}

export interface BalanceView {
    currency: string;
    available: string;
    reserved: string;
    pendingCredits: number;
}

interface StoredBalance {
    address: string;
    currency: string;
    available: string;
    reserved: string;
}

interface CreditEntry {
    amount: string;
    source: string;
    txId: string;
    time: string;
}

function decodeBalance(value: unknown): StoredBalance {
    return decodeShape('balance', value, { required: { address: ledgerAccount, currency, available: amountIn(), reserved: amountIn() } });
}

/** A credit key's amount, in the currency its key names. */
function creditAmount(value: unknown, currency: string): bigint {
    return decodeRecord('credit', () => {
        const entry = requireShape<CreditEntry>(value, 'credit', { required: { amount: text, source: text, txId: text, time: instant } });
        return readStoredAmount(entry.amount, currency, 'credit');
    });
}

/** Liquidity accounts keep balance keys with lanes; every other account keeps its balances in its payer state. */
function hasLanes(address: string): boolean {
    return address.startsWith(LIQUIDITY_PREFIX);
}

/** Old balance keys of customer accounts this transaction read, to delete when it writes their balance. */
const legacyRead = new WeakMap<LedgerStore, Set<string>>();

/**
 * A customer's rolled-up balance: from its payer state, else from a balance key a ledger
 * of the earlier layout still holds; undefined when the account never held the currency.
 */
async function payerBalance(store: LedgerStore, address: string, currency: string): Promise<Balance | undefined> {
    const stored = (await readPayerState(store, address)).balances?.[currency];
    if (stored !== undefined) {
        return parseBalance({ address, currency, ...stored }, currency, 0);
    }
    const key = balanceKey(store, address, currency);
    const old = await store.get(key);
    if (old === undefined) {
        return undefined;
    }
    const legacy = decodeBalance(old);
    legacyRead.set(store, (legacyRead.get(store) ?? new Set<string>()).add(key));
    return parseBalance(legacy, currency, 0);
}

export async function readBalance(store: LedgerStore, address: string, currency: string, lane = 0): Promise<Balance> {
    const zero: Balance = { address, currency, available: 0n, reserved: 0n, lane };
    if (!hasLanes(address)) {
        return (await payerBalance(store, address, currency)) ?? zero;
    }
    const stored = await store.get(balanceKey(store, address, currency, lane));
    return stored === undefined ? zero : parseBalance(decodeBalance(stored), currency, lane);
}

function parseBalance(stored: StoredBalance, currency: string, lane: number): Balance {
    return {
        address: stored.address,
        currency,
        available: readStoredAmount(stored.available, currency, 'available'),
        reserved: readStoredAmount(stored.reserved, currency, 'reserved'),
        lane,
    };
}

/** Every lane of the account's balance in a currency: one for ordinary accounts. */
export async function readLanes(store: LedgerStore, address: string, currency: string): Promise<Balance[]> {
    if (!hasLanes(address)) {
        const balance = await payerBalance(store, address, currency);
        return balance === undefined ? [] : [balance];
    }
    const records = await store.range(OBJECT.balance, [address, currency]);
    return records.map((record) => parseBalance(decodeBalance(record.value), currency, record.attributes.length > 2 ? Number(record.attributes[2]) : 0));
}

export async function writeBalance(store: LedgerStore, balance: Balance): Promise<void> {
    if (balance.available < 0n || balance.reserved < 0n) {
        fail('CONFLICT', `balance of ${balance.address} would go negative`);
    }
    const amounts = { available: showAmount(balance.available, balance.currency), reserved: showAmount(balance.reserved, balance.currency) };
    if (!hasLanes(balance.address)) {
        await updatePayerState(store, balance.address, (state) => ({ balances: { ...state.balances, [balance.currency]: amounts } }));
        const key = balanceKey(store, balance.address, balance.currency);
        if (legacyRead.get(store)?.has(key)) {
            await store.remove(key);
        }
        return;
    }
    const stored: StoredBalance = { address: balance.address, currency: balance.currency, ...amounts };
    await store.put(balanceKey(store, balance.address, balance.currency, balance.lane), stored);
}

/** Writes a credit without reading the payee's balance: the conflict-free path. */
export async function creditLater(
    store: LedgerStore,
    address: string,
    currency: string,
    amount: bigint,
    source: string,
): Promise<void> {
    const entry: CreditEntry = { amount: showAmount(amount, currency), source, txId: store.txId, time: store.txTime };
    await store.put(store.key(OBJECT.credit, [address, currency, source]), entry);
}

async function pendingCredits(store: LedgerStore, address: string, currency: string): Promise<{ keys: string[]; total: bigint }> {
    const records = await store.range(OBJECT.credit, [address, currency]);
    let total = 0n;
    for (const record of records) {
        total += creditAmount(record.value, currency);
    }
    return { keys: records.map((record) => record.key), total };
}

/** Folds pending credits into the balance read before; the caller writes the balance. */
async function rollUp(store: LedgerStore, balance: Balance): Promise<Balance> {
    const pending = await pendingCredits(store, balance.address, balance.currency);
    for (const key of pending.keys) {
        await store.remove(key);
    }
    return { ...balance, available: balance.available + pending.total };
}

/**
 * Moves the available funds of the account's other lanes into this one until it covers
 * the amount, writing the lanes it empties. Only a lane that fell short pays for this
 * range read; an ordinary account has no other lane.
 */
async function borrowFromLanes(store: LedgerStore, balance: Balance, amount: bigint): Promise<Balance> {
    let available = balance.available;
    for (const lane of await readLanes(store, balance.address, balance.currency)) {
        if (available >= amount) {
            break;
        }
        if (lane.lane !== balance.lane && lane.available > 0n) {
            available += lane.available;
            await writeBalance(store, { ...lane, available: 0n });
        }
    }
    return { ...balance, available };
}

/**
 * Takes the amount from the available balance of one lane, reading credit keys only
 * when the rolled-up lane falls short, and the other lanes only when the credits do not
 * cover it either. Returns the new balance for the caller to write, possibly after
 * moving the amount to reserved.
 */
export async function takeAvailable(
    store: LedgerStore,
    address: string,
    currency: string,
    amount: bigint,
    shortfall: 'INSUFFICIENT_FUNDS' | 'INSUFFICIENT_LIQUIDITY' = 'INSUFFICIENT_FUNDS',
    lane = 0,
): Promise<Balance> {
    let balance = await readBalance(store, address, currency, lane);
    if (balance.available < amount) {
        balance = await rollUp(store, balance);
    }
    if (balance.available < amount) {
        balance = await borrowFromLanes(store, balance, amount);
    }
    if (balance.available < amount) {
        fail(
            shortfall,
            `available ${showAmount(balance.available, currency)} ${currency} is less than ${showAmount(amount, currency)}`,
        );
    }
    return { ...balance, available: balance.available - amount };
}

/**
 * Folds the credit keys into the balance and spreads everything available evenly over
 * `count` lanes, the remainder on lane 0; reservations stay where they are. Reads every
 * lane before it writes any: a Fabric transaction does not read its own writes.
 */
export async function spreadOverLanes(store: LedgerStore, address: string, currency: string, count: number): Promise<void> {
    const lanes = new Map((await readLanes(store, address, currency)).map((lane) => [lane.lane, lane]));
    const pending = await pendingCredits(store, address, currency);
    for (const key of pending.keys) {
        await store.remove(key);
    }
    const total = [...lanes.values()].reduce((sum, lane) => sum + lane.available, pending.total);
    const share = total / BigInt(count);
    for (let lane = 0; lane < count; lane += 1) {
        const available = lane === 0 ? total - share * BigInt(count - 1) : share;
        await writeBalance(store, { address, currency, available, reserved: lanes.get(lane)?.reserved ?? 0n, lane });
    }
}

export async function rollUpCredits(store: LedgerStore, address: string, currency: string): Promise<Balance> {
    const balance = await rollUp(store, await readBalance(store, address, currency));
    await writeBalance(store, balance);
    return balance;
}

/** The balance as a reader sees it, every lane and credit key included; reads only, no roll-up. */
export async function viewBalance(store: LedgerStore, address: string, currency: string): Promise<BalanceView> {
    const lanes = await readLanes(store, address, currency);
    const pending = await pendingCredits(store, address, currency);
    return {
        currency,
        available: showAmount(lanes.reduce((sum, lane) => sum + lane.available, pending.total), currency),
        reserved: showAmount(lanes.reduce((sum, lane) => sum + lane.reserved, 0n), currency),
        pendingCredits: pending.keys.length,
    };
}

/** Every currency the account has ever held, from its balance and credit keys. */
export async function accountCurrencies(store: LedgerStore, address: string): Promise<string[]> {
    const held = new Set<string>(hasLanes(address) ? [] : Object.keys((await readPayerState(store, address)).balances ?? {}));
    // Lanes of a liquidity account, or a customer's balances of the earlier layout.
    for (const record of await store.range(OBJECT.balance, [address])) {
        held.add(record.attributes[1] as string);
    }
    for (const record of await store.range(OBJECT.credit, [address])) {
        held.add(record.attributes[1] as string);
    }
    return [...held].sort();
}
