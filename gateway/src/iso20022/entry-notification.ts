import { AppError } from '../errors';
import { isBooked } from './ledger-statement';
import type { AccountLedger } from './ledger-records';
import { account, agent, derivedId, isoDateTime, type MemberBank, type MessageMeta } from './message-parts';
import { bookedEntry } from './statement-message';
import { writeMessage } from './xml-document';

/**
 * camt.054.001.08 for any booked movement of one account, as its history on the ledger
 * states it: a top-up, a withdrawal, a refund (out of the payee's account, back into the
 * payer's), a payment and a conversion's legs. Payments also have their own camt.054
 * (payment-messages.ts) with the parties, the UETR and the FX leg; this one is what a back
 * office books for every other line of the account, entry by entry, in the same Ntry form
 * as the camt.053.
 */

/**
 * Every booked line of `entryId` in the account's history (a converted payment's refund or
 * a provider's legs may be several, in several currencies): one Ntfctn per currency.
 * Refuses an id the history does not hold (404) or holds only unbooked (409 naming status).
 */
export async function buildEntryNotification(address: string, ledger: AccountLedger, entryId: string, servicer: MemberBank, meta: MessageMeta): Promise<string> {
    const lines = ledger.history.filter((entry) => entry.id === entryId);
    if (lines.length === 0) {
        throw new AppError('NOT_FOUND', `account ${address} has no movement ${entryId}`, 'entry');
    }
    const booked = lines.filter(isBooked);
    if (booked.length === 0) {
        throw new AppError('ISO20022_NOT_APPLICABLE', `movement ${entryId} of account ${address} is ${lines[0]?.status ?? 'unknown'}; nothing was booked`, 'status');
    }
    const currencies = [...new Set(booked.map((entry) => entry.currency))].sort();
    const id = meta.messageId ?? derivedId('N5', address, entryId, ...booked.map((entry) => `${entry.kind}:${entry.currency}:${entry.amount}:${entry.txId}`));
    return writeMessage('camt.054.001.08', {
        BkToCstmrDbtCdtNtfctn: {
            GrpHdr: { MsgId: id, CreDtTm: isoDateTime(meta.createdAt) },
            Ntfctn: currencies.map((currency, i) => ({
                Id: currencies.length === 1 ? id : derivedId('N5', id, currency, String(i)),
                CreDtTm: isoDateTime(meta.createdAt),
                Acct: { ...account(address, currency), Svcr: agent(servicer) },
                Ntry: booked.filter((entry) => entry.currency === currency).map((entry) => bookedEntry(entry, currency)),
            })),
        },
    });
}
