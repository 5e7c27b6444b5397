import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import type { OutboxMessage } from '../../../src/customers/customer-model';
import { loadCustomerSettings, type CustomerSettings } from '../../../src/customers/customer-settings';
import type { OutboxDelivery } from '../../../src/notifications/outbox-delivery';
import { startDevSms, type DevSmsSink } from '../../../src/tools/dev-sms';
import { startDevMail } from '../../../src/tools/dev-mail';
import { testCustomers, type TestCustomers } from '../customers/customer-fixtures';
import { testApp } from '../../support/test-app';

/**
 * SMS through the HTTP provider interface, against the dev network's own sink (a real
 * HTTP server on 127.0.0.1) or a provider that refuses, and the dev mailbox that shows
 * what was sent.
 */

const person = {
    phone: '+4915112345678',
    email: 'ada.lovelace@example.com',
    name: 'Ada Lovelace',
    password: 'river-lantern-42-quietly',
    agreements: { userServiceAgreement: '2026-01', privacyPolicy: '2026-01' },
};
const caller = { clientAddress: '127.0.0.1' };

function smsSettings(port: number, extra: Record<string, string> = {}): Partial<CustomerSettings> {
    const loaded = loadCustomerSettings({ CORRIDOR_SMS_URL: `http://127.0.0.1:${port}`, CORRIDOR_ORG: 'bank1', ...extra }, '/data');
    return { ...(loaded.sms === undefined ? {} : { sms: loaded.sms }) };
}

/** A provider that answers every call with one status, counting the calls. */
async function refusingProvider(status: number): Promise<{ port: number; calls: number; server: Server }> {
    const state = { port: 0, calls: 0, server: createServer((req, res) => {
        state.calls += 1;
        req.resume();
        res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":"refused +4915112345678"}');
    }) };
    await new Promise<void>((resolve) => state.server.listen(0, '127.0.0.1', resolve));
    state.port = (state.server.address() as AddressInfo).port;
    return state;
}

async function registerByPhone(customers: TestCustomers, sms: OutboxDelivery): Promise<OutboxMessage> {
    await customers.module.accounts.register({ ...person, verifyBy: 'sms' }, caller);
    await sms.idle();
    return (await customers.store.listOutbox(10)).at(-1) as OutboxMessage;
}

function smsOf(customers: TestCustomers): OutboxDelivery {
    const sms = customers.module.sms;
    if (sms === undefined) throw new Error('SMS settings gave no SMS delivery');
    return sms;
}

describe('notifications: SMS through the provider interface, and the dev mailbox', () => {
    const closers: (() => Promise<void>)[] = [];
    afterEach(async () => {
        for (const close of closers.splice(0).reverse()) await close();
    });
    async function sink(): Promise<DevSmsSink> {
        const started = await startDevSms(0);
        closers.push(() => started.close());
        return started;
    }
    async function world(settings: Partial<CustomerSettings>): Promise<TestCustomers> {
        const customers = await testCustomers({ settings });
        closers.push(async () => { await customers.module.sms?.close(); });
        return customers;
    }

    it('when a customer registers by phone, then the sink receives the SMS under the outbox reference, the outbox marks it sent, and the status reads back as delivered', async () => {
        const provider = await sink();
        const customers = await world({ ...smsSettings(provider.port), devMailbox: true });
        const row = await registerByPhone(customers, smsOf(customers));
        expect(row).to.deep.include({ channel: 'sms', status: 'sent', attempts: 1, lastError: null });
        expect(provider.references()).to.deep.equal([`corridor-bank1-${row.id}`]);
        const box = await customers.module.mailbox.read(person.phone, 10);
        expect(box.messages).to.have.length(1);
        expect(box.messages[0]).to.deep.include({ channel: 'sms', template: 'register-code', status: 'sent', deliveryStatus: 'delivered' });
        expect(box.messages[0]?.body).to.match(/\d{6}/);
    });

    it('when the provider answers 503, then the SMS stays failed with a retry after the wait, and the retry reaches the sink once', async () => {
        const down = await refusingProvider(503);
        closers.push(() => new Promise<void>((resolve) => { down.server.close(() => { resolve(); }); }));
        const customers = await world(smsSettings(down.port, { CORRIDOR_SMS_RETRY_SECONDS: '30' }));
        const row = await registerByPhone(customers, smsOf(customers));
        expect(row).to.deep.include({ status: 'failed', attempts: 1, nextAttemptAt: '2026-03-02T09:00:30.000Z', lastError: 'HTTP 503' });
        customers.clock.advance(30);
        expect(await smsOf(customers).sweep()).to.deep.equal({ sent: 0, failed: 1 });
        const again = (await customers.store.listOutbox(10)).at(-1) as OutboxMessage;
        expect(again, 'the wait doubles').to.deep.include({ attempts: 2, nextAttemptAt: '2026-03-02T09:01:30.000Z' });
        expect(down.calls).to.equal(2);
    });

    it('when the provider refuses the number (400), then the SMS is failed for good: no next try', async () => {
        const refusing = await refusingProvider(400);
        closers.push(() => new Promise<void>((resolve) => { refusing.server.close(() => { resolve(); }); }));
        const customers = await world(smsSettings(refusing.port));
        const row = await registerByPhone(customers, smsOf(customers));
        expect(row).to.deep.include({ status: 'failed', attempts: 1, nextAttemptAt: null, lastError: 'HTTP 400' });
    });

    it('when a send is repeated with the same reference, then the sink answers as the first time and counts it once', async () => {
        const provider = await sink();
        const send = (): Promise<Response> => fetch(`http://127.0.0.1:${provider.port}/messages`, { method: 'POST', body: JSON.stringify({ to: '+4915112345678', text: 'code 123456', reference: 'r-1' }) });
        expect((await send()).status).to.equal(201);
        const second = await send();
        expect([second.status, await second.json()]).to.deep.equal([200, { reference: 'r-1', status: 'delivered' }]);
        expect(provider.references()).to.deep.equal(['r-1']);
        expect((await fetch(`http://127.0.0.1:${provider.port}/messages`, { method: 'POST', body: '{"to":"0151"}' })).status).to.equal(400);
    });

    it('when the SMS URL is plain http to another machine, then the settings are refused; a token too short is refused without quoting it', () => {
        expect(() => loadCustomerSettings({ CORRIDOR_SMS_URL: 'http://sms.example.com' }, '/data')).to.throw(/https/);
        const refusal = ((): string => {
            try {
                loadCustomerSettings({ CORRIDOR_SMS_URL: 'https://sms.example.com', CORRIDOR_SMS_TOKEN: 'secret-short' }, '/data');
                return '';
            } catch (err) {
                return String(err);
            }
        })();
        expect(refusal).to.include('"smsToken" must be 16').and.not.include('secret-short');
        expect(loadCustomerSettings({}, '/data')).to.deep.include({ devMailbox: false });
        expect(loadCustomerSettings({ CORRIDOR_DEV_MAILBOX: 'true' }, '/data')).to.deep.include({ devMailbox: true });
    });

    it('when the dev mail server receives the gateway\'s mail, then it counts it (a real SMTP exchange)', async () => {
        const mail = await startDevMail(0);
        closers.push(() => mail.close());
        const settings = loadCustomerSettings({ CORRIDOR_SMTP_URL: `smtp://127.0.0.1:${mail.port}`, CORRIDOR_SMTP_FROM: 'no-reply@bank1.corridor.example' }, '/data');
        const customers = await testCustomers({ settings: { ...(settings.smtp === undefined ? {} : { smtp: settings.smtp }), devMailbox: true } });
        closers.push(async () => { await customers.module.mail?.close(); });
        await customers.module.accounts.register({ ...person, verifyBy: 'email' }, caller);
        await customers.module.mail?.idle();
        expect(mail.accepted()).to.equal(1);
        const box = await customers.module.mailbox.read('Ada.Lovelace@Example.com', 5);
        expect(box.to).to.equal(person.email);
        expect(box.messages[0]).to.deep.include({ channel: 'email', template: 'register-code', subject: 'Your Corridor verification code', status: 'sent' });
    });

    describe('GET /v1/dev/mailbox', () => {
        it('when the gateway is a dev gateway, then anyone reads what was sent to an address, newest first; another address shows nothing', async () => {
            const customers = await testCustomers({ settings: { devMailbox: true } });
            await customers.module.accounts.register({ ...person, verifyBy: 'sms' }, caller);
            await customers.module.accounts.register({ ...person, verifyBy: 'sms' }, caller);
            const { app } = await testApp(undefined, customers);
            const res = await request(app).get('/v1/dev/mailbox').query({ to: '+49 151 1234 5678', limit: 5 });
            expect(res.status, res.text).to.equal(200);
            expect(res.body.to).to.equal(person.phone);
            expect(res.body.messages).to.have.length(2);
            expect(res.body.messages[0].id).to.be.greaterThan(res.body.messages[1].id);
            expect(res.body.messages[0]).to.deep.include({ channel: 'sms', status: 'queued' }).and.not.have.property('deliveryStatus');
            const other = await request(app).get('/v1/dev/mailbox').query({ to: '+4915199999999' });
            expect(other.body.messages).to.deep.equal([]);
            const one = await request(app).get('/v1/dev/mailbox').query({ to: person.phone, limit: 1 });
            expect(one.body.messages, 'the limit is a query-string number').to.have.length(1);
        });

        it('when the address is malformed, then 400 with the field named; a limit past 50 is refused', async () => {
            const { app } = await testApp(undefined, await testCustomers({ settings: { devMailbox: true } }));
            const bad = await request(app).get('/v1/dev/mailbox').query({ to: '' });
            expect([bad.status, bad.body.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
            const phone = await request(app).get('/v1/dev/mailbox').query({ to: '+12' });
            expect([phone.status, phone.body.code]).to.deep.equal([400, 'PHONE_INVALID']);
            const limit = await request(app).get('/v1/dev/mailbox').query({ to: person.email, limit: 51 });
            expect([limit.status, limit.body.code]).to.deep.equal([400, 'VALIDATION_FAILED']);
        });

        it('when the gateway is not a dev gateway, then the mailbox answers 404 as if it did not exist, even to a malformed query, and shows nothing', async () => {
            const customers = await testCustomers();
            await customers.module.accounts.register({ ...person, verifyBy: 'sms' }, caller);
            const { app } = await testApp(undefined, customers);
            for (const query of [{ to: person.phone }, { to: '+1' }, {}]) {
                const res = await request(app).get('/v1/dev/mailbox').query(query);
                expect([res.status, res.body.code], JSON.stringify(query)).to.deep.equal([404, 'ROUTE_NOT_FOUND']);
                expect(res.body).to.not.have.property('messages');
            }
        });
    });
});
