import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { AuditLog } from '../../../src/security/audit-log';
import { EnvelopeCipher, type Envelope } from '../../../src/security/envelope-cipher';
import type { UserRecord } from '../../../src/customers/customer-model';
import { MIGRATIONS } from '../../../src/customers/customer-migrations';
import { PersonalDataVault } from '../../../src/customers/personal-data';
import { SEALED_COLUMNS } from '../../../src/customers/sealed-columns';
import { keyedContentOf, openCustomerDatabase, SqlCustomerStore } from '../../../src/customers/sql-customer-store';
import { migrate } from '../../../src/sql/migrations';
import { int } from '../../../src/sql/sql-driver';
import { openTestStore, testVault } from './customer-fixtures';
import { databasesUnderTest } from '../../support/sql-databases';

const AT = '2026-01-01T00:00:00.000Z';

const user = (id: string, phone: string | null, email: string | null, name = 'Ada'): UserRecord => ({
    id,
    role: 'customer',
    name,
    phone,
    email,
    phoneVerified: phone !== null,
    emailVerified: false,
    passwordHash: 'x',
    agreements: null,
    createdAt: AT,
    updatedAt: AT,
});

async function refusal(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (err) {
        return err as Error;
    }
    throw new Error('expected a refusal');
}

describe('customers: SQLite file', () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'corridor-store-'));
    });
    afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

    it('when the database file is opened twice, then every migration is applied exactly once and data survives', async () => {
        const path = join(dir, 'customers.sqlite');
        const vault = testVault();
        const first = await openTestStore(vault, path);
        await first.insertUser(user('u1', '+4915112345678', 'ada@example.com'));
        await first.close();
        const second = await openTestStore(vault, path);
        const versions = await second.db.all('SELECT version FROM schema_migrations ORDER BY version');
        expect(versions.map((v) => int(v.version))).to.deep.equal(MIGRATIONS.map((m) => m.version));
        expect((await second.findUserById('u1'))?.email).to.equal('ada@example.com');
        await second.close();
    });
});

for (const database of databasesUnderTest('customers_contract')) {
    describe(`customers store on ${database.name}`, function () {
        this.timeout(20_000);
        let store: SqlCustomerStore;
        let vault: PersonalDataVault;
        let cipher: EnvelopeCipher;

        beforeEach(async () => {
            cipher = new EnvelopeCipher(randomBytes(32));
            vault = testVault(cipher);
            store = await SqlCustomerStore.open(openCustomerDatabase(await database.location()), vault);
        });

        afterEach(async () => {
            await store.close();
        });

        it('when the schema is migrated again, then nothing is applied twice and it holds nothing under its keys yet', async () => {
            expect(await migrate(store.db, 'schema_migrations', MIGRATIONS, vault)).to.deep.equal([]);
            const versions = await store.db.all('SELECT version FROM schema_migrations ORDER BY version');
            expect(versions.map((v) => int(v.version))).to.deep.equal(MIGRATIONS.map((m) => m.version));
            expect(await keyedContentOf(store.db)).to.deep.equal({ sealed: 0, indexed: 0 });
        });

        it('when a phone or email is already taken, then the insert or change names which one and stores nothing', async () => {
            expect(await store.insertUser(user('u1', '+4915112345678', 'ada@example.com'))).to.deep.equal({});
            expect(await store.insertUser(user('u2', '+49 151 1234-5678', 'bob@example.com'))).to.deep.equal({ taken: 'phone' });
            expect(await store.insertUser(user('u3', '+4915100000000', ' ADA@example.com'))).to.deep.equal({ taken: 'email' });
            expect(await store.insertUser(user('u4', null, 'carol@example.com'))).to.deep.equal({});
            expect(await store.updateContact('u4', 'sms', '+4915112345678', AT)).to.deep.equal({ taken: 'phone' });
            expect(await store.updateContact('u4', 'email', 'ada@example.com', AT)).to.deep.equal({ taken: 'email' });
            expect(await store.updateContact('u4', 'sms', '+4915199999999', AT)).to.deep.equal({});
            expect(await store.findUserById('u2')).to.equal(undefined);
            expect(await store.findUserByContact({ phone: '+4915199999999' })).to.include({ id: 'u4', phone: '+4915199999999', phoneVerified: true });
            expect(await keyedContentOf(store.db)).to.deep.equal({ sealed: 6, indexed: 2 });
        });

        it('when a user, a pending registration and a contact change are written, then they read back as written; role and password change', async () => {
            const ada = { ...user('u1', '+4915112345678', 'ada@example.com', 'Ada Lovelace'), agreements: { userServiceAgreement: '2026-01', privacyPolicy: '2026-01', acceptedAt: AT } };
            await store.insertUser(ada);
            expect(await store.findUserByContact({ email: 'ADA@example.com' })).to.deep.equal(ada);
            await store.updateRole('u1', 'teller', '2026-01-02T00:00:00.000Z');
            await store.updatePassword('u1', 'y', '2026-01-03T00:00:00.000Z');
            expect(await store.findUserById('u1')).to.include({ role: 'teller', passwordHash: 'y', updatedAt: '2026-01-03T00:00:00.000Z' });
            const registration = { id: 'p1', phone: '+4915100000001', email: 'p@example.com', name: 'P', passwordHash: 'h', channel: 'sms' as const, agreements: ada.agreements, createdAt: AT };
            await store.insertPendingRegistration(registration);
            expect(await store.getPendingRegistration('p1')).to.deep.equal(registration);
            await store.deletePendingRegistration('p1');
            expect(await store.getPendingRegistration('p1')).to.equal(undefined);
            const change = { id: 'c1', userId: 'u1', channel: 'email' as const, value: 'new@example.com', createdAt: AT };
            await store.insertContactChange(change);
            expect(await store.getContactChange('c1')).to.deep.equal(change);
        });

        it('when a code is tried and consumed twice, then attempts count and only the first consumption succeeds', async () => {
            await store.insertCode({ id: 'c1', purpose: 'login', userId: null, codeHash: 'h', expiresAt: '2026-01-01T00:10:00.000Z', attempts: 0, consumedAt: null, createdAt: AT });
            await store.countCodeAttempt('c1');
            await store.countCodeAttempt('c1');
            expect(await store.consumeCode('c1', '2026-01-01T00:01:00.000Z')).to.equal(true);
            expect(await store.consumeCode('c1', '2026-01-01T00:02:00.000Z')).to.equal(false);
            expect(await store.getCode('c1')).to.include({ attempts: 2, consumedAt: '2026-01-01T00:01:00.000Z', userId: null });
        });

        it('when sessions are revoked one by one or all but the current one, then only live sessions are listed', async () => {
            await store.insertUser(user('u1', null, 'ada@example.com'));
            for (const id of ['s1', 's2', 's3']) {
                await store.insertSession({ id, userId: 'u1', tokenHash: `t-${id}`, createdAt: `2026-01-01T00:00:0${id.slice(1)}.000Z`, lastSeenAt: AT, expiresAt: '2026-01-02T00:00:00.000Z', revokedAt: null, clientAddress: '203.0.113.5' });
            }
            await store.touchSession('s1', '2026-01-01T01:00:00.000Z');
            expect(await store.findSessionByTokenHash('t-s1')).to.include({ id: 's1', lastSeenAt: '2026-01-01T01:00:00.000Z', clientAddress: '203.0.113.5' });
            expect(await store.revokeSession('u1', 's2', AT)).to.equal(true);
            expect(await store.revokeSession('u1', 's2', AT)).to.equal(false);
            expect(await store.revokeSessionsOfUser('u1', AT, 's1')).to.equal(1);
            expect((await store.listActiveSessions('u1', AT)).map((s) => s.id)).to.deep.equal(['s1']);
            expect(await store.revokeSessionsOfUser('u1', AT)).to.equal(1);
            expect(await store.listActiveSessions('u1', AT)).to.deep.equal([]);
        });

        it('when lockout counters, security answers and a TOTP enrolment change, then each reads back its latest state', async () => {
            await store.insertUser(user('u1', null, 'ada@example.com'));
            expect(await store.getLoginFailures('identifier:ada@example.com')).to.deep.equal({ failures: 0, lockedUntil: null });
            await store.setLoginFailures('identifier:ada@example.com', { failures: 2, lockedUntil: null });
            await store.setLoginFailures('identifier:ada@example.com', { failures: 5, lockedUntil: '2026-01-01T00:15:00.000Z' });
            expect(await store.getLoginFailures('identifier:ada@example.com')).to.deep.equal({ failures: 5, lockedUntil: '2026-01-01T00:15:00.000Z' });
            await store.clearLoginFailures('identifier:ada@example.com');
            expect((await store.getLoginFailures('identifier:ada@example.com')).failures).to.equal(0);
            await store.replaceSecurityAnswers('u1', [{ questionId: 'q2', answerHash: 'a2' }, { questionId: 'q1', answerHash: 'a1' }]);
            await store.replaceSecurityAnswers('u1', [{ questionId: 'q3', answerHash: 'a3' }]);
            expect(await store.getSecurityAnswers('u1')).to.deep.equal([{ questionId: 'q3', answerHash: 'a3' }]);
            await store.saveTotpPending('u1', 'sealed-1');
            await store.confirmTotp('u1', AT);
            expect(await store.useTotpStep('u1', 100)).to.equal(true);
            expect(await store.useTotpStep('u1', 100)).to.equal(false);
            expect(await store.getTotp('u1')).to.deep.equal({ userId: 'u1', sealedSecret: 'sealed-1', confirmedAt: AT, lastStep: 100 });
            await store.saveTotpPending('u1', 'sealed-2');
            expect(await store.getTotp('u1')).to.deep.equal({ userId: 'u1', sealedSecret: 'sealed-2', confirmedAt: null, lastStep: 0 });
            await store.deleteTotp('u1');
            expect(await store.getTotp('u1')).to.equal(undefined);
        });

        it('when messages are queued, sent and failed, then ids rise, due messages are listed by channel and the newest to a recipient is found', async () => {
            const first = await store.insertOutbox({ channel: 'sms', recipient: '+4915112345678', template: 'login-code', body: 'code 111111', createdAt: AT });
            const second = await store.insertOutbox({ channel: 'email', recipient: 'ada@example.com', template: 'login-code', body: 'code 222222', createdAt: AT });
            const third = await store.insertOutbox({ channel: 'email', recipient: 'ada@example.com', template: 'login-code', body: 'code 333333', createdAt: AT });
            expect(second).to.be.greaterThan(first);
            await store.markOutboxSent(second, 1, '2026-01-01T00:01:00.000Z');
            await store.markOutboxFailed(third, 1, 'ECONNECTION', '2026-01-01T00:05:00.000Z');
            expect((await store.listOutboxDue('email', '2026-01-01T00:04:00.000Z', 10)).map((m) => m.id)).to.deep.equal([]);
            expect((await store.listOutboxDue('email', '2026-01-01T00:05:00.000Z', 10)).map((m) => m.id)).to.deep.equal([third]);
            expect((await store.listOutboxDue('sms', AT, 10)).map((m) => m.body)).to.deep.equal(['code 111111']);
            expect((await store.listOutbox(10)).map((m) => [m.status, m.attempts])).to.deep.equal([['queued', 0], ['sent', 1], ['failed', 1]]);
            expect(await store.newestOutboxTo('email', 'ADA@example.com', 'login-code')).to.include({ id: third, body: 'code 333333', lastError: 'ECONNECTION' });
            expect(await store.newestOutboxTo('email', 'ada@example.com', 'register-code')).to.equal(undefined);
        });

        it('when audit entries are appended, then the chain verifies and the database refuses to change or delete one', async () => {
            const audit = new AuditLog(store, { now: () => new Date(AT) });
            await audit.record({ event: 'login.succeeded', actor: 'u1', clientAddress: 'h', details: { attempt: 1 } });
            await Promise.all([audit.record({ event: 'logout', actor: 'u1' }), audit.record({ event: 'logout', actor: 'u2' })]);
            expect(await audit.verify()).to.deep.include({ ok: true, count: 3 });
            expect((await store.readAudit(1, 10)).map((r) => r.seq)).to.deep.equal([2, 3]);
            expect((await refusal(store.db.run("UPDATE audit_log SET actor = 'u2'"))).message).to.match(/append-only/);
            expect((await refusal(store.db.run('DELETE FROM audit_log'))).message).to.match(/append-only/);
        });

        it('when a support request is opened, noted and resolved, then its sealed message and notes read back in order', async () => {
            await store.insertUser(user('u1', null, 'ada@example.com'));
            const request = { id: 'r1', userId: 'u1', kind: 'reset_security_answers' as const, status: 'open' as const, message: 'help', openedAt: AT, verifiedBy: null, verificationMethod: null, resolvedBy: null, resolvedAt: null };
            await store.insertSupportRequest(request);
            await store.insertSupportEvent({ requestId: 'r1', at: AT, actor: 'u1', action: 'opened', note: 'first' });
            await store.insertSupportEvent({ requestId: 'r1', at: AT, actor: 't1', action: 'verified', note: 'second' });
            expect(await store.listSupportRequests('open', 10)).to.deep.equal([request]);
            await store.updateSupportRequest({ ...request, status: 'resolved', resolvedBy: 't1', resolvedAt: AT });
            expect(await store.getSupportRequest('r1')).to.include({ status: 'resolved', resolvedBy: 't1', message: 'help' });
            expect((await store.listSupportEvents('r1')).map((e) => e.note)).to.deep.equal(['first', 'second']);
        });

        it('when KYC is submitted, decided and resubmitted, then queues, reviews due and the count follow', async () => {
            await store.insertUser(user('u1', null, 'ada@example.com'));
            const submitted = { userId: 'u1', status: 'submitted' as const, identity: '{}', submittedAt: AT, reviewedBy: null, reviewedAt: null, reason: null, tier: null, highRisk: false, nextReviewAt: null };
            await store.upsertKycSubmission(submitted);
            expect(await store.listKycByStatus('submitted', 10)).to.deep.equal([submitted]);
            const approved = { ...submitted, status: 'approved' as const, reviewedBy: 'c1', reviewedAt: AT, reason: 'fine', tier: 2, highRisk: true, nextReviewAt: '2027-01-01T00:00:00.000Z' };
            await store.updateKycDecision(approved);
            expect(await store.getKyc('u1')).to.deep.equal(approved);
            expect(await store.listKycDueForReview('2026-12-31T00:00:00.000Z', 10)).to.deep.equal([]);
            expect(await store.listKycDueForReview('2027-01-01T00:00:00.000Z', 10)).to.deep.equal([approved]);
            await store.upsertKycSubmission({ ...submitted, submittedAt: '2026-02-01T00:00:00.000Z' });
            expect(await store.getKyc('u1')).to.include({ status: 'submitted', reason: null, tier: 2 });
            expect(await store.countKyc()).to.equal(1);
        });

        it('when a wallet key or ledger account is recorded twice, then the first stays, and customers are found by name with their addresses', async () => {
            await store.insertUser(user('u1', null, 'a@example.com', 'Jürgen  Straße'));
            await store.insertUser(user('u2', null, 'b@example.com', 'JÜRGEN STRASSE'));
            await store.insertUser({ ...user('u3', null, 'c@example.com', 'Jürgen Straße'), role: 'teller' });
            const key = { userId: 'u1', mode: 'custodial' as const, algorithm: 'ed25519' as const, publicKey: 'pk', sealedPrivateKey: 'sealed', createdAt: AT };
            expect(await store.insertWalletKey(key)).to.equal(true);
            expect(await store.insertWalletKey({ ...key, publicKey: 'other' })).to.equal(false);
            expect(await store.getWalletKey('u1')).to.deep.equal(key);
            for (const [userId, address] of [['u2', 'cx02'], ['u1', 'cx01'], ['u3', 'cx03']] as const) {
                expect(await store.insertLedgerAccount({ userId, address, holderRef: 'h', openedAt: AT, txId: 't' })).to.equal(true);
            }
            expect(await store.insertLedgerAccount({ userId: 'u1', address: 'cx09', holderRef: 'h', openedAt: AT, txId: 't' })).to.equal(false);
            expect(await store.getLedgerAccount('u1')).to.deep.equal({ userId: 'u1', address: 'cx01', holderRef: 'h', openedAt: AT, txId: 't' });
            expect(await store.ledgerAddressesNamed(' jürgen strasse ', 10)).to.deep.equal(['cx01', 'cx02']);
            expect(await store.ledgerAddressesNamed('Jürgen Straße', 1)).to.deep.equal(['cx01']);
        });

        it('when the KEK is rotated, then every sealed column is re-wrapped and opens under the new KEK only', async () => {
            await store.insertUser(user('u1', '+4915112345678', 'ada@example.com', 'Ada'));
            await store.insertOutbox({ channel: 'sms', recipient: '+4915112345678', template: 't', body: 'b', createdAt: AT });
            const next = new EnvelopeCipher(randomBytes(32));
            const count = await store.rewrapSealed((sealed, context) => JSON.stringify(cipher.rewrap(JSON.parse(sealed) as Envelope, context, next)));
            expect(count).to.equal(5);
            const rows = await store.db.all('SELECT sealed_name FROM users');
            expect(next.open(JSON.parse(rows[0]?.sealed_name as string) as Envelope, 'user.name:u1').toString('utf8')).to.equal('Ada');
            expect((await refusal(store.findUserById('u1'))).message).to.match(/another key-encryption key/);
        });

        it('when personal data is stored, then no sealed column holds it in clear', async () => {
            await store.insertUser(user('u1', '+4915112345678', 'ada.secret@example.com', 'Ada Secretname'));
            await store.insertOutbox({ channel: 'email', recipient: 'ada.secret@example.com', template: 't', body: 'code 918273', createdAt: AT });
            for (const { table, column } of SEALED_COLUMNS) {
                for (const row of await store.db.all(`SELECT ${column} AS v FROM ${table}`)) {
                    for (const secret of ['Secretname', 'ada.secret', '4915112345678', '918273']) {
                        expect(String(row.v), `${table}.${column}`).to.not.include(secret);
                    }
                }
            }
        });
    });
}

describe('customers store: a vault of other keys', () => {
    it('when a store is opened with another blind-index key, then no one is found by phone', async () => {
        const path = join(mkdtempSync(join(tmpdir(), 'corridor-store-')), 'customers.sqlite');
        const cipher = new EnvelopeCipher(randomBytes(32));
        const first = await openTestStore(new PersonalDataVault(cipher, randomBytes(32)), path);
        await first.insertUser(user('u1', '+4915112345678', null));
        await first.close();
        const other = await openTestStore(new PersonalDataVault(cipher, randomBytes(32)), path);
        expect(await other.findUserByContact({ phone: '+4915112345678' })).to.equal(undefined);
        expect((await other.findUserById('u1'))?.phone).to.equal('+4915112345678');
        await other.close();
    });
});
