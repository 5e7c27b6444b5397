import { join } from 'node:path';
import Joi from 'joi';
import { PRODUCTION_ARGON2, type Argon2Params } from '../security/password-hasher';
import type { RateLimit } from '../security/rate-limiter';
import type { SmsSettings } from '../notifications/sms-provider';
import { isValidIban } from '../iso20022/identifiers';

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
    /** SMS delivery through the HTTP provider interface (notifications/sms-provider.ts); absent, SMS stays in the outbox. */
    sms?: SmsSettings;
    /** Serves GET /v1/dev/mailbox: what this gateway sent, codes included. Never on a production gateway. */
    devMailbox: boolean;
    /** The bank's receiving account for top-ups (an IBAN); absent, the bank takes no top-ups. */
    topUpIban?: string;
    /** The FX provider a customer's quote asks when the customer names none; this bank's MSP id when absent. */
    fxProvider?: string;
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
    smsUrl?: string;
    smsToken?: string;
    smsMaxAttempts: number;
    smsRetrySeconds: number;
    referencePrefix: string;
    devMailbox: boolean;
    topUpIban?: string;
    fxProvider?: string;
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
    smsUrl: Joi.string().uri({ scheme: ['http', 'https'] }),
    smsToken: Joi.string().min(16).max(512),
    smsMaxAttempts: Joi.number().integer().min(1).max(50).required(),
    smsRetrySeconds: Joi.number().integer().min(1).max(86_400).required(),
    referencePrefix: Joi.string().pattern(/^[a-z0-9-]{1,32}$/).required(),
    devMailbox: Joi.boolean().truthy('true').falsy('false').required(),
    topUpIban: Joi.string().custom((value: string) => {
        if (!isValidIban(value)) {
            throw new Error('not a valid IBAN');
        }
        return value;
    }),
    fxProvider: Joi.string().pattern(/^[A-Za-z0-9]{1,64}$/),
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
            smsUrl: env.CORRIDOR_SMS_URL,
            smsToken: env.CORRIDOR_SMS_TOKEN,
            smsMaxAttempts: env.CORRIDOR_SMS_MAX_ATTEMPTS ?? 8,
            smsRetrySeconds: env.CORRIDOR_SMS_RETRY_SECONDS ?? 60,
            referencePrefix: `corridor-${env.CORRIDOR_ORG ?? 'gateway'}`,
            devMailbox: env.CORRIDOR_DEV_MAILBOX ?? false,
            topUpIban: env.CORRIDOR_TOPUP_IBAN,
            fxProvider: env.CORRIDOR_FX_PROVIDER,
        },
        { convert: true, abortEarly: false },
    );
    if (result.error) {
        // Joi quotes the offending value; the SMTP URL and SMS token may hold secrets, so only their keys are named.
        throw new Error(`invalid customer settings: ${result.error.details.map((d) => SECRET_MESSAGES[d.context?.key ?? ''] ?? d.message).join('; ')}`);
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
        ...(value.smsUrl === undefined ? {} : { sms: smsSettings(value) }),
        devMailbox: value.devMailbox,
        ...(value.topUpIban === undefined ? {} : { topUpIban: value.topUpIban }),
        ...(value.fxProvider === undefined ? {} : { fxProvider: value.fxProvider }),
    };
}

const SECRET_MESSAGES: Readonly<Record<string, string>> = {
    smtpUrl: '"smtpUrl" must be smtp://[user:password@]host[:port] or smtps://...',
    smsToken: '"smsToken" must be 16 to 512 characters',
};

/** Plain http:// only to a provider relay on this machine: the token and the codes cross the wire. */
function smsSettings(value: LoadedSettings): SmsSettings {
    const url = new URL(value.smsUrl as string);
    if (url.protocol === 'http:' && !isLoopback(url.hostname.replace(/^\[(.*)\]$/, '$1'))) {
        throw new Error('invalid customer settings: CORRIDOR_SMS_URL must be https:// unless the provider relay is on this machine');
    }
    return {
        url: url.toString(),
        ...(value.smsToken === undefined ? {} : { token: value.smsToken }),
        referencePrefix: value.referencePrefix,
        maxAttempts: value.smsMaxAttempts,
        retrySeconds: value.smsRetrySeconds,
    };
}

function isLoopback(host: string): boolean {
    return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** smtp://[user:password@]host[:port] (STARTTLS, port 587 by default) or smtps://... (TLS, port 465). */
function smtpSettings(raw: string, from: string, maxAttempts: number, retrySeconds: number): SmtpSettings {
    const url = new URL(raw);
    const secure = url.protocol === 'smtps:';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const loopback = isLoopback(host);
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
