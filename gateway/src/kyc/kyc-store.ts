import type { KycRecord } from '../customers/customer-model';

/** KYC submissions and decisions. */
export interface KycStore {
    upsertKycSubmission(record: KycRecord): Promise<void>;
    getKyc(userId: string): Promise<KycRecord | undefined>;
    updateKycDecision(record: KycRecord): Promise<void>;
    listKycByStatus(status: KycRecord['status'], limit: number): Promise<KycRecord[]>;
    listKycDueForReview(asOf: string, limit: number): Promise<KycRecord[]>;
}
