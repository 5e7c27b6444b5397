/** The shapes of the gateway's answers the pages read (gateway/openapi.json). */
export type Role = 'customer' | 'teller' | 'compliance_officer' | 'bank_admin';

export interface Profile {
    id: string;
    role: Role;
    name: string;
    phone: string | null;
    email: string | null;
    phoneVerified: boolean;
    emailVerified: boolean;
    securityQuestions: string[];
    createdAt: string;
}

export interface Balance {
    currency: string;
    available: string;
    reserved: string;
}

export interface MyAccount {
    address: string;
    status: string;
    kycTier: number;
    nextSequence: number;
    balances: Balance[];
}

export interface TransactionSummary {
    id: string;
    serialNumber: string;
    type: 'remittance' | 'receipt' | 'transfer' | 'top-up' | 'withdrawal' | 'refund';
    time: string;
    amount: string;
    currency: string;
    targetAmount?: string;
    targetCurrency?: string;
    status: 'succeeded' | 'failed' | 'pending';
    state: string;
    direction: 'in' | 'out';
    counterparty: string | null;
    counterpartyBank?: string;
}

export interface TransactionDetail extends TransactionSummary {
    paymentId: string | null;
    block?: { number: string; hash: string | null };
    history?: { state: string; event: string; time: string; txId: string; block: string; note?: string }[];
}

export interface Page<T> {
    items: T[];
    nextCursor?: string | null;
}
