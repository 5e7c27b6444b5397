import type { Logger } from '../logger';
import type { Clock } from '../security/clock';
import type { Channel } from '../customers/customer-model';
import type { OutboxStore } from './outbox-store';

export interface Notification {
    channel: Channel;
    recipient: string;
    template: string;
    body: string;
}

/** Sends codes and security notices to a customer's phone or email. */
export interface Notifier {
    send(notification: Notification): Promise<void>;
}

/** Delivers queued messages of one channel; `kick` starts a sweep and returns at once. */
export interface OutboxSender {
    readonly channel: Channel;
    kick(): void;
}

/**
 * Queues every message in the outbox table first, so none is lost whatever happens to
 * its delivery, then wakes the sender of its channel if there is one: email goes out by
 * SMTP and SMS through the provider interface when configured; otherwise the message
 * stays queued in the outbox.
 *
 * Delivery never runs inside the request: a request that sends a message (an account
 * exists) must take as long as one that does not, or its timing would enumerate accounts.
 *
 * The log line says that a message was queued, its template and a masked recipient.
 * Never the body: it holds codes, and secrets never reach logs. Keep it that way.
 */
export class OutboxNotifier implements Notifier {
    constructor(
        private readonly store: OutboxStore,
        private readonly clock: Clock,
        private readonly logger: Logger,
        private readonly senders: readonly OutboxSender[] = [],
    ) {}

    async send(notification: Notification): Promise<void> {
        const outboxId = await this.store.insertOutbox({ ...notification, createdAt: this.clock.now().toISOString() });
        this.logger.info('notification queued', {
            outboxId,
            channel: notification.channel,
            template: notification.template,
            to: maskRecipient(notification.channel, notification.recipient),
        });
        for (const sender of this.senders) {
            if (sender.channel === notification.channel) {
                sender.kick();
            }
        }
    }
}

/**
 * Enough of an address to tell messages apart in a log, not enough to know who it is:
 * `a***@e***.com`, `+***********78`.
 */
export function maskRecipient(channel: Channel, recipient: string): string {
    if (channel === 'sms') {
        return `+${'*'.repeat(Math.max(recipient.length - 3, 0))}${recipient.slice(-2)}`;
    }
    const at = recipient.lastIndexOf('@');
    const local = recipient.slice(0, Math.max(at, 0));
    const domain = recipient.slice(at + 1);
    const dot = domain.lastIndexOf('.');
    const topLevel = dot === -1 ? '' : domain.slice(dot);
    return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***${topLevel}`;
}
