import Joi from 'joi';
import type { Ledger } from '../fabric/ledger-client';
import { bodyRoute, checkMoney, currency, decimalAmount, ledgerId, positiveAmount, queryRoute, rollUpRoute } from '../http/ledger-params';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import { address } from '../http/ledger-params';
import { ISO_INSTANT } from '@corridor/chaincode/api';
import { TRANSACTIONS } from '@corridor/chaincode/api';

const scaled = Joi.string().pattern(/^[1-9][0-9]{0,21}$/);
const instant = Joi.string().pattern(ISO_INSTANT);
const mspId = Joi.string().pattern(/^[A-Za-z0-9]{1,64}$/);
const reference = Joi.string().pattern(/^[A-Za-z0-9._:/-]{1,64}$/);

const rate = Joi.object({
    id: ledgerId.required(),
    base: currency.required(),
    quote: currency.required(),
    bid: scaled.required(),
    ask: scaled.required(),
    validFrom: instant.required(),
    validUntil: instant.required(),
}).required();
const fees = Joi.object({ currency: currency.required(), fixed: decimalAmount.required(), basisPoints: Joi.number().integer().min(0).max(1000).required() }).required();
const quote = Joi.object({
    quoteId: ledgerId.required(),
    payer: address.required(),
    provider: mspId.required(),
    sourceCurrency: currency.required(),
    targetCurrency: currency.required(),
    sourceAmount: positiveAmount,
    targetAmount: positiveAmount,
    lifetimeSeconds: Joi.number().integer().min(1).max(3600).required(),
})
    .xor('sourceAmount', 'targetAmount')
    .required();
const funding = Joi.object({ reference: reference.required(), provider: mspId.required(), currency: currency.required(), amount: positiveAmount.required() }).required();
const defunding = Joi.object({ reference: reference.required(), currency: currency.required(), amount: positiveAmount.required() }).required();

/** The quote's currencies and its one amount, by the chaincode's rules, before endorsing. */
function checkQuote(body: Record<string, unknown>): void {
    if (body.sourceAmount !== undefined) {
        checkMoney(body, 'sourceAmount', ['sourceCurrency', 'targetCurrency']);
    } else {
        checkMoney(body, 'targetAmount', ['targetCurrency', 'sourceCurrency']);
    }
}
const watermark = Joi.object({ currency: currency.required(), amount: decimalAmount.required() }).required();
const pair = Joi.object({ provider: mspId.required(), base: currency.required(), quote: currency.required() }).required();
const historyPage = pair.keys({
    pageSize: Joi.string().pattern(/^([1-9]|[1-9][0-9]|100)$/).default('20'),
    bookmark: Joi.string().max(400).allow('').default(''),
});

/** FX providers' rates, fees and liquidity; firm quotes for the banks' customers. */
export function fxRoutes(ledger: Ledger): Route[] {
    return [
        bodyRoute(ledger, { path: '/v1/fx/rates', transaction: TRANSACTIONS.fx.publishRate, key: 'rate', body: rate, roles: ['admin'], created: true }),
        queryRoute(ledger, {
            path: '/v1/fx/rates',
            transaction: TRANSACTIONS.fx.rates,
            roles: ['admin', 'auditor', 'teller', 'customer'],
            args: (req) => {
                const q = validate(pair, { ...req.query }) as { provider: string; base: string; quote: string };
                return [q.provider, q.base, q.quote];
            },
        }),
        queryRoute(ledger, {
            path: '/v1/fx/rate-history',
            transaction: TRANSACTIONS.fx.rateHistory,
            roles: ['admin', 'auditor'],
            args: (req) => {
                const q = validate(historyPage, { ...req.query }) as Record<'provider' | 'base' | 'quote' | 'pageSize' | 'bookmark', string>;
                return [q.provider, q.base, q.quote, Number(q.pageSize), q.bookmark];
            },
        }),
        bodyRoute(ledger, { method: 'put', path: '/v1/fx/fee-schedule', transaction: TRANSACTIONS.fx.setFeeSchedule, key: 'feeSchedule', body: fees, roles: ['admin'] }),
        bodyRoute(ledger, { path: '/v1/fx/quotes', transaction: TRANSACTIONS.fx.requestQuote, key: 'quote', body: quote, roles: ['admin', 'teller'], created: true, check: checkQuote }),
        queryRoute(ledger, { path: '/v1/fx/quotes/:id', transaction: TRANSACTIONS.fx.quote, roles: ['admin', 'auditor', 'teller'], args: (req) => [validate(ledgerId.required(), req.params.id)] }),
        bodyRoute(ledger, { path: '/v1/fx/liquidity/fundings', transaction: TRANSACTIONS.fx.fundLiquidity, key: 'liquidity', body: funding, roles: ['admin'], created: true, check: (body) => { checkMoney(body); } }),
        bodyRoute(ledger, { path: '/v1/fx/liquidity/defundings', transaction: TRANSACTIONS.fx.defundLiquidity, key: 'liquidity', body: defunding, roles: ['admin'], created: true, check: (body) => { checkMoney(body); } }),
        // Folds the provider's pending credits in and spreads its liquidity over the lanes.
        rollUpRoute(ledger, { path: '/v1/fx/liquidity/roll-ups', transaction: TRANSACTIONS.fx.rollUpLiquidity, key: 'liquidity' }),
        bodyRoute(ledger, { method: 'put', path: '/v1/fx/liquidity/watermark', transaction: TRANSACTIONS.fx.setWatermark, key: 'watermark', body: watermark, roles: ['admin'] }),
        queryRoute(ledger, { path: '/v1/fx/liquidity/:provider', transaction: TRANSACTIONS.fx.liquidity, roles: ['admin', 'auditor'], args: (req) => [validate(mspId.required(), req.params.provider)] }),
    ];
}
