import { AppError } from '../errors';
import type { AuditLog } from '../security/audit-log';
import type { Clock } from '../security/clock';
import type { Envelope, EnvelopeCipher } from '../security/envelope-cipher';
import type { KycRecord } from '../customers/customer-model';
import type { KycStore } from './kyc-store';

/** What the customer declares; held only encrypted, shown only to compliance. */
export interface IdentityData {
    legalName: string;
    dateOfBirth: string;
    nationality: string;
    address: string;
    idDocument: { type: 'passport' | 'national_id' | 'driving_licence'; number: string; issuingCountry: string; expiresOn: string };
    documentRefs: string[];
}

export interface KycDecisionInput {
    decision: 'approve' | 'reject';
    reason: string;
    tier?: number;
    highRisk: boolean;
    nextReviewAt?: string;
}

/** Port to the ledger: approval sets the customer's tier there, where its limits apply. */
export interface LedgerTierWriter {
    setTier(customerId: string, tier: number, highRisk: boolean): Promise<void>;
}

/** Status as the customer sees it: no identity data, no reviewer. */
export interface KycStatusView {
    status: KycRecord['status'] | 'not_submitted';
    submittedAt: string | null;
    reviewedAt: string | null;
    reason: string | null;
    tier: number | null;
}

export interface KycQueueItem {
    customerId: string;
    status: KycRecord['status'];
    submittedAt: string;
    highRisk: boolean;
    nextReviewAt: string | null;
}

/** Default review intervals (months): high-risk customers yearly, others every three years. */
const REVIEW_MONTHS = { highRisk: 12, standard: 36 };

export class KycService {
    constructor(
        private readonly store: KycStore,
        private readonly cipher: EnvelopeCipher,
        private readonly tiers: LedgerTierWriter,
        private readonly audit: AuditLog,
        private readonly clock: Clock,
    ) {}

    async submit(customerId: string, identity: IdentityData, clientAddress: string): Promise<KycStatusView> {
        const existing = await this.store.getKyc(customerId);
        if (existing?.status === 'submitted' || existing?.status === 'approved') {
            throw new AppError('INVALID_STATE', `identity data is ${existing.status}; it cannot be submitted again now`);
        }
        const envelope = this.cipher.seal(Buffer.from(JSON.stringify(identity), 'utf8'), context(customerId));
        const record: KycRecord = {
            userId: customerId,
            status: 'submitted',
            identity: JSON.stringify(envelope),
            submittedAt: this.clock.now().toISOString(),
            reviewedBy: null,
            reviewedAt: null,
            reason: null,
            tier: existing?.tier ?? null,
            highRisk: existing?.highRisk ?? false,
            nextReviewAt: existing?.nextReviewAt ?? null,
        };
        await this.store.upsertKycSubmission(record);
        await this.audit.record({ event: 'kyc.submitted', actor: customerId, subject: customerId, clientAddress });
        return view(record);
    }

    async status(customerId: string): Promise<KycStatusView> {
        const record = await this.store.getKyc(customerId);
        return record === undefined
            ? { status: 'not_submitted', submittedAt: null, reviewedAt: null, reason: null, tier: null }
            : view(record);
    }

    /** Decrypts for a compliance officer; each reading is an audit entry. */
    async identityFor(customerId: string, officer: string, clientAddress: string): Promise<{ identity: IdentityData; record: KycQueueItem }> {
        const record = await this.require(customerId);
        const identity = JSON.parse(this.cipher.open(JSON.parse(record.identity) as Envelope, context(customerId)).toString('utf8')) as IdentityData;
        await this.audit.record({ event: 'kyc.identity_read', actor: officer, subject: customerId, clientAddress });
        return { identity, record: queueItem(record) };
    }

    async decide(customerId: string, input: KycDecisionInput, officer: string, clientAddress: string): Promise<KycQueueItem> {
        const record = await this.require(customerId);
        if (record.status !== 'submitted') {
            throw new AppError('INVALID_STATE', `identity data is ${record.status}, not awaiting a decision`);
        }
        if (input.decision === 'approve' && input.tier === undefined) {
            throw new AppError('VALIDATION_FAILED', 'an approval needs a tier', 'tier');
        }
        const now = this.clock.now();
        const decided: KycRecord = {
            ...record,
            status: input.decision === 'approve' ? 'approved' : 'rejected',
            reviewedBy: officer,
            reviewedAt: now.toISOString(),
            reason: input.reason,
            tier: input.decision === 'approve' ? (input.tier as number) : record.tier,
            highRisk: input.highRisk,
            nextReviewAt:
                input.decision === 'approve'
                    ? (input.nextReviewAt ?? addMonths(now, input.highRisk ? REVIEW_MONTHS.highRisk : REVIEW_MONTHS.standard))
                    : record.nextReviewAt,
        };
        if (decided.status === 'approved') {
            // The ledger first: an approval that the ledger refused must not be recorded as done.
            await this.tiers.setTier(customerId, decided.tier as number, decided.highRisk);
        }
        await this.store.updateKycDecision(decided);
        await this.audit.record({
            event: `kyc.${decided.status}`,
            actor: officer,
            subject: customerId,
            clientAddress,
            details: { highRisk: decided.highRisk, ...(decided.tier !== null ? { tier: decided.tier } : {}) },
        });
        return queueItem(decided);
    }

    async queue(status: KycRecord['status'], limit: number): Promise<KycQueueItem[]> {
        return (await this.store.listKycByStatus(status, limit)).map(queueItem);
    }

    async dueForReview(asOf: Date | undefined, limit: number): Promise<KycQueueItem[]> {
        return (await this.store.listKycDueForReview((asOf ?? this.clock.now()).toISOString(), limit)).map(queueItem);
    }

    private async require(customerId: string): Promise<KycRecord> {
        const record = await this.store.getKyc(customerId);
        if (record === undefined) {
            throw new AppError('NOT_FOUND', 'no identity data submitted for this customer');
        }
        return record;
    }
}

/** Binds the ciphertext to its customer: a row copied to another customer does not decrypt. */
function context(customerId: string): string {
    return `kyc:${customerId}`;
}

function view(record: KycRecord): KycStatusView {
    return { status: record.status, submittedAt: record.submittedAt, reviewedAt: record.reviewedAt, reason: record.reason, tier: record.tier };
}

function queueItem(record: KycRecord): KycQueueItem {
    return {
        customerId: record.userId,
        status: record.status,
        submittedAt: record.submittedAt,
        highRisk: record.highRisk,
        nextReviewAt: record.nextReviewAt,
    };
}

function addMonths(date: Date, months: number): string {
    const next = new Date(date.getTime());
    next.setUTCMonth(next.getUTCMonth() + months);
    return next.toISOString();
}
