import { ISO_INSTANT } from '@corridor/chaincode/api';
import Joi from 'joi';
import type { Role } from '../http/auth';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import { actor, caller, limit, note, session, uuid } from '../customers/customer-http';
import type { KycStatus } from '../customers/customer-model';
import type { IdentityData, KycDecisionInput, KycService } from './kyc-service';

const COMPLIANCE: readonly Role[] = ['compliance_officer'];

const isoDate = Joi.string().pattern(/^\d{4}-\d{2}-\d{2}$/);
const isoTime = Joi.string().pattern(ISO_INSTANT);
const country = Joi.string().pattern(/^[A-Z]{2}$/);

const identity = Joi.object<IdentityData>({
    legalName: Joi.string().trim().min(1).max(200).required(),
    dateOfBirth: isoDate.required(),
    nationality: country.required(),
    address: Joi.string().trim().min(1).max(500).required(),
    idDocument: Joi.object({
        type: Joi.string().valid('passport', 'national_id', 'driving_licence').required(),
        number: Joi.string().pattern(/^[A-Za-z0-9<-]{4,40}$/).required(),
        issuingCountry: country.required(),
        expiresOn: isoDate.required(),
    }).required(),
    documentRefs: Joi.array().items(Joi.string().pattern(/^[A-Za-z0-9._:/-]{1,200}$/)).min(1).max(10).required(),
}).required();

const decision = Joi.object<KycDecisionInput>({
    decision: Joi.string().valid('approve', 'reject').required(),
    reason: note,
    tier: Joi.number().integer().min(1).max(3),
    highRisk: Joi.boolean().required(),
    nextReviewAt: isoTime,
}).required();

/** HTTP face of KYC: a customer's submission and compliance's review. */
export function kycRoutes(kyc: KycService): Route[] {
    return [
        {
            method: 'post',
            path: '/v1/me/kyc',
            roles: ['customer'],
            async handle(req, res) {
                res.status(202).json(await kyc.submit(session(res).userId, validate(identity, req.body), caller(req).clientAddress));
            },
        },
        {
            method: 'get',
            path: '/v1/me/kyc',
            roles: ['customer'],
            async handle(_req, res) {
                res.json(await kyc.status(session(res).userId));
            },
        },
        {
            method: 'get',
            path: '/v1/kyc/queue',
            roles: COMPLIANCE,
            async handle(req, res) {
                const query = validate(Joi.object<{ status: KycStatus; limit: number }>({ status: Joi.string().valid('submitted', 'approved', 'rejected').default('submitted'), limit }), {
                    ...req.query,
                });
                res.json({ items: await kyc.queue(query.status, query.limit) });
            },
        },
        {
            method: 'get',
            path: '/v1/kyc/due-for-review',
            roles: COMPLIANCE,
            async handle(req, res) {
                const query = validate(Joi.object<{ asOf?: string; limit: number }>({ asOf: isoTime, limit }), { ...req.query });
                res.json({ items: await kyc.dueForReview(query.asOf === undefined ? undefined : new Date(query.asOf), query.limit) });
            },
        },
        {
            method: 'get',
            path: '/v1/kyc/:customerId',
            roles: COMPLIANCE,
            async handle(req, res) {
                const id = validate(uuid.required(), req.params.customerId);
                res.json(await kyc.identityFor(id, actor(res), caller(req).clientAddress));
            },
        },
        {
            method: 'post',
            path: '/v1/kyc/:customerId/decision',
            roles: COMPLIANCE,
            async handle(req, res) {
                const id = validate(uuid.required(), req.params.customerId);
                res.json(await kyc.decide(id, validate(decision, req.body), actor(res), caller(req).clientAddress));
            },
        },
    ];
}
