import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';

/** argon2id cost. OWASP's floor is 19 MiB and 2 passes; production never goes below it. */
export interface Argon2Params {
    memoryKiB: number;
    iterations: number;
    parallelism: number;
}

export const PRODUCTION_ARGON2: Readonly<Argon2Params> = { memoryKiB: 19_456, iterations: 2, parallelism: 1 };

/** Hashes passwords and security answers with argon2id. */
export class PasswordHasher {
    private decoyHash: Promise<string> | undefined;

    constructor(private readonly params: Argon2Params) {}

    hash(secret: string): Promise<string> {
        return argon2.hash(secret, {
            type: argon2.argon2id,
            memoryCost: this.params.memoryKiB,
            timeCost: this.params.iterations,
            parallelism: this.params.parallelism,
        });
    }

    /** False for a wrong secret and for a stored value that is not an argon2 hash. */
    async verify(hash: string, secret: string): Promise<boolean> {
        try {
            return await argon2.verify(hash, secret);
        } catch {
            return false;
        }
    }

    /**
     * Spends the same work as one verification, for unknown accounts, so that the
     * response time does not tell whether an account exists.
     */
    async burn(secret: string): Promise<void> {
        this.decoyHash ??= this.hash(randomBytes(16).toString('hex'));
        await this.verify(await this.decoyHash, secret);
    }
}
