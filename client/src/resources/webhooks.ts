import { paginate } from '../paging.js';
import type { Transport } from '../transport.js';
import { act, gatewayObject, path, read, send, type WriteOptions } from './calls.js';

/** Webhook endpoints as the gateway serves them (gateway/src/webhooks/README.md has the wire contract); verify deliveries with verifyWebhook. */

export interface WebhookInput {
    /** https, or http on 127.0.0.1 for a local receiver. */
    url: string;
    /** Known types (WebhookEventType); a type the gateway adds later is accepted as a string too. */
    events: string[];
    description?: string;
}

export interface Webhook {
    id: string;
    url: string;
    events: string[];
    description?: string;
    state: 'active' | 'disabled';
    createdAt: string;
}

export interface Delivery {
    deliveryId: string;
    eventId: string;
    eventType: string;
    state: 'pending' | 'delivered' | 'failed';
    attempts: number;
    lastStatus?: number;
    lastError?: string;
    nextAttemptAt?: string;
    deliveredAt?: string;
}

export class Webhooks {
    constructor(private readonly t: Transport) {}

    /** Registers an endpoint; the answer holds its secret, shown only here and on rotation. */
    create(input: WebhookInput, options?: WriteOptions): Promise<Webhook & { secret: string }> {
        return send(this.t, 'POST', '/v1/webhooks', gatewayObject<Webhook & { secret: string }>, input, options);
    }

    async list(): Promise<Webhook[]> {
        return gatewayObject<{ items: Webhook[] }>(await this.t.json('GET', '/v1/webhooks')).items;
    }

    get(id: string): Promise<Webhook> {
        return read(this.t, path`/v1/webhooks/${id}`, gatewayObject<Webhook>);
    }

    /** A new secret; both sign deliveries until previousSecretValidUntil. */
    rotateSecret(id: string, options?: WriteOptions): Promise<{ secret: string; previousSecretValidUntil: string }> {
        return send(this.t, 'POST', `${path`/v1/webhooks/${id}`}/rotate-secret`, gatewayObject<{ secret: string; previousSecretValidUntil: string }>, undefined, options);
    }

    disable(id: string, options?: WriteOptions): Promise<Webhook> {
        return send(this.t, 'POST', `${path`/v1/webhooks/${id}`}/disable`, gatewayObject<Webhook>, undefined, options);
    }

    enable(id: string, options?: WriteOptions): Promise<Webhook> {
        return send(this.t, 'POST', `${path`/v1/webhooks/${id}`}/enable`, gatewayObject<Webhook>, undefined, options);
    }

    deliveries(id: string, limit = 50): AsyncGenerator<Delivery, void, undefined> {
        return paginate(async (cursor) => {
            const page = await read(this.t, `${path`/v1/webhooks/${id}`}/deliveries`, gatewayObject<{ items: Delivery[]; nextCursor?: string | null }>, { limit, cursor });
            return { items: page.items, next: page.nextCursor ?? undefined };
        });
    }

    redeliver(id: string, deliveryId: string, options?: WriteOptions): Promise<void> {
        return act(this.t, 'POST', `${path`/v1/webhooks/${id}`}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, undefined, options);
    }
}
