import { ISO_INSTANT } from '@corridor/chaincode/api';
import Joi from 'joi';
import type { Response } from 'express';
import { address, currency, decimalAmount, ledgerId } from '../http/ledger-params';
import { submissionOf } from '../http/request-context';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import type { LedgerWrite } from './customer-ledger';
import { caller, session } from '../customers/customer-http';
import type { CustodialPaymentRequest, LedgerAccountService, SignedInstruction } from './ledger-account-service';

const purpose = Joi.string().pattern(/^[A-Z]{4}$/);
const reference = Joi.string().max(140);

/** A custodial customer names the payment; payer, sequence, expiry and signature are the bank's to add. */
const custodialPayment = Joi.object<CustodialPaymentRequest>({
    paymentId: ledgerId.required(),
    payee: address.required(),
    amount: decimalAmount.required(),
    currency: currency.required(),
    purpose: purpose.required(),
    reference,
    hold: Joi.boolean(),
    // Cross-currency: the quote (POST /v1/me/quotes) fixes what the payee gets; amount is its debit total.
    targetCurrency: currency,
    quoteId: ledgerId,
})
    .and('targetCurrency', 'quoteId')
    .required();

/** A self-custody customer's instruction, exactly as signed; forwarded unchanged so the signature still verifies. */
const signedInstruction = Joi.object({
    paymentId: ledgerId.required(),
    payer: address.required(),
    payee: address.required(),
    amount: decimalAmount.required(),
    currency: currency.required(),
    targetCurrency: currency,
    quoteId: ledgerId,
    reference,
    purpose: purpose.required(),
    sequence: Joi.number().integer().strict().min(1).max(Number.MAX_SAFE_INTEGER).required(),
    expiresAt: Joi.string().pattern(ISO_INSTANT).required(),
    hold: Joi.boolean().strict(),
    signature: Joi.string().max(200).required(),
}).required();

/**
 * A customer's own ledger account and payments. Only 'customer' sessions: the account is
 * always the caller's own, found from the session, never named in the request.
 * The writes are wrapped by the Idempotency-Key layer in buildRoutes.
 */
export function customerLedgerRoutes(ledgerAccounts: LedgerAccountService): Route[] {
    return [
        {
            method: 'get',
            path: '/v1/me/account',
            roles: ['customer'],
            async handle(_req, res) {
                res.json(await ledgerAccounts.view(session(res).userId));
            },
        },
        {
            method: 'post',
            path: '/v1/me/account',
            roles: ['customer'],
            async handle(req, res) {
                const opened = await ledgerAccounts.open(session(res).userId, caller(req).clientAddress, submissionOf(res));
                res.status(201).json({ address: opened.address, openedAt: opened.openedAt, txId: opened.txId });
            },
        },
        {
            method: 'post',
            path: '/v1/me/payments',
            roles: ['customer'],
            async handle(req, res) {
                const me = session(res).userId;
                // A signature in the body means the customer signed it: only then is it forwarded as is.
                const signed = typeof req.body === 'object' && req.body !== null && 'signature' in req.body;
                const outcome = signed
                    ? await ledgerAccounts.paySigned(me, validate(signedInstruction, req.body) as SignedInstruction, submissionOf(res))
                    : await ledgerAccounts.payCustodial(me, validate(custodialPayment, req.body), submissionOf(res));
                sendPayment(res, outcome);
            },
        },
    ];
}

function sendPayment(res: Response, outcome: LedgerWrite<unknown>): void {
    res.status(201).json({ payment: outcome.value, txId: outcome.txId, blockNumber: outcome.blockNumber });
}
