/**
 * A customer's request to top up: the bank tells them where to transfer and which
 * reference to give; a teller confirms the incoming transfer by that reference and the
 * mint follows, once (the reference is the mint's idempotency key on the ledger too).
 */
export type TopUpStatus = 'requested' | 'confirmed';

export interface TopUpRecord {
    reference: string;
    userId: string;
    /** The customer's ledger account the mint credits. */
    address: string;
    currency: string;
    /** What the customer said they would send (major units); the mint is what arrived. */
    requestedAmount: string;
    status: TopUpStatus;
    requestedAt: string;
    /** Set when confirmed: the amount that arrived and was minted, who confirmed it, the mint's transaction. */
    mintedAmount: string | null;
    confirmedAt: string | null;
    confirmedBy: string | null;
    txId: string | null;
}

export interface TopUpStore {
    /** False when the reference is taken (a new random one is drawn). */
    insertTopUp(record: TopUpRecord): Promise<boolean>;
    getTopUp(reference: string): Promise<TopUpRecord | undefined>;
    /** Newest first. */
    listTopUps(filter: { userId?: string; status?: TopUpStatus }, limit: number): Promise<TopUpRecord[]>;
    /** Marks a requested top-up confirmed; false when it was no longer 'requested'. */
    confirmTopUp(reference: string, confirmation: { mintedAmount: string; confirmedAt: string; confirmedBy: string; txId: string | null }): Promise<boolean>;
}
