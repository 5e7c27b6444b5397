import { randomInt } from 'node:crypto';
import { AppError } from '../errors';
import type { Ledger, SubmitOptions } from '../fabric/ledger-client';
import { ledgerContract } from '../fabric/ledger-contract';
import type { LedgerAccountStore } from '../custody/custody-store';
import type { AuditLog } from '../security/audit-log';
import type { Clock } from '../security/clock';
import type { TopUpRecord, TopUpStatus, TopUpStore } from './top-up-store';

/** Where the customer sends the money, with the reference that ties the transfer to them. */
export interface TransferInstructions {
    beneficiary: string;
    iban: string;
    bic: string;
    reference: string;
    amount: string;
    currency: string;
}

export interface TopUpView extends TopUpRecord {
    instructions: TransferInstructions;
}

export interface TopUpSettings {
    /** This bank's MSP id: it mints only the currencies the member registry says it issues. */
    mspId: string;
    /** The bank's receiving account for top-ups; without one, this bank takes no top-ups. */
    iban?: string;
}

/** Crockford base32 without I, L, O, U: a reference read over the phone is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const REFERENCE_LENGTH = 12;
const MAX_DRAWS = 5;

/**
 * Top-ups: the customer asks and receives the bank's transfer instructions with a
 * reference of their own; a teller who sees the transfer arrive confirms it by that
 * reference, and the bank mints what arrived into the customer's ledger account. The
 * reference is the mint's idempotency key on the ledger as well as here, so a
 * confirmation repeated (a retry, a second teller) mints nothing more.
 */
export class TopUps {
    constructor(
        private readonly ledger: Ledger,
        private readonly store: TopUpStore & Pick<LedgerAccountStore, 'getLedgerAccount'>,
        private readonly settings: TopUpSettings,
        private readonly audit: AuditLog,
        private readonly clock: Clock,
    ) {}

    async request(customerId: string, currency: string, amount: string, clientAddress: string): Promise<TopUpView> {
        const iban = this.requireOffered();
        const account = await this.store.getLedgerAccount(customerId);
        if (account === undefined) {
            throw new AppError('NOT_FOUND', 'no ledger account yet: set a wallet key first');
        }
        const bank = await ledgerContract(this.ledger).members.get(this.settings.mspId);
        if (!bank.currencies.includes(currency)) {
            throw new AppError('UNSUPPORTED_CURRENCY', `this bank issues ${bank.currencies.join(', ')}; top up in one of those and exchange`, 'currency');
        }
        for (let draw = 0; draw < MAX_DRAWS; draw += 1) {
            const record: TopUpRecord = {
                reference: newReference(),
                userId: customerId,
                address: account.address,
                currency,
                requestedAmount: amount,
                status: 'requested',
                requestedAt: this.clock.now().toISOString(),
                mintedAmount: null,
                confirmedAt: null,
                confirmedBy: null,
                txId: null,
            };
            if (await this.store.insertTopUp(record)) {
                await this.audit.record({ event: 'top_up.requested', actor: customerId, subject: customerId, clientAddress, details: { reference: record.reference, currency } });
                return { ...record, instructions: { beneficiary: bank.legalName, iban, bic: bank.bic, reference: record.reference, amount, currency } };
            }
        }
        throw new AppError('CONFLICT', 'no free top-up reference was drawn; try again');
    }

    async mine(customerId: string, limit: number): Promise<TopUpRecord[]> {
        return this.store.listTopUps({ userId: customerId }, limit);
    }

    async list(status: TopUpStatus | undefined, limit: number): Promise<TopUpRecord[]> {
        return this.store.listTopUps(status === undefined ? {} : { status }, limit);
    }

    /**
     * A teller confirms that `amount` arrived for the reference. The checks come first, in
     * order: NOT_FOUND, currency, then an earlier confirmation (the same amount answers as
     * before, another amount is ALREADY_EXISTS). The mint is sent with the reference as
     * its key; a mint already on the ledger under it (an earlier try whose answer was lost)
     * counts as this one's.
     */
    async confirm(reference: string, received: { amount: string; currency: string }, teller: string, clientAddress: string, submission: SubmitOptions = {}): Promise<TopUpRecord> {
        const topUp = await this.store.getTopUp(reference);
        if (topUp === undefined) {
            throw new AppError('NOT_FOUND', `no top-up with reference ${reference}`);
        }
        if (received.currency !== topUp.currency) {
            throw new AppError('VALIDATION_FAILED', `top-up ${reference} is in ${topUp.currency}`, 'currency');
        }
        if (topUp.status === 'confirmed') {
            if (sameAmount(topUp.mintedAmount, received.amount)) {
                return topUp;
            }
            throw new AppError('ALREADY_EXISTS', `top-up ${reference} was confirmed with ${topUp.mintedAmount ?? ''} ${topUp.currency}`);
        }
        const txId = await this.mint(topUp, received.amount, submission);
        const minted = { mintedAmount: received.amount, confirmedAt: this.clock.now().toISOString(), confirmedBy: teller, txId };
        await this.store.confirmTopUp(reference, minted);
        await this.audit.record({ event: 'top_up.confirmed', actor: teller, subject: topUp.userId, clientAddress, details: { reference, currency: topUp.currency, ...(txId === null ? {} : { txId }) } });
        return (await this.store.getTopUp(reference)) ?? { ...topUp, ...minted, status: 'confirmed' };
    }

    /** The mint's transaction, or null when an earlier try minted it and its answer was lost. */
    private async mint(topUp: TopUpRecord, amount: string, submission: SubmitOptions): Promise<string | null> {
        try {
            const { txId } = await ledgerContract(this.ledger, submission).accounts.mint({ reference: topUp.reference, address: topUp.address, currency: topUp.currency, amount });
            return txId;
        } catch (err) {
            // DUPLICATE_REQUEST: the same mint is on the ledger already; ALREADY_EXISTS (another amount) stays an error.
            if ((err as { code?: string }).code === 'DUPLICATE_REQUEST') {
                return null;
            }
            throw err;
        }
    }

    private requireOffered(): string {
        if (this.settings.iban === undefined) {
            throw new AppError('NOT_FOUND', 'this bank takes no top-ups: it has no receiving account configured');
        }
        return this.settings.iban;
    }
}

function newReference(): string {
    return `TU${Array.from({ length: REFERENCE_LENGTH }, () => ALPHABET.charAt(randomInt(ALPHABET.length))).join('')}`;
}

/** "10.5" and "10.50" are the same amount; compared as written digits, never as floats. */
function sameAmount(a: string | null, b: string): boolean {
    const canonical = (value: string): string => {
        const [whole = '0', fraction = ''] = value.split('.');
        return `${whole.replace(/^0+(?=\d)/, '')}.${fraction.replace(/0+$/, '')}`;
    };
    return a !== null && canonical(a) === canonical(b);
}
