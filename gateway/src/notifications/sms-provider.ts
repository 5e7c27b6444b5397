import type { OutboxMessage } from '../customers/customer-model';
import type { ChannelTransport } from './outbox-delivery';

/**
 * The SMS provider interface the gateway speaks, over HTTP with JSON bodies:
 *
 *   POST {url}/messages   {"to": "+49…", "text": "…", "reference": "corridor-<org>-<outbox id>"}
 *                         → 201 or 202 {"reference", "status"}; a reference seen before answers
 *                           as the first time did and sends nothing again
 *   GET  {url}/messages/{reference} → 200 {"reference", "status"}; 404 when unknown
 *
 * with `Authorization: Bearer <token>` when a token is set. status is one of accepted,
 * delivered, failed. The reference makes a retry after a lost answer safe: the provider
 * sends a reference once. A real provider whose API differs is put behind a small relay
 * (or a second adapter) that speaks this interface; the dev network's sink does.
 */
export type SmsStatus = 'accepted' | 'delivered' | 'failed';

export interface SmsSettings {
    /** The provider's base URL, https:// except to a relay on this machine. */
    url: string;
    /** Bearer token of the gateway's provider account; a secret: never log this object. */
    token?: string;
    /** Tells this gateway's references from other gateways' at a shared provider. */
    referencePrefix: string;
    maxAttempts: number;
    retrySeconds: number;
}

/** A refusal by the provider, with its HTTP status; no body text is kept (it can quote the number). */
export class SmsProviderError extends Error {
    constructor(readonly status: number | undefined, readonly code: string) {
        super(`SMS provider: ${code}${status === undefined ? '' : ` ${status}`}`);
        this.name = 'SmsProviderError';
    }
}

const TIMEOUT_MS = 10_000;
const STATUSES: readonly SmsStatus[] = ['accepted', 'delivered', 'failed'];

export class SmsProvider implements ChannelTransport {
    readonly channel = 'sms' as const;

    constructor(private readonly settings: Pick<SmsSettings, 'url' | 'token' | 'referencePrefix'>) {}

    referenceOf(outboxId: number): string {
        return `${this.settings.referencePrefix}-${outboxId}`;
    }

    async send(message: OutboxMessage): Promise<void> {
        const answer = await this.call('POST', '/messages', { to: message.recipient, text: message.body, reference: this.referenceOf(message.id) });
        if (statusIn(answer) === 'failed') {
            throw new SmsProviderError(undefined, 'REFUSED');
        }
    }

    /** What the provider says became of a message the outbox marked sent; undefined when it does not know it. */
    async status(outboxId: number): Promise<SmsStatus | undefined> {
        try {
            return statusIn(await this.call('GET', `/messages/${encodeURIComponent(this.referenceOf(outboxId))}`));
        } catch (err) {
            if (err instanceof SmsProviderError && err.status === 404) {
                return undefined;
            }
            throw err;
        }
    }

    failureOf(err: unknown): string {
        if (err instanceof SmsProviderError) {
            return err.status === undefined ? err.code : `${err.code} ${err.status}`;
        }
        const name = (err as { name?: unknown } | null)?.name;
        return name === 'TimeoutError' ? 'ETIMEDOUT' : 'ECONNECTION';
    }

    /**
     * A 4xx refuses the message for good (a number the provider will not serve), except
     * 401/403 (the gateway's credentials: fixed by configuration, then retried), 408 and 429
     * (come back later). A refusal in a 2xx answer (status failed) is final too.
     */
    permanent(err: unknown): boolean {
        if (!(err instanceof SmsProviderError)) {
            return false;
        }
        if (err.status === undefined) {
            return err.code === 'REFUSED';
        }
        return err.status >= 400 && err.status < 500 && ![401, 403, 408, 429].includes(err.status);
    }

    close(): void {
        // fetch keeps no connection of ours open.
    }

    private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
        const response = await fetch(`${this.settings.url.replace(/\/+$/, '')}${path}`, {
            method,
            headers: {
                accept: 'application/json',
                ...(body === undefined ? {} : { 'content-type': 'application/json' }),
                ...(this.settings.token === undefined ? {} : { authorization: `Bearer ${this.settings.token}` }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            redirect: 'error',
            signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        if (!response.ok) {
            await response.body?.cancel();
            throw new SmsProviderError(response.status, 'HTTP');
        }
        try {
            return (await response.json()) as unknown;
        } catch {
            throw new SmsProviderError(response.status, 'BAD_ANSWER');
        }
    }
}

function statusIn(answer: unknown): SmsStatus {
    const status = (answer as { status?: unknown } | null)?.status;
    if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status)) {
        throw new SmsProviderError(undefined, 'BAD_ANSWER');
    }
    return status as SmsStatus;
}
