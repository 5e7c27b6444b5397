import Joi from 'joi';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import { MAILBOX_MAX, type DevMailbox } from './dev-mailbox';

const query = Joi.object({
    to: Joi.string().trim().min(3).max(254).required(),
    limit: Joi.number().integer().min(1).max(MAILBOX_MAX).default(20),
});

/**
 * The dev network's mailbox: public, because a newcomer reads their registration code
 * before they have a session. A gateway not configured as dev answers 404.
 */
export function devMailboxRoutes(mailbox: DevMailbox): Route[] {
    return [
        {
            method: 'get',
            path: '/v1/dev/mailbox',
            roles: 'public',
            async handle(req, res) {
                mailbox.requireEnabled();
                const { to, limit } = validate(query, { ...req.query }) as { to: string; limit: number };
                res.json(await mailbox.read(to, limit));
            },
        },
    ];
}
