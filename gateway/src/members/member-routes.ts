import Joi from 'joi';
import type { Ledger } from '../fabric/ledger-client';
import { invoke, ledgerContract } from '../fabric/ledger-contract';
import { actionRoute, bodyRoute, ledgerId, queryRoute } from '../http/ledger-params';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import { TRANSACTIONS } from '@corridor/chaincode/api';

const mspId = Joi.string().pattern(/^[A-Za-z0-9]{1,64}$/).required();
const proposal = Joi.object<{ proposalId: string; kind: string; payload: Record<string, unknown> }>({
    proposalId: ledgerId.required(),
    kind: Joi.string().valid('admit-member', 'update-member', 'aml-rule-set').required(),
    payload: Joi.object().unknown(true).required(),
}).required();
const historyQuery = Joi.object<{ objectType: string; attributes: string }>({
    objectType: Joi.string().pattern(/^[a-z-]{1,32}$/).required(),
    attributes: Joi.string().max(400).required(),
}).required();

/** The member registry, its majority-approved changes, and the regulator's key history. */
export function memberRoutes(ledger: Ledger): Route[] {
    return [
        {
            method: 'get',
            path: '/v1/members',
            roles: ['admin', 'auditor'],
            async handle(_req, res) {
                res.json({ items: await ledgerContract(ledger).members.list() });
            },
        },
        queryRoute(ledger, { path: '/v1/members/:mspId', transaction: TRANSACTIONS.members.get, roles: ['admin', 'auditor'], args: (req) => [validate(mspId, req.params.mspId)] }),
        bodyRoute(ledger, { path: '/v1/proposals', transaction: TRANSACTIONS.members.propose, key: 'proposal', body: proposal, roles: ['admin'], created: true }),
        queryRoute(ledger, { path: '/v1/proposals/:id', transaction: TRANSACTIONS.members.proposal, roles: ['admin', 'auditor'], args: (req) => [validate(ledgerId.required(), req.params.id)] }),
        actionRoute(ledger, { path: '/v1/proposals/:id/approve', transaction: TRANSACTIONS.members.approve, key: 'proposal' }),
        actionRoute(ledger, { path: '/v1/proposals/:id/reject', transaction: TRANSACTIONS.members.reject, key: 'proposal' }),
        {
            method: 'get',
            path: '/v1/audit/key-history',
            roles: ['auditor'],
            async handle(req, res) {
                const query = validate(historyQuery, { ...req.query });
                res.json({ items: await invoke(ledger, TRANSACTIONS.members.keyHistory)(query.objectType, query.attributes) });
            },
        },
    ];
}
