import { AppError } from '../errors';
import type { Clock } from '../security/clock';
import type { Envelope, EnvelopeCipher } from '../security/envelope-cipher';
import { base32Encode, matchTotp, newTotpSecret, otpauthUri } from '../security/totp';
import type { TotpStore } from './identity-store';

/** TOTP authenticators; secrets sealed at rest and bound to their user. */
export class TotpService {
    constructor(
        private readonly store: TotpStore,
        private readonly cipher: EnvelopeCipher,
        private readonly clock: Clock,
    ) {}

    /** A new secret, pending until confirmed; shown once, to the person enrolling. */
    async start(userId: string, account: string): Promise<{ secret: string; otpauthUri: string }> {
        const existing = await this.store.getTotp(userId);
        if (existing?.confirmedAt) {
            throw new AppError('INVALID_STATE', 'an authenticator is already enrolled; remove it first');
        }
        const secret = newTotpSecret();
        await this.store.saveTotpPending(userId, JSON.stringify(this.cipher.seal(secret, context(userId))));
        const shown = { secret: base32Encode(secret), otpauthUri: otpauthUri(secret, account, 'Corridor') };
        secret.fill(0);
        return shown;
    }

    async confirm(userId: string, code: string): Promise<void> {
        const record = await this.store.getTotp(userId);
        if (record?.confirmedAt !== null) {
            throw new AppError('INVALID_STATE', 'no authenticator enrolment is pending');
        }
        if (!(await this.check(userId, code))) {
            throw new AppError('INVALID_CODE', 'the code is wrong', 'code');
        }
        await this.store.confirmTotp(userId, this.clock.now().toISOString());
    }

    async enabled(userId: string): Promise<boolean> {
        return (await this.store.getTotp(userId))?.confirmedAt != null;
    }

    /** True for a current code not used before; each time step is accepted once. */
    async check(userId: string, code: string): Promise<boolean> {
        const record = await this.store.getTotp(userId);
        if (record === undefined) {
            return false;
        }
        const secret = this.cipher.open(JSON.parse(record.sealedSecret) as Envelope, context(userId));
        try {
            const step = matchTotp(secret, code, this.clock.now());
            return step !== undefined && (await this.store.useTotpStep(userId, step));
        } finally {
            secret.fill(0);
        }
    }

    async remove(userId: string): Promise<void> {
        await this.store.deleteTotp(userId);
    }
}

function context(userId: string): string {
    return `totp:${userId}`;
}
