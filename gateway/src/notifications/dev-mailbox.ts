import { AppError } from '../errors';
import type { Channel, OutboxStatus } from '../customers/customer-model';
import { normaliseEmail, normalisePhone } from '../identity/contact-rules';
import type { MailboxStore } from './outbox-store';
import type { SmsProvider, SmsStatus } from './sms-provider';
import { subjectOf } from './smtp-delivery';

/** One message as the dev mailbox shows it. */
export interface MailboxEntry {
    id: number;
    channel: Channel;
    template: string;
    /** The mail's subject line; absent for SMS. */
    subject?: string;
    body: string;
    createdAt: string;
    /** The outbox's state: queued, sent (handed to the mail server or SMS provider) or failed. */
    status: OutboxStatus;
    sentAt: string | null;
    /** For a sent SMS, what the provider reports now; absent when it could not be asked. */
    deliveryStatus?: SmsStatus;
}

export const MAILBOX_MAX = 50;

/**
 * What this gateway sent to one phone or email, codes included, so a newcomer on the dev
 * network can finish registration, sign-in, phone binding and password reset without a
 * real phone or inbox. Answers only when the settings say dev (CORRIDOR_DEV_MAILBOX): on
 * any other gateway it refuses as if the route did not exist.
 */
export class DevMailbox {
    constructor(
        private readonly store: MailboxStore,
        private readonly enabled: boolean,
        private readonly sms?: Pick<SmsProvider, 'status'>,
    ) {}

    /** Refuses before anything of the request is read, so a production gateway tells nothing about the route. */
    requireEnabled(): void {
        if (!this.enabled) {
            throw new AppError('ROUTE_NOT_FOUND', 'no such route');
        }
    }

    async read(to: string, limit: number): Promise<{ to: string; messages: MailboxEntry[] }> {
        this.requireEnabled();
        const channel: Channel = to.trim().startsWith('+') ? 'sms' : 'email';
        const recipient = channel === 'sms' ? normalisePhone(to) : normaliseEmail(to);
        const messages = await this.store.listOutboxTo(channel, recipient, Math.min(limit, MAILBOX_MAX));
        return {
            to: recipient,
            messages: await Promise.all(
                messages.map(async (message) => ({
                    id: message.id,
                    channel: message.channel,
                    template: message.template,
                    ...(channel === 'email' ? { subject: subjectOf(message.template) } : {}),
                    body: message.body,
                    createdAt: message.createdAt,
                    status: message.status,
                    sentAt: message.sentAt,
                    ...(channel === 'sms' && message.status === 'sent' ? await this.deliveryOf(message.id) : {}),
                })),
            ),
        };
    }

    private async deliveryOf(outboxId: number): Promise<{ deliveryStatus?: SmsStatus }> {
        if (this.sms === undefined) {
            return {};
        }
        try {
            const status = await this.sms.status(outboxId);
            return status === undefined ? {} : { deliveryStatus: status };
        } catch {
            // The provider is down: the mailbox still shows what the outbox knows.
            return {};
        }
    }
}
