import type { Ledger, SubmitOptions } from '../fabric/ledger-client';
import { AppError } from '../errors';

/** A customer's account as the ledger reports it (`Accounts:GetAccount`). */
export interface LedgerAccountView {
    address: string;
    bank: string;
    holderRef: string;
    kycTier: number;
    status: string;
    highRisk?: boolean;
    nextSequence: number;
}

export interface LedgerWrite<T> {
    value: T;
    txId: string;
    blockNumber: string;
}

/**
 * What the customers feature needs from the ledger: open its customers' accounts, set
 * their tier and risk flag, read them, and submit their signed payments. The chaincode
 * checks every one of these again (owner bank, signature, sequence, limits).
 */
export interface CustomerLedger {
    openAccount(publicKey: string, holderRef: string, kycTier: number, options?: SubmitOptions): Promise<LedgerWrite<LedgerAccountView>>;
    getAccount(address: string): Promise<LedgerAccountView>;
    balances(address: string): Promise<unknown[]>;
    setKycTier(address: string, tier: number): Promise<void>;
    setHighRisk(address: string, highRisk: boolean, reason: string, options?: SubmitOptions): Promise<void>;
    submitPayment(instruction: Record<string, unknown>, options?: SubmitOptions): Promise<LedgerWrite<unknown>>;
}

/** The CustomerLedger on the gateway's Fabric adapter. */
export function customerLedgerOn(ledger: Ledger): CustomerLedger {
    return {
        async openAccount(publicKey, holderRef, kycTier, options) {
            const out = await ledger.submit('Accounts:OpenAccount', [JSON.stringify({ publicKey, holderRef, kycTier })], options);
            return { value: JSON.parse(out.result) as LedgerAccountView, txId: out.txId, blockNumber: out.blockNumber };
        },
        async getAccount(address) {
            return JSON.parse(await ledger.evaluate('Accounts:GetAccount', address)) as LedgerAccountView;
        },
        async balances(address) {
            return JSON.parse(await ledger.evaluate('Accounts:GetBalances', address)) as unknown[];
        },
        async setKycTier(address, tier) {
            await ledger.submit('Accounts:SetKycTier', [address, String(tier)]);
        },
        async setHighRisk(address, highRisk, reason, options) {
            await ledger.submit('Accounts:SetHighRisk', [address, String(highRisk), reason], options);
        },
        async submitPayment(instruction, options) {
            const out = await ledger.submit('Payments:SubmitPayment', [JSON.stringify(instruction)], options);
            return { value: JSON.parse(out.result) as unknown, txId: out.txId, blockNumber: out.blockNumber };
        },
    };
}

/** Until a ledger is given to the module, anything that needs it is refused, never half done. */
export const ledgerNotWired: CustomerLedger = new Proxy({} as CustomerLedger, {
    get: () => (): Promise<never> => Promise.reject(new AppError('LEDGER_UNAVAILABLE', 'the ledger is not available to the customers feature on this gateway')),
});
