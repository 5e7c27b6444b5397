import Joi from 'joi';
import { join } from 'node:path';
import { loadCustomerSettings, type CustomerSettings } from './customers/customer-settings';
import { loadWebhookSettings, type WebhookSettings } from './webhooks/webhook-settings';

/**
 * Gateway settings, read once from the environment by main.ts (and the tools that run
 * beside the gateway) and validated before anything starts; everything else receives
 * this typed object and never reads the environment itself.
 */
export interface Config {
    org: string;
    mspId: string;
    port: number;
    peerEndpoint: string;
    peerTlsCaPath: string;
    peerHostAlias: string;
    certPath: string;
    keyPath: string;
    channel: string;
    chaincode: string;
    dataDir: string;
    apiKeysFile: string;
    logLevel: string;
    /**
     * The off-chain index: a postgres:// or postgresql:// URL selects PostgreSQL, anything
     * else is a SQLite file (default: databaseUrl, else index.db in dataDir). Absent in unit tests.
     */
    indexUrl?: string;
    /**
     * CORRIDOR_DATABASE_URL: one PostgreSQL database for all of the gateway's state (index,
     * customers, remembered writes); absent, each is a SQLite file in dataDir.
     */
    databaseUrl?: string;
    /** Empty the index at start and read the channel again from block 0. */
    indexRebuild?: boolean;
    /**
     * The flood guard: requests one client address may make per minute. A bank's back
     * office sends everything from a few addresses, so it sets this to what it needs.
     */
    requestsPerMinute: number;
    /**
     * The built web app (web/dist) served at `/`; main.ts defaults it to the checkout's
     * web/dist. Nothing is served when the folder holds no index.html.
     */
    webRoot?: string;
    /**
     * Check every JSON response against openapi.json, logging and counting mismatches
     * (src/http/response-check.ts). Off by default: it parses each body once more.
     */
    responseCheck?: boolean;
}

/** What main.ts starts from: the gateway's settings and the customers feature's. */
export interface Settings {
    gateway: Config;
    customers: CustomerSettings;
    webhooks: WebhookSettings;
}

/** Requests one client address may make per minute unless CORRIDOR_REQUESTS_PER_MINUTE says otherwise. */
export const REQUESTS_PER_MINUTE = 1200;

type Env = NodeJS.ProcessEnv;

/**
 * Each setting with the variable it comes from: the variable is the schema's label, so
 * a start-up error names what the operator has to fix, not an internal field.
 */
const SETTINGS: { [K in keyof Config]-?: { variable: string; schema: Joi.Schema; read?: (env: Env) => string | undefined } } = {
    org: { variable: 'CORRIDOR_ORG', schema: Joi.string().pattern(/^[a-z0-9-]{1,32}$/).required() },
    mspId: { variable: 'CORRIDOR_MSP_ID', schema: Joi.string().pattern(/^[A-Za-z0-9]{1,64}$/).required() },
    port: { variable: 'CORRIDOR_PORT', schema: Joi.number().integer().min(1).max(65535).required() },
    peerEndpoint: { variable: 'CORRIDOR_PEER_ENDPOINT', schema: Joi.string().pattern(/^127\.0\.0\.1:\d{1,5}$|^localhost:\d{1,5}$|^[a-z0-9.-]+:\d{1,5}$/).required() },
    peerTlsCaPath: { variable: 'CORRIDOR_PEER_TLS_CA', schema: Joi.string().required() },
    peerHostAlias: { variable: 'CORRIDOR_PEER_HOST_ALIAS', schema: Joi.string().hostname().required() },
    certPath: { variable: 'CORRIDOR_CERT', schema: Joi.string().required() },
    keyPath: { variable: 'CORRIDOR_KEY', schema: Joi.string().required() },
    channel: { variable: 'CORRIDOR_CHANNEL', schema: Joi.string().pattern(/^[a-z][a-z0-9.-]{0,48}$/).default('payments') },
    chaincode: { variable: 'CORRIDOR_CHAINCODE', schema: Joi.string().pattern(/^[A-Za-z0-9_-]{1,64}$/).default('corridor') },
    dataDir: { variable: 'CORRIDOR_DATA_DIR', schema: Joi.string().required() },
    apiKeysFile: { variable: 'CORRIDOR_API_KEYS_FILE', schema: Joi.string().required() },
    logLevel: { variable: 'CORRIDOR_LOG_LEVEL', schema: Joi.string().valid('error', 'warn', 'info', 'debug').default('info') },
    indexUrl: {
        variable: 'CORRIDOR_INDEX_URL',
        schema: Joi.string().max(1000).pattern(/^(postgres(ql)?:\/\/[^\s]+|[^\s:][^\s]*|:memory:)$/).required(),
        read: (env) => env.CORRIDOR_INDEX_URL ?? env.CORRIDOR_DATABASE_URL ?? (env.CORRIDOR_DATA_DIR === undefined ? undefined : join(env.CORRIDOR_DATA_DIR, 'index.db')),
    },
    databaseUrl: { variable: 'CORRIDOR_DATABASE_URL', schema: Joi.string().max(1000).pattern(/^postgres(ql)?:\/\/[^\s]+$/) },
    indexRebuild: { variable: 'CORRIDOR_INDEX_REBUILD', schema: Joi.boolean().truthy('1').falsy('0').default(false) },
    requestsPerMinute: { variable: 'CORRIDOR_REQUESTS_PER_MINUTE', schema: Joi.number().integer().min(1).max(1_000_000).default(REQUESTS_PER_MINUTE) },
    webRoot: { variable: 'CORRIDOR_WEB_ROOT', schema: Joi.string().max(1000) },
    responseCheck: { variable: 'CORRIDOR_RESPONSE_CHECK', schema: Joi.boolean().truthy('1').falsy('0').default(false) },
};

const entries = Object.entries(SETTINGS) as [keyof Config, (typeof SETTINGS)[keyof Config]][];
const schema: Joi.ObjectSchema<Config> = Joi.object<Config>(Object.fromEntries(entries.map(([field, setting]) => [field, setting.schema.label(setting.variable)])));

/** The gateway's own settings; throws one error naming every bad or missing variable. */
export function loadConfig(env: Env): Config {
    const raw = Object.fromEntries(entries.map(([field, setting]) => [field, setting.read ? setting.read(env) : env[setting.variable]]));
    const result = schema.validate(raw, { abortEarly: false, convert: true });
    if (result.error) {
        throw new Error(`invalid gateway configuration: ${result.error.details.map((d) => d.message).join('; ')}`);
    }
    return result.value;
}

/** Every setting main.ts needs, gateway and customers, validated together at start-up. */
export function loadSettings(env: Env): Settings {
    const problems: string[] = [];
    const attempt = <T>(load: () => T): T | undefined => {
        try {
            return load();
        } catch (err) {
            problems.push((err as Error).message);
            return undefined;
        }
    };
    const gateway = attempt(() => loadConfig(env));
    const customers = attempt(() => loadCustomerSettings(env, gateway?.dataDir ?? env.CORRIDOR_DATA_DIR ?? ''));
    const webhooks = attempt(() => loadWebhookSettings(env));
    if (gateway === undefined || customers === undefined || webhooks === undefined) {
        throw new Error(problems.join('\n'));
    }
    return { gateway, customers, webhooks };
}
