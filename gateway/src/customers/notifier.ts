import type { Logger } from '../logger';
import type { Clock } from '../security/clock';
import type { Channel } from './customer-model';
import type { CustomerStore } from './customer-store';

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

/**
 * Queues messages in the outbox table, from which a sender (SMS gateway, SMTP) delivers
 * them. The log says that a message was queued, never to whom or what it says.
 */
export class OutboxNotifier implements Notifier {
    constructor(
        private readonly store: CustomerStore,
        private readonly clock: Clock,
        private readonly logger: Logger,
    ) {}

    async send(notification: Notification): Promise<void> {
        const outboxId = await this.store.insertOutbox({ ...notification, createdAt: this.clock.now().toISOString() });
        this.logger.info('notification queued', { outboxId, channel: notification.channel, template: notification.template });
    }
}
