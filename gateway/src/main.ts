import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from './app';
import { loadSettings } from './config';
import { connectLedger } from './fabric/ledger-client';
import { ApiKeys } from './http/auth';
import { createLogger } from './logger';
import { openIdempotencyStore } from './submissions/idempotency-store';
import { recoverPendingWrites } from './submissions/recovery';
import { connectBlockSource } from './fabric/event-source';
import { IndexListener } from './index/index-listener';
import { openIndexStore } from './index/open-index-store';
import { createQueryModule, loadCursorKey } from './queries/query-module';
import { openCustomerModule } from './customers/customer-module';
import { customerLedgerOn } from './custody/customer-ledger';
import { GatewayMetrics } from './http/metrics';
import { openWebhookModule } from './webhooks/webhook-module';
import { EnvelopeCipher } from './security/envelope-cipher';
import { systemClock } from './security/clock';

/** Composition root: reads config, connects the adapters, starts HTTP on loopback. */
async function main(): Promise<void> {
    const settings = loadSettings(process.env);
    // The web app built in this checkout, unless CORRIDOR_WEB_ROOT names another folder.
    const config = { ...settings.gateway, webRoot: settings.gateway.webRoot ?? join(__dirname, '..', '..', '..', 'web', 'dist') };
    const logger = createLogger(config.logLevel, config.org);
    const fabric = await connectLedger(config);
    // Routes and customers share one ledger whose submissions the metrics count; start-up
    // recovery below resends with the bare adapter, as before.
    const metrics = new GatewayMetrics();
    const ledger = metrics.instrument(fabric);
    const openApi = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as object;
    const idempotency = await openIdempotencyStore(config.databaseUrl ?? join(config.dataDir, 'submissions.db'));
    const recovered = await recoverPendingWrites(idempotency, fabric, logger);
    if (recovered > 0) {
        logger.info('finished writes a previous run left pending', { recovered });
    }
    const index = await openIndexStore(config.indexUrl ?? join(config.dataDir, 'index.db'));
    if (config.indexRebuild) {
        await index.reset();
        logger.warn('index emptied on request; rebuilding from block 0');
    }
    const customers = await openCustomerModule({ settings: settings.customers, logger, ledger: customerLedgerOn(ledger), bankMspId: config.mspId });
    // Hooked into the index before it reads a block, so every committed block feeds the outbox; secrets sealed with
    // the KEK the customers module just checked (never created here).
    const cipher = EnvelopeCipher.fromFile(settings.customers.kekPath, false);
    const webhooks = await openWebhookModule({ index, bank: config.mspId, cipher, settings: settings.webhooks, registry: metrics.registry, logger, clock: systemClock });
    const blocks = await connectBlockSource(config);
    const listener = new IndexListener(blocks.source, index, logger);
    listener.start();
    webhooks.worker.start();
    // Mail queued while the gateway was down goes out now, and failed mail is retried.
    customers.mail?.startRetrying();
    customers.sms?.startRetrying();
    const queries = createQueryModule(index, loadCursorKey(join(config.dataDir, 'index-cursor.key')), customers.store);
    const app = createApp({ config, ledger, metrics, customers, keys: ApiKeys.fromFile(config.apiKeysFile), logger, openApi, idempotency, queries, webhooks: webhooks.service });
    const server = app.listen(config.port, '127.0.0.1', () => {
        logger.info('gateway listening', { port: config.port, mspId: config.mspId, peer: config.peerEndpoint });
    });
    const shutdown = (signal: string): void => {
        logger.info('shutting down', { signal });
        server.close(() => {
            void listener
                .stop()
                .then(() => webhooks.worker.stop())
                .then(() => index.close())
                .finally(() => {
                    blocks.close();
                    fabric.close();
                    void idempotency.close();
                    process.exit(0);
                });
        });
        // In-flight requests get ten seconds to finish.
        setTimeout(() => process.exit(1), 10_000).unref();
    };
    process.on('SIGTERM', () => { shutdown('SIGTERM'); });
    process.on('SIGINT', () => { shutdown('SIGINT'); });
}

main().catch((err: unknown) => {
    console.error(JSON.stringify({ level: 'error', message: 'gateway failed to start', error: String(err) }));
    process.exit(1);
});
