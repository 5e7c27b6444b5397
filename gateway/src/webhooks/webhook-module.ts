import type { Logger } from '../logger';
import type { SqlIndexStore } from '../index/sql-index-store';
import type { Clock } from '../security/clock';
import type { EnvelopeCipher } from '../security/envelope-cipher';
import type { Registry } from 'prom-client';
import { DeliveryWorker, fetchSender, type Sender } from './delivery-worker';
import { WebhookMetrics } from './webhook-metrics';
import { WebhookOutbox } from './webhook-outbox';
import { EndpointSecrets } from './webhook-secrets';
import { WebhookService } from './webhook-service';
import type { WebhookSettings } from './webhook-settings';
import { WebhookStore } from './webhook-store';

/** Push delivery, assembled: the routes' service, the index hook and the worker. */
export interface WebhookModule {
    service: WebhookService;
    store: WebhookStore;
    worker: DeliveryWorker;
}

export interface WebhookModuleOptions {
    /** The index's store: the webhook tables sit in its database and its blocks feed the outbox. */
    index: SqlIndexStore;
    bank: string;
    cipher: EnvelopeCipher;
    settings: WebhookSettings;
    registry: Registry;
    logger: Logger;
    clock: Clock;
    send?: Sender;
}

/** Migrates the webhook tables in the index's database and hooks the outbox into the index's block transaction. */
export async function openWebhookModule(options: WebhookModuleOptions): Promise<WebhookModule> {
    const store = new WebhookStore(options.index.driver);
    await store.migrate();
    const secrets = new EndpointSecrets(options.cipher);
    const metrics = new WebhookMetrics(options.registry);
    const worker = new DeliveryWorker(store, options.bank, secrets, options.settings, metrics, options.logger, options.clock, options.send ?? fetchSender);
    options.index.addBlockHook(new WebhookOutbox(store, options.bank, () => { worker.nudge(); }, () => options.clock.now()));
    const service = new WebhookService(store, secrets, options.settings, options.bank, options.clock, () => { worker.nudge(); });
    return { service, store, worker };
}
