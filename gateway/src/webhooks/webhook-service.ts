import { randomBytes } from 'node:crypto';
import { AppError } from '../errors';
import type { Clock } from '../security/clock';
import type { EventType } from './webhook-events';
import type { EndpointSecrets } from './webhook-secrets';
import type { WebhookSettings } from './webhook-settings';
import { newSecret } from './webhook-signature';
import type { DeliveryRow, EndpointRow, EndpointState, LogPosition, WebhookStore } from './webhook-store';
import { checkEndpointUrl } from './webhook-url';

/** Endpoints one bank may keep: enough for a back office's systems, not a fan-out amplifier. */
export const MAX_ENDPOINTS = 20;

/** An endpoint as the API shows it: never a secret. */
export interface EndpointView {
    id: string;
    url: string;
    events: EventType[];
    description?: string;
    state: EndpointState;
    createdAt: string;
}

export interface DeliveryView {
    deliveryId: string;
    eventId: string;
    eventType: EventType;
    state: DeliveryRow['state'];
    attempts: number;
    lastStatus?: number;
    lastError?: string;
    nextAttemptAt?: string;
    deliveredAt?: string;
}

export interface Registration {
    url: string;
    events: EventType[];
    description?: string;
}

/**
 * The endpoints of this gateway's bank (one gateway serves one bank, so the bank is the
 * owner of every endpoint here) and their delivery logs.
 */
export class WebhookService {
    constructor(
        private readonly store: WebhookStore,
        private readonly secrets: EndpointSecrets,
        private readonly settings: WebhookSettings,
        private readonly bank: string,
        private readonly clock: Clock,
        /** Called after a redelivery is queued, so the worker sends it without waiting for its poll. */
        private readonly wake: () => void = () => undefined,
    ) {}

    async register(registration: Registration): Promise<EndpointView & { secret: string }> {
        const url = checkEndpointUrl(registration.url, this.settings.allowHttpLoopback);
        if ((await this.store.endpoints(this.bank)).length >= MAX_ENDPOINTS) {
            throw new AppError('VALIDATION_FAILED', `a bank keeps at most ${MAX_ENDPOINTS} webhook endpoints; delete or reuse one`, 'url');
        }
        const id = `wh_${randomBytes(12).toString('hex')}`;
        const secret = newSecret();
        const at = this.clock.now().toISOString();
        const row: EndpointRow = {
            id,
            bank: this.bank,
            url: url.toString(),
            events: [...new Set(registration.events)],
            description: registration.description ?? null,
            state: 'active',
            sealedSecret: this.secrets.seal(secret, id),
            sealedPrevious: null,
            previousValidUntil: null,
            createdAt: at,
        };
        await this.store.createEndpoint(row);
        return { ...view(row), secret };
    }

    async list(): Promise<EndpointView[]> {
        return (await this.store.endpoints(this.bank)).map(view);
    }

    async get(id: string): Promise<EndpointView> {
        return view(await this.owned(id));
    }

    /** A new secret; the old one keeps signing beside it until `previousSecretValidUntil`. */
    async rotateSecret(id: string): Promise<{ secret: string; previousSecretValidUntil: string }> {
        const endpoint = await this.owned(id);
        const now = this.clock.now();
        const secret = newSecret();
        const previousSecretValidUntil = new Date(now.getTime() + this.settings.rotationOverlapSeconds * 1000).toISOString();
        // The secret signing until now becomes the previous one, sealed again under its endpoint.
        const current = this.secrets.open(endpoint.sealedSecret, id);
        await this.store.rotate(id, this.secrets.seal(secret, id), this.secrets.seal(current, id), previousSecretValidUntil, now.toISOString());
        return { secret, previousSecretValidUntil };
    }

    async setState(id: string, state: EndpointState): Promise<EndpointView> {
        const endpoint = await this.owned(id);
        await this.store.setState(id, state, this.clock.now().toISOString());
        if (state === 'active') {
            this.wake();
        }
        return view({ ...endpoint, state });
    }

    async deliveries(id: string, after: LogPosition | undefined, limit: number): Promise<{ items: DeliveryView[]; next?: LogPosition }> {
        await this.owned(id);
        // One more than asked: its presence says whether a next page exists.
        const rows = await this.store.deliveries(id, after, limit + 1);
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return { items: page.map(deliveryView), ...(rows.length > limit && last !== undefined ? { next: { createdAt: last.createdAt, deliveryId: last.deliveryId } } : {}) };
    }

    async redeliver(id: string, deliveryId: string): Promise<DeliveryView> {
        await this.owned(id);
        const delivery = await this.store.delivery(id, deliveryId);
        if (delivery === undefined) {
            throw new AppError('NOT_FOUND', `webhook ${id} has no delivery ${deliveryId}`, 'deliveryId');
        }
        const at = this.clock.now().toISOString();
        await this.store.redeliver(deliveryId, at);
        this.wake();
        return deliveryView({ ...delivery, state: 'pending', attempts: 0, nextAttemptAt: at });
    }

    /** An endpoint of another bank is answered as unknown: its existence is not ours to reveal. */
    private async owned(id: string): Promise<EndpointRow> {
        const endpoint = await this.store.endpoint(id);
        if (endpoint?.bank !== this.bank) {
            throw new AppError('NOT_FOUND', `no webhook ${id}`, 'id');
        }
        return endpoint;
    }
}

function view(row: EndpointRow): EndpointView {
    return {
        id: row.id,
        url: row.url,
        events: row.events,
        ...(row.description === null ? {} : { description: row.description }),
        state: row.state,
        createdAt: row.createdAt,
    };
}

function deliveryView(row: DeliveryRow): DeliveryView {
    return {
        deliveryId: row.deliveryId,
        eventId: row.eventId,
        eventType: row.eventType,
        state: row.state,
        attempts: row.attempts,
        ...(row.lastStatus === null ? {} : { lastStatus: row.lastStatus }),
        ...(row.lastError === null ? {} : { lastError: row.lastError }),
        ...(row.nextAttemptAt === null || row.state !== 'pending' ? {} : { nextAttemptAt: row.nextAttemptAt }),
        ...(row.deliveredAt === null ? {} : { deliveredAt: row.deliveredAt }),
    };
}
