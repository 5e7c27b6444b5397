import { createHash } from 'node:crypto';
import type { Payment } from '@corridor/chaincode/api';
import { AppError } from '../errors';
import { accountIdOf, CORRIDOR_SCHEME, isValidBic } from './identifiers';
import type { OutNode } from './xml-document';
import type { PaymentFx } from './fx-leg';

/** Pieces shared by the messages Corridor produces, and the plain inputs they are built from. */

/** A member bank as the registry (and network/consortium.json) states it. */
export interface MemberBank {
    mspId: string;
    bic: string;
    legalName: string;
    country: string;
}

/** The payment record as the contract decodes Payments:GetPayment's answer, with the side of the rate its quote applied when known. */
export type PaymentRecord = Omit<Payment, 'fx'> & { fx?: PaymentFx };

/** Who produces the message and when; the message id is derived from the content unless given. */
export interface MessageMeta {
    createdAt: string;
    messageId?: string;
}

/** Statuses after which the money has moved from payer to payee. */
export const SETTLED_STATUSES = new Set(['settled', 'refund-requested', 'partly-refunded', 'refunded']);

export class BankDirectory {
    private readonly byMsp: ReadonlyMap<string, MemberBank>;

    constructor(members: readonly MemberBank[]) {
        for (const member of members) {
            if (!isValidBic(member.bic)) {
                throw new Error(`member ${member.mspId} has an invalid BIC`);
            }
        }
        this.byMsp = new Map(members.map((member) => [member.mspId, member]));
    }

    /** The bank, or undefined when the member has no usable BIC (e.g. a statement's optional servicer). */
    find(mspId: string): MemberBank | undefined {
        return this.byMsp.get(mspId);
    }

    bank(mspId: string): MemberBank {
        const found = this.byMsp.get(mspId);
        if (found === undefined) {
            throw new AppError('ISO20022_NOT_APPLICABLE', `${mspId} is not a member bank with a BIC`, 'mspId');
        }
        return found;
    }
}

/** A Max35Text id that is the same for the same content: regenerating a message does not make a new one. */
export function derivedId(prefix: string, ...parts: string[]): string {
    return prefix + createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 35 - prefix.length);
}

/** A UUIDv4-shaped UETR derived from the payment's transaction hash, so every message of one payment carries the same one. */
export function uetrOf(txId: string): string {
    const hex = createHash('sha256').update(`corridor-uetr:${txId}`).digest('hex');
    const variant = '89ab'[parseInt(hex[16] ?? '0', 16) % 4];
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** End-to-end id: the payment id when it fits Max35Text, else NOTPROVIDED (the full id is in SplmtryData). */
export function endToEndIdOf(paymentId: string): string {
    return paymentId.length <= 35 ? paymentId : 'NOTPROVIDED';
}

export function agent(bank: MemberBank): OutNode {
    return { FinInstnId: { BICFI: bank.bic, Nm: bank.legalName } };
}

export function account(address: string, currency?: string): OutNode {
    return {
        Id: { Othr: { Id: accountIdOf(address), SchmeNm: { Prtry: CORRIDOR_SCHEME } } },
        ...(currency !== undefined ? { Ccy: currency } : {}),
    };
}

export function amount(value: string, currency: string): OutNode {
    return { '@Ccy': currency, '#text': value };
}

/**
 * Corridor's own references, for the ids that do not fit ISO 20022's 35 characters, and
 * for a conversion the quote and the rate exactly as the ledger applied them.
 */
export function corridorReference(paymentId: string, txId: string, fx?: PaymentFx): OutNode {
    const conversion = fx === undefined ? undefined : { QuoteId: fx.quoteId, RateId: fx.rateId, AppliedRate: fx.appliedRate, Provider: fx.provider };
    return {
        PlcAndNm: 'CorridorPayment',
        Envlp: { CorridorPayment: { '@xmlns': 'urn:corridor:iso20022:payment:1', PmtId: paymentId, TxId: txId, Fx: conversion } },
    };
}

export function settledAt(payment: PaymentRecord): string {
    const change = payment.history.find((entry) => entry.status === 'settled');
    return change?.time ?? payment.time;
}

/** ISO 20022 text fields are limited: long notes are split into pieces of at most `size`. */
export function pieces(value: string, size: number, max: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < value.length && out.length < max; i += size) {
        out.push(value.slice(i, i + size));
    }
    return out;
}

export function isoDate(instant: string): string {
    return instant.slice(0, 10);
}

/** ISO 20022 ISODateTime without fractions beyond milliseconds (xs:dateTime accepts them; many readers do not). */
export function isoDateTime(instant: string): string {
    return instant.replace(/(\.\d{3})\d+Z$/, '$1Z');
}
