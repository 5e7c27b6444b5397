import Joi from 'joi';
import type { Role } from '../http/auth';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import { actor, caller, hexId, limit, note, session } from '../customers/customer-http';
import type { SupportRequestStatus } from '../customers/customer-model';
import { VERIFICATION_METHODS, type SupportService, type VerificationMethod } from './support-service';

const SUPPORT_STAFF: readonly Role[] = ['teller', 'bank_admin'];
const noteBody = Joi.object<{ note: string }>({ note }).required();

/** HTTP face of staff-assisted support: a customer's requests and the staff's work on them. */
export function supportRoutes(support: SupportService): Route[] {
    return [
        {
            method: 'post',
            path: '/v1/me/support-requests',
            roles: ['customer'],
            async handle(req, res) {
                const body = validate(
                    Joi.object<{ kind: 'reset_security_answers'; message: string }>({ kind: Joi.string().valid('reset_security_answers').required(), message: note }).required(),
                    req.body,
                );
                const opened = await support.open(session(res).userId, body.message, caller(req));
                res.status(201).location(`/v1/me/support-requests/${opened.id}`).json(opened);
            },
        },
        {
            method: 'get',
            path: '/v1/me/support-requests/:requestId',
            roles: ['customer'],
            async handle(req, res) {
                res.json(await support.getOwn(session(res).userId, validate(hexId.required(), req.params.requestId)));
            },
        },
        {
            method: 'get',
            path: '/v1/support-requests',
            roles: SUPPORT_STAFF,
            async handle(req, res) {
                const query = validate(
                    Joi.object<{ status: SupportRequestStatus; limit: number }>({ status: Joi.string().valid('open', 'verified', 'resolved', 'rejected').default('open'), limit }),
                    { ...req.query },
                );
                res.json({ items: await support.list(query.status, query.limit) });
            },
        },
        {
            method: 'get',
            path: '/v1/support-requests/:requestId',
            roles: SUPPORT_STAFF,
            async handle(req, res) {
                res.json(await support.get(validate(hexId.required(), req.params.requestId)));
            },
        },
        {
            method: 'post',
            path: '/v1/support-requests/:requestId/verify-identity',
            roles: SUPPORT_STAFF,
            async handle(req, res) {
                const id = validate(hexId.required(), req.params.requestId);
                const body = validate(Joi.object<{ method: VerificationMethod; note: string }>({ method: Joi.string().valid(...VERIFICATION_METHODS).required(), note }).required(), req.body);
                res.json(await support.verifyIdentity(id, body.method, body.note, actor(res), caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/support-requests/:requestId/reset-security-answers',
            roles: SUPPORT_STAFF,
            async handle(req, res) {
                const id = validate(hexId.required(), req.params.requestId);
                const body = validate(noteBody, req.body);
                res.json(await support.resetSecurityAnswers(id, body.note, actor(res), caller(req)));
            },
        },
        {
            method: 'post',
            path: '/v1/support-requests/:requestId/reject',
            roles: SUPPORT_STAFF,
            async handle(req, res) {
                const id = validate(hexId.required(), req.params.requestId);
                const body = validate(noteBody, req.body);
                res.json(await support.reject(id, body.note, actor(res), caller(req)));
            },
        },
    ];
}
