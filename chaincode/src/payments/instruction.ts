import { createHash } from 'node:crypto';
import { canonicalize } from '../core/codec';
import { fail } from '../core/errors';
import { requireAddress } from '../accounts/address';
import { HolderKey, verifySignature } from '../accounts/public-key';
import { parseAmount, requireCurrency } from '../core/amount';
import {
    Fields,
    optionalText,
    requireBoolean,
    requireId,
    requireInstant,
    requireObject,
    requireInteger,
} from '../core/validation';

/**
 * The payment instruction a payer signs. Its signing bytes are the canonical
 * (sorted-key) JSON of every field the payer sent except the signature, exactly as
 * sent, so a wallet in any language can rebuild them. targetCurrency and quoteId are
 * signed now so that FX conversion slots in without changing the format.
 */

export interface PaymentInstruction {
    paymentId: string;
    payer: string;
    payee: string;
    /** Minor units. */
    amount: bigint;
    currency: string;
    targetCurrency?: string;
    quoteId?: string;
    reference?: string;
    /** ISO 20022 external purpose code, e.g. SUPP, SALA, GDDS. */
    purpose: string;
    sequence: number;
    expiresAt: string;
    /** The payer asks the ledger to hold the funds until it releases or cancels them. */
    hold: boolean;
    signature: string;
    /** SHA-256 hex of the signing bytes: tells an identical retry from a conflicting reuse. */
    instructionHash: string;
    signingBytes: Uint8Array;
}

/** The instruction as a payer sends it: the amount in major units ("10.50"), the signature included. */
export type SignedInstruction = Omit<PaymentInstruction, 'amount' | 'hold' | 'instructionHash' | 'signingBytes'> & { amount: string; hold?: boolean };

export const INSTRUCTION_FIELDS = [
    'paymentId',
    'payer',
    'payee',
    'amount',
    'currency',
    'targetCurrency',
    'quoteId',
    'reference',
    'purpose',
    'sequence',
    'expiresAt',
    'hold',
    'signature',
];

const PURPOSE = /^[A-Z]{4}$/;
export const MAX_SEQUENCE = Number.MAX_SAFE_INTEGER;

/** The bytes a payer signs: canonical JSON of the instruction without its signature. */
export function signingBytes(instruction: Record<string, unknown>): Uint8Array {
    const unsigned = Object.fromEntries(Object.entries(instruction).filter(([key]) => key !== 'signature'));
    return Buffer.from(canonicalize(unsigned), 'utf8');
}

export function hashOf(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
}

/** Shape, currency, amount and address checks, in that order; nothing here reads state. */
export function parseInstruction(value: unknown): PaymentInstruction {
    const fields = requireObject(value, 'instruction', INSTRUCTION_FIELDS);
    const paymentId = requireId(fields.paymentId, 'paymentId');
    const currency = requireCurrency(fields.currency, 'currency');
    const amount = parseAmount(fields.amount, currency, 'amount');
    const payer = requireAddress(fields.payer, 'payer');
    const payee = requireAddress(fields.payee, 'payee');
    const optional = parseOptionalFields(fields);
    if (typeof fields.purpose !== 'string' || !PURPOSE.test(fields.purpose)) {
        fail('INVALID_ARGUMENT', 'purpose must be a four-letter ISO 20022 purpose code');
    }
    const sequence = requireInteger(fields.sequence, 'sequence', 1, MAX_SEQUENCE);
    const expiresAt = requireInstant(fields.expiresAt, 'expiresAt');
    if (typeof fields.signature !== 'string' || fields.signature.length === 0 || fields.signature.length > 200) {
        fail('INVALID_ARGUMENT', 'signature must be a base64 string of at most 200 characters');
    }
    const bytes = signingBytes(fields);
    return {
        paymentId,
        payer,
        payee,
        amount,
        currency,
        ...optional,
        purpose: fields.purpose as string,
        sequence,
        expiresAt,
        signature: fields.signature as string,
        instructionHash: hashOf(bytes),
        signingBytes: bytes,
    };
}

function parseOptionalFields(
    fields: Fields,
): Pick<PaymentInstruction, 'targetCurrency' | 'quoteId' | 'reference' | 'hold'> {
    const parsed: Pick<PaymentInstruction, 'targetCurrency' | 'quoteId' | 'reference' | 'hold'> = { hold: false };
    if (fields.targetCurrency !== undefined) {
        parsed.targetCurrency = requireCurrency(fields.targetCurrency, 'targetCurrency');
    }
    if (fields.quoteId !== undefined) {
        parsed.quoteId = requireId(fields.quoteId, 'quoteId');
    }
    const reference = optionalText(fields.reference, 'reference', 140);
    if (reference !== undefined) {
        parsed.reference = reference;
    }
    if (fields.hold !== undefined) {
        parsed.hold = requireBoolean(fields.hold, 'hold');
    }
    return parsed;
}

/** The bytes a payer signs to cancel a held payment. */
export function cancellationBytes(paymentId: string): Uint8Array {
    return Buffer.from(canonicalize({ action: 'cancel', paymentId }), 'utf8');
}

/** Whether the holder of the key signed the instruction: the check SubmitPayment makes. */
export function isSignedBy(instruction: PaymentInstruction, key: HolderKey): boolean {
    return verifySignature(key, instruction.signingBytes, instruction.signature);
}

/** Whether the holder of the key signed the cancellation of the payment: the check CancelPayment makes. */
export function isCancellationSignedBy(paymentId: string, signature: string, key: HolderKey): boolean {
    return verifySignature(key, cancellationBytes(paymentId), signature);
}
