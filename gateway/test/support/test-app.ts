import { Writable } from 'node:stream';
import { openIdempotencyStore, type IdempotencyStore } from '../../src/submissions/idempotency-store';
import { createQueryModule, type QueryModule } from '../../src/queries/query-module';
import { SqlIndexStore } from '../../src/index/sql-index-store';
import { SqliteDriver } from '../../src/sql/sqlite-driver';
import { unopened } from './unopened';
import { randomBytes } from 'node:crypto';
import sinon from 'sinon';
import type express from 'express';
import winston from 'winston';
import { createApp, type AppDependencies } from '../../src/app';
import { GatewayMetrics } from '../../src/http/metrics';
import { createLogger, type Logger } from '../../src/logger';
import { REQUESTS_PER_MINUTE, type Config } from '../../src/config';
import type { Ledger } from '../../src/fabric/ledger-client';
import { ApiKeys, type Role } from '../../src/http/auth';
import openApi from '../../openapi.json';
import type { ContractMismatch } from '../../src/http/response-check';
import { routeListingCustomers, SESSION_TOKENS, testCustomers, type TestCustomers } from '../unit/customers/customer-fixtures';
import { webhookHarness } from '../unit/webhooks/webhook-fixtures';
import type { WebhookService } from '../../src/webhooks/webhook-service';

/** API keys for the back-office roles; people's roles sign in and hold seeded session tokens. */
export const API_KEYS = { admin: 'a'.repeat(48), auditor: 'b'.repeat(48) };

export const KEYS: Record<Role, string> = { ...API_KEYS, ...SESSION_TOKENS };

export const config: Config = {
    org: 'bank1',
    mspId: 'Bank1MSP',
    port: 3001,
    peerEndpoint: '127.0.0.1:7051',
    peerTlsCaPath: '/dev/null',
    peerHostAlias: 'peer0.bank1.corridor.example',
    certPath: '/dev/null',
    keyPath: '/dev/null',
    channel: 'payments',
    chaincode: 'corridor',
    dataDir: '/tmp',
    apiKeysFile: '/dev/null',
    logLevel: 'error',
    requestsPerMinute: REQUESTS_PER_MINUTE,
    responseCheck: true,
};

/**
 * Every response of a unit-test app that did not match openapi.json, with the test that
 * caused it: test/unit/response-contract.test.ts fails the run on any.
 */
export const contractMismatches: ContractMismatch[] = [];

export type LedgerStub = { [K in keyof Ledger]: sinon.SinonStub };

export function stubLedger(): LedgerStub {
    return {
        submit: sinon.stub().rejects(new Error('submit not stubbed')),
        evaluate: sinon.stub().rejects(new Error('evaluate not stubbed')),
        blockHeight: sinon.stub().resolves(5n),
        chaincodeReachable: sinon.stub().resolves(true),
        transaction: sinon.stub().rejects(new Error('transaction not stubbed')),
        block: sinon.stub().rejects(new Error('block not stubbed')),
        resubmit: sinon.stub().rejects(new Error('resubmit not stubbed')),
        close: sinon.stub(),
    };
}

/** An empty index in memory, for the unit tests of features other than the index. */
function emptyQueryModule(logger: Logger): QueryModule {
    const store = new SqlIndexStore(new SqliteDriver(':memory:'));
    // The driver queues calls in order, so the schema exists before any query runs.
    store.migrate().catch((err: unknown) => logger.error('in-memory index failed to migrate', { error: String(err) }));
    return createQueryModule(store, randomBytes(32));
}

/** What a test may set; everything else gets the test default below. */
export interface TestWiring {
    ledger?: LedgerStub;
    customers?: TestCustomers;
    idempotency?: IdempotencyStore;
    queries?: QueryModule;
    config?: Partial<Config>;
    logger?: Logger;
}

/**
 * The app's dependencies as a unit test wants them: a stub ledger counted by fresh
 * metrics, seeded customers in memory, an in-memory idempotency store and an empty index.
 */
export async function testDependencies(wiring: TestWiring = {}): Promise<AppDependencies & { stub: LedgerStub; seeded: TestCustomers }> {
    const stub = wiring.ledger ?? stubLedger();
    const logger = wiring.logger ?? winston.createLogger({ silent: true });
    const seeded = wiring.customers ?? (await testCustomers({ logger }));
    const metrics = new GatewayMetrics();
    return {
        config: { ...config, ...wiring.config },
        ledger: metrics.instrument(stub),
        keys: new ApiKeys(API_KEYS),
        logger,
        openApi,
        metrics,
        idempotency: wiring.idempotency ?? (await openIdempotencyStore(':memory:')),
        customers: seeded.module,
        queries: wiring.queries ?? emptyQueryModule(logger),
        webhooks: (await webhookHarness()).module.service,
        onContractMismatch: (mismatch) => contractMismatches.push(mismatch),
        stub,
        seeded,
    };
}

/**
 * The dependencies of an app whose routes are only listed, never served: built while test
 * files load, before any hook can await, so its stores are never opened and fail if used.
 */
export function routeListingDependencies(): AppDependencies {
    const metrics = new GatewayMetrics();
    return {
        config,
        ledger: metrics.instrument(stubLedger()),
        keys: new ApiKeys({}),
        logger: winston.createLogger({ silent: true }),
        openApi,
        metrics,
        customers: routeListingCustomers(),
        idempotency: unopened<IdempotencyStore>('idempotency store'),
        queries: unopened<QueryModule>('index'),
        webhooks: unopened<WebhookService>('webhooks'),
    };
}

/** The app wired to a stub ledger and the production logger writing into `logLines` instead of the console. */
export async function testApp(
    ledger: LedgerStub = stubLedger(),
    customers?: TestCustomers,
    idempotency?: IdempotencyStore,
    queries?: QueryModule,
    settings: Partial<Config> = {},
): Promise<{ app: express.Express; ledger: LedgerStub; logLines: string[]; customers: TestCustomers }> {
    const logLines: string[] = [];
    const logger = createLogger('debug', config.org, linesInto(logLines));
    const deps = await testDependencies({ ledger, logger, config: settings, ...(customers ? { customers } : {}), ...(idempotency ? { idempotency } : {}), ...(queries ? { queries } : {}) });
    return { app: createApp(deps), ledger, logLines, customers: deps.seeded };
}

/** A stream that keeps each line written to it. */
export function linesInto(lines: string[]): Writable {
    return new Writable({
        write(chunk: Buffer, _encoding, done): void {
            lines.push(chunk.toString());
            done();
        },
    });
}

export function bearer(role: Role): string {
    return `Bearer ${KEYS[role]}`;
}
