import type { Logger } from '../logger';
import type { Clock } from '../security/clock';
import { exhausted, retryDelayMs } from './backoff';
import { eventId, type EventDraft } from './webhook-events';
import type { WebhookMetrics } from './webhook-metrics';
import type { EndpointSecrets } from './webhook-secrets';
import type { WebhookSettings } from './webhook-settings';
import { deliveryHeaders } from './webhook-signature';
import type { DueDelivery, WebhookStore } from './webhook-store';

/** One HTTP attempt: the receiver's status, or a thrown error for no answer at all. */
export type Sender = (url: string, headers: Record<string, string>, body: string, timeoutMs: number) => Promise<number>;

/** Node's fetch, redirects not followed (a 3xx is a failed attempt: the registered URL is the only target). */
export const fetchSender: Sender = async (url, headers, body, timeoutMs) => {
    const res = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.status;
};

/** Deliveries fetched per pass; the pass repeats while it finds work. */
const BATCH = 64;

/**
 * Sends what the outbox queued. Each pass takes the due deliveries, at most one per
 * endpoint and subject (the store's order rule), and sends them concurrently; a failure
 * is retried with capped, jittered backoff until the policy's last attempt.
 */
export class DeliveryWorker {
    private timer: NodeJS.Timeout | undefined;
    private running: Promise<void> | undefined;
    private again = false;
    /** Not started, or stopped: no timer and no nudged passes (a test may still drain by hand). */
    private stopped = true;
    /** Set by stop(): a pass in progress ends after its current batch. */
    private stopping = false;

    constructor(
        private readonly store: WebhookStore,
        /** This gateway's bank: the owner of every endpoint it serves. */
        private readonly bank: string,
        private readonly secrets: EndpointSecrets,
        private readonly settings: WebhookSettings,
        private readonly metrics: WebhookMetrics,
        private readonly logger: Logger,
        private readonly clock: Clock,
        private readonly send: Sender = fetchSender,
        private readonly random: () => number = Math.random,
    ) {}

    start(): void {
        if (!this.stopped) {
            return;
        }
        this.stopped = false;
        this.stopping = false;
        this.timer = setInterval(() => { this.nudge(); }, this.settings.pollMs);
        this.timer.unref();
        this.nudge();
    }

    async stop(): Promise<void> {
        this.stopped = true;
        this.stopping = true;
        clearInterval(this.timer);
        await this.running;
    }

    /** Something may be due (a block committed, a redelivery asked for): run a pass now, or right after the current one. */
    nudge(): void {
        if (this.stopped) {
            return;
        }
        if (this.running !== undefined) {
            this.again = true;
            return;
        }
        this.running = this.drain()
            .then(() => undefined)
            .catch((err: unknown) => {
                this.logger.warn('webhook delivery pass failed', { error: String(err) });
            })
            .finally(() => {
                this.running = undefined;
                if (this.again) {
                    this.again = false;
                    this.nudge();
                }
            });
    }

    /** Passes until nothing is due; returns the attempts made. */
    async drain(): Promise<number> {
        let attempts = 0;
        for (;;) {
            await this.announceExpiringQuotes();
            const due = await this.store.due(this.clock.now().toISOString(), Math.min(BATCH, this.settings.concurrency * 8));
            this.metrics.queueDepth.set(await this.store.pendingCount());
            if (due.length === 0 || this.stopping) {
                return attempts;
            }
            for (let i = 0; i < due.length; i += this.settings.concurrency) {
                await Promise.all(due.slice(i, i + this.settings.concurrency).map((d) => this.attempt(d)));
            }
            attempts += due.length;
        }
    }

    private async attempt(delivery: DueDelivery): Promise<void> {
        const endpoint = await this.store.endpoint(delivery.endpointId);
        if (endpoint === undefined) {
            return;
        }
        const now = this.clock.now();
        const attempt = delivery.attempts + 1;
        const headers = deliveryHeaders(this.secrets.signing(endpoint, now), delivery.eventId, Math.floor(now.getTime() / 1000), delivery.body);
        let status: number | null = null;
        let error: string;
        try {
            status = await this.send(endpoint.url, headers, delivery.body, this.settings.timeoutMs);
            if (status >= 200 && status < 300) {
                const at = this.clock.now();
                await this.store.markDelivered(delivery.deliveryId, attempt, status, at.toISOString());
                this.metrics.deliveries.inc({ outcome: 'delivered' });
                this.metrics.commitToDelivery.observe(Math.max(0, at.getTime() - Date.parse(delivery.committedAt)) / 1000);
                return;
            }
            error = `HTTP ${status}`;
        } catch (err) {
            error = describe(err);
        }
        const last = exhausted(attempt, this.settings.retry);
        const next = last ? null : new Date(this.clock.now().getTime() + retryDelayMs(attempt, this.settings.retry, this.random)).toISOString();
        await this.store.markAttemptFailed(delivery.deliveryId, attempt, status, error, next);
        this.metrics.deliveries.inc({ outcome: last ? 'failed' : 'retry' });
        // The endpoint id and outcome only: the URL may carry a bank's path tokens.
        this.logger.log(last ? 'warn' : 'debug', 'webhook delivery attempt failed', { endpointId: endpoint.id, deliveryId: delivery.deliveryId, attempt, error, final: last });
    }

    /** Quotes indexed and not used whose expiry is within the lead time become quote.expiring, once each. */
    private async announceExpiringQuotes(): Promise<void> {
        const now = this.clock.now();
        const horizon = new Date(now.getTime() + this.settings.quoteLeadSeconds * 1000).toISOString();
        const quotes = await this.store.quotesExpiring(now.toISOString(), horizon, BATCH);
        for (const quote of quotes) {
            const draft: EventDraft = {
                id: eventId('quote.expiring', quote.quoteId),
                type: 'quote.expiring',
                createdAt: now.toISOString(),
                subject: { kind: 'quote', id: quote.quoteId },
                ledger: { txId: quote.txId, block: quote.block.toString() },
                audience: quote.audience,
                data: { ...quote.data, expiresAt: quote.expiresAt },
            };
            await this.store.db.transaction(async (tx) => {
                await this.store.enqueue(tx, [draft], this.bank, now.toISOString());
                await this.store.markQuoteAnnounced(tx, quote.quoteId);
            });
        }
    }
}

/** What went wrong without the receiver's answer body: the error's code or message. */
function describe(err: unknown): string {
    const e = err as { name?: string; message?: string; cause?: { code?: string } } | null;
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
        return 'timeout';
    }
    return e?.cause?.code ?? e?.message ?? 'error';
}
