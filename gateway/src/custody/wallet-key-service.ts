import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { AppError } from '../errors';
import type { AuditLog } from '../security/audit-log';
import type { Clock } from '../security/clock';
import type { Envelope, EnvelopeCipher } from '../security/envelope-cipher';
import type { WalletKeyRecord } from '../customers/customer-model';
import type { WalletKeyStore } from './custody-store';

export interface WalletKeyView {
    mode: WalletKeyRecord['mode'];
    algorithm: WalletKeyRecord['algorithm'];
    publicKey: string;
    createdAt: string;
}

/**
 * A customer's payment signing key. Custodial: an Ed25519 key generated here, its
 * private half sealed (envelope encryption, bound to the customer id). Self-custody:
 * only the public key the customer registered; the bank can never sign for them.
 */
export class WalletKeyService {
    constructor(
        private readonly store: WalletKeyStore,
        private readonly cipher: EnvelopeCipher,
        private readonly audit: AuditLog,
        private readonly clock: Clock,
    ) {}

    async createCustodial(customerId: string, clientAddress: string): Promise<WalletKeyView> {
        const { publicKey, privateKey } = generateKeyPairSync('ed25519');
        const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
        const envelope = this.cipher.seal(pkcs8, context(customerId));
        pkcs8.fill(0);
        return this.save(
            {
                userId: customerId,
                mode: 'custodial',
                algorithm: 'ed25519',
                publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
                sealedPrivateKey: JSON.stringify(envelope),
                createdAt: this.clock.now().toISOString(),
            },
            clientAddress,
        );
    }

    async registerSelfCustody(customerId: string, publicKey: string, clientAddress: string): Promise<WalletKeyView> {
        const key = parsePublicKey(publicKey);
        return this.save(
            {
                userId: customerId,
                mode: 'self_custody',
                algorithm: key.asymmetricKeyType === 'ed25519' ? 'ed25519' : 'ecdsa-p256',
                publicKey: key.export({ type: 'spki', format: 'der' }).toString('base64'),
                sealedPrivateKey: null,
                createdAt: this.clock.now().toISOString(),
            },
            clientAddress,
        );
    }

    async get(customerId: string): Promise<WalletKeyView> {
        const record = await this.store.getWalletKey(customerId);
        if (record === undefined) {
            throw new AppError('NOT_FOUND', 'no wallet key yet');
        }
        return view(record);
    }

    /**
     * Signs bytes (an instruction's canonical signing bytes) with a custodial key. For
     * use by the payment flow; refused for self-custody customers.
     */
    async signFor(customerId: string, message: Uint8Array): Promise<string> {
        const record = await this.store.getWalletKey(customerId);
        if (record === undefined) {
            throw new AppError('NOT_FOUND', 'no wallet key yet');
        }
        if (record.mode !== 'custodial' || record.sealedPrivateKey === null) {
            throw new AppError('FORBIDDEN', 'the customer holds their own key; the bank cannot sign for them');
        }
        const pkcs8 = this.cipher.open(JSON.parse(record.sealedPrivateKey) as Envelope, context(customerId));
        try {
            const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
            return sign(null, message, key).toString('base64');
        } finally {
            pkcs8.fill(0);
        }
    }

    private async save(record: WalletKeyRecord, clientAddress: string): Promise<WalletKeyView> {
        if (!(await this.store.insertWalletKey(record))) {
            throw new AppError('ALREADY_EXISTS', 'the customer already has a wallet key');
        }
        await this.audit.record({
            event: 'wallet_key.created',
            actor: record.userId,
            subject: record.userId,
            clientAddress,
            details: { mode: record.mode, algorithm: record.algorithm },
        });
        return view(record);
    }
}

/** Binds a sealed key to its customer: a row copied to another customer does not open. */
function context(customerId: string): string {
    return `wallet:${customerId}`;
}

function view(record: WalletKeyRecord): WalletKeyView {
    return { mode: record.mode, algorithm: record.algorithm, publicKey: record.publicKey, createdAt: record.createdAt };
}

/** The chaincode's accepted forms: SPKI PEM or base64 DER, Ed25519 or ECDSA P-256. */
function parsePublicKey(text: string): KeyObject {
    let key: KeyObject;
    try {
        key = text.startsWith('-----BEGIN PUBLIC KEY-----')
            ? createPublicKey({ key: text, format: 'pem' })
            : createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
    } catch {
        throw new AppError('INVALID_PUBLIC_KEY', 'publicKey is not a valid SPKI public key (PEM or base64 DER)', 'publicKey');
    }
    const p256 = key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
    if (key.asymmetricKeyType !== 'ed25519' && !p256) {
        throw new AppError('INVALID_PUBLIC_KEY', 'publicKey must be Ed25519 or ECDSA P-256', 'publicKey');
    }
    return key;
}
