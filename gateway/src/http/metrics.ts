import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { AppError } from '../errors';
import { CommitPendingError, type Ledger, type SubmitOptions } from '../fabric/ledger-client';
import type { Route } from './routes';

/** Prometheus figures of one gateway: requests, their latency, and ledger submissions by outcome. */
export class GatewayMetrics {
    readonly registry = new Registry();
    readonly requests = new Counter({
        name: 'corridor_http_requests_total',
        help: 'HTTP requests by method, route pattern and status',
        labelNames: ['method', 'route', 'status'],
        registers: [this.registry],
    });
    readonly latency = new Histogram({
        name: 'corridor_http_request_duration_seconds',
        help: 'HTTP request latency by method and route pattern',
        labelNames: ['method', 'route'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [this.registry],
    });
    readonly submits = new Counter({
        name: 'corridor_ledger_submits_total',
        help: 'Ledger submissions by transaction and outcome (committed, pending, or the error code)',
        labelNames: ['transaction', 'outcome'],
        registers: [this.registry],
    });

    constructor() {
        collectDefaultMetrics({ register: this.registry, prefix: 'corridor_gateway_' });
    }

    /** The same ledger, counting each submission's outcome. */
    instrument(ledger: Ledger): Ledger {
        const submits = this.submits;
        return Object.assign(Object.create(ledger) as Ledger, {
            async submit(transaction: string, args: readonly string[], options?: SubmitOptions) {
                try {
                    const result = await ledger.submit(transaction, args, options);
                    submits.inc({ transaction, outcome: 'committed' });
                    return result;
                } catch (err) {
                    const outcome = err instanceof CommitPendingError ? 'pending' : err instanceof AppError ? err.code : 'error';
                    submits.inc({ transaction, outcome });
                    throw err;
                }
            },
        });
    }
}

export function metricsRoutes(metrics: GatewayMetrics): Route[] {
    return [
        {
            method: 'get',
            path: '/metrics',
            roles: ['admin', 'auditor'],
            async handle(_req, res) {
                res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
            },
        },
    ];
}
