import type { KycStore } from '../kyc/kyc-store';
import type { LedgerAccountRecord, WalletKeyRecord } from '../customers/customer-model';

/** Customers' signing keys. */
export interface WalletKeyStore {
    /** False when the customer already has a key: a key is never replaced silently. */
    insertWalletKey(record: WalletKeyRecord): Promise<boolean>;
    getWalletKey(userId: string): Promise<WalletKeyRecord | undefined>;
}

/** Customers' ledger accounts, with the key and KYC tier an account is opened for. */
export interface LedgerAccountStore extends Pick<WalletKeyStore, 'getWalletKey'>, Pick<KycStore, 'getKyc'> {
    /** False when the customer already has a ledger account recorded: an address is never replaced. */
    insertLedgerAccount(record: LedgerAccountRecord): Promise<boolean>;
    getLedgerAccount(userId: string): Promise<LedgerAccountRecord | undefined>;
}
