import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import winston from 'winston';
import { openCustomerModule, type CustomerModule } from '../../../src/customers/customer-module';
import type { UserRecord } from '../../../src/customers/customer-model';
import { newestDevMessage } from '../../../src/notifications/dev-outbox';
import { PersonalDataVault, secretFromFile } from '../../../src/customers/personal-data';
import { SEALED_COLUMNS } from '../../../src/customers/sealed-columns';
import { MIGRATIONS } from '../../../src/customers/customer-migrations';
import { openCustomerDatabase } from '../../../src/customers/sql-customer-store';
import { migrate } from '../../../src/sql/migrations';
import { int } from '../../../src/sql/sql-driver';
import { EnvelopeCipher } from '../../../src/security/envelope-cipher';
import { keyFilesIn, openTestStore, TestClock, testSettings } from './customer-fixtures';

const caller = { clientAddress: '203.0.113.77' };
const NAME = 'Zofia Quarterman-Lindqvist';
const PHONE = '+4915187654321';
const EMAIL = 'zofia.quarterman@corridor-test.example';
const NEW_PHONE = '+4915199887766';
const PASSWORD = 'Vq9!lantern-orchard-copper';
const SUPPORT_TEXT = 'I forgot the street of my childhood, Kastanienallee';

/** Every text or blob value of every table, with where it stands. */
function allValues(db: Database.Database): { where: string; text: string }[] {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    return tables.flatMap(({ name }) =>
        (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]).flatMap((row) =>
            Object.entries(row)
                .filter(([, value]) => typeof value === 'string' || Buffer.isBuffer(value))
                .map(([column, value]) => ({ where: `${name}.${column}`, text: Buffer.isBuffer(value) ? value.toString('latin1') : (value as string) })),
        ),
    );
}

/** Fails naming the first place, in any table or anywhere in the file's bytes, that holds one of the secrets in clear. */
function expectNoneInClear(path: string, secrets: readonly string[]): void {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
        for (const { where, text } of allValues(db)) {
            for (const secret of secrets) {
                expect(text.toLowerCase(), `${where} holds ${secret}`).to.not.include(secret.toLowerCase());
            }
        }
    } finally {
        db.close();
    }
    // Freed pages and the journal too: the store runs with secure_delete and checkpoints on close.
    const bytes = Buffer.concat([readFileSync(path), existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0)]).toString('latin1').toLowerCase();
    for (const secret of secrets) {
        expect(bytes.includes(secret.toLowerCase()), `the file's bytes hold ${secret}`).to.equal(false);
    }
}

/** A gateway's customers module on a data dir of its own, keys created as on the dev network. */
function moduleIn(dir: string, clock = new TestClock()): Promise<CustomerModule> {
    return openCustomerModule({
        settings: testSettings({
            database: join(dir, 'customers.sqlite'),
            kekPath: join(dir, 'kek.hex'),
            holderRefKeyPath: join(dir, 'holder-ref-key.hex'),
            blindIndexKeyPath: join(dir, 'blind-index-key.hex'),
            createKekIfMissing: true,
        }),
        logger: winston.createLogger({ silent: true }),
        clock,
        tiers: { setTier: async () => undefined },
    });
}

async function newestCode(module: CustomerModule, recipient: string): Promise<string> {
    const body = (await module.store.listOutbox(1000)).filter((m) => m.recipient === recipient).at(-1)?.body ?? '';
    const code = /(\d{6})/.exec(body)?.[1];
    if (code === undefined) throw new Error(`no code sent to ${recipient}`);
    return code;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (err) {
        return err as Error;
    }
    throw new Error('expected a failure');
}

const user = (id: string, phone: string | null, email: string | null, name = 'Ada Lovelace'): UserRecord => ({
    id,
    role: 'customer',
    name,
    phone,
    email,
    phoneVerified: phone !== null,
    emailVerified: email !== null,
    passwordHash: 'x',
    agreements: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('customers: personal data at rest', function () {
    this.timeout(20_000);
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'corridor-personal-'));
    });
    afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

    it('when a customer registers, signs in by phone and by email, changes phone, asks support and fails a sign-in, then no name, phone, email, code or text of theirs is in clear in any table or in the file', async () => {
        const module = await moduleIn(dir);
        const started = await module.accounts.register(
            { phone: PHONE, email: EMAIL, name: NAME, password: PASSWORD, agreements: { userServiceAgreement: '2026-01', privacyPolicy: '2026-01' }, verifyBy: 'email' },
            caller,
        );
        const codes = [await newestCode(module, EMAIL)];
        const { customerId } = await module.accounts.completeRegistration(started.registrationId, codes[0] as string, caller);
        let token = '';
        for (const identifier of [PHONE, EMAIL]) {
            const challenge = await module.accounts.startLogin(identifier, PASSWORD, caller);
            codes.push(await newestCode(module, EMAIL));
            token = (await module.accounts.completeLogin(challenge.challengeId, codes.at(-1) as string, caller)).token;
        }
        const principal = await module.sessions.authenticate(token);
        const change = await module.accounts.startContactChange(principal as never, 'sms', NEW_PHONE, PASSWORD, caller);
        codes.push(await newestCode(module, NEW_PHONE));
        await module.accounts.completeContactChange(principal as never, change.changeId, codes.at(-1) as string, caller);
        await module.support.open(customerId, SUPPORT_TEXT, caller);
        await module.accounts.startLogin(EMAIL, 'not-the-password-at-all', caller).catch(() => undefined);
        await module.accounts.startLogin('nobody.here@corridor-test.example', 'not-the-password-at-all', caller).catch(() => undefined);

        const found = await module.store.findUserByContact({ phone: NEW_PHONE });
        expect(found).to.include({ id: customerId, name: NAME, phone: NEW_PHONE, email: EMAIL });
        expect(await module.store.findUserByContact({ phone: PHONE })).to.equal(undefined);
        await module.store.close();
        expectNoneInClear(join(dir, 'customers.sqlite'), [
            NAME,
            PHONE,
            PHONE.slice(1),
            NEW_PHONE.slice(1),
            EMAIL,
            'nobody.here',
            SUPPORT_TEXT,
            caller.clientAddress,
            ...codes.map((code) => `is ${code}`),
        ]);
        const db = new Database(join(dir, 'customers.sqlite'), { readonly: true });
        expect(allValues(db).filter(({ text }) => codes.includes(text))).to.deep.equal([]);
        // Client addresses are sealed with the sessions; the append-only audit log keeps a keyed hash of them.
        expect(allValues(db).filter(({ text }) => text.includes(caller.clientAddress))).to.deep.equal([]);
        const pseudonyms = db.prepare('SELECT DISTINCT client_address FROM audit_log WHERE client_address IS NOT NULL').all() as { client_address: string }[];
        expect(pseudonyms).to.have.length(1);
        expect(pseudonyms[0]?.client_address).to.match(/^[0-9a-f]{64}$/);
        db.close();
    });

    it('when a phone or email is taken in another spelling, then the insert is refused naming which, and nothing is stored', async () => {
        const store = await openTestStore();
        expect(await store.insertUser(user('u1', '+4915112345678', 'ada@example.com'))).to.deep.equal({});
        expect(await store.insertUser(user('u2', '+49 151 1234-5678', 'bob@example.com'))).to.deep.equal({ taken: 'phone' });
        expect(await store.insertUser(user('u3', '+4915100000000', '  ADA@Example.com '))).to.deep.equal({ taken: 'email' });
        expect(await store.insertUser(user('u4', null, 'carol@example.com'))).to.deep.equal({});
        expect(await store.updateContact('u4', 'email', 'ada@example.com', '2026-01-02T00:00:00.000Z')).to.deep.equal({ taken: 'email' });
        expect(await store.findUserById('u2')).to.equal(undefined);
        expect((await store.findUserById('u4'))?.email).to.equal('carol@example.com');
        expect((await store.findUserByContact({ email: 'ada@example.com' }))?.id).to.equal('u1');
    });

    it('when sealed values are swapped between two customers or between columns, then reading either fails instead of showing the other', async () => {
        const store = await openTestStore();
        await store.insertUser(user('u1', '+4915112345678', 'ada@example.com', 'Ada'));
        await store.insertUser(user('u2', '+4915187654321', 'bob@example.com', 'Bob'));
        const phones = (await store.db.all('SELECT id, sealed_phone FROM users ORDER BY id')) as { id: string; sealed_phone: string }[];
        await store.db.run('UPDATE users SET sealed_phone = ? WHERE id = ?', [phones[1]?.sealed_phone as string, 'u1']);
        expect((await failure(store.findUserById('u1'))).message).to.match(/unable to authenticate/);
        await store.db.run('UPDATE users SET sealed_phone = sealed_email WHERE id = ?', ['u2']);
        expect((await failure(store.findUserById('u2'))).message).to.match(/unable to authenticate/);
    });

    it('when names are written with other case, spacing or width, then the exact-name lookup finds the customers with a ledger account, and no one else', async () => {
        const store = await openTestStore();
        await store.insertUser(user('u1', null, 'a@example.com', 'Jürgen  Straße'));
        await store.insertUser(user('u2', null, 'b@example.com', 'JÜRGEN STRASSE'));
        await store.insertUser(user('u3', null, 'c@example.com', 'Jürgen Strasser'));
        await store.insertUser(user('u4', null, 'd@example.com', 'Jürgen Straße'));
        for (const [userId, address] of [['u1', 'cx01'], ['u2', 'cx02'], ['u3', 'cx03']] as const) {
            await store.insertLedgerAccount({ userId, address, holderRef: 'h', openedAt: '2026-01-01T00:00:00Z', txId: 't' });
        }
        expect(await store.ledgerAddressesNamed(' ｊürgen strasse ', 10)).to.deep.equal(['cx01', 'cx02']);
        expect(await store.ledgerAddressesNamed('Jürgen Straße', 1)).to.deep.equal(['cx01']);
        expect(await store.ledgerAddressesNamed('Jürgen', 10)).to.deep.equal([]);
    });

    it('when an existing store holds personal data in clear, then opening it seals and indexes every value, drops the clear columns, and the data reads back the same', async () => {
        const path = join(dir, 'customers.sqlite');
        const vault = keyFilesIn(dir);
        const before = openCustomerDatabase(path);
        await migrate(before, 'schema_migrations', MIGRATIONS.filter((m) => m.version < 9), vault);
        await before.close();
        const old = new Database(path);
        old.pragma('foreign_keys = ON');
        old.exec(`
INSERT INTO users (id, role, name, phone, email, phone_verified, email_verified, password_hash, agreements, created_at, updated_at)
  VALUES ('u1', 'customer', '${NAME}', '${PHONE}', '${EMAIL}', 1, 1, 'hash', NULL, '2026-01-01', '2026-01-01'),
         ('u2', 'teller', 'Bob Old', NULL, 'bob.old@corridor-test.example', 0, 1, 'hash', NULL, '2026-01-01', '2026-01-01');
INSERT INTO pending_registrations (id, body, created_at) VALUES ('p1', '{"id":"p1","name":"${NAME}","phone":"${PHONE}","email":"pending.${EMAIL}"}', '2026-01-01');
INSERT INTO contact_changes (id, user_id, channel, value, created_at) VALUES ('c1', 'u1', 'sms', '${NEW_PHONE}', '2026-01-01');
INSERT INTO sessions (id, user_id, token_hash, created_at, last_seen_at, expires_at, revoked_at, client_address)
  VALUES ('s1', 'u1', 'th', '2026-01-01', '2026-01-01', '2099-01-01', NULL, '${caller.clientAddress}');
INSERT INTO outbox (channel, recipient, template, body, created_at) VALUES ('email', '${EMAIL}', 'login-code', 'Your Corridor sign-in code is 918273', '2026-01-01');
INSERT INTO support_requests (id, user_id, kind, status, message, opened_at) VALUES ('r1', 'u1', 'reset_security_answers', 'open', '${SUPPORT_TEXT}', '2026-01-01');
INSERT INTO support_events (request_id, at, actor, action, note) VALUES ('r1', '2026-01-01', 'u1', 'opened', '${SUPPORT_TEXT}');
INSERT INTO kyc (user_id, status, identity, submitted_at, reason) VALUES ('u1', 'rejected', '{}', '2026-01-01', 'passport of ${NAME} expired');
INSERT INTO login_failures (key, failures, locked_until) VALUES ('identifier:${EMAIL}', 3, NULL);`);
        old.close();

        const store = await openTestStore(vault, path);
        expect(await store.findUserByContact({ phone: PHONE })).to.include({ id: 'u1', name: NAME, email: EMAIL });
        expect((await store.findUserByContact({ email: 'BOB.old@corridor-test.example' }))?.role).to.equal('teller');
        expect(await store.ledgerAddressesNamed(NAME, 10)).to.deep.equal([]);
        expect((await store.getPendingRegistration('p1'))?.email).to.equal(`pending.${EMAIL}`);
        expect((await store.getContactChange('c1'))?.value).to.equal(NEW_PHONE);
        expect((await store.findSessionByTokenHash('th'))?.clientAddress).to.equal(caller.clientAddress);
        expect((await store.listOutbox(10))[0]).to.include({ recipient: EMAIL, body: 'Your Corridor sign-in code is 918273' });
        expect((await store.getSupportRequest('r1'))?.message).to.equal(SUPPORT_TEXT);
        expect((await store.listSupportEvents('r1'))[0]?.note).to.equal(SUPPORT_TEXT);
        expect((await store.getKyc('u1'))?.reason).to.equal(`passport of ${NAME} expired`);
        expect(await store.getLoginFailures(`identifier:${EMAIL}`)).to.deep.equal({ failures: 3, lockedUntil: null });
        const columns = ((await store.db.all("SELECT name FROM pragma_table_info('users')")) as { name: string }[]).map((c) => c.name);
        expect(columns).to.include.members(['sealed_name', 'name_index', 'phone_index', 'email_index']).and.not.include.members(['name', 'phone', 'email']);
        expect(int((await store.db.all('PRAGMA foreign_keys'))[0]?.foreign_keys)).to.equal(1);
        expect(await store.db.all('PRAGMA foreign_key_check')).to.deep.equal([]);
        await store.close();
        expectNoneInClear(path, [NAME, PHONE.slice(1), NEW_PHONE.slice(1), EMAIL, 'bob.old', SUPPORT_TEXT, caller.clientAddress, 'is 918273']);
    });

    it('when the KEK is rotated by the command, then every sealed value opens under the new KEK only and the blind indexes still find people', async () => {
        const path = join(dir, 'customers.sqlite');
        const module = await moduleIn(dir);
        const store = module.store;
        await store.insertUser(user('u1', PHONE, EMAIL, NAME));
        await module.support.open('u1', SUPPORT_TEXT, caller);
        await module.kyc.submit('u1', { legalName: NAME, dateOfBirth: '1990-01-01', nationality: 'DE', address: 'x', idDocument: { type: 'passport', number: 'P1', issuingCountry: 'DE', expiresOn: '2030-01-01' }, documentRefs: [] }, caller.clientAddress);
        await store.close();
        writeFileSync(join(dir, 'kek-next.hex'), `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
        const cli = join(__dirname, '..', '..', '..', 'src', 'tools', 'rotate-kek.js');
        const out = JSON.parse(execFileSync('node', [cli, join(dir, 'kek.hex'), join(dir, 'kek-next.hex'), path], { encoding: 'utf8', env: { PATH: process.env.PATH } })) as { ok: boolean; rewrapped: number };
        // Name, phone and email of the user, the support message and its event's note, the KYC identity.
        expect(out).to.deep.equal({ ok: true, rewrapped: 6 });

        const indexKey = secretFromFile(join(dir, 'blind-index-key.hex'), false);
        const rotated = await openTestStore(new PersonalDataVault(EnvelopeCipher.fromFile(join(dir, 'kek-next.hex'), false), indexKey), path);
        expect(await rotated.findUserByContact({ email: EMAIL })).to.include({ name: NAME, phone: PHONE });
        expect((await rotated.listSupportRequests('open', 10))[0]?.message).to.equal(SUPPORT_TEXT);
        await rotated.close();
        const stale = await openTestStore(new PersonalDataVault(EnvelopeCipher.fromFile(join(dir, 'kek.hex'), false), indexKey), path);
        expect((await failure(stale.findUserById('u1'))).message).to.match(/another key-encryption key/);
        await stale.close();
    });

    it('when a data dir holds sealed or indexed data and a key file is missing, then the gateway refuses to start rather than make a new key', async () => {
        const first = await moduleIn(dir);
        await first.store.insertUser(user('u1', PHONE, EMAIL));
        await first.store.close();
        rmSync(join(dir, 'blind-index-key.hex'));
        expect((await failure(moduleIn(dir))).message).to.match(/blind-index-key.hex is missing/);
        rmSync(join(dir, 'kek.hex'));
        expect((await failure(moduleIn(dir))).message).to.match(/kek.hex is missing/);
    });

    it('when the dev network has queued a code, then the dev outbox reader finds it by recipient with the data dir keys, and an unknown recipient finds nothing', async () => {
        const module = await moduleIn(dir);
        await module.store.insertOutbox({ channel: 'sms', recipient: PHONE, template: 'login-code', body: 'Your Corridor sign-in code is 111111', createdAt: '2026-01-01T00:00:00Z' });
        await module.store.insertOutbox({ channel: 'sms', recipient: PHONE, template: 'login-code', body: 'Your Corridor sign-in code is 222222', createdAt: '2026-01-01T00:01:00Z' });
        await module.store.insertOutbox({ channel: 'email', recipient: EMAIL, template: 'register-code', body: 'Your Corridor verification code is 333333', createdAt: '2026-01-01T00:02:00Z' });
        expect(await newestDevMessage(dir, PHONE, 'login-code')).to.equal('Your Corridor sign-in code is 222222');
        expect(await newestDevMessage(dir, EMAIL.toUpperCase(), 'register-code')).to.equal('Your Corridor verification code is 333333');
        expect(await newestDevMessage(dir, EMAIL, 'login-code')).to.equal(undefined);
        await module.store.close();
    });

    it('every sealed column named for rotation exists in the schema, so none is silently skipped', async () => {
        const store = await openTestStore();
        for (const { table, key, column } of SEALED_COLUMNS) {
            const names = ((await store.db.all('SELECT name FROM pragma_table_info(?)', [table])) as { name: string }[]).map((c) => c.name);
            expect(names, table).to.include.members([key, column]);
        }
    });
});
