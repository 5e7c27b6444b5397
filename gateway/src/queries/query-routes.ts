import Joi from 'joi';
import type { Response } from 'express';
import { AppError } from '../errors';
import type { Principal } from '../http/auth';
import { currency, decimalAmount } from '../http/ledger-params';
import type { Route } from '../http/routes';
import { validate } from '../http/validate';
import { isKnownCurrency, toMinorUnits } from '../index/minor-units';
import { csvHeader, csvRow, statementHead, statementRow, statementTail } from './renderers';
import { inclusiveRange } from './time-range';
import { MAX_STATEMENT_PAGE, type StatementRequest, type StatementService } from './statements';
import { MAX_PAGE_SIZE, OUTCOMES, TRANSACTION_TYPES, type TransactionFilters, type TransactionQueries, type Viewer } from './transaction-queries';

/**
 * Routes of the index (mission 5.1-5.3): transaction query, detail, CSV export and
 * statements. A signed-in customer sees their own ledger account, bank staff (admin)
 * their bank's accounts, the regulator (auditor) everything.
 */
export const QUERY_ROLES = ['admin', 'auditor', 'customer'] as const;

/** The ledger address of a signed-in customer, from the customer module; undefined before it is opened. */
export type CustomerAccountOf = (userId: string) => Promise<string | undefined>;

const party = Joi.string()
    .pattern(/^(cx[0-9a-f]{48}|liquidity:[A-Za-z0-9]{1,64})$/)
    .messages({ 'string.pattern.base': '{{#label}} must be a cx address (cx and 48 lowercase hex digits) or liquidity:<MSP id>' });
const instant = Joi.string()
    .max(40)
    .pattern(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/)
    .messages({ 'string.pattern.base': '{{#label}} must be an ISO 8601 date or date-time with a zone, e.g. 2026-11-01T00:00:00Z' });

function list(values: readonly string[]): Joi.StringSchema {
    return Joi.string()
        .max(200)
        .custom((value: string, helpers) => {
            for (const item of value.split(',')) {
                if (!values.includes(item)) {
                    return helpers.message({ custom: `{{#label}} may only list ${values.join(', ')} (comma-separated)` });
                }
            }
            return value;
        });
}

const pageSize = (max: number): Joi.StringSchema =>
    Joi.string()
        .pattern(/^[0-9]{1,5}$/)
        .custom((value: string, helpers) => (Number(value) >= 1 && Number(value) <= max ? value : helpers.message({ custom: `{{#label}} must be between 1 and ${max}` })))
        .messages({ 'string.pattern.base': `{{#label}} must be between 1 and ${max}` });

const cursor = Joi.string().max(2048);
const serialOrId = Joi.string().pattern(/^[A-Za-z0-9._:-]{1,200}$/).messages({ 'string.pattern.base': '{{#label}} must be a transaction id or serial number (1-200 of A-Z a-z 0-9 . _ : -)' });

const filterFields = {
    type: list(TRANSACTION_TYPES),
    status: list(OUTCOMES),
    from: instant,
    to: instant,
    currency,
    minAmount: decimalAmount,
    maxAmount: decimalAmount,
    counterparty: party,
    counterpartyName: Joi.string().max(200).pattern(/\S/).messages({ 'string.pattern.base': '{{#label}} must hold a name' }),
    account: party,
    serialNumber: serialOrId,
    sort: Joi.string().valid('time', '-time', 'amount', '-amount'),
};

const listSchema = Joi.object({ ...filterFields, limit: pageSize(MAX_PAGE_SIZE), cursor });
const exportSchema = Joi.object(filterFields);
const statementFields = { account: party, bank: Joi.string().pattern(/^[A-Za-z0-9]{1,64}$/), from: instant.required(), to: instant.required() };
const statementSchema = Joi.object({ ...statementFields, limit: pageSize(MAX_STATEMENT_PAGE), cursor }).oxor('account', 'bank');
const printSchema = Joi.object(statementFields).oxor('account', 'bank');

type Query = Record<string, string | undefined>;

function range(q: Query): { from?: string; to?: string } {
    return inclusiveRange(q.from, q.to);
}

function amountIn(value: string | undefined, currencyCode: string | undefined, field: string): void {
    if (value === undefined || currencyCode === undefined) {
        return;
    }
    try {
        toMinorUnits(value, currencyCode);
    } catch {
        throw new AppError('VALIDATION_FAILED', `${field} has more decimals than ${currencyCode} allows`, field);
    }
}

function toFilters(q: Query): TransactionFilters {
    if ((q.minAmount !== undefined || q.maxAmount !== undefined) && q.currency === undefined) {
        throw new AppError('VALIDATION_FAILED', 'an amount range needs a currency: amounts of different currencies do not compare', 'currency');
    }
    if (q.currency !== undefined && !isKnownCurrency(q.currency)) {
        throw new AppError('VALIDATION_FAILED', `currency ${q.currency} is not settled by the consortium`, 'currency');
    }
    amountIn(q.minAmount, q.currency, 'minAmount');
    amountIn(q.maxAmount, q.currency, 'maxAmount');
    if (q.minAmount !== undefined && q.maxAmount !== undefined && q.currency !== undefined && toMinorUnits(q.minAmount, q.currency) > toMinorUnits(q.maxAmount, q.currency)) {
        throw new AppError('VALIDATION_FAILED', 'minAmount must not exceed maxAmount', 'minAmount');
    }
    const sort = q.sort ?? '-time';
    const filters: TransactionFilters = { ...range(q), sort: sort.endsWith('amount') ? 'amount' : 'time', descending: sort.startsWith('-') };
    const optional = {
        types: q.type?.split(',') as TransactionFilters['types'],
        statuses: q.status?.split(',') as TransactionFilters['statuses'],
        currency: q.currency,
        minAmount: q.minAmount,
        maxAmount: q.maxAmount,
        counterparty: q.counterparty,
        counterpartyName: q.counterpartyName,
        account: q.account,
        serialNumber: q.serialNumber,
    };
    for (const [field, value] of Object.entries(optional)) {
        if (value !== undefined) {
            (filters as unknown as Record<string, unknown>)[field] = value;
        }
    }
    return filters;
}

async function viewerOf(res: Response, mspId: string, customerAccount: CustomerAccountOf): Promise<Viewer> {
    const principal = res.locals.principal as Principal | undefined;
    if (principal?.role === 'customer' && principal.kind === 'session') {
        const address = await customerAccount(principal.userId);
        if (address === undefined) {
            throw new AppError('NOT_FOUND', 'you have no ledger account yet');
        }
        return { scope: { kind: 'account', address } };
    }
    if (principal?.role === 'auditor') {
        return { scope: { kind: 'all' } };
    }
    if (principal?.role === 'admin') {
        return { scope: { kind: 'bank', mspId } };
    }
    // The guard lets no other role in; refuse rather than guess a scope.
    throw new AppError('FORBIDDEN', 'this role has no view of the index');
}

/** Writes a chunk, waiting while the client's buffer is full; stops when the client went away. */
async function send(res: Response, chunk: string): Promise<void> {
    if (res.destroyed) {
        throw new Error('client closed the connection');
    }
    if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
            res.once('drain', resolve);
            res.once('close', resolve);
        });
    }
}

/** Once headers are out a problem+json is impossible: cut the stream so the client sees it incomplete. */
async function streaming(res: Response, write: () => Promise<void>): Promise<void> {
    try {
        await write();
        res.end();
    } catch (err) {
        if (!res.headersSent) {
            throw err;
        }
        res.destroy(err as Error);
    }
}

export function queryRoutes(queries: TransactionQueries, statements: StatementService, mspId: string, customerAccount: CustomerAccountOf): Route[] {
    const viewer = (res: Response): Promise<Viewer> => viewerOf(res, mspId, customerAccount);
    return [
        {
            method: 'get',
            path: '/v1/transactions',
            roles: [...QUERY_ROLES],
            async handle(req, res) {
                const q = validate(listSchema, req.query) as Query;
                const page = await queries.page(await viewer(res), toFilters(q), Number(q.limit ?? 20), q.cursor);
                res.json(page);
            },
        },
        {
            method: 'get',
            path: '/v1/transactions/export',
            roles: [...QUERY_ROLES],
            async handle(req, res) {
                const filters = toFilters(validate(exportSchema, req.query) as Query);
                const who = await viewer(res);
                // Authorised before the headers go out: a refusal is still a problem+json.
                const rows = queries.all(who, filters)[Symbol.asyncIterator]();
                const first = await rows.next();
                res.status(200).type('text/csv; charset=utf-8').set('Content-Disposition', 'attachment; filename="transactions.csv"');
                await streaming(res, async () => {
                    await send(res, csvHeader());
                    for (let row = first; row.done !== true; row = await rows.next()) {
                        await send(res, csvRow(row.value));
                    }
                });
            },
        },
        {
            method: 'get',
            path: '/v1/transactions/:id',
            roles: [...QUERY_ROLES],
            async handle(req, res) {
                const id = validate(serialOrId.required(), req.params.id);
                res.json(await queries.detail(await viewer(res), id));
            },
        },
        {
            method: 'get',
            path: '/v1/statements',
            roles: [...QUERY_ROLES],
            async handle(req, res) {
                const q = validate(statementSchema, req.query) as Query;
                const request = statementRequest(q);
                res.json(await statements.page(await viewer(res), request, Number(q.limit ?? 100), q.cursor));
            },
        },
        {
            method: 'get',
            path: '/v1/statements/print',
            roles: [...QUERY_ROLES],
            async handle(req, res) {
                const request = statementRequest(validate(printSchema, req.query) as Query);
                const { summary, owner } = await statements.summary(await viewer(res), request);
                res.status(200)
                    .type('text/html; charset=utf-8')
                    // The page carries its own print styles; nothing else may load.
                    .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
                await streaming(res, async () => {
                    await send(res, statementHead(summary, new Date().toISOString()));
                    let count = 0;
                    for await (const entry of statements.entries(owner, request)) {
                        await send(res, statementRow(entry));
                        count++;
                    }
                    await send(res, statementTail(count));
                });
            },
        },
    ];
}

function statementRequest(q: Query): StatementRequest {
    const { from, to } = range(q);
    return { from: from as string, to: to as string, ...(q.account !== undefined ? { account: q.account } : {}), ...(q.bank !== undefined ? { bank: q.bank } : {}) };
}
