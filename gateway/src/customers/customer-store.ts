import type { AuditStore } from '../security/audit-log';
import type { CodeStore, AccountStore, SessionStore, TotpStore } from '../identity/identity-store';
import type { SupportStore } from '../support/support-store';
import type { KycStore } from '../kyc/kyc-store';
import type { LedgerAccountStore, WalletKeyStore } from '../custody/custody-store';
import type { DeliveryStore, MailboxStore, OutboxStore } from '../notifications/outbox-store';
import type { OutboxMessage } from './customer-model';
import type { TopUpStore } from '../selfservice/top-up-store';
import type { CustomerDirectoryStore } from '../selfservice/customer-search';

/**
 * Every port of the customer side's features, which the one SQL store implements on
 * SQLite and PostgreSQL; each feature's services take only their own port. Every method
 * is atomic on its own.
 */
export interface CustomerStore
    extends AuditStore,
        AccountStore,
        SessionStore,
        CodeStore,
        TotpStore,
        SupportStore,
        KycStore,
        WalletKeyStore,
        LedgerAccountStore,
        OutboxStore,
        DeliveryStore,
        MailboxStore,
        TopUpStore,
        CustomerDirectoryStore {
    listOutbox(limit: number): Promise<OutboxMessage[]>;
    countKyc(): Promise<number>;
    /**
     * Ledger addresses of this bank's customers with this name, compared in canonical
     * form (contact-rules' canonicalName), through the name's blind index; at most `limit`.
     */
    ledgerAddressesNamed(name: string, limit: number): Promise<string[]>;
    /**
     * Key rotation: every sealed value (personal data, KYC identities, custodial keys,
     * TOTP secrets: sealed-columns.ts) is passed to `rewrap` with its context and written
     * back, all in one transaction. Returns how many were rewritten.
     */
    rewrapSealed(rewrap: (sealed: string, context: string) => string): Promise<number>;
    close(): Promise<void>;
}
