import { join } from 'node:path';
import Joi from 'joi';
import { PRODUCTION_ARGON2, type Argon2Params } from '../security/password-hasher';
import type { RateLimit } from '../security/rate-limiter';

/** Settings of the customers feature. The loader enforces the floors; tests may build weaker ones. */
export interface CustomerSettings {
    databasePath: string;
    kekPath: string;
    /** 32-byte secret (hex) that keys the holder references put on the ledger. */
    holderRefKeyPath: string;
    createKekIfMissing: boolean;
    argon2: Argon2Params;
    codeLength: number;
    codeTtlSeconds: number;
    codeMaxAttempts: number;
    sessionIdleSeconds: number;
    sessionAbsoluteSeconds: number;
    lockout: { maxFailures: number; lockSeconds: number };
    limits: { login: RateLimit; code: RateLimit; recovery: RateLimit; register: RateLimit };
    agreements: { userServiceAgreement: string; privacyPolicy: string };
}

const version = Joi.string().pattern(/^[A-Za-z0-9._-]{1,32}$/);

const schema = Joi.object({
    databasePath: Joi.string().required(),
    kekPath: Joi.string().required(),
    holderRefKeyPath: Joi.string().required(),
    createKekIfMissing: Joi.boolean().required(),
    argonMemoryKiB: Joi.number().integer().min(PRODUCTION_ARGON2.memoryKiB).max(4_194_304).required(),
    argonIterations: Joi.number().integer().min(PRODUCTION_ARGON2.iterations).max(100).required(),
    userServiceAgreement: version.required(),
    privacyPolicy: version.required(),
});

export function loadCustomerSettings(env: NodeJS.ProcessEnv, dataDir: string): CustomerSettings {
    const { value, error } = schema.validate(
        {
            databasePath: env.CORRIDOR_CUSTOMERS_DB ?? join(dataDir, 'customers.sqlite'),
            kekPath: env.CORRIDOR_KEK_FILE ?? join(dataDir, 'kek.hex'),
            holderRefKeyPath: env.CORRIDOR_HOLDER_REF_KEY_FILE ?? join(dataDir, 'holder-ref-key.hex'),
            // A KEK is only created on a dev data dir; a configured path must already hold one.
            createKekIfMissing: env.CORRIDOR_KEK_FILE === undefined,
            argonMemoryKiB: env.CORRIDOR_ARGON2_MEMORY_KIB ?? PRODUCTION_ARGON2.memoryKiB,
            argonIterations: env.CORRIDOR_ARGON2_ITERATIONS ?? PRODUCTION_ARGON2.iterations,
            userServiceAgreement: env.CORRIDOR_USER_AGREEMENT_VERSION ?? '2026-01',
            privacyPolicy: env.CORRIDOR_PRIVACY_POLICY_VERSION ?? '2026-01',
        },
        { convert: true, abortEarly: false },
    );
    if (error) {
        throw new Error(`invalid customer settings: ${error.details.map((d) => d.message).join('; ')}`);
    }
    return {
        databasePath: value.databasePath,
        kekPath: value.kekPath,
        holderRefKeyPath: value.holderRefKeyPath,
        createKekIfMissing: value.createKekIfMissing,
        argon2: { memoryKiB: value.argonMemoryKiB, iterations: value.argonIterations, parallelism: 1 },
        codeLength: 6,
        codeTtlSeconds: 600,
        codeMaxAttempts: 5,
        sessionIdleSeconds: 30 * 60,
        sessionAbsoluteSeconds: 12 * 60 * 60,
        lockout: { maxFailures: 5, lockSeconds: 15 * 60 },
        limits: {
            login: { limit: 30, windowSeconds: 60 },
            code: { limit: 30, windowSeconds: 60 },
            recovery: { limit: 10, windowSeconds: 15 * 60 },
            register: { limit: 10, windowSeconds: 15 * 60 },
        },
        agreements: { userServiceAgreement: value.userServiceAgreement, privacyPolicy: value.privacyPolicy },
    };
}
