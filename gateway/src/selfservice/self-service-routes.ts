import Joi from 'joi';
import { address, checkMoney, currency, ledgerId, positiveAmount, sendCommitted } from '../http/ledger-params';
import { submissionOf } from '../http/request-context';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import { actor, caller, session } from '../customers/customer-http';
import { currentAgreements, type CurrentAgreements } from './agreement-texts';
import type { CustomerFx, CustomerQuoteRequest, CustomerRefundRequest } from './customer-fx';
import type { TopUps } from './top-ups';
import type { TopUpStatus } from './top-up-store';
import type { CustomerQuery, CustomerSearch } from './customer-search';
import type { PayeeDirectory } from './payee-directory';
import { normaliseEmail, normalisePhone } from '../identity/contact-rules';

const mspId = Joi.string().pattern(/^[A-Za-z0-9]{1,64}$/);
const quoteRequest = Joi.object<CustomerQuoteRequest>({
    quoteId: ledgerId.required(),
    sourceCurrency: currency.required(),
    targetCurrency: currency.required().invalid(Joi.ref('sourceCurrency')).messages({ 'any.invalid': '"targetCurrency" must differ from "sourceCurrency"' }),
    sourceAmount: positiveAmount,
    targetAmount: positiveAmount,
    provider: mspId,
})
    .xor('sourceAmount', 'targetAmount')
    .required();
const cancellation = Joi.object({ signature: Joi.string().max(200) }).required();
const refundRequest = Joi.object<CustomerRefundRequest>({
    refundId: ledgerId.required(),
    paymentId: ledgerId.required(),
    amount: positiveAmount.required(),
    reason: Joi.string().valid('wrong-payee', 'cancelled-by-user', 'not-delivered', 'duplicate', 'other').required(),
    message: Joi.string().trim().min(1).max(1000),
}).required();
const topUpRequest = Joi.object({ currency: currency.required(), amount: positiveAmount.required() }).required();
const topUpReference = Joi.string().pattern(/^TU[0-9A-HJKMNP-TV-Z]{12}$/).required();
/** A limit as a query string carries it (validation does not convert): 1 to 50, else 1 to 200. */
const queryLimit50 = Joi.string().pattern(/^([1-9]|[1-4][0-9]|50)$/).default('20');
const queryLimit200 = Joi.string().pattern(/^([1-9]|[1-9][0-9]|1[0-9][0-9]|200)$/).default('50');
const listing = Joi.object({ limit: queryLimit200, status: Joi.string().valid('requested', 'confirmed') });

const payeeQuery = Joi.object({ alias: Joi.string().trim().min(3).max(254).required() }).required();
const customerQuery = Joi.object({
    phone: Joi.string().max(32),
    email: Joi.string().max(254),
    name: Joi.string().trim().min(1).max(200),
    address,
    limit: queryLimit50,
})
    .xor('phone', 'email', 'name', 'address')
    .required();

function normalised(query: Record<string, string>): CustomerQuery {
    if (query.phone !== undefined) {
        return { phone: normalisePhone(query.phone) };
    }
    if (query.email !== undefined) {
        return { email: normaliseEmail(query.email) };
    }
    return query.name !== undefined ? { name: query.name } : { address: query.address as string };
}

/** The quote's currencies and amount by the chaincode's rules, before endorsing. */
function checkQuoteAmount(body: CustomerQuoteRequest): void {
    const fields = body as unknown as Record<string, unknown>;
    if (body.sourceAmount !== undefined) {
        checkMoney(fields, 'sourceAmount', ['sourceCurrency', 'targetCurrency']);
    } else {
        checkMoney(fields, 'targetAmount', ['targetCurrency', 'sourceCurrency']);
    }
}

/** The legal texts, public: registration names the versions it accepts without guessing. */
export function agreementRoutes(versions: { userServiceAgreement: string; privacyPolicy: string }): Route[] {
    const texts: CurrentAgreements = currentAgreements(versions);
    return [
        {
            method: 'get',
            path: '/v1/agreements',
            roles: 'public',
            handle(_req, res) {
                res.set('Cache-Control', 'public, max-age=300').json(texts);
                return Promise.resolve();
            },
        },
    ];
}

/**
 * A customer's quotes, cancellations, refund requests and top-ups, and the teller's side
 * of top-ups. The writes are wrapped by the Idempotency-Key layer in buildRoutes.
 */
export function selfServiceRoutes(fx: CustomerFx, topUps: TopUps, search: CustomerSearch, payees: PayeeDirectory): Route[] {
    return [
        {
            method: 'get',
            path: '/v1/me/payees',
            roles: ['customer'],
            async handle(req, res) {
                const { alias } = validate(payeeQuery, { ...req.query }) as { alias: string };
                const contact = alias.trim().startsWith('+') ? { phone: normalisePhone(alias) } : { email: normaliseEmail(alias) };
                res.json({ payee: await payees.resolve(session(res).userId, contact) });
            },
        },
        {
            method: 'get',
            path: '/v1/customers',
            roles: ['teller'],
            async handle(req, res) {
                const { limit: most, ...query } = validate(customerQuery, { ...req.query }) as Record<string, string>;
                res.json({ customers: await search.find(normalised(query), Number(most), actor(res), caller(req).clientAddress) });
            },
        },
        {
            method: 'post',
            path: '/v1/me/quotes',
            roles: ['customer'],
            async handle(req, res) {
                const request = validate(quoteRequest, req.body);
                checkQuoteAmount(request);
                sendCommitted(res, 201, 'quote', await fx.requestQuote(session(res).userId, request, submissionOf(res)));
            },
        },
        {
            method: 'get',
            path: '/v1/me/quotes/:id',
            roles: ['customer'],
            async handle(req, res) {
                res.json({ quote: await fx.quote(session(res).userId, validate(ledgerId.required(), req.params.id)) });
            },
        },
        {
            method: 'post',
            path: '/v1/me/payments/:id/cancellation',
            roles: ['customer'],
            async handle(req, res) {
                const paymentId = validate(ledgerId.required(), req.params.id);
                const { signature } = validate(cancellation, req.body ?? {}) as { signature?: string };
                sendCommitted(res, 200, 'payment', await fx.cancel(session(res).userId, paymentId, signature, submissionOf(res)));
            },
        },
        {
            method: 'post',
            path: '/v1/me/refund-requests',
            roles: ['customer'],
            async handle(req, res) {
                // The amount's currency is the payment's: the chaincode checks its decimals.
                const request = validate(refundRequest, req.body);
                sendCommitted(res, 201, 'refund', await fx.requestRefund(session(res).userId, request, submissionOf(res)));
            },
        },
        {
            method: 'post',
            path: '/v1/me/top-ups',
            roles: ['customer'],
            async handle(req, res) {
                const { currency: code, amount } = validate(topUpRequest, req.body) as { currency: string; amount: string };
                checkMoney({ currency: code, amount });
                res.status(201).json(await topUps.request(session(res).userId, code, amount, caller(req).clientAddress));
            },
        },
        {
            method: 'get',
            path: '/v1/me/top-ups',
            roles: ['customer'],
            async handle(req, res) {
                const query = validate(listing, { ...req.query }) as { limit: string };
                res.json({ topUps: await topUps.mine(session(res).userId, Number(query.limit)) });
            },
        },
        {
            method: 'get',
            path: '/v1/top-up-requests',
            roles: ['teller'],
            async handle(req, res) {
                const query = validate(listing, { ...req.query }) as { limit: string; status?: TopUpStatus };
                res.json({ topUps: await topUps.list(query.status, Number(query.limit)) });
            },
        },
        {
            method: 'post',
            path: '/v1/top-up-requests/:reference/confirmation',
            roles: ['teller'],
            async handle(req, res) {
                const reference = validate(topUpReference, req.params.reference);
                const received = validate(topUpRequest, req.body) as { currency: string; amount: string };
                checkMoney({ ...received });
                res.json({ topUp: await topUps.confirm(reference, received, actor(res), caller(req).clientAddress, submissionOf(res)) });
            },
        },
    ];
}
