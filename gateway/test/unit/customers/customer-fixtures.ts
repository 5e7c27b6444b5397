import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import sinon from 'sinon';
import winston from 'winston';
import type { Logger } from '../../../src/logger';
import { createCustomerModule, type CustomerModule } from '../../../src/customers/customer-module';
import type { CustomerSettings } from '../../../src/customers/customer-settings';
import type { CustomerStore } from '../../../src/customers/customer-store';
import type { UserRole } from '../../../src/customers/customer-model';
import type { CustomerLedger } from '../../../src/custody/customer-ledger';
import { PersonalDataVault, secretFromFile } from '../../../src/customers/personal-data';
import { openCustomerDatabase, SqlCustomerStore } from '../../../src/customers/sql-customer-store';
import { EnvelopeCipher } from '../../../src/security/envelope-cipher';
import { sha256Hex } from '../../../src/security/secret-token';
import { unopened } from '../../support/unopened';

/** Session tokens that every test app seeds, one per role held by people. */
export const SESSION_TOKENS: Record<UserRole, string> = {
    customer: 'session-customer-' + 'x'.repeat(32),
    teller: 'session-teller-' + 'x'.repeat(32),
    compliance_officer: 'session-compliance-' + 'x'.repeat(32),
    bank_admin: 'session-bank-admin-' + 'x'.repeat(32),
};

/** Cheap argon2id for tests only; production settings come from loadCustomerSettings. */
export function testSettings(overrides: Partial<CustomerSettings> = {}): CustomerSettings {
    return {
        database: ':memory:',
        kekPath: '/nonexistent',
        holderRefKeyPath: '/nonexistent',
        blindIndexKeyPath: '/nonexistent',
        createKekIfMissing: false,
        argon2: { memoryKiB: 1024, iterations: 1, parallelism: 1 },
        codeLength: 6,
        codeTtlSeconds: 600,
        codeMaxAttempts: 5,
        sessionIdleSeconds: 1800,
        sessionAbsoluteSeconds: 43_200,
        lockout: { maxFailures: 5, lockSeconds: 900 },
        limits: {
            login: { limit: 1000, windowSeconds: 60 },
            code: { limit: 1000, windowSeconds: 60 },
            recovery: { limit: 1000, windowSeconds: 60 },
            register: { limit: 1000, windowSeconds: 60 },
        },
        agreements: { userServiceAgreement: '2026-01', privacyPolicy: '2026-01' },
        devMailbox: false,
        ...overrides,
    };
}

/** Keys for a store in a test: a fresh blind-index key, under the given KEK or a fresh one. */
export function testVault(cipher: EnvelopeCipher = new EnvelopeCipher(randomBytes(32))): PersonalDataVault {
    return new PersonalDataVault(cipher, randomBytes(32));
}

/** A customers store in SQLite memory (or at `location`), migrated. */
export function openTestStore(vault: PersonalDataVault = testVault(), location = ':memory:'): Promise<SqlCustomerStore> {
    return SqlCustomerStore.open(openCustomerDatabase(location), vault);
}

/** A module for listing routes only, on a store never opened (see unopened). */
export function routeListingCustomers(): CustomerModule {
    const store = unopened<CustomerStore>('customers store');
    return createCustomerModule({ settings: testSettings(), logger: winston.createLogger({ silent: true }), store, cipher: new EnvelopeCipher(randomBytes(32)), holderRefKey: randomBytes(32) });
}

/** A data dir's key files (kek.hex, blind-index-key.hex), as a dev gateway creates them, and the vault they make. */
export function keyFilesIn(dir: string): PersonalDataVault {
    return new PersonalDataVault(EnvelopeCipher.fromFile(join(dir, 'kek.hex'), true), secretFromFile(join(dir, 'blind-index-key.hex'), true));
}

/** A clock the test moves by hand. */
export class TestClock {
    constructor(public current = new Date('2026-03-02T09:00:00.000Z')) {}
    now(): Date {
        return new Date(this.current.getTime());
    }
    advance(seconds: number): void {
        this.current = new Date(this.current.getTime() + seconds * 1000);
    }
}

export interface TestCustomers {
    module: CustomerModule;
    store: SqlCustomerStore;
    clock: TestClock;
    tiers: { setTier: sinon.SinonStub };
    cipher: EnvelopeCipher;
}

/**
 * An in-memory customers module with one seeded user and session per people role
 * (tokens in SESSION_TOKENS). With `ledger`, KYC approvals go through the module's own
 * ledger account service (`tiers` is then unused); without it they go to the `tiers` stub.
 */
export async function testCustomers(options: { settings?: Partial<CustomerSettings>; logger?: Logger; ledger?: CustomerLedger; bankMspId?: string } = {}): Promise<TestCustomers> {
    const clock = new TestClock();
    const cipher = new EnvelopeCipher(randomBytes(32));
    const store = await openTestStore(testVault(cipher));
    const tiers = { setTier: sinon.stub().resolves() };
    const module = createCustomerModule({
        settings: testSettings(options.settings),
        logger: options.logger ?? winston.createLogger({ silent: true }),
        clock,
        store,
        cipher,
        holderRefKey: randomBytes(32),
        ...(options.ledger === undefined
            ? { tiers }
            : { ledger: options.ledger, bankMspId: options.bankMspId ?? 'Bank1MSP' }),
    });
    const at = clock.now().toISOString();
    for (const [role, token] of Object.entries(SESSION_TOKENS) as [UserRole, string][]) {
        const id = randomUUID();
        await store.insertUser({
            id,
            role,
            name: `Seeded ${role}`,
            phone: null,
            email: `${role}.seeded@corridor.example`,
            phoneVerified: false,
            emailVerified: true,
            passwordHash: 'not-an-argon2-hash',
            agreements: null,
            createdAt: at,
            updatedAt: at,
        });
        await store.insertSession({
            id: randomBytes(16).toString('hex'),
            userId: id,
            tokenHash: sha256Hex(token),
            createdAt: at,
            lastSeenAt: at,
            expiresAt: new Date(clock.now().getTime() + 86_400_000).toISOString(),
            revokedAt: null,
            clientAddress: '127.0.0.1',
        });
    }
    return { module, store, clock, tiers, cipher };
}
