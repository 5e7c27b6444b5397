import Joi from 'joi';
import { AppError } from '../errors';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import { EVENT_TYPES } from './webhook-events';
import type { Registration, WebhookService } from './webhook-service';
import type { LogPosition } from './webhook-store';
import { MAX_URL_LENGTH } from './webhook-url';

/** Back-office roles: the bank's API key and its staff administrator. */
const ROLES = ['admin', 'bank_admin'] as const;

export const MAX_DELIVERY_PAGE = 100;

const registration = Joi.object<Registration>({
    url: Joi.string().max(MAX_URL_LENGTH).required(),
    events: Joi.array()
        .items(Joi.string().valid(...EVENT_TYPES))
        .min(1)
        .max(EVENT_TYPES.length)
        .unique()
        .required(),
    // Shown in logs of the bank's own tools: no control characters (line breaks included).
    description: Joi.string()
        .max(200)
        .custom((value: string, helpers) => (hasControlCharacter(value) ? helpers.message({ custom: '{{#label}} must not hold control characters' }) : value)),
});

function hasControlCharacter(text: string): boolean {
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code < 0x20 || code === 0x7f) {
            return true;
        }
    }
    return false;
}

const endpointId = Joi.string().pattern(/^wh_[0-9a-f]{24}$/).required().label('id');
const deliveryId = Joi.string().pattern(/^dlv_[0-9a-f]{24}$/).required().label('deliveryId');
const logQuery = Joi.object({
    cursor: Joi.string().max(200).pattern(/^[A-Za-z0-9_-]+$/),
    // Query strings arrive as text: the page size is checked as digits, then as a range.
    limit: Joi.string()
        .pattern(/^[0-9]{1,3}$/)
        .custom((value: string, helpers) => (Number(value) >= 1 && Number(value) <= MAX_DELIVERY_PAGE ? value : helpers.message({ custom: `{{#label}} must be between 1 and ${MAX_DELIVERY_PAGE}` })))
        .messages({ 'string.pattern.base': `{{#label}} must be between 1 and ${MAX_DELIVERY_PAGE}` }),
});

/** Opaque to the client: the keyset position of the last row it saw. */
function encodeCursor(position: LogPosition): string {
    return Buffer.from(JSON.stringify([position.createdAt, position.deliveryId]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): LogPosition {
    try {
        const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
        if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && typeof id === 'string' && /^dlv_[0-9a-f]{24}$/.test(id)) {
            return { createdAt, deliveryId: id };
        }
    } catch {
        // Answered below like any other cursor this API did not issue.
    }
    throw new AppError('VALIDATION_FAILED', 'cursor is not one this API issued', 'cursor');
}

export function webhookRoutes(service: WebhookService): Route[] {
    return [
        {
            method: 'post',
            path: '/v1/webhooks',
            roles: ROLES,
            async handle(req, res) {
                res.status(201).json(await service.register(validate(registration, req.body)));
            },
        },
        {
            method: 'get',
            path: '/v1/webhooks',
            roles: ROLES,
            async handle(_req, res) {
                res.json({ items: await service.list() });
            },
        },
        {
            method: 'get',
            path: '/v1/webhooks/:id',
            roles: ROLES,
            async handle(req, res) {
                res.json(await service.get(validate(endpointId, req.params.id)));
            },
        },
        {
            method: 'post',
            path: '/v1/webhooks/:id/rotate-secret',
            roles: ROLES,
            async handle(req, res) {
                res.json(await service.rotateSecret(validate(endpointId, req.params.id)));
            },
        },
        {
            method: 'post',
            path: '/v1/webhooks/:id/disable',
            roles: ROLES,
            async handle(req, res) {
                res.json(await service.setState(validate(endpointId, req.params.id), 'disabled'));
            },
        },
        {
            method: 'post',
            path: '/v1/webhooks/:id/enable',
            roles: ROLES,
            async handle(req, res) {
                res.json(await service.setState(validate(endpointId, req.params.id), 'active'));
            },
        },
        {
            method: 'get',
            path: '/v1/webhooks/:id/deliveries',
            roles: ROLES,
            async handle(req, res) {
                const id = validate(endpointId, req.params.id);
                const query = validate(logQuery, { ...req.query }) as { cursor?: string; limit?: string };
                const page = await service.deliveries(id, query.cursor === undefined ? undefined : decodeCursor(query.cursor), Number(query.limit ?? 20));
                res.json({ items: page.items, ...(page.next === undefined ? {} : { nextCursor: encodeCursor(page.next) }) });
            },
        },
        {
            method: 'post',
            path: '/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
            roles: ROLES,
            async handle(req, res) {
                const id = validate(endpointId, req.params.id);
                res.status(202).json(await service.redeliver(id, validate(deliveryId, req.params.deliveryId)));
            },
        },
    ];
}
