import { createHash, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { signingBytes } from '@corridor/chaincode/api';

/**
 * A self-custody customer wallet for tests: an Ed25519 key pair that signs payment
 * instructions the way any client must, over the sorted-key JSON of every field
 * except the signature (the contract's signingBytes).
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

    /** Signs the contract's signing bytes of the value: an instruction, or a cancellation {action, paymentId}. */
    signBytes(value: Record<string, unknown>): string {
        return sign(null, signingBytes(value), this.privateKey).toString('base64');
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
