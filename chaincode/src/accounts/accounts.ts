import { fail } from '../core/errors';
import { deriveAddress, requireAddress } from './address';
import { accountCurrencies, readBalance, viewBalance, BalanceView } from './balances';
import { requireBoolean, requireHash, requireObject, requireText } from '../core/validation';
import { accountKey } from '../core/keys';
import { readPayerState, updatePayerState } from './payer-state';
import { Account, AccountStatus, decodeAccount } from './account';
import { isKycTier, KycTier } from './kyc';
import { requireActiveBank } from '../members/members';
import { parsePublicKey } from './public-key';
import { LedgerStore } from '../core/store';

/** The account as queries return it: the record plus the sequence its next instruction needs. */
export async function accountView(store: LedgerStore, address: unknown): Promise<Account & { nextSequence: number }> {
    const account = await requireAccount(store, requireAddress(address, 'address'), 'the');
    return { ...account, nextSequence: (await readPayerState(store, account.address)).nextSequence };
}

const OPEN_FIELDS = ['publicKey', 'holderRef', 'kycTier'];

export async function readAccount(store: LedgerStore, address: string): Promise<Account | undefined> {
    const stored = await store.get(accountKey(store, address));
    return stored === undefined ? undefined : decodeAccount(stored);
}

/** The record and its copy in the payer state (payer-state.ts), always together. */
async function writeAccount(store: LedgerStore, account: Account): Promise<void> {
    await store.put(accountKey(store, account.address), account);
    await updatePayerState(store, account.address, () => ({ account }));
}

export async function requireAccount(store: LedgerStore, address: string, role: string): Promise<Account> {
    const account = await readAccount(store, address);
    if (account === undefined) {
        return fail('ACCOUNT_NOT_FOUND', `${role} account ${address} does not exist`);
    }
    return account;
}

export function requireUsable(account: Account, role: string): void {
    if (account.status === 'frozen') {
        fail('ACCOUNT_FROZEN', `${role} account ${account.address} is frozen`);
    }
    if (account.status === 'closed') {
        fail('ACCOUNT_CLOSED', `${role} account ${account.address} is closed`);
    }
}

/** The caller must be the bank that serves the account. */
export function requireOwner(account: Account, caller: string): void {
    if (account.bank !== caller) {
        fail('UNAUTHORIZED', `account ${account.address} is served by another bank`);
    }
}

export async function requireOwnedAccount(store: LedgerStore, caller: string, value: unknown): Promise<Account> {
    const address = requireAddress(value, 'address');
    await requireActiveBank(store, caller);
    const account = await requireAccount(store, address, 'the');
    requireOwner(account, caller);
    return account;
}

function requireTier(value: unknown): KycTier {
    if (!isKycTier(value)) {
        return fail('INVALID_ARGUMENT', 'kycTier must be 0, 1, 2 or 3');
    }
    return value;
}

export async function openAccount(store: LedgerStore, caller: string, value: unknown): Promise<Account> {
    const fields = requireObject(value, 'account', OPEN_FIELDS);
    const publicKey = parsePublicKey(fields.publicKey);
    const holderRef = requireHash(fields.holderRef, 'holderRef');
    const kycTier = requireTier(fields.kycTier);
    await requireActiveBank(store, caller);
    const address = deriveAddress(publicKey);
    const existing = await readAccount(store, address);
    if (existing !== undefined) {
        const same = existing.bank === caller && existing.holderRef === holderRef && existing.kycTier === kycTier;
        fail(same ? 'DUPLICATE_REQUEST' : 'ALREADY_EXISTS', `account ${address} is already open`);
    }
    const account: Account = {
        address,
        bank: caller,
        publicKey,
        holderRef,
        kycTier,
        status: 'active',
        openedAt: store.txTime,
        updatedAt: store.txTime,
        txId: store.txId,
    };
    await writeAccount(store, account);
    store.emit('AccountOpened', accountEvent(store, account, caller));
    return account;
}

const TRANSITIONS: Readonly<Record<string, { from: AccountStatus[]; to: AccountStatus }>> = {
    freeze: { from: ['active'], to: 'frozen' },
    unfreeze: { from: ['frozen'], to: 'active' },
    close: { from: ['active', 'frozen'], to: 'closed' },
};

export type StatusAction = 'freeze' | 'unfreeze' | 'close';

export async function changeStatus(
    store: LedgerStore,
    caller: string,
    address: unknown,
    action: StatusAction,
    reason: unknown,
): Promise<Account> {
    const statusReason = requireText(reason, 'reason', 200);
    const account = await requireOwnedAccount(store, caller, address);
    const transition = TRANSITIONS[action] as { from: AccountStatus[]; to: AccountStatus };
    if (!transition.from.includes(account.status)) {
        fail('INVALID_STATE', `cannot ${action} an account that is ${account.status}`);
    }
    if (action === 'close') {
        await requireEmpty(store, account.address);
    }
    const updated: Account = { ...account, status: transition.to, statusReason, updatedAt: store.txTime, txId: store.txId };
    await writeAccount(store, updated);
    store.emit('AccountStatusChanged', accountEvent(store, updated, caller));
    return updated;
}

/** A closed account must hold nothing: its funds would be stranded. */
async function requireEmpty(store: LedgerStore, address: string): Promise<void> {
    for (const currency of await accountCurrencies(store, address)) {
        const balance = await readBalance(store, address, currency);
        const view = await viewBalance(store, address, currency);
        if (balance.reserved > 0n || view.pendingCredits > 0 || balance.available > 0n) {
            fail('ACCOUNT_NOT_EMPTY', `account still holds ${currency}; pay it out or burn it first`);
        }
    }
}

export async function changeKycTier(store: LedgerStore, caller: string, address: unknown, tier: unknown): Promise<Account> {
    const kycTier = requireTier(tier);
    const account = await requireOwnedAccount(store, caller, address);
    if (account.status === 'closed') {
        fail('ACCOUNT_CLOSED', `account ${account.address} is closed`);
    }
    const updated: Account = { ...account, kycTier, updatedAt: store.txTime, txId: store.txId };
    await writeAccount(store, updated);
    store.emit('AccountKycTierChanged', accountEvent(store, updated, caller));
    return updated;
}

export async function changeHighRisk(store: LedgerStore, caller: string, address: unknown, flag: unknown, reason: unknown): Promise<Account> {
    const highRisk = requireBoolean(flag === 'true' ? true : flag === 'false' ? false : flag, 'highRisk');
    const highRiskReason = requireText(reason, 'reason', 200);
    const account = await requireOwnedAccount(store, caller, address);
    if (account.status === 'closed') {
        fail('ACCOUNT_CLOSED', `account ${account.address} is closed`);
    }
    const updated: Account = { ...account, highRisk, highRiskReason, updatedAt: store.txTime, txId: store.txId };
    await writeAccount(store, updated);
    store.emit('AccountRiskChanged', { ...accountEvent(store, updated, caller), highRisk, reason: highRiskReason });
    return updated;
}

export async function balancesOf(store: LedgerStore, address: unknown): Promise<BalanceView[]> {
    const account = await requireAccount(store, requireAddress(address, 'address'), 'the');
    const views: BalanceView[] = [];
    for (const currency of await accountCurrencies(store, account.address)) {
        views.push(await viewBalance(store, account.address, currency));
    }
    return views;
}

function accountEvent(store: LedgerStore, account: Account, by: string): Record<string, unknown> {
    return {
        address: account.address,
        bank: account.bank,
        kycTier: account.kycTier,
        status: account.status,
        by,
        txId: store.txId,
        time: store.txTime,
    };
}
