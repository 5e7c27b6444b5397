import type { AuditStore } from '../security/audit-log';
import type {
    Channel,
    CodeRecord,
    KycRecord,
    LoginFailures,
    OutboxDraft,
    OutboxMessage,
    PendingRegistration,
    SecurityAnswer,
    SessionRecord,
    SupportEvent,
    SupportRequest,
    UserRecord,
    UserRole,
    WalletKeyRecord,
    ContactChange,
    TotpRecord,
    LedgerAccountRecord,
} from './customer-model';

/**
 * Persistence port of the customers feature. Every method is atomic on its own; the SQL
 * store implements it on SQLite and PostgreSQL.
 */
export interface CustomerStore extends AuditStore {
    insertPendingRegistration(registration: PendingRegistration): Promise<void>;
    getPendingRegistration(id: string): Promise<PendingRegistration | undefined>;
    deletePendingRegistration(id: string): Promise<void>;

    /** Inserts unless the phone or email is taken; names the taken one. */
    insertUser(user: UserRecord): Promise<{ taken?: 'phone' | 'email' }>;
    findUserById(id: string): Promise<UserRecord | undefined>;
    findUserByContact(contact: { phone?: string; email?: string }): Promise<UserRecord | undefined>;
    updatePassword(userId: string, passwordHash: string, at: string): Promise<void>;
    updateRole(userId: string, role: UserRole, at: string): Promise<void>;
    /** Sets a verified phone or email unless another account holds it. */
    updateContact(userId: string, channel: 'sms' | 'email', value: string, at: string): Promise<{ taken?: 'phone' | 'email' }>;
    insertContactChange(change: ContactChange): Promise<void>;
    /** Starts (or restarts, while unconfirmed) a TOTP enrolment. */
    saveTotpPending(userId: string, sealedSecret: string): Promise<void>;
    getTotp(userId: string): Promise<TotpRecord | undefined>;
    confirmTotp(userId: string, at: string): Promise<void>;
    deleteTotp(userId: string): Promise<void>;
    /** True only when the step is later than any used before: a TOTP code works once. */
    useTotpStep(userId: string, step: number): Promise<boolean>;
    getContactChange(id: string): Promise<ContactChange | undefined>;

    insertCode(code: CodeRecord): Promise<void>;
    getCode(id: string): Promise<CodeRecord | undefined>;
    countCodeAttempt(id: string): Promise<void>;
    /** True only for the first caller: a code is used at most once. */
    consumeCode(id: string, at: string): Promise<boolean>;

    insertSession(session: SessionRecord): Promise<void>;
    findSessionByTokenHash(tokenHash: string): Promise<SessionRecord | undefined>;
    touchSession(id: string, at: string): Promise<void>;
    listActiveSessions(userId: string, at: string): Promise<SessionRecord[]>;
    revokeSession(userId: string, sessionId: string, at: string): Promise<boolean>;
    revokeSessionsOfUser(userId: string, at: string, exceptSessionId?: string): Promise<number>;

    getLoginFailures(key: string): Promise<LoginFailures>;
    setLoginFailures(key: string, failures: LoginFailures): Promise<void>;
    clearLoginFailures(key: string): Promise<void>;

    replaceSecurityAnswers(userId: string, answers: SecurityAnswer[]): Promise<void>;
    getSecurityAnswers(userId: string): Promise<SecurityAnswer[]>;

    /** Queues a message; returns its id. */
    insertOutbox(message: OutboxDraft): Promise<number>;
    listOutbox(limit: number): Promise<OutboxMessage[]>;
    /** Messages of a channel that are queued, or failed with a retry due at or before `at`, oldest first. */
    listOutboxDue(channel: Channel, at: string, limit: number): Promise<OutboxMessage[]>;
    markOutboxSent(id: number, attempts: number, at: string): Promise<void>;
    /** nextAttemptAt null: no more retries; the message stays for staff to see. */
    markOutboxFailed(id: number, attempts: number, error: string, nextAttemptAt: string | null): Promise<void>;

    insertSupportRequest(request: SupportRequest): Promise<void>;
    getSupportRequest(id: string): Promise<SupportRequest | undefined>;
    listSupportRequests(status: SupportRequest['status'], limit: number): Promise<SupportRequest[]>;
    updateSupportRequest(request: SupportRequest): Promise<void>;
    insertSupportEvent(event: SupportEvent): Promise<void>;
    listSupportEvents(requestId: string): Promise<SupportEvent[]>;

    upsertKycSubmission(record: KycRecord): Promise<void>;
    getKyc(userId: string): Promise<KycRecord | undefined>;
    updateKycDecision(record: KycRecord): Promise<void>;
    listKycByStatus(status: KycRecord['status'], limit: number): Promise<KycRecord[]>;
    listKycDueForReview(asOf: string, limit: number): Promise<KycRecord[]>;
    countKyc(): Promise<number>;

    /** False when the customer already has a key: a key is never replaced silently. */
    insertWalletKey(record: WalletKeyRecord): Promise<boolean>;
    getWalletKey(userId: string): Promise<WalletKeyRecord | undefined>;

    /** False when the customer already has a ledger account recorded: an address is never replaced. */
    insertLedgerAccount(record: LedgerAccountRecord): Promise<boolean>;
    getLedgerAccount(userId: string): Promise<LedgerAccountRecord | undefined>;

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
