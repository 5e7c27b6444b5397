import { createHash } from 'node:crypto';
import { deriveAddress, parsePublicKey, type Account, type BalanceView, type HolderKey, type Payment, type SupplyRecord } from '@corridor/chaincode/api';

/** Fields to change; the public key as the record holds it, or as PEM / base64 DER. */
type AccountOverrides = Omit<Partial<Account>, 'publicKey'> & { publicKey?: HolderKey | string };

/**
 * Complete ledger records in the chaincode's shapes (chaincode/src/accounts/account.ts,
 * payments/records.ts), for stubs of the Ledger port: the gateway's typed contract decodes
 * every answer and refuses a partial one, as it would refuse it from the real chaincode.
 */

export const AT = '2026-01-05T10:00:00.000Z';

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A ledger account address derived like the chaincode's, from a label. */
export function addressFor(label: string): string {
    return `cx${digest(label).slice(0, 48)}`;
}

/** An account record; with `publicKey` (PEM or base64 DER) its key and address are the ones the chaincode derives. */
export function accountRecord(overrides: AccountOverrides = {}): Account {
    const { publicKey, ...rest } = overrides;
    const key = typeof publicKey === 'string' ? parsePublicKey(publicKey) : (publicKey ?? { algorithm: 'ed25519' as const, spki: 'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=' });
    return {
        address: typeof publicKey === 'string' ? deriveAddress(key) : addressFor('account'),
        bank: 'Bank1MSP',
        publicKey: key,
        holderRef: digest('holder'),
        kycTier: 1,
        status: 'active',
        openedAt: AT,
        updatedAt: AT,
        txId: 'tx-open',
        ...rest,
    };
}

/** An account as Accounts:GetAccount answers it: the record and the payer's next sequence. */
export function accountView(overrides: AccountOverrides & { nextSequence?: number } = {}): Account & { nextSequence: number } {
    const { nextSequence = 1, ...account } = overrides;
    return { ...accountRecord(account), nextSequence };
}

export function balanceRecord(overrides: Partial<BalanceView> = {}): BalanceView {
    return { currency: 'EUR', available: '90.00', reserved: '0.00', pendingCredits: 0, ...overrides };
}

/** A payment record; from a signed instruction, the fields the chaincode copies from it. */
export function paymentRecord(instruction: Record<string, unknown> = {}, overrides: Partial<Payment> = {}): Payment {
    const pick = (field: string, fallback: string): string => (typeof instruction[field] === 'string' ? instruction[field] : fallback);
    const reference = instruction.reference;
    return {
        paymentId: pick('paymentId', 'p-1'),
        txId: 'tx-payment',
        time: AT,
        payer: pick('payer', addressFor('payer')),
        payee: pick('payee', addressFor('payee')),
        payerBank: 'Bank1MSP',
        payeeBank: 'Bank1MSP',
        amount: pick('amount', '10.00'),
        currency: pick('currency', 'EUR'),
        purpose: pick('purpose', 'GDDS'),
        ...(typeof reference === 'string' ? { reference } : {}),
        sequence: typeof instruction.sequence === 'number' ? instruction.sequence : 1,
        expiresAt: pick('expiresAt', '2026-01-05T10:15:00.000Z'),
        instructionHash: digest(JSON.stringify(instruction)),
        signature: pick('signature', 'c2lnbmF0dXJl'),
        status: 'settled',
        refunded: '0.00',
        refundPending: '0.00',
        history: [{ status: 'settled', time: AT, txId: 'tx-payment' }],
        ...overrides,
    };
}

/** A member as Members:ListMembers answers it, from its entry in network/consortium.json. */
export function memberRecord(input: object): Record<string, unknown> {
    return { ...input, status: 'active', admittedAt: AT, updatedAt: AT, txId: 'tx-consortium' };
}

/** A mint (top-up) or burn (withdrawal) as Accounts:Mint and Accounts:Burn answer it, from the request. */
export function supplyRecord(movement: Record<string, unknown> = {}, overrides: Partial<SupplyRecord> = {}): SupplyRecord {
    const pick = (field: string, fallback: string): string => (typeof movement[field] === 'string' ? movement[field] : fallback);
    return {
        movement: 'mint', reference: pick('reference', 'TOPUP-1'), address: pick('address', addressFor('account')), currency: pick('currency', 'EUR'),
        amount: pick('amount', '10.00'), issuer: 'Bank1MSP', time: AT, txId: 'tx-supply', ...overrides,
    };
}
