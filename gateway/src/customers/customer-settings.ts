import { join } from 'node:path';
import Joi from 'joi';
import { PRODUCTION_ARGON2, type Argon2Params } from '../security/password-hasher';
import type { RateLimit } from '../security/rate-limiter';

/** Settings of the customers feature. The loader enforces the floors; tests may build weaker ones. */
export interface CustomerSettings {
    /** A SQLite file path (`:memory:` in tests) or a postgres:// URL. */
    database: string;
    kekPath: string;
    /** 32-byte secret (hex) that keys the holder references put on the ledger. */
    holderRefKeyPath: string;
    /** 32-byte secret (hex) that keys the blind indexes of phones, emails and names (personal-data.ts). */
    blindIndexKeyPath: string;
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
    /** Email delivery by SMTP; absent, every message stays in the outbox (the dev network). */
    smtp?: SmtpSettings;
}

/** Where and how email leaves. Holds the SMTP password: never log this object. */
export interface SmtpSettings {
    host: string;
    port: number;
    /** smtps: TLS from the first byte; smtp: STARTTLS. */
    secure: boolean;
    /** Plain SMTP is allowed only to a relay on this machine; anywhere else STARTTLS is required. */
    requireTls: boolean;
    auth?: { user: string; pass: string };
    /** The envelope and From address. */
    from: string;
    /** Tries per message, the first included; after the last the message stays failed in the outbox. */
    maxAttempts: number;
    /** Wait before the first retry; doubled after each further failure, at most six hours. */
    retrySeconds: number;
}

const version = Joi.string().pattern(/^[A-Za-z0-9._-]{1,32}$/);

/** The settings as the loader reads them: a mail sender whenever there is an SMTP server. */
type LoadedSettings = {
    database: string;
    kekPath: string;
    holderRefKeyPath: string;
    blindIndexKeyPath: string;
    createKekIfMissing: boolean;
    argonMemoryKiB: number;
    argonIterations: number;
    userServiceAgreement: string;
    privacyPolicy: string;
    smtpMaxAttempts: number;
    smtpRetrySeconds: number;
} & ({ smtpUrl?: undefined; smtpFrom?: string } | { smtpUrl: string; smtpFrom: string });

const schema = Joi.object<LoadedSettings>({
    database: Joi.string().required(),
    kekPath: Joi.string().required(),
    holderRefKeyPath: Joi.string().required(),
    blindIndexKeyPath: Joi.string().required(),
    createKekIfMissing: Joi.boolean().required(),
    argonMemoryKiB: Joi.number().integer().min(PRODUCTION_ARGON2.memoryKiB).max(4_194_304).required(),
    argonIterations: Joi.number().integer().min(PRODUCTION_ARGON2.iterations).max(100).required(),
    userServiceAgreement: version.required(),
    privacyPolicy: version.required(),
    smtpUrl: Joi.string().uri({ scheme: ['smtp', 'smtps'] }),
    smtpFrom: Joi.string().email({ tlds: false }).when('smtpUrl', { is: Joi.exist(), then: Joi.required() }),
    smtpMaxAttempts: Joi.number().integer().min(1).max(50).required(),
    smtpRetrySeconds: Joi.number().integer().min(1).max(86_400).required(),
});

export function loadCustomerSettings(env: NodeJS.ProcessEnv, dataDir: string): CustomerSettings {
    const result = schema.validate(
        {
            // One database for all of a gateway's state when CORRIDOR_DATABASE_URL is set.
            database: env.CORRIDOR_CUSTOMERS_DB ?? env.CORRIDOR_DATABASE_URL ?? join(dataDir, 'customers.sqlite'),
            kekPath: env.CORRIDOR_KEK_FILE ?? join(dataDir, 'kek.hex'),
            holderRefKeyPath: env.CORRIDOR_HOLDER_REF_KEY_FILE ?? join(dataDir, 'holder-ref-key.hex'),
            blindIndexKeyPath: env.CORRIDOR_BLIND_INDEX_KEY_FILE ?? join(dataDir, 'blind-index-key.hex'),
            // A KEK is only created on a dev data dir; a configured path must already hold one.
            createKekIfMissing: env.CORRIDOR_KEK_FILE === undefined,
            argonMemoryKiB: env.CORRIDOR_ARGON2_MEMORY_KIB ?? PRODUCTION_ARGON2.memoryKiB,
            argonIterations: env.CORRIDOR_ARGON2_ITERATIONS ?? PRODUCTION_ARGON2.iterations,
            userServiceAgreement: env.CORRIDOR_USER_AGREEMENT_VERSION ?? '2026-01',
            privacyPolicy: env.CORRIDOR_PRIVACY_POLICY_VERSION ?? '2026-01',
            smtpUrl: env.CORRIDOR_SMTP_URL,
            smtpFrom: env.CORRIDOR_SMTP_FROM,
            smtpMaxAttempts: env.CORRIDOR_SMTP_MAX_ATTEMPTS ?? 8,
            smtpRetrySeconds: env.CORRIDOR_SMTP_RETRY_SECONDS ?? 60,
        },
        { convert: true, abortEarly: false },
    );
    if (result.error) {
        // Joi quotes the offending value; the SMTP URL may hold a password, so only its key is named.
        throw new Error(`invalid customer settings: ${result.error.details.map((d) => (d.context?.key === 'smtpUrl' ? '"smtpUrl" must be smtp://[user:password@]host[:port] or smtps://...' : d.message)).join('; ')}`);
    }
    const { value } = result;
    return {
        database: value.database,
        kekPath: value.kekPath,
        holderRefKeyPath: value.holderRefKeyPath,
        blindIndexKeyPath: value.blindIndexKeyPath,
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
        ...(value.smtpUrl === undefined
            ? {}
            : { smtp: smtpSettings(value.smtpUrl, value.smtpFrom, value.smtpMaxAttempts, value.smtpRetrySeconds) }),
    };
}

/** smtp://[user:password@]host[:port] (STARTTLS, port 587 by default) or smtps://... (TLS, port 465). */
function smtpSettings(raw: string, from: string, maxAttempts: number, retrySeconds: number): SmtpSettings {
    const url = new URL(raw);
    const secure = url.protocol === 'smtps:';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const loopback = host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
    if (url.pathname !== '' && url.pathname !== '/') {
        throw new Error('invalid customer settings: CORRIDOR_SMTP_URL takes no path');
    }
    return {
        host,
        port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
        secure,
        requireTls: !secure && !loopback,
        ...(url.username === '' ? {} : { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
        from,
        maxAttempts,
        retrySeconds,
    };
}
