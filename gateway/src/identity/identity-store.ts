import type {
    CodeRecord,
    ContactChange,
    LoginFailures,
    PendingRegistration,
    SecurityAnswer,
    SessionRecord,
    TotpRecord,
    UserRecord,
    UserRole,
} from '../customers/customer-model';

/** What the session service keeps: sessions, and the users they belong to. */
export interface SessionStore extends Pick<AccountStore, 'findUserById'> {
    insertSession(session: SessionRecord): Promise<void>;
    findSessionByTokenHash(tokenHash: string): Promise<SessionRecord | undefined>;
    touchSession(id: string, at: string): Promise<void>;
    listActiveSessions(userId: string, at: string): Promise<SessionRecord[]>;
    revokeSession(userId: string, sessionId: string, at: string): Promise<boolean>;
    revokeSessionsOfUser(userId: string, at: string, exceptSessionId?: string): Promise<number>;
}

/** One-time codes, kept as digests. */
export interface CodeStore {
    insertCode(code: CodeRecord): Promise<void>;
    getCode(id: string): Promise<CodeRecord | undefined>;
    countCodeAttempt(id: string): Promise<void>;
    /** True only for the first caller: a code is used at most once. */
    consumeCode(id: string, at: string): Promise<boolean>;
}

/** TOTP authenticators. */
export interface TotpStore {
    /** Starts (or restarts, while unconfirmed) a TOTP enrolment. */
    saveTotpPending(userId: string, sealedSecret: string): Promise<void>;
    getTotp(userId: string): Promise<TotpRecord | undefined>;
    confirmTotp(userId: string, at: string): Promise<void>;
    deleteTotp(userId: string): Promise<void>;
    /** True only when the step is later than any used before: a TOTP code works once. */
    useTotpStep(userId: string, step: number): Promise<boolean>;
}

/** Registration, sign-in, recovery and contact changes: what the account service reads and writes. */
export interface AccountStore extends Pick<CodeStore, 'getCode'> {
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
    getContactChange(id: string): Promise<ContactChange | undefined>;
    getLoginFailures(key: string): Promise<LoginFailures>;
    setLoginFailures(key: string, failures: LoginFailures): Promise<void>;
    clearLoginFailures(key: string): Promise<void>;
    replaceSecurityAnswers(userId: string, answers: SecurityAnswer[]): Promise<void>;
    getSecurityAnswers(userId: string): Promise<SecurityAnswer[]>;
}
