import type { Channel, OutboxDraft, OutboxMessage } from '../customers/customer-model';

/** Where notifications are queued. */
export interface OutboxStore {
    /** Queues a message; returns its id. */
    insertOutbox(message: OutboxDraft): Promise<number>;
}

/** What a sender reads and marks as it delivers the outbox. */
export interface DeliveryStore {
    /** Messages of a channel that are queued, or failed with a retry due at or before `at`, oldest first. */
    listOutboxDue(channel: Channel, at: string, limit: number): Promise<OutboxMessage[]>;
    markOutboxSent(id: number, attempts: number, at: string): Promise<void>;
    /** nextAttemptAt null: no more retries; the message stays for staff to see. */
    markOutboxFailed(id: number, attempts: number, error: string, nextAttemptAt: string | null): Promise<void>;
}

/** What the dev mailbox reads: every message to one recipient. */
export interface MailboxStore {
    /** Messages of a channel to a recipient (found by its blind index), newest first, at most `limit`. */
    listOutboxTo(channel: Channel, recipient: string, limit: number): Promise<OutboxMessage[]>;
}
