import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Envelope encryption: each record has its own AES-256-GCM data key, wrapped by the
 * key-encryption key (KEK). Both layers authenticate a context string (for example
 * `kyc:<customer id>`), so a row copied onto another customer does not decrypt.
 */
export interface Envelope {
    v: 1;
    kek: string;
    wrappedKey: string;
    iv: string;
    tag: string;
    data: string;
}

export class EnvelopeCipher {
    private readonly kekId: string;

    constructor(private readonly kek: Buffer) {
        if (kek.length !== 32) {
            throw new Error('the key-encryption key must be 32 bytes');
        }
        this.kekId = createHash('sha256').update(kek).digest('hex').slice(0, 16);
    }

    /** Reads a KEK file of 64 hex characters; creates one (mode 600) when allowed and absent. */
    static fromFile(path: string, createIfMissing: boolean): EnvelopeCipher {
        if (!existsSync(path)) {
            if (!createIfMissing) {
                throw new Error(`key-encryption key file ${path} is missing`);
            }
            writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
        }
        const text = readFileSync(path, 'utf8').trim();
        if (!/^[0-9a-f]{64}$/i.test(text)) {
            throw new Error(`key-encryption key file ${path} must hold 64 hex characters`);
        }
        return new EnvelopeCipher(Buffer.from(text, 'hex'));
    }

    seal(plaintext: Buffer, context: string): Envelope {
        const dataKey = randomBytes(32);
        const sealed = gcmSeal(dataKey, plaintext, context);
        const wrappedKey = this.wrap(dataKey, context);
        dataKey.fill(0);
        return {
            v: 1,
            kek: this.kekId,
            wrappedKey,
            iv: sealed.iv.toString('base64'),
            tag: sealed.tag.toString('base64'),
            data: sealed.data.toString('base64'),
        };
    }

    /** Throws when the envelope was made under another KEK, for another context, or altered. */
    open(envelope: Envelope, context: string): Buffer {
        const dataKey = this.unwrap(envelope, context);
        try {
            return gcmOpen(
                dataKey,
                Buffer.from(envelope.iv, 'base64'),
                Buffer.from(envelope.tag, 'base64'),
                Buffer.from(envelope.data, 'base64'),
                context,
            );
        } finally {
            dataKey.fill(0);
        }
    }
    /**
     * Key rotation: the data key is unwrapped with this KEK and wrapped with the next
     * one; the data itself is not decrypted or re-encrypted.
     */
    rewrap(envelope: Envelope, context: string, next: EnvelopeCipher): Envelope {
        const dataKey = this.unwrap(envelope, context);
        try {
            return { ...envelope, kek: next.kekId, wrappedKey: next.wrap(dataKey, context) };
        } finally {
            dataKey.fill(0);
        }
    }

    private wrap(dataKey: Buffer, context: string): string {
        const wrapped = gcmSeal(this.kek, dataKey, `wrap:${context}`);
        return Buffer.concat([wrapped.iv, wrapped.tag, wrapped.data]).toString('base64');
    }

    private unwrap(envelope: Envelope, context: string): Buffer {
        // Read from storage: the version is checked, not trusted to be what the type says.
        if ((envelope.v as number) !== 1 || envelope.kek !== this.kekId) {
            throw new Error('envelope was sealed under another key-encryption key');
        }
        const wrapped = Buffer.from(envelope.wrappedKey, 'base64');
        return gcmOpen(this.kek, wrapped.subarray(0, 12), wrapped.subarray(12, 28), wrapped.subarray(28), `wrap:${context}`);
    }
}

function gcmSeal(key: Buffer, plaintext: Buffer, context: string): { iv: Buffer; tag: Buffer; data: Buffer } {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), data };
}

function gcmOpen(key: Buffer, iv: Buffer, tag: Buffer, data: Buffer, context: string): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]);
}
