import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import winston from 'winston';
import { openCustomerModule } from '../../../src/customers/customer-module';
import { loadCustomerSettings } from '../../../src/customers/customer-settings';
import type { CustomerStore } from '../../../src/customers/customer-store';

describe('customers: settings', () => {
    it('when nothing is configured, then argon2id uses 19 MiB and 2 passes and the files live in the data dir', () => {
        const settings = loadCustomerSettings({}, '/data');
        expect(settings.argon2).to.deep.equal({ memoryKiB: 19_456, iterations: 2, parallelism: 1 });
        expect(settings.database).to.equal('/data/customers.sqlite');
        expect(settings.kekPath).to.equal('/data/kek.hex');
        expect(settings.createKekIfMissing).to.equal(true);
    });

    it('when argon2 is configured below 19 MiB or 2 passes, then start-up fails', () => {
        expect(() => loadCustomerSettings({ CORRIDOR_ARGON2_MEMORY_KIB: '19455' }, '/data')).to.throw(/argonMemoryKiB/);
        expect(() => loadCustomerSettings({ CORRIDOR_ARGON2_ITERATIONS: '1' }, '/data')).to.throw(/argonIterations/);
    });

    it('when a KEK file is configured, then it is never created on the fly', () => {
        expect(loadCustomerSettings({ CORRIDOR_KEK_FILE: '/secrets/kek.hex' }, '/data').createKekIfMissing).to.equal(false);
    });

    it('when no SMTP URL is configured, then there are no SMTP settings and mail stays in the outbox', () => {
        expect(loadCustomerSettings({}, '/data').smtp).to.equal(undefined);
    });

    it('when an SMTP URL is configured, then host, port, TLS and the sign-in come from it', () => {
        const from = { CORRIDOR_SMTP_FROM: 'no-reply@bank1.example' };
        expect(loadCustomerSettings({ CORRIDOR_SMTP_URL: 'smtp://mailer:s%3Acret@mail.bank1.example', ...from }, '/data').smtp).to.deep.equal({
            host: 'mail.bank1.example',
            port: 587,
            secure: false,
            requireTls: true,
            auth: { user: 'mailer', pass: 's:cret' },
            from: 'no-reply@bank1.example',
            maxAttempts: 8,
            retrySeconds: 60,
        });
        expect(loadCustomerSettings({ CORRIDOR_SMTP_URL: 'smtps://mail.bank1.example', ...from }, '/data').smtp).to.deep.include({ port: 465, secure: true, requireTls: false });
        expect(loadCustomerSettings({ CORRIDOR_SMTP_URL: 'smtp://127.0.0.1:2525', ...from }, '/data').smtp).to.deep.include({ port: 2525, requireTls: false });
        expect(loadCustomerSettings({ CORRIDOR_SMTP_URL: 'smtp://localhost:25', ...from }, '/data').smtp).to.not.have.property('auth');
    });

    it('when the SMTP URL lacks a From address or is not smtp, then start-up fails without repeating the URL', () => {
        expect(() => loadCustomerSettings({ CORRIDOR_SMTP_URL: 'smtp://mail.bank1.example' }, '/data')).to.throw(/smtpFrom/);
        expect(() => loadCustomerSettings({ CORRIDOR_SMTP_URL: 'https://u:hunter2secret@mail.example', CORRIDOR_SMTP_FROM: 'a@b.example' }, '/data'))
            .to.throw(/smtpUrl/)
            .with.property('message')
            .that.does.not.include('hunter2secret');
        expect(() => loadCustomerSettings({ CORRIDOR_SMTP_URL: 'smtp://mail.example', CORRIDOR_SMTP_FROM: 'a@b.example', CORRIDOR_SMTP_MAX_ATTEMPTS: '0' }, '/data')).to.throw(/smtpMaxAttempts/);
    });
});

describe('customers: key-encryption key on a data dir', () => {
    it('when the data dir is new, then a KEK is created with mode 600; when it is lost after data was sealed, then start-up refuses', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'corridor-kek-'));
        try {
            const settings = loadCustomerSettings({}, dir);
            const logger = winston.createLogger({ silent: true });
            const first = await openCustomerModule({ settings, logger });
            expect(statSync(settings.kekPath).mode & 0o777).to.equal(0o600);
            await first.wallets.createCustodial(await seedCustomer(first.store), '127.0.0.1');
            await first.store.close();
            unlinkSync(settings.kekPath);
            expect((await failure(openCustomerModule({ settings, logger }))).message).to.match(/key-encryption key file .* is missing/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});

async function seedCustomer(store: CustomerStore): Promise<string> {
    const id = randomUUID();
    const at = new Date().toISOString();
    await store.insertUser({ id, role: 'customer', name: 'K', phone: null, email: 'k@example.com', phoneVerified: false, emailVerified: true, passwordHash: 'x', agreements: null, createdAt: at, updatedAt: at });
    return id;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (err) {
        return err as Error;
    }
    throw new Error('expected a failure');
}
