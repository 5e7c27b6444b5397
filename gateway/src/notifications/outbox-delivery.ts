import type { Logger } from '../logger';
import type { Clock } from '../security/clock';
import type { Channel, OutboxMessage } from '../customers/customer-model';
import type { DeliveryStore } from './outbox-store';
import type { OutboxSender } from './notifier';

/** How a channel hands one message to its provider: SMTP for email, an HTTP provider for SMS. */
export interface ChannelTransport {
    readonly channel: Channel;
    send(message: OutboxMessage): Promise<void>;
    /** The failure as the outbox and the log keep it: codes only, never a provider's text (it quotes recipients). */
    failureOf(err: unknown): string;
    /** A refusal that trying again cannot change (no such mailbox, an invalid number). */
    permanent(err: unknown): boolean;
    close(): void;
}

export interface RetrySettings {
    /** Tries per message, the first included; after the last the message stays failed in the outbox. */
    maxAttempts: number;
    /** Wait before the first retry; doubled after each further failure, at most six hours. */
    retrySeconds: number;
}

export interface SweepResult {
    sent: number;
    failed: number;
}

/** Messages fetched per query; a sweep goes on while batches come back full, up to MAX_BATCHES. */
const BATCH = 100;
const MAX_BATCHES = 10;
const MAX_BACKOFF_SECONDS = 6 * 60 * 60;

/**
 * Sends one channel of the outbox through its transport. Each message is marked sent, or
 * failed with its try count and the time of its next try; after the last try, or on a
 * permanent refusal, it stays failed in the outbox with no next try. A message is never
 * removed, so none is lost. Sweeps run one at a time in this process: one gateway process
 * owns the outbox.
 */
export class OutboxDelivery implements OutboxSender {
    readonly channel: Channel;
    private tail: Promise<unknown> = Promise.resolve();
    private sweepPending = false;
    private timer: NodeJS.Timeout | undefined;

    constructor(
        private readonly store: DeliveryStore,
        private readonly transport: ChannelTransport,
        private readonly settings: RetrySettings,
        private readonly clock: Clock,
        private readonly logger: Logger,
    ) {
        this.channel = transport.channel;
    }

    /** Starts a sweep after the running one, unless one is already waiting; returns at once. */
    kick(): void {
        if (this.sweepPending) {
            return;
        }
        this.sweepPending = true;
        void this.sweep();
    }

    /** Runs a sweep after the running one and tells what it did. */
    sweep(): Promise<SweepResult> {
        const run = this.tail.then(() => {
            this.sweepPending = false;
            return this.sendDue();
        });
        this.tail = run.catch((err: unknown) => {
            // A store failure: the messages stay due and the next sweep takes them.
            this.logger.error('outbox sweep failed', { channel: this.channel, error: this.transport.failureOf(err) });
        });
        return run;
    }

    /** Resolves when every sweep started so far has finished. */
    async idle(): Promise<void> {
        await this.tail;
    }

    /** Sweeps now, then every retrySeconds even when no new message arrives; never keeps the process alive. */
    startRetrying(): void {
        if (this.timer === undefined) {
            this.timer = setInterval(() => { this.kick(); }, this.settings.retrySeconds * 1000).unref();
            this.kick();
        }
    }

    async close(): Promise<void> {
        clearInterval(this.timer);
        this.timer = undefined;
        await this.idle();
        this.transport.close();
    }

    private async sendDue(): Promise<SweepResult> {
        const result: SweepResult = { sent: 0, failed: 0 };
        for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
            const due = await this.store.listOutboxDue(this.channel, this.clock.now().toISOString(), BATCH);
            for (const message of due) {
                if (await this.deliver(message)) {
                    result.sent += 1;
                } else {
                    result.failed += 1;
                }
            }
            if (due.length < BATCH) {
                break;
            }
        }
        return result;
    }

    private async deliver(message: OutboxMessage): Promise<boolean> {
        const attempts = message.attempts + 1;
        try {
            await this.transport.send(message);
        } catch (err) {
            const error = this.transport.failureOf(err);
            const retryAt = this.transport.permanent(err) || attempts >= this.settings.maxAttempts ? null : this.retryAt(attempts);
            await this.store.markOutboxFailed(message.id, attempts, error, retryAt);
            this.logger.warn('notification delivery failed', { outboxId: message.id, channel: this.channel, template: message.template, attempts, error, retryAt });
            return false;
        }
        await this.store.markOutboxSent(message.id, attempts, this.clock.now().toISOString());
        this.logger.info('notification sent', { outboxId: message.id, channel: this.channel, template: message.template, attempts });
        return true;
    }

    private retryAt(attempts: number): string {
        const seconds = Math.min(this.settings.retrySeconds * 2 ** (attempts - 1), MAX_BACKOFF_SECONDS);
        return new Date(this.clock.now().getTime() + seconds * 1000).toISOString();
    }
}
