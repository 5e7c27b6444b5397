import Joi from 'joi';
import { AppError } from '../errors';
import type { Ledger } from '../fabric/ledger-client';
import { ledgerContract } from '../fabric/ledger-contract';
import { actionRoute, address as addressSchema, bodyRoute, checkMoney, currency, positiveAmount, queryRoute, rollUpRoute, sendCommitted } from '../http/ledger-params';
import { submissionOf } from '../http/request-context';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import { TRANSACTIONS } from '@corridor/chaincode/api';

const address = addressSchema.label('address');
const openAccount = Joi.object<{ publicKey: string; holderRef: string; kycTier: number }>({
    publicKey: Joi.string().min(40).max(1200).required(),
    holderRef: Joi.string().pattern(/^[0-9a-f]{64}$/).required(),
    kycTier: Joi.number().integer().min(0).max(3).required(),
}).required();
const moneyMovement = Joi.object<{ reference: string; address: string; currency: string; amount: string }>({
    reference: Joi.string().pattern(/^[A-Za-z0-9._:/-]{1,64}$/).required(),
    address: address.required(),
    currency: currency.required(),
    amount: positiveAmount.required(),
}).required();
const tierBody = Joi.object<{ kycTier: number }>({ kycTier: Joi.number().integer().min(0).max(3).required() }).required();
const historyQuery = Joi.object<{ pageSize: string; bookmark: string }>({
    pageSize: Joi.string().pattern(/^([1-9]|[1-9][0-9]|100)$/).default('20'),
    bookmark: Joi.string().max(400).allow('').default(''),
}).required();

const STATUS_CHANGES = { freeze: TRANSACTIONS.accounts.freeze, unfreeze: TRANSACTIONS.accounts.unfreeze, close: TRANSACTIONS.accounts.close } as const;

/**
 * Refuses, before anything is endorsed, an account another bank serves: a teller of one
 * bank never acts on another's customer. The chaincode refuses it too (UNAUTHORIZED).
 */
async function requireServedHere(ledger: Ledger, bankMspId: string, target: string): Promise<void> {
    const account = await ledgerContract(ledger).accounts.get(target);
    if (account.bank !== bankMspId) {
        throw new AppError('UNAUTHORIZED', `account ${target} is served by another bank`);
    }
}

/** Customer accounts (wallet addresses) of this bank, their balances, top-ups and withdrawals. */
export function accountRoutes(ledger: Ledger, bankMspId: string): Route[] {
    const statusRoutes = Object.entries(STATUS_CHANGES).map(([action, transaction]) =>
        actionRoute(ledger, { path: `/v1/accounts/:address/${action}`, transaction, key: 'account', withReason: true }),
    );
    return [
        bodyRoute(ledger, { path: '/v1/accounts', transaction: TRANSACTIONS.accounts.open, key: 'account', body: openAccount, roles: ['admin'], created: true }),
        queryRoute(ledger, { path: '/v1/accounts/:address', transaction: TRANSACTIONS.accounts.get, roles: ['admin', 'auditor'], args: (req) => [validate(address.required(), req.params.address)] }),
        {
            method: 'get',
            path: '/v1/accounts/:address/balances',
            roles: ['admin', 'auditor'],
            async handle(req, res) {
                const target = validate(address.required(), req.params.address);
                res.json({ address: target, balances: await ledgerContract(ledger).accounts.balances(target) });
            },
        },
        queryRoute(ledger, {
            path: '/v1/accounts/:address/history',
            transaction: TRANSACTIONS.accounts.history,
            roles: ['admin', 'auditor'],
            args: (req) => {
                const page = validate(historyQuery, { ...req.query });
                return [validate(address.required(), req.params.address), Number(page.pageSize), page.bookmark];
            },
        }),
        ...statusRoutes,
        {
            method: 'put',
            path: '/v1/accounts/:address/kyc-tier',
            roles: ['admin'],
            async handle(req, res) {
                const target = validate(address.required(), req.params.address);
                const body = validate(tierBody, req.body);
                sendCommitted(res, 200, 'account', await ledgerContract(ledger, submissionOf(res)).accounts.setKycTier(target, body.kycTier));
            },
        },
        // The bank folds an account's pending credit keys into its balance in quiet
        // periods, so that its next payment need not (chaincode/README.md, hot accounts).
        rollUpRoute(ledger, {
            path: '/v1/accounts/:address/roll-ups',
            transaction: TRANSACTIONS.accounts.rollUpCredits,
            key: 'balance',
            target: (req) => validate(address.required(), req.params.address),
        }),
        {
            method: 'post',
            path: '/v1/top-ups',
            // Tellers credit a customer once the bank transfer has arrived: operations work.
            roles: ['admin', 'teller'],
            async handle(req, res) {
                const body = validate(moneyMovement, req.body);
                checkMoney(body);
                await requireServedHere(ledger, bankMspId, body.address);
                sendCommitted(res, 201, 'topUp', await ledgerContract(ledger, submissionOf(res)).accounts.mint(body));
            },
        },
        bodyRoute(ledger, { path: '/v1/withdrawals', transaction: TRANSACTIONS.accounts.burn, key: 'withdrawal', body: moneyMovement, roles: ['admin'], created: true, check: (body) => { checkMoney(body); } }),
        {
            method: 'get',
            path: '/v1/supply',
            roles: ['admin', 'auditor'],
            async handle(_req, res) {
                res.json({ items: await ledgerContract(ledger).accounts.listSupply() });
            },
        },
        // The issuer folds the currency's supply deltas (one per mint or burn) into its record.
        rollUpRoute(ledger, { path: '/v1/supply/roll-ups', transaction: TRANSACTIONS.accounts.rollUpSupply, key: 'supply' }),
        queryRoute(ledger, { path: '/v1/supply/:currency', transaction: TRANSACTIONS.accounts.supply, roles: ['admin', 'auditor'], args: (req) => [validate(currency.required(), req.params.currency)] }),
    ];
}
