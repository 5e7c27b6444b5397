import Joi from 'joi';
import type { Request, Response } from 'express';
import { parseAmount, requireCurrency, type Transaction } from '@corridor/chaincode/api';
import { AppError, parseLedgerError } from '../errors';
import type { Ledger } from '../fabric/ledger-client';
import { invoke, type Committed } from '../fabric/ledger-contract';
import type { Role } from './auth';
import { noteTransaction, submissionOf } from './request-context';
import type { Route } from './routes';
import { validate } from './validate';

/** A submitted transaction of the contract's table (@corridor/chaincode/api TRANSACTIONS) taking `P`: routes name no transaction by string. */
type Write<P extends unknown[]> = Transaction<P, unknown, true>;

/** Path and body fields shared by the ledger routes; the chaincode re-checks each one. */
export const address = Joi.string().pattern(/^cx[0-9a-f]{48}$/).messages({ 'string.pattern.base': '{{#label}} must be cx followed by 48 lowercase hex digits' });
export const ledgerId = Joi.string().pattern(/^[A-Za-z0-9._:-]{1,64}$/);
export const currency = Joi.string().pattern(/^[A-Z]{3}$/);
export const decimalAmount = Joi.string().pattern(/^[0-9]{1,20}(\.[0-9]{1,4})?$/).messages({ 'string.pattern.base': '{{#label}} must be a decimal string such as "10.50"' });
/** An amount that moves money: zero is refused here, before anything is endorsed. */
export const positiveAmount = decimalAmount.pattern(/[1-9]/, 'positive').messages({ 'string.pattern.name': '{{#label}} must be greater than zero' });
export const reason = Joi.string().trim().min(1).max(280);

/**
 * The chaincode's own currency and amount rules (unknown currency, more decimals than the
 * currency has, above the ledger's maximum), run before anything is endorsed so a refused
 * amount never reaches the ledger; the codes are the ones the chaincode would answer.
 */
export function checkMoney(body: Record<string, unknown>, amountField = 'amount', currencyFields: readonly string[] = ['currency']): void {
    const [currencyField = 'currency'] = currencyFields;
    try {
        for (const field of currencyFields) {
            if (body[field] !== undefined) {
                requireCurrency(body[field], field);
            }
        }
        parseAmount(body[amountField], body[currencyField] as string, amountField);
    } catch (err) {
        const coded = parseLedgerError((err as Error).message);
        if (coded === undefined) {
            throw err;
        }
        const field = coded.code === 'UNSUPPORTED_CURRENCY' ? currencyFields.find((name) => coded.detail.startsWith(`${name} `)) : amountField;
        throw new AppError(coded.code, coded.detail, field);
    }
}

/** A committed write: the chaincode's answer under `key`, with the transaction that made it. */
export function sendCommitted(res: Response, status: number, key: string, outcome: Committed<unknown>): void {
    noteTransaction(res, outcome.txId);
    res.status(status).json({ [key]: outcome.value, txId: outcome.txId, blockNumber: outcome.blockNumber });
}

const reasonBody = Joi.object<{ reason: string }>({ reason: reason.required() }).required();

/**
 * POST {path} on one ledger object named by the last path parameter `:id` or
 * `:address`: submits `transaction` with that id (and the body's reason when asked)
 * and answers the updated object under `key`.
 */
export function actionRoute(
    ledger: Ledger,
    spec: { path: string; key: string; roles?: Role[] } & ({ transaction: Write<[id: string]>; withReason?: false } | { transaction: Write<[id: string, reason: string]>; withReason: true }),
): Route {
    const param = spec.path.includes(':address') ? 'address' : 'id';
    const idSchema = (param === 'address' ? address.required() : ledgerId.required()).label(param);
    return {
        method: 'post',
        path: spec.path,
        roles: spec.roles ?? ['admin'],
        async handle(req, res) {
            const id = validate(idSchema, req.params[param]);
            const outcome = spec.withReason === true
                ? await invoke(ledger, spec.transaction, submissionOf(res))(id, validate(reasonBody, req.body).reason)
                : await invoke(ledger, spec.transaction, submissionOf(res))(id);
            sendCommitted(res, 200, spec.key, outcome);
        },
    };
}

/** A write whose JSON body, once valid, is the transaction's one argument. */
export function bodyRoute(
    ledger: Ledger,
    spec: { method?: 'post' | 'put'; path: string; transaction: Write<[body: never]>; key: string; body: Joi.Schema; roles: Role[]; created?: boolean; check?: (body: Record<string, unknown>) => void },
): Route {
    return {
        method: spec.method ?? 'post',
        path: spec.path,
        roles: spec.roles,
        async handle(req, res) {
            // The schema is the transaction's argument's; the chaincode re-checks the body all the same.
            const body = validate<Record<string, unknown>>(spec.body, req.body);
            spec.check?.(body);
            const submit = invoke(ledger, spec.transaction, submissionOf(res)) as (body: Record<string, unknown>) => Promise<Committed<unknown>>;
            sendCommitted(res, spec.created ? 201 : 200, spec.key, await submit(body));
        },
    };
}

const rollUpBody = Joi.object({ currency: currency.required() }).required();

/**
 * A roll-up of one currency, {"currency"}: the transaction takes the code as its last
 * argument, after any `target` arguments taken from the path (an account's address).
 */
export function rollUpRoute(
    ledger: Ledger,
    spec: { path: string; key: string } & ({ transaction: Write<[currency: string]>; target?: undefined } | { transaction: Write<[target: string, currency: string]>; target: (req: Request) => string }),
): Route {
    return {
        method: 'post',
        path: spec.path,
        roles: ['admin'],
        async handle(req, res) {
            const body = validate(rollUpBody, req.body) as { currency: string };
            const outcome = spec.target === undefined
                ? await invoke(ledger, spec.transaction, submissionOf(res))(body.currency)
                : await invoke(ledger, spec.transaction, submissionOf(res))(spec.target(req), body.currency);
            sendCommitted(res, 200, spec.key, outcome);
        },
    };
}

/** A read whose arguments come from the path and query, validated by `args`. */
export function queryRoute<P extends unknown[]>(ledger: Ledger, spec: { path: string; transaction: Transaction<P, unknown, false>; roles: Role[]; args: (req: Request, res: Response) => [...P] }): Route {
    return {
        method: 'get',
        path: spec.path,
        roles: spec.roles,
        async handle(req, res) {
            res.json(await invoke(ledger, spec.transaction)(...spec.args(req, res)));
        },
    };
}
