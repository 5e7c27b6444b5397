import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Config } from './config';
import type { CustomerModule } from './customers/customer-module';
import { customerRoutes } from './customers/customer-routes';
import { customerLedgerRoutes } from './custody/customer-ledger-routes';
import { AppError, problemBody } from './errors';
import { noteTransaction, requestIdOf, roleOf, setRequestId, transactionOf } from './http/request-context';
import type { Ledger } from './fabric/ledger-client';
import { accountRoutes } from './accounts/account-routes';
import { explorerRoutes } from './explorer/explorer-routes';
import { ApiKeys, authorize } from './http/auth';
import { healthRoutes } from './http/health-routes';
import type { Route } from './http/routes';
import type { Logger } from './logger';
import { memberRoutes } from './members/member-routes';
import { noticeRoutes } from './notices/notice-routes';
import { paymentRoutes } from './payments/payment-routes';
import { iso20022Routes, takesXmlBody } from './iso20022/iso20022-routes';
import { NoticeService } from './notices/notice-service';
import { CommitPendingError } from './fabric/ledger-client';
import { idempotent } from './submissions/idempotency';
import type { IdempotencyStore } from './submissions/idempotency-store';
import { submissionRoutes } from './submissions/submission-routes';
import { GatewayMetrics, metricsRoutes } from './http/metrics';
import { RateLimiter } from './security/rate-limiter';
import { systemClock } from './security/clock';
import type { QueryModule } from './queries/query-module';
import { queryRoutes } from './queries/query-routes';
import { complianceRoutes } from './compliance/compliance-routes';
import { fxRoutes } from './exchange/fx-routes';
import { webApp } from './http/static-app';
import { agreementRoutes, selfServiceRoutes } from './selfservice/self-service-routes';
import { selfService } from './selfservice/self-service';
import type { WebhookService } from './webhooks/webhook-service';
import { webhookRoutes } from './webhooks/webhook-routes';
import { contractMismatchCounter, contractOf, responseCheck, type MismatchListener } from './http/response-check';

/** Everything the app serves from, built by main.ts (or a test builder); nothing is defaulted here. */
export interface AppDependencies {
    config: Config;
    /** The ledger every route and service uses, already counted by `metrics`. */
    ledger: Ledger;
    keys: ApiKeys;
    logger: Logger;
    openApi: object;
    metrics: GatewayMetrics;
    /** Remembered write requests by Idempotency-Key. */
    idempotency: IdempotencyStore;
    /** Customers, staff and KYC. */
    customers: CustomerModule;
    /** The event-fed index's read side. */
    queries: QueryModule;
    /** This bank's webhook endpoints and delivery logs. */
    webhooks: WebhookService;
    /** Told of each response that does not match openapi.json, when config.responseCheck is on (the unit tests fail on one). */
    onContractMismatch?: MismatchListener;
}

/** Largest JSON body accepted; bigger requests get 413 before any parsing. */
export const BODY_LIMIT = '64kb';

export function buildRoutes(deps: AppDependencies): Route[] {
    const { config, ledger, customers, queries: index } = deps;
    // Every route that writes to the ledger takes an Idempotency-Key.
    const ledgerWrites = (routes: Route[]): Route[] =>
        routes.map((route) => (route.method === 'get' ? route : { ...route, handle: idempotent(deps.idempotency, deps.logger, route.handle) }));
    const customerAccount = async (userId: string): Promise<string | undefined> => (await customers.store.getLedgerAccount(userId))?.address;
    return [
        ...metricsRoutes(deps.metrics),
        ...healthRoutes(config, ledger, deps.openApi, index.store),
        ...ledgerWrites(noticeRoutes(new NoticeService(ledger))),
        ...explorerRoutes(ledger),
        ...submissionRoutes(ledger),
        ...ledgerWrites(memberRoutes(ledger)),
        ...ledgerWrites(accountRoutes(ledger, config.mspId)),
        ...ledgerWrites(paymentRoutes(ledger)),
        ...iso20022Routes(ledger, ledgerWrites, { mspId: config.mspId, customerAccount }),
        ...ledgerWrites(fxRoutes(ledger)),
        ...ledgerWrites(complianceRoutes(config, ledger)),
        ...customerRoutes(customers),
        ...queryRoutes(index.queries, index.statements, config.mspId, customerAccount),
        ...ledgerWrites(customerLedgerRoutes(customers.ledgerAccounts)),
        ...agreementRoutes(customers.settings.agreements),
        ...ledgerWrites(selfServiceRoutes(...selfService(ledger, customers, config.mspId))),
        ...webhookRoutes(deps.webhooks),
    ];
}

export function createApp(deps: AppDependencies): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.set('trust proxy', false);
    app.use(requestContext(deps.logger, deps.metrics));
    if (deps.config.responseCheck === true) {
        app.use(responseCheck(contractOf(deps.openApi), deps.logger, contractMismatchCounter(deps.metrics.registry), deps.onContractMismatch));
    }
    app.use(rateLimit(new RateLimiter(systemClock), deps.config.requestsPerMinute));
    const json = express.json({ limit: BODY_LIMIT, strict: true });
    // The XML routes read their own body: a JSON body there gets their Content-Type error, not a JSON parse error.
    app.use((req, res, next) => {
        if (takesXmlBody(req.path)) {
            next();
        } else {
            json(req, res, next);
        }
    });
    for (const route of buildRoutes(deps)) {
        app[route.method](route.path, authorize(deps.keys, route.roles, deps.customers.sessions), (req, res, next) => {
            route.handle(req, res).catch(next);
        });
    }
    const web = deps.config.webRoot === undefined ? undefined : webApp(deps.config.webRoot);
    if (web !== undefined) {
        app.use(web);
    }
    app.use((_req: Request, _res: Response, next: NextFunction) => {
        next(new AppError('ROUTE_NOT_FOUND', 'no such route'));
    });
    app.use(problemHandler(deps.logger));
    return app;
}

function rateLimit(limiter: RateLimiter, limit: number) {
    return (req: Request, _res: Response, next: NextFunction): void => {
        const allowed = limiter.hit(`address:${req.socket.remoteAddress ?? 'unknown'}`, { limit, windowSeconds: 60 });
        next(allowed ? undefined : new AppError('RATE_LIMITED', `more than ${limit} requests a minute from this address`));
    };
}

/** Request id, security headers, metrics and one JSON access-log line per request. */
function requestContext(logger: Logger, metrics: GatewayMetrics) {
    return (req: Request, res: Response, next: NextFunction): void => {
        const supplied = req.get('x-request-id');
        const requestId = supplied !== undefined && /^[A-Za-z0-9-]{8,64}$/.test(supplied) ? supplied : randomUUID();
        setRequestId(res, requestId);
        res.set({
            'X-Request-Id': requestId,
            'X-Content-Type-Options': 'nosniff',
            'X-Frame-Options': 'DENY',
            'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
            'Referrer-Policy': 'no-referrer',
            'Cache-Control': 'no-store',
            'Strict-Transport-Security': 'max-age=31536000',
        });
        const started = process.hrtime.bigint();
        res.on('finish', () => {
            // The route pattern, not the URL: ids and query strings stay out of logs and labels.
            const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            metrics.requests.inc({ method: req.method, route, status: String(res.statusCode) });
            metrics.latency.observe({ method: req.method, route }, seconds);
            // Health probes arrive every few seconds; they would drown the log at info.
            const level = req.path === '/health' ? 'debug' : 'info';
            logger.log(level, 'request', { requestId, txId: transactionOf(res), method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000), role: roleOf(res) });
        });
        next();
    };
}

/** Every error leaves as RFC 9457 problem+json; unknown ones as a bare 500. */
function problemHandler(logger: Logger) {
    return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
        if (err instanceof CommitPendingError) {
            // Sent, but not seen committed in time: not an error, a promise to follow.
            noteTransaction(res, err.txId);
            res.status(202).location(`/v1/submissions/${err.txId}`).json({ state: 'pending', txId: err.txId, status: `/v1/submissions/${err.txId}` });
            return;
        }
        const problem = toAppError(err);
        // Every 5xx is ours or our ledger's to fix, so each one is logged with its stack.
        if (problem.status >= 500) {
            logger.error('request failed', {
                requestId: requestIdOf(res),
                txId: transactionOf(res),
                code: problem.code,
                error: (err instanceof Error ? err.stack : undefined) ?? String(err),
                cause: causeOf(err),
            });
        }
        res.status(problem.status)
            .type('application/problem+json')
            .json({ ...problemBody(problem), requestId: requestIdOf(res) });
    };
}

/** What an error was caused by, for the log; empty when nothing is known. */
function causeOf(err: unknown): string {
    const cause = (err as { cause?: unknown } | null | undefined)?.cause;
    // Whatever was attached, as text: an Error prints its name and message.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    return cause === undefined || cause === null ? '' : String(cause);
}

function toAppError(err: unknown): AppError {
    if (err instanceof AppError) {
        return err;
    }
    // Anything may be thrown, undefined included.
    const type = (err as { type?: string } | null | undefined)?.type;
    if (type === 'entity.too.large') {
        return new AppError('PAYLOAD_TOO_LARGE', `request body exceeds ${BODY_LIMIT}`);
    }
    if (type === 'entity.parse.failed') {
        return new AppError('VALIDATION_FAILED', 'request body is not valid JSON');
    }
    if (type !== undefined && (err as { status?: number }).status === 415) {
        return new AppError('VALIDATION_FAILED', 'unsupported content type');
    }
    return new AppError('INTERNAL', 'internal error');
}
