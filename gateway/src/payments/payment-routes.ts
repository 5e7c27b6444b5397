import Joi from 'joi';
import type { Ledger } from '../fabric/ledger-client';
import { ledgerContract } from '../fabric/ledger-contract';
import { actionRoute, address, bodyRoute, checkMoney, currency, ledgerId, positiveAmount, queryRoute, sendCommitted } from '../http/ledger-params';
import { submissionOf } from '../http/request-context';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import { ISO_INSTANT } from '@corridor/chaincode/api';
import { TRANSACTIONS } from '@corridor/chaincode/api';

/** The payer signs the instruction; the gateway forwards it as sent, so the signature still verifies. */
const instruction = Joi.object({
    paymentId: ledgerId.required(),
    payer: address.required(),
    payee: address.required(),
    amount: positiveAmount.required(),
    currency: currency.required(),
    targetCurrency: currency,
    quoteId: ledgerId,
    reference: Joi.string().max(140),
    purpose: Joi.string().pattern(/^[A-Z]{4}$/).required(),
    sequence: Joi.number().integer().min(1).max(Number.MAX_SAFE_INTEGER).required(),
    expiresAt: Joi.string().pattern(ISO_INSTANT).required(),
    hold: Joi.boolean(),
    signature: Joi.string().max(200).required(),
}).required();
const refund = Joi.object({
    refundId: ledgerId.required(),
    paymentId: ledgerId.required(),
    amount: positiveAmount.required(),
    reason: Joi.string().valid('wrong-payee', 'cancelled-by-user', 'not-delivered', 'duplicate', 'other').required(),
    // Supporting material stays with the bank; the ledger keeps its SHA-256.
    evidenceRef: Joi.string().pattern(/^[0-9a-f]{64}$/).required(),
    note: Joi.string().max(500),
}).required();
const cancellation = Joi.object<{ signature: string }>({ signature: Joi.string().max(200).required() }).required();
const id = ledgerId.required().label('id');

/** Signed payment instructions, holds and their outcomes, and refunds. */
export function paymentRoutes(ledger: Ledger): Route[] {
    return [
        bodyRoute(ledger, { path: '/v1/payments', transaction: TRANSACTIONS.payments.submit, key: 'payment', body: instruction, roles: ['admin'], created: true, check: (body) => { checkMoney(body, 'amount', ['currency', 'targetCurrency']); } }),
        queryRoute(ledger, { path: '/v1/payments/:id', transaction: TRANSACTIONS.payments.get, roles: ['admin', 'auditor'], args: (req) => [validate(id, req.params.id)] }),
        actionRoute(ledger, { path: '/v1/payments/:id/settle', transaction: TRANSACTIONS.payments.settle, key: 'payment' }),
        actionRoute(ledger, { path: '/v1/payments/:id/reject', transaction: TRANSACTIONS.payments.reject, key: 'payment', withReason: true }),
        {
            method: 'post',
            path: '/v1/payments/:id/cancel',
            roles: ['admin'],
            async handle(req, res) {
                const paymentId = validate(id, req.params.id);
                const body = validate(cancellation, req.body);
                sendCommitted(res, 200, 'payment', await ledgerContract(ledger, submissionOf(res)).payments.cancel({ paymentId, signature: body.signature }));
            },
        },
        actionRoute(ledger, { path: '/v1/payments/:id/expire', transaction: TRANSACTIONS.payments.expire, key: 'payment' }),
        bodyRoute(ledger, { path: '/v1/refunds', transaction: TRANSACTIONS.payments.requestRefund, key: 'refund', body: refund, roles: ['admin'], created: true }),
        queryRoute(ledger, { path: '/v1/refunds/:id', transaction: TRANSACTIONS.payments.getRefund, roles: ['admin', 'auditor'], args: (req) => [validate(id, req.params.id)] }),
        actionRoute(ledger, { path: '/v1/refunds/:id/approve', transaction: TRANSACTIONS.payments.approveRefund, key: 'refund' }),
        actionRoute(ledger, { path: '/v1/refunds/:id/decline', transaction: TRANSACTIONS.payments.declineRefund, key: 'refund', withReason: true }),
    ];
}
