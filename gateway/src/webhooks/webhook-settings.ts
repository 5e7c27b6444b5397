import Joi from 'joi';
import type { RetryPolicy } from './backoff';

/** Settings of push delivery, read by config.ts's loadSettings from CORRIDOR_WEBHOOKS_* variables. */
export interface WebhookSettings {
    /** Plain http to 127.0.0.1, [::1] or localhost: a dev network's receivers; never in production. */
    allowHttpLoopback: boolean;
    retry: RetryPolicy;
    /** How long a rotated-out secret keeps signing beside the new one. */
    rotationOverlapSeconds: number;
    /** A receiver that has not answered in this time has failed the attempt (the contract says 10 s). */
    timeoutMs: number;
    /** How often the worker looks for due retries; a committed block wakes it at once. */
    pollMs: number;
    /** quote.expiring goes out this long before a quote that was not used expires. */
    quoteLeadSeconds: number;
    /** Deliveries in flight at once, across endpoints. */
    concurrency: number;
}

const VARIABLES: Record<string, { path: string; schema: Joi.Schema }> = {
    CORRIDOR_WEBHOOKS_ALLOW_HTTP_LOOPBACK: { path: 'allowHttpLoopback', schema: Joi.boolean().truthy('1').falsy('0').default(false) },
    CORRIDOR_WEBHOOKS_MAX_ATTEMPTS: { path: 'maxAttempts', schema: Joi.number().integer().min(1).max(50).default(12) },
    CORRIDOR_WEBHOOKS_RETRY_BASE_MS: { path: 'baseMs', schema: Joi.number().integer().min(10).max(600_000).default(2_000) },
    CORRIDOR_WEBHOOKS_RETRY_CAP_MS: { path: 'capMs', schema: Joi.number().integer().min(10).max(86_400_000).default(3_600_000) },
    CORRIDOR_WEBHOOKS_ROTATION_OVERLAP_SECONDS: { path: 'rotationOverlapSeconds', schema: Joi.number().integer().min(0).max(2_592_000).default(86_400) },
    CORRIDOR_WEBHOOKS_TIMEOUT_MS: { path: 'timeoutMs', schema: Joi.number().integer().min(100).max(10_000).default(10_000) },
    CORRIDOR_WEBHOOKS_POLL_MS: { path: 'pollMs', schema: Joi.number().integer().min(10).max(60_000).default(1_000) },
    CORRIDOR_WEBHOOKS_QUOTE_LEAD_SECONDS: { path: 'quoteLeadSeconds', schema: Joi.number().integer().min(1).max(86_400).default(60) },
    CORRIDOR_WEBHOOKS_CONCURRENCY: { path: 'concurrency', schema: Joi.number().integer().min(1).max(64).default(8) },
};

/** The validated variables before they are grouped; joi fills every default. */
interface Flat {
    allowHttpLoopback: boolean;
    maxAttempts: number;
    baseMs: number;
    capMs: number;
    rotationOverlapSeconds: number;
    timeoutMs: number;
    pollMs: number;
    quoteLeadSeconds: number;
    concurrency: number;
}

const schema = Joi.object(Object.fromEntries(Object.entries(VARIABLES).map(([variable, { path, schema: s }]) => [path, s.label(variable)])));

/** Validated settings; throws one error naming every bad variable. */
export function loadWebhookSettings(env: NodeJS.ProcessEnv): WebhookSettings {
    const raw = Object.fromEntries(Object.entries(VARIABLES).map(([variable, { path }]) => [path, env[variable]]));
    const { error, value } = schema.validate(raw, { abortEarly: false, convert: true }) as { error?: Joi.ValidationError; value: Flat };
    if (error !== undefined) {
        throw new Error(`invalid webhook configuration: ${error.details.map((d) => d.message).join('; ')}`);
    }
    if (value.capMs < value.baseMs) {
        throw new Error('invalid webhook configuration: CORRIDOR_WEBHOOKS_RETRY_CAP_MS must be at least CORRIDOR_WEBHOOKS_RETRY_BASE_MS');
    }
    return {
        allowHttpLoopback: value.allowHttpLoopback,
        retry: { baseMs: value.baseMs, capMs: value.capMs, maxAttempts: value.maxAttempts },
        rotationOverlapSeconds: value.rotationOverlapSeconds,
        timeoutMs: value.timeoutMs,
        pollMs: value.pollMs,
        quoteLeadSeconds: value.quoteLeadSeconds,
        concurrency: value.concurrency,
    };
}
