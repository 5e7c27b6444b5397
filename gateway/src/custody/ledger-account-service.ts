import { createHash, createHmac } from 'node:crypto';
import { AppError } from '../errors';
import type { SubmitOptions } from '../fabric/ledger-client';
import type { AuditLog } from '../security/audit-log';
import { signingBytes, type Account, type Payment, type SignedInstruction } from '@corridor/chaincode/api';
import type { Clock } from '../security/clock';
import type { LedgerAccountRecord } from '../customers/customer-model';
import type { LedgerAccountStore } from './custody-store';
import type { CustomerLedger, LedgerWrite } from './customer-ledger';
import type { LedgerTierWriter } from '../kyc/kyc-service';
import type { WalletKeyService } from './wallet-key-service';

/** What a custodial customer asks for; the gateway fills in payer, sequence and expiry and signs. */
export interface CustodialPaymentRequest {
    paymentId: string;
    payee: string;
    amount: string;
    currency: string;
    purpose: string;
    reference?: string;
    hold?: boolean;
    targetCurrency?: string;
    quoteId?: string;
}

/** A self-custody customer's complete instruction, signed outside the gateway. */
export type { SignedInstruction };

export interface CustomerAccountView {
    address: string;
    status: string;
    kycTier: number;
    nextSequence: number;
    balances: unknown[];
}

/** How long a custodial instruction stays valid: the chaincode refuses it afterwards. */
const CUSTODIAL_EXPIRY_SECONDS = 15 * 60;

const RISK_REASON = 'KYC review';

/**
 * Each customer's account on the ledger. The bank opens it as soon as the customer has
 * a wallet key (tier 0 until KYC approval, or the approved tier when the key comes
 * later), keeps its address with the customer, moves the tier when compliance decides,
 * and submits the customer's payments: signed here with a custodial key, or forwarded
 * exactly as the self-custody customer signed them.
 */
export class LedgerAccountService {
    constructor(
        private readonly store: LedgerAccountStore,
        private readonly wallets: WalletKeyService,
        private readonly ledger: CustomerLedger,
        private readonly holderRefKey: Buffer,
        private readonly bankMspId: string,
        private readonly audit: AuditLog,
        private readonly clock: Clock,
    ) {}

    /** The customer id keyed with the bank's secret: stable, and meaningless off the bank. */
    holderRefOf(customerId: string): string {
        return createHmac('sha256', this.holderRefKey).update(`corridor-holder-ref-v1:${customerId}`, 'utf8').digest('hex');
    }

    /**
     * Opens the customer's ledger account for their wallet key, once. Safe to repeat: the
     * address comes from the key, so a second attempt finds the account the first opened.
     */
    async open(customerId: string, clientAddress: string, submission: SubmitOptions = {}): Promise<LedgerAccountRecord> {
        const known = await this.store.getLedgerAccount(customerId);
        if (known !== undefined) {
            return known;
        }
        const key = await this.store.getWalletKey(customerId);
        if (key === undefined) {
            throw new AppError('NOT_FOUND', 'set a wallet key first; the ledger account is opened for it');
        }
        const kyc = await this.store.getKyc(customerId);
        const approved = kyc?.status === 'approved' && kyc.tier !== null;
        const holderRef = this.holderRefOf(customerId);
        const opened = await this.openOnLedger(key.publicKey, holderRef, approved ? (kyc.tier as number) : 0, submission);
        if (approved && kyc.highRisk && opened.value.highRisk !== true) {
            await this.ledger.setHighRisk(opened.value.address, true, RISK_REASON, submission);
        }
        const record: LedgerAccountRecord = { userId: customerId, address: opened.value.address, holderRef, openedAt: this.clock.now().toISOString(), txId: opened.txId };
        await this.store.insertLedgerAccount(record);
        await this.audit.record({ event: 'ledger_account.opened', actor: customerId, subject: customerId, clientAddress, details: { txId: opened.txId } });
        return (await this.store.getLedgerAccount(customerId)) ?? record;
    }

    async view(customerId: string): Promise<CustomerAccountView> {
        const { address } = await this.require(customerId);
        const [account, balances] = await Promise.all([this.ledger.getAccount(address), this.ledger.balances(address)]);
        return { address, status: account.status, kycTier: account.kycTier, nextSequence: account.nextSequence, balances };
    }

    /** Custodial customers only: builds the instruction with the next sequence and signs it with their sealed key. */
    async payCustodial(customerId: string, request: CustodialPaymentRequest, submission: SubmitOptions = {}): Promise<LedgerWrite<Payment>> {
        const { address } = await this.require(customerId);
        await this.requireMode(customerId, 'custodial');
        const account = await this.ledger.getAccount(address);
        const instruction: Omit<SignedInstruction, 'signature'> = {
            ...request,
            payer: address,
            sequence: account.nextSequence,
            expiresAt: new Date(this.clock.now().getTime() + CUSTODIAL_EXPIRY_SECONDS * 1000).toISOString(),
        };
        const signature = await this.wallets.signFor(customerId, signingBytes(instruction));
        return this.ledger.submitPayment({ ...instruction, signature }, submission);
    }

    /** Self-custody customers only: forwards their signed instruction unchanged, if it pays from their own account. */
    async paySigned(customerId: string, instruction: SignedInstruction, submission: SubmitOptions = {}): Promise<LedgerWrite<Payment>> {
        const { address } = await this.require(customerId);
        // Another customer's account is refused first, whatever else is wrong with the request.
        if (instruction.payer !== address) {
            throw new AppError('FORBIDDEN', 'the payer must be your own account', 'payer');
        }
        await this.requireMode(customerId, 'self_custody');
        return this.ledger.submitPayment(instruction, submission);
    }

    /** The KYC port: an approval moves the tier (and risk flag) of the customer's ledger account. */
    tierWriter(): LedgerTierWriter {
        return {
            setTier: async (customerId, tier, highRisk) => {
                const known = await this.store.getLedgerAccount(customerId);
                if (known === undefined) {
                    // No wallet key yet: the account will be opened with the approved tier.
                    return;
                }
                const account = await this.ledger.getAccount(known.address);
                if (account.kycTier !== tier) {
                    await this.ledger.setKycTier(known.address, tier);
                }
                if ((account.highRisk ?? false) !== highRisk) {
                    await this.ledger.setHighRisk(known.address, highRisk, RISK_REASON);
                }
            },
        };
    }

    private async openOnLedger(publicKey: string, holderRef: string, kycTier: number, submission: SubmitOptions): Promise<LedgerWrite<Account>> {
        try {
            return await this.ledger.openAccount(publicKey, holderRef, kycTier, submission);
        } catch (err) {
            const code = (err as { code?: string }).code;
            if (code !== 'DUPLICATE_REQUEST' && code !== 'ALREADY_EXISTS') {
                throw err;
            }
            // Opened by an earlier attempt whose answer was lost: it is ours only if our bank holds it for this customer.
            const existing = await this.ledger.getAccount(addressOf(publicKey));
            if (existing.bank !== this.bankMspId || existing.holderRef !== holderRef) {
                throw new AppError('ALREADY_EXISTS', 'this public key already has an account on the ledger that is not yours at this bank', 'publicKey');
            }
            return { value: existing, txId: existing.txId, blockNumber: '' };
        }
    }

    private async require(customerId: string): Promise<LedgerAccountRecord> {
        const known = await this.store.getLedgerAccount(customerId);
        if (known === undefined) {
            throw new AppError('NOT_FOUND', 'no ledger account yet: set a wallet key first');
        }
        return known;
    }

    private async requireMode(customerId: string, mode: 'custodial' | 'self_custody'): Promise<void> {
        const key = await this.wallets.get(customerId);
        if (key.mode === mode) {
            return;
        }
        throw mode === 'custodial'
            ? new AppError('FORBIDDEN', 'you hold your own key: the bank never signs for you; send the complete instruction with your signature')
            : new AppError('VALIDATION_FAILED', 'the bank holds your key and signs for you: send the payment without payer, sequence, expiry or signature', 'signature');
    }
}

/**
 * The wallet address of a base64 SPKI DER key, as the chaincode derives it: `cx` + 40 hex
 * of SHA-256(SPKI DER) + 8 hex of SHA-256(`corridor-address-v1:` + those 40).
 */
export function addressOf(spkiBase64: string): string {
    const body = createHash('sha256').update(Buffer.from(spkiBase64, 'base64')).digest('hex').slice(0, 40);
    return `cx${body}${createHash('sha256').update(`corridor-address-v1:${body}`, 'utf8').digest('hex').slice(0, 8)}`;
}
