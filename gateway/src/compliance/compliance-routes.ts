import Joi from 'joi';
import type { Config } from '../config';
import type { Ledger } from '../fabric/ledger-client';
import { ledgerContract } from '../fabric/ledger-contract';
import { address, bodyRoute, ledgerId, queryRoute, reason, sendCommitted } from '../http/ledger-params';
import { submissionOf } from '../http/request-context';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import { TRANSACTIONS } from '@corridor/chaincode/api';

const review = Joi.object({
    paymentId: ledgerId.required(),
    action: Joi.string().valid('release', 'reject', 'escalate').required(),
    reason: reason.required(),
}).required();
const highRisk = Joi.object<{ highRisk: boolean; reason: string }>({ highRisk: Joi.boolean().required(), reason: reason.required() }).required();
const queueQuery = Joi.object<{ openOnly: 'true' | 'false' }>({ openOnly: Joi.string().valid('true', 'false').default('true') }).required();
const alertsQuery = Joi.object<{ pageSize: string; bookmark: string }>({
    pageSize: Joi.string().pattern(/^([1-9]|[1-9][0-9]|100)$/).default('20'),
    bookmark: Joi.string().max(400).allow('').default(''),
}).required();

const STAFF = ['admin', 'compliance_officer'] as const;

/**
 * AML review queue, alerts, rule sets and payment trails. A bank sees its own queue and
 * alerts; the regulator's gateway asks for every bank's ('*').
 */
export function complianceRoutes(config: Config, ledger: Ledger): Route[] {
    const scope = (): string => (config.mspId === 'RegulatorMSP' ? '*' : config.mspId);
    return [
        bodyRoute(ledger, { path: '/v1/compliance/reviews', transaction: TRANSACTIONS.compliance.review, key: 'review', body: review, roles: [...STAFF] }),
        queryRoute(ledger, {
            path: '/v1/compliance/review-queue',
            transaction: TRANSACTIONS.compliance.queue,
            roles: [...STAFF, 'auditor'],
            args: (req) => [scope(), validate(queueQuery, { ...req.query }).openOnly === 'true'],
        }),
        queryRoute(ledger, {
            path: '/v1/compliance/alerts',
            transaction: TRANSACTIONS.compliance.alerts,
            roles: [...STAFF, 'auditor'],
            args: (req) => {
                const page = validate(alertsQuery, { ...req.query });
                return [scope(), Number(page.pageSize), page.bookmark];
            },
        }),
        queryRoute(ledger, { path: '/v1/compliance/rule-sets', transaction: TRANSACTIONS.compliance.ruleSets, roles: [...STAFF, 'auditor'], args: () => [] }),
        queryRoute(ledger, {
            path: '/v1/compliance/rule-sets/:version',
            transaction: TRANSACTIONS.compliance.ruleSet,
            roles: [...STAFF, 'auditor'],
            args: (req) => [Number(validate(Joi.string().pattern(/^[1-9][0-9]{0,8}$/).required(), req.params.version))],
        }),
        queryRoute(ledger, {
            path: '/v1/compliance/payments/:id/trail',
            transaction: TRANSACTIONS.compliance.trail,
            roles: [...STAFF, 'auditor'],
            args: (req) => [validate(ledgerId.required(), req.params.id)],
        }),
        {
            method: 'put',
            path: '/v1/accounts/:address/high-risk',
            roles: [...STAFF],
            async handle(req, res) {
                const target = validate(address.required(), req.params.address);
                const body = validate(highRisk, req.body);
                sendCommitted(res, 200, 'account', await ledgerContract(ledger, submissionOf(res)).accounts.setHighRisk(target, body.highRisk, body.reason));
            },
        },
    ];
}
