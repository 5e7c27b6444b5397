import { createHash, generateKeyPairSync, KeyObject, sign } from 'node:crypto';

/**
 * A self-custody customer wallet for tests: an Ed25519 key pair that signs payment
 * instructions the way any client must, over the sorted-key JSON of every field
 * except the signature.
 */
export class TestWallet {
    readonly publicKeyPem: string;
    private readonly privateKey: KeyObject;
    address = '';

    constructor(readonly name: string) {
        const pair = generateKeyPairSync('ed25519');
        this.publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
        this.privateKey = pair.privateKey;
    }

    holderRef(): string {
        return createHash('sha256').update(`test-holder:${this.name}:${this.publicKeyPem}`).digest('hex');
    }

    signBytes(value: Record<string, unknown>): string {
        return sign(null, Buffer.from(canonicalJson(value), 'utf8'), this.privateKey).toString('base64');
    }

    /** A signed instruction; the sequence is the account's next one, as the ledger reports it. */
    instruction(
        fields: { paymentId: string; payee: string; amount: string; currency: string; hold?: boolean },
        sequence: number,
    ): Record<string, unknown> {
        const unsigned: Record<string, unknown> = {
            ...fields,
            payer: this.address,
            purpose: 'GDDS',
            sequence,
            expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        };
        return { ...unsigned, signature: this.signBytes(unsigned) };
    }
}

export function canonicalJson(value: unknown): string {
    return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (value !== null && typeof value === 'object') {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
        );
    }
    return value;
}
