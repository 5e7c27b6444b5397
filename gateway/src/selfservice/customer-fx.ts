import { createHash } from 'node:crypto';
import { cancellationBytes, type Payment, type Refund } from '@corridor/chaincode/api';
import { AppError } from '../errors';
import type { Ledger, SubmitOptions } from '../fabric/ledger-client';
import { ledgerContract, type Committed } from '../fabric/ledger-contract';
import type { LedgerAccountStore } from '../custody/custody-store';
import type { WalletKeyService } from '../custody/wallet-key-service';

/** A quote as the ledger shows it, amounts in major units beside the record's. */
export type QuoteView = Awaited<ReturnType<ReturnType<typeof ledgerContract>['fx']['quote']>>;

/** What a customer asks a quote for; the bank fills in the payer (their own account) and the lifetime. */
export interface CustomerQuoteRequest {
    quoteId: string;
    sourceCurrency: string;
    targetCurrency: string;
    sourceAmount?: string;
    targetAmount?: string;
    /** The FX provider's MSP id; this bank's configured provider when absent. */
    provider?: string;
}

export interface CustomerRefundRequest {
    refundId: string;
    paymentId: string;
    amount: string;
    reason: 'wrong-payee' | 'cancelled-by-user' | 'not-delivered' | 'duplicate' | 'other';
    /** The customer's own words; only its SHA-256 reaches the ledger (as the evidence reference), never the text. */
    message?: string;
}

export interface CustomerFxSettings {
    /** The provider asked when the customer names none. */
    fxProvider: string;
    /** How long a customer's quote stays firm. */
    quoteLifetimeSeconds: number;
}

/**
 * A custodial customer's quotes, cancellations and refund requests, each on the customer's
 * own account only: the account comes from the session, never from the request, and a
 * quote or payment of another account is answered as not found. The chaincode checks
 * again (quote payer, cancellation signature, payer's bank).
 */
export class CustomerFx {
    constructor(
        private readonly ledger: Ledger,
        private readonly accounts: Pick<LedgerAccountStore, 'getLedgerAccount'>,
        private readonly wallets: Pick<WalletKeyService, 'signFor'>,
        private readonly settings: CustomerFxSettings,
    ) {}

    async requestQuote(customerId: string, request: CustomerQuoteRequest, submission: SubmitOptions = {}): Promise<Committed<QuoteView>> {
        const payer = await this.addressOf(customerId);
        const { provider, ...terms } = request;
        return ledgerContract(this.ledger, submission).fx.requestQuote({
            ...terms,
            payer,
            provider: provider ?? this.settings.fxProvider,
            lifetimeSeconds: this.settings.quoteLifetimeSeconds,
        });
    }

    async quote(customerId: string, quoteId: string): Promise<QuoteView> {
        const payer = await this.addressOf(customerId);
        const quote = await this.reads().fx.quote(quoteId);
        if (quote.payer !== payer) {
            throw new AppError('NOT_FOUND', `no quote ${quoteId} for your account`);
        }
        return quote;
    }

    /** Cancels the customer's own held payment, signed with their custodial key (or with the signature they send). */
    async cancel(customerId: string, paymentId: string, signature: string | undefined, submission: SubmitOptions = {}): Promise<Committed<Payment>> {
        await this.ownPayment(customerId, paymentId);
        const signed = signature ?? (await this.wallets.signFor(customerId, cancellationBytes(paymentId)));
        return ledgerContract(this.ledger, submission).payments.cancel({ paymentId, signature: signed });
    }

    /** Files a refund request on the customer's own settled payment; the payee's bank decides. */
    async requestRefund(customerId: string, request: CustomerRefundRequest, submission: SubmitOptions = {}): Promise<Committed<Refund>> {
        await this.ownPayment(customerId, request.paymentId);
        const evidence = `corridor-refund-message-v1:${request.refundId}:${request.message ?? ''}`;
        return ledgerContract(this.ledger, submission).payments.requestRefund({
            refundId: request.refundId,
            paymentId: request.paymentId,
            amount: request.amount,
            reason: request.reason,
            evidenceRef: createHash('sha256').update(evidence, 'utf8').digest('hex'),
        });
    }

    private async ownPayment(customerId: string, paymentId: string): Promise<Payment> {
        const address = await this.addressOf(customerId);
        const payment = await this.reads().payments.get(paymentId);
        if (payment.payer !== address) {
            throw new AppError('NOT_FOUND', `no payment ${paymentId} from your account`);
        }
        return payment;
    }

    private async addressOf(customerId: string): Promise<string> {
        const account = await this.accounts.getLedgerAccount(customerId);
        if (account === undefined) {
            throw new AppError('NOT_FOUND', 'no ledger account yet: set a wallet key first');
        }
        return account.address;
    }

    private reads(): ReturnType<typeof ledgerContract> {
        return ledgerContract(this.ledger);
    }
}
