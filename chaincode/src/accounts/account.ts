import { bool, decodeShape, hash, id, instant, integer, ledgerAccount, oneOf, Shape, shaped, text } from '../core/decode';
import type { KycTier } from './kyc';
import type { HolderKey } from './public-key';

/**
 * Accounts (wallet addresses). An account belongs to the member bank that serves the
 * customer; only that bank changes it. The holder is known on the channel only by a
 * hash (holderRef); name, phone and email stay with the bank.
 */

export const ACCOUNT_STATUSES = ['active', 'frozen', 'closed'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export interface Account {
    address: string;
    bank: string;
    publicKey: HolderKey;
    holderRef: string;
    kycTier: KycTier;
    /** Set by the account's bank (enhanced due diligence); the AML rules read it. Absent means false. */
    highRisk?: boolean;
    highRiskReason?: string;
    status: AccountStatus;
    statusReason?: string;
    openedAt: string;
    updatedAt: string;
    txId: string;
}


export const ACCOUNT_SHAPE: Shape = {
    required: {
        address: ledgerAccount,
        bank: id,
        publicKey: shaped({ required: { algorithm: oneOf(['ecdsa-p256', 'ed25519']), spki: text } }),
        holderRef: hash,
        kycTier: integer(0, 3),
        status: oneOf(ACCOUNT_STATUSES),
        openedAt: instant,
        updatedAt: instant,
        txId: text,
    },
    optional: { highRisk: bool, highRiskReason: text, statusReason: text },
};

export function decodeAccount(value: unknown): Account {
    return decodeShape('account', value, ACCOUNT_SHAPE);
}
