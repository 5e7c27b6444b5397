import type { LedgerAccountRecord, UserRecord } from '../customers/customer-model';
import type { KycStore } from '../kyc/kyc-store';
import type { AccountStore } from '../identity/identity-store';
import type { LedgerAccountStore } from '../custody/custody-store';
import type { AuditLog } from '../security/audit-log';

/** What the teller's search reads: customers by a blind index, and by ledger address. */
export interface CustomerDirectoryStore extends Pick<AccountStore, 'findUserByContact' | 'findUserById'>, Pick<LedgerAccountStore, 'getLedgerAccount'>, Pick<KycStore, 'getKyc'> {
    /** This bank's customers (never staff) whose name is this one in canonical form, at most `limit`. */
    findCustomersNamed(name: string, limit: number): Promise<UserRecord[]>;
    findLedgerAccountByAddress(address: string): Promise<LedgerAccountRecord | undefined>;
}

/** Exactly one way to find a customer; phone and email already normalised. */
export type CustomerQuery = { phone: string } | { email: string } | { name: string } | { address: string };

export interface CustomerMatch {
    customerId: string;
    name: string;
    phone: string | null;
    email: string | null;
    address: string | null;
    kycStatus: string | null;
    createdAt: string;
}

/**
 * A teller finds one of the bank's own customers by name, phone, email or ledger address.
 * The store holds only this bank's customers, so no other bank's customer can be found;
 * staff accounts are never answered. Every search is audited: who looked, by what kind of
 * key, how many were found (never the key itself: it is personal data).
 */
export class CustomerSearch {
    constructor(
        private readonly store: CustomerDirectoryStore,
        private readonly audit: AuditLog,
    ) {}

    async find(query: CustomerQuery, limit: number, teller: string, clientAddress: string): Promise<CustomerMatch[]> {
        const users = (await this.candidates(query, limit)).filter((user) => user.role === 'customer');
        const matches = await Promise.all(users.map((user) => this.matchOf(user)));
        await this.audit.record({ event: 'customer.searched', actor: teller, subject: teller, clientAddress, details: { by: Object.keys(query)[0] ?? '', found: matches.length } });
        return matches;
    }

    private async candidates(query: CustomerQuery, limit: number): Promise<UserRecord[]> {
        if ('name' in query) {
            return this.store.findCustomersNamed(query.name, limit);
        }
        if ('address' in query) {
            const account = await this.store.findLedgerAccountByAddress(query.address);
            const user = account === undefined ? undefined : await this.store.findUserById(account.userId);
            return user === undefined ? [] : [user];
        }
        const user = await this.store.findUserByContact(query);
        return user === undefined ? [] : [user];
    }

    private async matchOf(user: UserRecord): Promise<CustomerMatch> {
        const [account, kyc] = await Promise.all([this.store.getLedgerAccount(user.id), this.store.getKyc(user.id)]);
        return { customerId: user.id, name: user.name, phone: user.phone, email: user.email, address: account?.address ?? null, kycStatus: kyc?.status ?? null, createdAt: user.createdAt };
    }
}
