import type { Account, BalanceView, Payment, ResultOf, SignedInstruction, TRANSACTIONS } from '@corridor/chaincode/api';
import type { Ledger, SubmitOptions } from '../fabric/ledger-client';
import { ledgerContract, type Committed } from '../fabric/ledger-contract';
import { AppError } from '../errors';

/** A customer's account as the ledger reports it (`Accounts:GetAccount`): the record and its next sequence. */
export type LedgerAccountView = ResultOf<typeof TRANSACTIONS.accounts.get>;

export type LedgerWrite<T> = Committed<T>;

/**
 * What the customers feature needs from the ledger: open its customers' accounts, set
 * their tier and risk flag, read them, and submit their signed payments. The chaincode
 * checks every one of these again (owner bank, signature, sequence, limits).
 */
export interface CustomerLedger {
    openAccount(publicKey: string, holderRef: string, kycTier: number, options?: SubmitOptions): Promise<LedgerWrite<Account>>;
    getAccount(address: string): Promise<LedgerAccountView>;
    balances(address: string): Promise<BalanceView[]>;
    setKycTier(address: string, tier: number): Promise<void>;
    setHighRisk(address: string, highRisk: boolean, reason: string, options?: SubmitOptions): Promise<void>;
    submitPayment(instruction: SignedInstruction, options?: SubmitOptions): Promise<LedgerWrite<Payment>>;
}

/** The CustomerLedger on the gateway's typed contract over the Fabric adapter. */
export function customerLedgerOn(ledger: Ledger): CustomerLedger {
    const contract = ledgerContract(ledger);
    return {
        openAccount: (publicKey, holderRef, kycTier, options) => ledgerContract(ledger, options).accounts.open({ publicKey, holderRef, kycTier }),
        getAccount: (address) => contract.accounts.get(address),
        balances: (address) => contract.accounts.balances(address),
        async setKycTier(address, tier) {
            await contract.accounts.setKycTier(address, tier);
        },
        async setHighRisk(address, highRisk, reason, options) {
            await ledgerContract(ledger, options).accounts.setHighRisk(address, highRisk, reason);
        },
        submitPayment: (instruction, options) => ledgerContract(ledger, options).payments.submit(instruction),
    };
}

/** Until a ledger is given to the module, anything that needs it is refused, never half done. */
export const ledgerNotWired: CustomerLedger = new Proxy({} as CustomerLedger, {
    get: () => (): Promise<never> => Promise.reject(new AppError('LEDGER_UNAVAILABLE', 'the ledger is not available to the customers feature on this gateway')),
});
