import { Writable } from 'node:stream';
import { openIdempotencyStore, type IdempotencyStore } from '../../src/submissions/idempotency-store';
import type { QueryModule } from '../../src/queries/query-module';
import sinon from 'sinon';
import type express from 'express';
import winston from 'winston';
import { createApp } from '../../src/app';
import type { Config } from '../../src/config';
import type { Ledger } from '../../src/fabric/ledger-client';
import { ApiKeys, type Role } from '../../src/http/auth';
import openApi from '../../openapi.json';
import { SESSION_TOKENS, testCustomers, type TestCustomers } from '../unit/customers/customer-fixtures';

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
};

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

/** The app wired to a stub ledger and a logger that records lines instead of printing them. */
export async function testApp(
    ledger: LedgerStub = stubLedger(),
    customers?: TestCustomers,
    idempotency?: IdempotencyStore,
    queries?: QueryModule,
): Promise<{ app: express.Express; ledger: LedgerStub; logLines: string[]; customers: TestCustomers }> {
    const logLines: string[] = [];
    const logger = winston.createLogger({
        level: 'debug',
        format: winston.format.json(),
        transports: [
            new winston.transports.Stream({
                stream: new Writable({
                    write(chunk: Buffer, _encoding, done): void {
                        logLines.push(chunk.toString());
                        done();
                    },
                }),
            }),
        ],
    });
    const seeded = customers ?? await testCustomers({ logger });
    const app = createApp({ config, ledger: ledger as unknown as Ledger, keys: new ApiKeys(API_KEYS), logger, openApi, customers: seeded.module, idempotency: idempotency ?? (await openIdempotencyStore(':memory:')), ...(queries ? { queries } : {}) });
    return { app, ledger, logLines, customers: seeded };
}

export function bearer(role: Role): string {
    return `Bearer ${KEYS[role]}`;
}
