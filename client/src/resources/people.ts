import { TRANSACTIONS, type BalanceView, type Payment, type Refund, type SignedInstruction } from '@corridor/chaincode/api';
import type { Transport } from '../transport.js';
import { act, gatewayObject, ledgerRecord, path, read, send, write, type WriteOptions, type Written } from './calls.js';

/**
 * People: customers signing in and managing themselves (/v1/auth, /v1/me…), and the
 * bank's staff handling support requests, KYC reviews and staff accounts. These answers
 * are the gateway's own (no ledger record behind them), typed as the API describes them.
 */

export type Channel = 'sms' | 'email';
export interface RegistrationInput {
    phone: string;
    email: string;
    name: string;
    password: string;
    agreements: { userServiceAgreement: string; privacyPolicy: string };
    verifyBy: Channel;
}
export interface RegistrationStarted {
    registrationId: string;
    channel: Channel;
    expiresAt: string;
}
export interface LoginChallenge {
    challengeId: string;
    channel: Channel | 'totp';
    expiresAt: string;
}
export interface SessionIssued {
    token: string;
    expiresAt: string;
    role: string;
}
export interface Session {
    id: string;
    createdAt: string;
    lastSeenAt: string;
    expiresAt: string;
    clientAddress: string;
    current: boolean;
}
export interface Profile {
    id: string;
    role: string;
    name: string;
    phone: string;
    email: string;
    phoneVerified: boolean;
    emailVerified: boolean;
    agreements: Record<string, string>;
    securityQuestions: string[];
    createdAt: string;
}
export interface SupportRequest {
    id: string;
    userId: string;
    kind: 'reset_security_answers';
    status: 'open' | 'verified' | 'resolved' | 'rejected';
    message: string;
    openedAt: string;
    verifiedBy: string | null;
    verificationMethod: string | null;
    resolvedBy: string | null;
    resolvedAt: string | null;
}
export interface IdentityData {
    legalName: string;
    dateOfBirth: string;
    nationality: string;
    address: string;
    idDocument: { type: 'passport' | 'national_id' | 'driving_licence'; number: string; issuingCountry: string; expiresOn: string };
    documentRefs: string[];
}
export interface KycStatus {
    status: 'not_submitted' | 'submitted' | 'approved' | 'rejected';
    submittedAt: string | null;
    reviewedAt: string | null;
    reason: string | null;
    tier: number | null;
}
export interface KycQueueItem {
    customerId: string;
    status: 'submitted' | 'approved' | 'rejected';
    submittedAt: string;
    highRisk: boolean;
    nextReviewAt: string | null;
}
export interface KycDecision {
    decision: 'approve' | 'reject';
    reason: string;
    tier?: number;
    highRisk: boolean;
    nextReviewAt?: string;
}
export interface WalletKey {
    mode: 'custodial' | 'self_custody';
    algorithm: 'ed25519' | 'ecdsa-p256';
    publicKey: string;
    createdAt: string;
}
export interface MyLedgerAccount {
    address: string;
    status: string;
    kycTier: number;
    nextSequence: number;
    balances: BalanceView[];
}
export interface SupportEvent {
    requestId: string;
    at: string;
    actor: string;
    action: string;
    note: string;
}
export interface CustodialPaymentRequest {
    paymentId: string;
    payee: string;
    amount: string;
    currency: string;
    purpose: string;
    reference?: string;
    hold?: boolean;
    /** Cross-currency: the currency the payee receives, with the firm quote from `me.quote`. */
    targetCurrency?: string;
    quoteId?: string;
}
/** The agreement and privacy texts a registration accepts, by version. */
export interface AgreementText {
    version: string;
    title: { en: string; 'zh-CN': string };
    text: { en: string; 'zh-CN': string };
}
export interface Agreements {
    userServiceAgreement: AgreementText;
    privacyPolicy: AgreementText;
}
/** What a dev gateway "sent" to a phone or e-mail address (never served in production). */
export interface DevMailbox {
    to: string;
    messages: {
        id: number;
        channel: Channel;
        template: string;
        subject?: string;
        body: string;
        createdAt: string;
        status: 'queued' | 'sent' | 'failed';
        sentAt: string | null;
        deliveryStatus?: 'accepted' | 'delivered' | 'failed';
    }[];
}
export interface CustomerQuoteInput {
    quoteId: string;
    sourceCurrency: string;
    targetCurrency: string;
    /** Exactly one of the two, in major units. */
    sourceAmount?: string;
    targetAmount?: string;
    provider?: string;
}
/** A firm quote as the ledger keeps it (minor units) with its major-unit display. */
export type CustomerQuote = Record<string, unknown> & {
    id: string;
    sourceCurrency: string;
    targetCurrency: string;
    appliedRate: string;
    expiresAt: string;
    status: 'open' | 'reserved' | 'used' | 'void';
    display: { sourceAmount: string; fee: string; debitTotal: string; targetAmount: string; spreadCost: string };
};
export interface CustomerRefundRequest {
    refundId: string;
    paymentId: string;
    amount: string;
    reason: 'wrong-payee' | 'cancelled-by-user' | 'not-delivered' | 'duplicate' | 'other';
    /** Kept off the ledger: only its SHA-256 is recorded. */
    message?: string;
}
export interface TopUp {
    reference: string;
    userId: string;
    address: string;
    currency: string;
    requestedAmount: string;
    status: 'requested' | 'confirmed';
    requestedAt: string;
    mintedAmount: string | null;
    confirmedAt: string | null;
    confirmedBy: string | null;
    txId: string | null;
}
/** A top-up asked for, with the bank transfer that funds it. */
export type TopUpRequested = TopUp & { instructions: { beneficiary: string; iban: string; bic: string; reference: string; amount: string; currency: string } };
export interface CustomerFound {
    customerId: string;
    name: string;
    phone: string | null;
    email: string | null;
    address: string | null;
    kycStatus: 'submitted' | 'approved' | 'rejected' | null;
    createdAt: string;
}
export type StaffRole = 'teller' | 'compliance_officer' | 'bank_admin';
export interface StaffInput {
    role: StaffRole;
    phone: string;
    email: string;
    name: string;
    password: string;
}
export interface AuditVerdict {
    ok: boolean;
    count: number;
    head?: string;
    brokenAt?: number;
    reason?: string;
}

const items = <T>(value: unknown): T[] => gatewayObject<{ items: T[] }>(value).items;
const payment = ledgerRecord(TRANSACTIONS.payments.get);
const refund = ledgerRecord(TRANSACTIONS.payments.getRefund);

/** Registration, sign-in and password recovery: no token needed. */
export class Auth {
    constructor(private readonly t: Transport) {}

    register(input: RegistrationInput): Promise<RegistrationStarted> {
        return send(this.t, 'POST', '/v1/auth/register', gatewayObject<RegistrationStarted>, input);
    }
    verifyRegistration(registrationId: string, code: string): Promise<{ customerId: string }> {
        return send(this.t, 'POST', '/v1/auth/register/verify', gatewayObject<{ customerId: string }>, { registrationId, code });
    }
    login(identifier: string, password: string): Promise<LoginChallenge> {
        return send(this.t, 'POST', '/v1/auth/login', gatewayObject<LoginChallenge>, { identifier, password });
    }
    verifyLogin(challengeId: string, code: string): Promise<SessionIssued> {
        return send(this.t, 'POST', '/v1/auth/login/verify', gatewayObject<SessionIssued>, { challengeId, code });
    }
    forgotPassword(identifier: string): Promise<{ requestId: string; expiresAt: string }> {
        return send(this.t, 'POST', '/v1/auth/password/forgot', gatewayObject<{ requestId: string; expiresAt: string }>, { identifier });
    }
    resetPassword(requestId: string, code: string, newPassword: string): Promise<void> {
        return act(this.t, 'POST', '/v1/auth/password/reset', { requestId, code, newPassword });
    }
    async securityQuestions(): Promise<{ id: string; text: string }[]> {
        return items(await this.t.json('GET', '/v1/auth/security-questions'));
    }
    logout(): Promise<void> {
        return act(this.t, 'POST', '/v1/auth/logout');
    }
    /** The texts and versions a registration accepts. */
    agreements(): Promise<Agreements> {
        return read(this.t, '/v1/agreements', gatewayObject<Agreements>);
    }
    /** Dev network only: the codes and messages sent to `to` (a phone or e-mail address). */
    devMailbox(to: string, limit?: number): Promise<DevMailbox> {
        return read(this.t, '/v1/dev/mailbox', gatewayObject<DevMailbox>, { to, limit });
    }
}

/** What a signed-in customer does for themself: profile, sessions, security, KYC, wallet and payments. */
export class Me {
    constructor(private readonly t: Transport) {}

    profile(): Promise<Profile> {
        return read(this.t, '/v1/me', gatewayObject<Profile>);
    }
    async sessions(): Promise<Session[]> {
        return items(await this.t.json('GET', '/v1/me/sessions'));
    }
    revokeSession(sessionId: string): Promise<void> {
        return act(this.t, 'POST', `${path`/v1/me/sessions/${sessionId}`}/revoke`);
    }
    /** Every other session of the person ends. */
    changePassword(oldPassword: string, newPassword: string): Promise<{ sessionsEnded: number }> {
        return send(this.t, 'POST', '/v1/me/password', gatewayObject<{ sessionsEnded: number }>, { oldPassword, newPassword });
    }
    setSecurityAnswers(password: string, answers: { questionId: string; answer: string }[]): Promise<void> {
        return act(this.t, 'POST', '/v1/me/security-answers', { password, answers });
    }
    startContactChange(channel: Channel, value: string, password: string): Promise<{ changeId: string; expiresAt: string }> {
        return send(this.t, 'POST', '/v1/me/contact', gatewayObject<{ changeId: string; expiresAt: string }>, { channel, value, password });
    }
    completeContactChange(changeId: string, code: string): Promise<{ sessionsEnded: number }> {
        return send(this.t, 'POST', '/v1/me/contact/verify', gatewayObject<{ sessionsEnded: number }>, { changeId, code });
    }
    startTotp(password: string): Promise<{ secret: string; otpauthUri: string }> {
        return send(this.t, 'POST', '/v1/me/totp', gatewayObject<{ secret: string; otpauthUri: string }>, { password });
    }
    confirmTotp(code: string): Promise<void> {
        return act(this.t, 'POST', '/v1/me/totp/confirm', { code });
    }
    removeTotp(password: string, code: string): Promise<void> {
        return act(this.t, 'POST', '/v1/me/totp/remove', { password, code });
    }
    openSupportRequest(message?: string): Promise<SupportRequest> {
        return send(this.t, 'POST', '/v1/me/support-requests', gatewayObject<SupportRequest>, { kind: 'reset_security_answers', ...(message !== undefined ? { message } : {}) });
    }
    supportRequest(requestId: string): Promise<{ request: SupportRequest; events: SupportEvent[] }> {
        return read(this.t, path`/v1/me/support-requests/${requestId}`, gatewayObject<{ request: SupportRequest; events: SupportEvent[] }>);
    }
    kyc(): Promise<KycStatus> {
        return read(this.t, '/v1/me/kyc', gatewayObject<KycStatus>);
    }
    submitKyc(identity: IdentityData): Promise<KycStatus> {
        return send(this.t, 'POST', '/v1/me/kyc', gatewayObject<KycStatus>, identity);
    }
    walletKey(): Promise<WalletKey> {
        return read(this.t, '/v1/me/wallet-key', gatewayObject<WalletKey>);
    }
    /** Custodial (the bank keeps the key) or self-custody (the customer's public key). */
    createWalletKey(request: { mode: 'custodial' } | { mode: 'self_custody'; publicKey: string }): Promise<WalletKey & { account: { address: string } }> {
        return send(this.t, 'POST', '/v1/me/wallet-key', gatewayObject<WalletKey & { account: { address: string } }>, request);
    }
    account(): Promise<MyLedgerAccount> {
        return read(this.t, '/v1/me/account', gatewayObject<MyLedgerAccount>);
    }
    openAccount(options?: WriteOptions): Promise<{ address: string; openedAt: string; txId: string }> {
        return send(this.t, 'POST', '/v1/me/account', gatewayObject<{ address: string; openedAt: string; txId: string }>, undefined, options);
    }
    /** A custodial payment (the bank signs) or a self-custody one (the instruction as the customer signed it). */
    pay(request: CustodialPaymentRequest | SignedInstruction, options?: WriteOptions): Promise<Written<'payment', Payment>> {
        return write(this.t, 'POST', '/v1/me/payments', { key: 'payment', decode: payment, body: request }, options);
    }
    /** Cancels the customer's held payment; `signature` only for self-custody (over the cancellation bytes). */
    cancelPayment(paymentId: string, signature?: string, options?: WriteOptions): Promise<Written<'payment', Payment>> {
        const body = signature === undefined ? {} : { signature };
        return write(this.t, 'POST', `${path`/v1/me/payments/${paymentId}`}/cancellation`, { key: 'payment', decode: payment, body }, options);
    }
    /** A firm quote for a cross-currency payment from the customer's own account. */
    quote(input: CustomerQuoteInput, options?: WriteOptions): Promise<Written<'quote', CustomerQuote>> {
        return write(this.t, 'POST', '/v1/me/quotes', { key: 'quote', decode: gatewayObject<CustomerQuote>, body: input, reread: () => this.quoteById(input.quoteId) }, options);
    }
    async quoteById(quoteId: string): Promise<CustomerQuote> {
        return gatewayObject<{ quote: CustomerQuote }>(await this.t.json('GET', path`/v1/me/quotes/${quoteId}`)).quote;
    }
    requestRefund(input: CustomerRefundRequest, options?: WriteOptions): Promise<Written<'refund', Refund>> {
        return write(this.t, 'POST', '/v1/me/refund-requests', { key: 'refund', decode: refund, body: input }, options);
    }
    /** A payee of this bank by phone, e-mail or pay ID: the address and a masked name. */
    async payee(alias: string): Promise<{ address: string; displayName: string }> {
        return gatewayObject<{ payee: { address: string; displayName: string } }>(await this.t.json('GET', '/v1/me/payees', { query: { alias } })).payee;
    }
    /** Asks to top up: the answer holds the bank transfer (IBAN, reference) that funds it. */
    requestTopUp(currency: string, amount: string, options?: WriteOptions): Promise<TopUpRequested> {
        return send(this.t, 'POST', '/v1/me/top-ups', gatewayObject<TopUpRequested>, { currency, amount }, options);
    }
    async topUps(limit?: number): Promise<TopUp[]> {
        return gatewayObject<{ topUps: TopUp[] }>(await this.t.json('GET', '/v1/me/top-ups', { query: { limit } })).topUps;
    }
}

/** The bank's staff: support requests, KYC reviews, staff accounts and the audit log. */
export class Staff {
    constructor(private readonly t: Transport) {}

    async supportRequests(status?: string, limit?: number): Promise<SupportRequest[]> {
        return items(await this.t.json('GET', '/v1/support-requests', { query: { status, limit } }));
    }
    supportRequest(requestId: string): Promise<{ request: SupportRequest; events: SupportEvent[] }> {
        return read(this.t, path`/v1/support-requests/${requestId}`, gatewayObject<{ request: SupportRequest; events: SupportEvent[] }>);
    }
    verifyIdentity(requestId: string, method: string, note: string): Promise<SupportRequest> {
        return send(this.t, 'POST', `${path`/v1/support-requests/${requestId}`}/verify-identity`, gatewayObject<SupportRequest>, { method, note });
    }
    resetSecurityAnswers(requestId: string, note: string): Promise<SupportRequest> {
        return send(this.t, 'POST', `${path`/v1/support-requests/${requestId}`}/reset-security-answers`, gatewayObject<SupportRequest>, { note });
    }
    rejectSupportRequest(requestId: string, note: string): Promise<SupportRequest> {
        return send(this.t, 'POST', `${path`/v1/support-requests/${requestId}`}/reject`, gatewayObject<SupportRequest>, { note });
    }
    async kycQueue(status?: string, limit?: number): Promise<KycQueueItem[]> {
        return items(await this.t.json('GET', '/v1/kyc/queue', { query: { status, limit } }));
    }
    async kycDueForReview(asOf?: string, limit?: number): Promise<KycQueueItem[]> {
        return items(await this.t.json('GET', '/v1/kyc/due-for-review', { query: { asOf, limit } }));
    }
    /** The customer's declared identity, shown to compliance only (each read is audited). */
    kyc(customerId: string): Promise<{ identity: IdentityData; record: KycQueueItem }> {
        return read(this.t, path`/v1/kyc/${customerId}`, gatewayObject<{ identity: IdentityData; record: KycQueueItem }>);
    }
    decideKyc(customerId: string, decision: KycDecision): Promise<KycQueueItem> {
        return send(this.t, 'POST', `${path`/v1/kyc/${customerId}`}/decision`, gatewayObject<KycQueueItem>, decision);
    }
    createStaff(input: StaffInput): Promise<{ userId: string }> {
        return send(this.t, 'POST', '/v1/staff', gatewayObject<{ userId: string }>, input);
    }
    changeRole(userId: string, role: StaffRole): Promise<void> {
        return act(this.t, 'POST', `${path`/v1/staff/${userId}`}/role`, { role });
    }
    /** The bank's own customers by phone, e-mail, name or ledger address (the teller's search). */
    async findCustomers(by: { phone?: string; email?: string; name?: string; address?: string; limit?: number }): Promise<CustomerFound[]> {
        return gatewayObject<{ customers: CustomerFound[] }>(await this.t.json('GET', '/v1/customers', { query: by })).customers;
    }
    async topUpRequests(status?: 'requested' | 'confirmed', limit?: number): Promise<TopUp[]> {
        return gatewayObject<{ topUps: TopUp[] }>(await this.t.json('GET', '/v1/top-up-requests', { query: { status, limit } })).topUps;
    }
    /** The incoming transfer arrived: the bank mints what arrived, once per reference. */
    async confirmTopUp(reference: string, currency: string, amount: string, options?: WriteOptions): Promise<TopUp> {
        return gatewayObject<{ topUp: TopUp }>(await this.t.json('POST', `${path`/v1/top-up-requests/${reference}`}/confirmation`, { body: { currency, amount }, ...options })).topUp;
    }
    verifyAuditLog(): Promise<AuditVerdict> {
        return read(this.t, '/v1/audit/verify', gatewayObject<AuditVerdict>);
    }
}
