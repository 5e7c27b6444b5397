import { AppError } from '../errors';
import type { Clock } from '../security/clock';
import { newId, newNumericCode, sameDigest, sha256Hex } from '../security/secret-token';
import type { CodePurpose, CodeRecord } from '../customers/customer-model';
import type { CodeStore } from './identity-store';

export interface IssuedCode {
    id: string;
    code: string;
    expiresAt: string;
}

/** Short-lived numeric codes, stored as digests salted with their id, usable once. */
export class OneTimeCodes {
    constructor(
        private readonly store: CodeStore,
        private readonly clock: Clock,
        private readonly settings: { codeLength: number; codeTtlSeconds: number; codeMaxAttempts: number },
    ) {}

    /** userId null makes a decoy: it behaves like a real code but its value is never sent. */
    async issue(purpose: CodePurpose, userId: string | null, id: string = newId()): Promise<IssuedCode> {
        const now = this.clock.now();
        const code = newNumericCode(this.settings.codeLength);
        const record: CodeRecord = {
            id,
            purpose,
            userId,
            codeHash: digestOf(id, code),
            expiresAt: new Date(now.getTime() + this.settings.codeTtlSeconds * 1000).toISOString(),
            attempts: 0,
            consumedAt: null,
            createdAt: now.toISOString(),
        };
        await this.store.insertCode(record);
        return { id, code, expiresAt: record.expiresAt };
    }

    /**
     * Checks in precedence order: unknown, used, expired, too many attempts, wrong.
     * A right code is consumed; a wrong one counts an attempt.
     */
    async redeem(id: string, purpose: CodePurpose, code: string, matches?: (record: CodeRecord) => Promise<boolean>): Promise<CodeRecord> {
        const record = await this.store.getCode(id);
        if (record?.purpose !== purpose) {
            throw new AppError('INVALID_CODE', 'the code is wrong', 'code');
        }
        if (record.consumedAt !== null) {
            throw new AppError('CODE_USED', 'this code was already used; request a new one', 'code');
        }
        const now = this.clock.now().toISOString();
        if (record.expiresAt <= now) {
            throw new AppError('CODE_EXPIRED', 'the code has expired; request a new one', 'code');
        }
        if (record.attempts >= this.settings.codeMaxAttempts) {
            throw new AppError('CODE_ATTEMPTS_EXCEEDED', 'too many wrong codes; request a new one', 'code');
        }
        const right = matches === undefined ? sameDigest(record.codeHash, digestOf(id, code)) : await matches(record);
        if (!right) {
            await this.store.countCodeAttempt(id);
            throw new AppError('INVALID_CODE', 'the code is wrong', 'code');
        }
        if (!(await this.store.consumeCode(id, now))) {
            throw new AppError('CODE_USED', 'this code was already used; request a new one', 'code');
        }
        return record;
    }
}

function digestOf(id: string, code: string): string {
    return sha256Hex(`${id}:${code}`);
}
