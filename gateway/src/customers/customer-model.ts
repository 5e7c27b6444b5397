/** Roles held by people with an account at the bank (API-key roles are in http/auth). */
export const USER_ROLES = ['customer', 'teller', 'compliance_officer', 'bank_admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const STAFF_ROLES = ['teller', 'compliance_officer', 'bank_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export type Channel = 'sms' | 'email';

export interface Agreements {
    userServiceAgreement: string;
    privacyPolicy: string;
    acceptedAt: string;
}

export interface UserRecord {
    id: string;
    role: UserRole;
    name: string;
    phone: string | null;
    email: string | null;
    phoneVerified: boolean;
    emailVerified: boolean;
    passwordHash: string;
    agreements: Agreements | null;
    createdAt: string;
    updatedAt: string;
}

/** A registration waiting for its verification code; becomes a user when verified. */
export interface PendingRegistration {
    id: string;
    phone: string;
    email: string;
    name: string;
    passwordHash: string;
    channel: Channel;
    agreements: Agreements;
    createdAt: string;
}

export type CodePurpose = 'register' | 'login' | 'reset_password' | 'bind_contact';

/** A one-time code, stored as a digest. userId is null for decoys and registrations. */
/** A TOTP authenticator: pending until a first code confirms it. */
export interface TotpRecord {
    userId: string;
    sealedSecret: string;
    confirmedAt: string | null;
    lastStep: number;
}

/** A new phone or email waiting for the code sent to it. */
export interface ContactChange {
    id: string;
    userId: string;
    channel: Channel;
    value: string;
    createdAt: string;
}

export interface CodeRecord {
    id: string;
    purpose: CodePurpose;
    userId: string | null;
    codeHash: string;
    expiresAt: string;
    attempts: number;
    consumedAt: string | null;
    createdAt: string;
}

export interface SessionRecord {
    id: string;
    userId: string;
    tokenHash: string;
    createdAt: string;
    lastSeenAt: string;
    expiresAt: string;
    revokedAt: string | null;
    clientAddress: string;
}

export interface LoginFailures {
    failures: number;
    lockedUntil: string | null;
}

export interface SecurityAnswer {
    questionId: string;
    answerHash: string;
}

/** A message as a notifier queues it. */
export interface OutboxDraft {
    channel: Channel;
    recipient: string;
    template: string;
    body: string;
    createdAt: string;
}

/**
 * queued: not tried yet (or no sender configured for its channel);
 * sent: handed to the mail server or SMS provider; failed: the last try failed, retried at
 * nextAttemptAt, or never again when nextAttemptAt is null. No message is ever deleted.
 */
export type OutboxStatus = 'queued' | 'sent' | 'failed';

export interface OutboxMessage extends OutboxDraft {
    id: number;
    status: OutboxStatus;
    attempts: number;
    sentAt: string | null;
    nextAttemptAt: string | null;
    /** The failure's error and reply code only (ECONNECTION, EENVELOPE 550, HTTP 503), never the server's text. */
    lastError: string | null;
}

export type SupportRequestStatus = 'open' | 'verified' | 'resolved' | 'rejected';

export interface SupportRequest {
    id: string;
    userId: string;
    kind: 'reset_security_answers';
    status: SupportRequestStatus;
    message: string;
    openedAt: string;
    verifiedBy: string | null;
    verificationMethod: string | null;
    resolvedBy: string | null;
    resolvedAt: string | null;
}

export interface SupportEvent {
    requestId: string;
    at: string;
    actor: string;
    action: string;
    note: string;
}

export type KycStatus = 'submitted' | 'approved' | 'rejected';

export interface KycRecord {
    userId: string;
    status: KycStatus;
    identity: string;
    submittedAt: string;
    reviewedBy: string | null;
    reviewedAt: string | null;
    reason: string | null;
    tier: number | null;
    highRisk: boolean;
    nextReviewAt: string | null;
}

/** A customer's signing key: held sealed by the bank (custodial) or only its public half (self-custody). */
export interface WalletKeyRecord {
    userId: string;
    mode: 'custodial' | 'self_custody';
    algorithm: 'ed25519' | 'ecdsa-p256';
    /** Base64 SPKI DER, the form the chaincode stores. */
    publicKey: string;
    /** Envelope JSON of the PKCS#8 private key; null for self-custody. */
    sealedPrivateKey: string | null;
    createdAt: string;
}

/** The customer's account on the ledger, opened by the bank for their wallet key. */
export interface LedgerAccountRecord {
    userId: string;
    /** The wallet address the chaincode derived from the wallet key. */
    address: string;
    /** HMAC-SHA256 of the customer id under the bank's holder-ref key: no personal data on the channel. */
    holderRef: string;
    openedAt: string;
    txId: string;
}
