import Joi from 'joi';
import { join } from 'node:path';

/** Gateway settings, read once from the environment and validated before anything starts. */
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
    requestsPerMinute?: number;
}

const schema = Joi.object<Config>({
    org: Joi.string().pattern(/^[a-z0-9-]{1,32}$/).required(),
    mspId: Joi.string().pattern(/^[A-Za-z0-9]{1,64}$/).required(),
    port: Joi.number().integer().min(1).max(65535).required(),
    peerEndpoint: Joi.string().pattern(/^127\.0\.0\.1:\d{1,5}$|^localhost:\d{1,5}$|^[a-z0-9.-]+:\d{1,5}$/).required(),
    peerTlsCaPath: Joi.string().required(),
    peerHostAlias: Joi.string().hostname().required(),
    certPath: Joi.string().required(),
    keyPath: Joi.string().required(),
    channel: Joi.string().pattern(/^[a-z][a-z0-9.-]{0,48}$/).required(),
    chaincode: Joi.string().pattern(/^[A-Za-z0-9_-]{1,64}$/).required(),
    dataDir: Joi.string().required(),
    apiKeysFile: Joi.string().required(),
    logLevel: Joi.string().valid('error', 'warn', 'info', 'debug').default('info'),
    indexUrl: Joi.string().max(1000).pattern(/^(postgres(ql)?:\/\/[^\s]+|[^\s:][^\s]*|:memory:)$/).required(),
    databaseUrl: Joi.string().max(1000).pattern(/^postgres(ql)?:\/\/[^\s]+$/),
    indexRebuild: Joi.boolean().truthy('1').falsy('0').default(false),
    requestsPerMinute: Joi.number().integer().min(1).max(1_000_000).default(1200),
});

export function loadConfig(env: NodeJS.ProcessEnv): Config {
    const { value, error } = schema.validate(
        {
            org: env.CORRIDOR_ORG,
            mspId: env.CORRIDOR_MSP_ID,
            port: env.CORRIDOR_PORT,
            peerEndpoint: env.CORRIDOR_PEER_ENDPOINT,
            peerTlsCaPath: env.CORRIDOR_PEER_TLS_CA,
            peerHostAlias: env.CORRIDOR_PEER_HOST_ALIAS,
            certPath: env.CORRIDOR_CERT,
            keyPath: env.CORRIDOR_KEY,
            channel: env.CORRIDOR_CHANNEL ?? 'payments',
            chaincode: env.CORRIDOR_CHAINCODE ?? 'corridor',
            dataDir: env.CORRIDOR_DATA_DIR,
            apiKeysFile: env.CORRIDOR_API_KEYS_FILE,
            logLevel: env.CORRIDOR_LOG_LEVEL,
            indexUrl: env.CORRIDOR_INDEX_URL ?? env.CORRIDOR_DATABASE_URL ?? (env.CORRIDOR_DATA_DIR === undefined ? undefined : join(env.CORRIDOR_DATA_DIR, 'index.db')),
            databaseUrl: env.CORRIDOR_DATABASE_URL,
            indexRebuild: env.CORRIDOR_INDEX_REBUILD,
            requestsPerMinute: env.CORRIDOR_REQUESTS_PER_MINUTE,
        },
        { abortEarly: false, convert: true },
    );
    if (error) {
        throw new Error(`invalid gateway configuration: ${error.details.map((d) => d.message).join('; ')}`);
    }
    return value;
}
