import Joi from 'joi';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import type { DevMailbox } from './dev-mailbox';

const query = Joi.object({
    to: Joi.string().trim().min(3).max(254).required(),
    // A query string carries text and validation does not convert: 1 to MAILBOX_MAX (50).
    limit: Joi.string().pattern(/^([1-9]|[1-4][0-9]|50)$/).default('20'),
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
                const { to, limit } = validate(query, { ...req.query }) as { to: string; limit: string };
                res.json(await mailbox.read(to, Number(limit)));
            },
        },
    ];
}
