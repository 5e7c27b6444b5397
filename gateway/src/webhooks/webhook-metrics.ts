import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Push delivery's figures on the gateway's registry. */
export class WebhookMetrics {
    readonly deliveries: Counter<'outcome'>;
    readonly queueDepth: Gauge;
    readonly commitToDelivery: Histogram;

    constructor(registry: Registry) {
        this.deliveries = new Counter({
            name: 'corridor_webhook_deliveries_total',
            help: 'Webhook delivery attempts by outcome (delivered, retry, failed)',
            labelNames: ['outcome'],
            registers: [registry],
        });
        this.queueDepth = new Gauge({ name: 'corridor_webhook_queue_depth', help: 'Webhook deliveries pending (due or waiting for a retry)', registers: [registry] });
        this.commitToDelivery = new Histogram({
            name: 'corridor_webhook_commit_to_delivery_seconds',
            help: 'From the index committing a block to the receiver accepting its event',
            buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
            registers: [registry],
        });
    }
}
