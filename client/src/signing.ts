import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { cancellationBytes, deriveAddress, parsePublicKey, showAmount, signingBytes, type KeyAlgorithm, type SignedInstruction } from '@corridor/chaincode/api';

/**
 * A payer's key. Instructions are signed over the contract's own signing bytes (the
 * canonical JSON the chaincode rebuilds and verifies), never over a copy kept here.
 * Ed25519 signs the bytes; P-256 signs their SHA-256 and is sent in DER, which the
 * chaincode accepts beside WebCrypto's 64-byte form.
 */
export interface SigningKey {
    readonly algorithm: KeyAlgorithm;
    readonly privateKey: KeyObject;
    /** SPKI PEM, what POST /v1/accounts takes as `publicKey`. */
    readonly publicKeyPem: string;
    /** The ledger address the public key derives, the same as the chaincode computes. */
    readonly address: string;
}

export function generateSigningKey(algorithm: KeyAlgorithm = 'ed25519'): SigningKey {
    const pair = algorithm === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    return signingKeyOf(pair.privateKey);
}

/** A key from its private PKCS#8 PEM (or a KeyObject); the algorithm is read from the key. */
export function signingKeyOf(privateKey: string | KeyObject): SigningKey {
    const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
    const publicKeyPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
    const holder = parsePublicKey(publicKeyPem);
    return { algorithm: holder.algorithm, privateKey: key, publicKeyPem, address: deriveAddress(holder) };
}

/** Base64 signature of the bytes by the key, in the form the chaincode verifies. */
export function signBytes(key: SigningKey, bytes: Uint8Array): string {
    const signature = key.algorithm === 'ed25519' ? sign(null, bytes, key.privateKey) : sign('sha256', bytes, { key: key.privateKey, dsaEncoding: 'der' });
    return signature.toString('base64');
}

/** What a payer decides; the client fills in the rest. */
export interface InstructionFields {
    paymentId: string;
    payer: string;
    payee: string;
    /** Major units as a decimal string ("10.50"), or minor units as a bigint. */
    amount: string | bigint;
    currency: string;
    targetCurrency?: string;
    quoteId?: string;
    reference?: string;
    /** ISO 20022 purpose code; GDDS when not given. */
    purpose?: string;
    /** The payer account's next sequence (GET /v1/accounts/{address} → nextSequence). */
    sequence: number;
    /** When the instruction lapses; one hour from now when not given. */
    expiresAt?: string | Date;
    hold?: boolean;
}

export type UnsignedInstruction = Omit<SignedInstruction, 'signature'>;

const DEFAULT_LIFETIME_MS = 3_600_000;

/** The instruction with its optional fields left out when absent: the signing bytes cover exactly what is sent. */
export function buildInstruction(fields: InstructionFields, now: Date = new Date()): UnsignedInstruction {
    const expiresAt = fields.expiresAt ?? new Date(now.getTime() + DEFAULT_LIFETIME_MS);
    const instruction: UnsignedInstruction = {
        paymentId: fields.paymentId,
        payer: fields.payer,
        payee: fields.payee,
        amount: typeof fields.amount === 'bigint' ? showAmount(fields.amount, fields.currency) : fields.amount,
        currency: fields.currency,
        purpose: fields.purpose ?? 'GDDS',
        sequence: fields.sequence,
        expiresAt: typeof expiresAt === 'string' ? expiresAt : expiresAt.toISOString(),
    };
    if (fields.targetCurrency !== undefined) {
        instruction.targetCurrency = fields.targetCurrency;
    }
    if (fields.quoteId !== undefined) {
        instruction.quoteId = fields.quoteId;
    }
    if (fields.reference !== undefined) {
        instruction.reference = fields.reference;
    }
    if (fields.hold !== undefined) {
        instruction.hold = fields.hold;
    }
    return instruction;
}

export function signInstruction(instruction: UnsignedInstruction, key: SigningKey): SignedInstruction {
    return { ...instruction, signature: signBytes(key, signingBytes(instruction)) };
}

/** The signature of a held payment's cancellation, for POST /v1/payments/{id}/cancel. */
export function signCancellation(paymentId: string, key: SigningKey): string {
    return signBytes(key, cancellationBytes(paymentId));
}
