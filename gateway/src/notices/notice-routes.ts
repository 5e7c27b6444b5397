import Joi from 'joi';
import { submissionOf } from '../http/request-context';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import type { NoticeInput, NoticeService } from './notice-service';
import { ISO_INSTANT_NANOS } from '@corridor/chaincode/api';

const noticeId = Joi.string().pattern(/^[A-Za-z0-9._-]{1,64}$/);

const noticeInput = Joi.object<NoticeInput>({
    id: noticeId.required(),
    kind: Joi.string().valid('routine', 'emergency').required(),
    title: Joi.string().trim().min(1).max(120).required(),
    body: Joi.string().trim().min(1).max(2000).required(),
    effectiveAt: Joi.string()
        .pattern(ISO_INSTANT_NANOS)
        .required(),
}).required();

export function noticeRoutes(notices: NoticeService): Route[] {
    return [
        {
            method: 'get',
            path: '/v1/notices',
            roles: ['admin', 'auditor'],
            async handle(_req, res) {
                res.json({ items: await notices.list() });
            },
        },
        {
            method: 'get',
            path: '/v1/notices/:id',
            roles: ['admin', 'auditor'],
            async handle(req, res) {
                const id = validate(noticeId.required(), req.params.id);
                res.json(await notices.get(id));
            },
        },
        {
            method: 'post',
            path: '/v1/notices',
            roles: ['admin'],
            async handle(req, res) {
                const outcome = await notices.publish(validate(noticeInput, req.body), submissionOf(res));
                res.status(outcome.created ? 201 : 200)
                    .location(`/v1/notices/${outcome.notice.id}`)
                    .json({ notice: outcome.notice, txId: outcome.txId, blockNumber: outcome.blockNumber });
            },
        },
    ];
}
