import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { AuditLog } from '../../../src/security/audit-log';
import type { UserRecord } from '../../../src/customers/customer-model';
import { SqliteCustomerStore } from '../../../src/customers/sqlite-store';
import { MIGRATIONS } from '../../../src/customers/sqlite-migrations';
import { testVault } from './customer-fixtures';

const user = (id: string, phone: string, email: string): UserRecord => ({
    id,
    role: 'customer',
    name: 'Ada',
    phone,
    email,
    phoneVerified: true,
    emailVerified: false,
    passwordHash: 'x',
    agreements: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('customers: SQLite store', () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'corridor-store-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('when the database file is opened twice, then every migration is applied exactly once and data survives', async () => {
        const path = join(dir, 'customers.sqlite');
        const vault = testVault();
        const first = new SqliteCustomerStore(path, vault);
        await first.insertUser(user('u1', '+4915112345678', 'ada@example.com'));
        first.close();
        const second = new SqliteCustomerStore(path, vault);
        const versions = second.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Array<{ version: number }>;
        expect(versions.map((v) => v.version)).to.deep.equal(MIGRATIONS.map((m) => m.version));
        expect((await second.findUserById('u1'))?.email).to.equal('ada@example.com');
        second.close();
    });

    it('when a phone or email is already taken, then the insert names which one and stores nothing', async () => {
        const store = new SqliteCustomerStore(':memory:', testVault());
        expect(await store.insertUser(user('u1', '+4915112345678', 'ada@example.com'))).to.deep.equal({});
        expect(await store.insertUser(user('u2', '+4915112345678', 'bob@example.com'))).to.deep.equal({ taken: 'phone' });
        expect(await store.insertUser(user('u3', '+4915100000000', 'ada@example.com'))).to.deep.equal({ taken: 'email' });
        expect(await store.findUserById('u2')).to.equal(undefined);
    });

    it('when a code is consumed twice, then only the first consumption succeeds', async () => {
        const store = new SqliteCustomerStore(':memory:', testVault());
        await store.insertCode({
            id: 'c1',
            purpose: 'login',
            userId: null,
            codeHash: 'h',
            expiresAt: '2026-01-01T00:10:00.000Z',
            attempts: 0,
            consumedAt: null,
            createdAt: '2026-01-01T00:00:00.000Z',
        });
        expect(await store.consumeCode('c1', '2026-01-01T00:01:00.000Z')).to.equal(true);
        expect(await store.consumeCode('c1', '2026-01-01T00:02:00.000Z')).to.equal(false);
    });

    it('when anyone tries to update or delete an audit entry, then the database refuses', async () => {
        const store = new SqliteCustomerStore(':memory:', testVault());
        const audit = new AuditLog(store, { now: () => new Date('2026-01-01T00:00:00Z') });
        await audit.record({ event: 'login.succeeded', actor: 'u1' });
        expect(() => store.db.prepare("UPDATE audit_log SET actor = 'u2'").run()).to.throw(/append-only/);
        expect(() => store.db.prepare('DELETE FROM audit_log').run()).to.throw(/append-only/);
    });
});
