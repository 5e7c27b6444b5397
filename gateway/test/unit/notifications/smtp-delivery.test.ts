import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { SMTPServer } from 'smtp-server';
import winston from 'winston';
import type { OutboxMessage } from '../../../src/customers/customer-model';
import { loadCustomerSettings, type SmtpSettings } from '../../../src/customers/customer-settings';
import type { SmtpDelivery } from '../../../src/notifications/smtp-delivery';
import { testCustomers, type TestCustomers } from '../customers/customer-fixtures';

/**
 * Email delivery against a real SMTP server: an smtp-server sink on 127.0.0.1 at a port
 * the system picks, started and stopped by each test.
 */

interface ReceivedMail {
    from: string;
    to: string[];
    user: string | undefined;
    raw: string;
}

type SinkMode = 'accept' | 'try-later' | 'no-such-mailbox';

interface Sink {
    port: number;
    mails: ReceivedMail[];
    mode: SinkMode;
    close(): Promise<void>;
}

async function startSink(credentials?: { user: string; pass: string }): Promise<Sink> {
    const sink: Sink = { port: 0, mails: [], mode: 'accept', close: async () => undefined };
    const refusal = (responseCode: number, text: string): Error => Object.assign(new Error(text), { responseCode });
    const server = new SMTPServer({
        logger: false,
        // The sink has no certificate; plain SMTP is what the gateway allows to a loopback relay.
        disabledCommands: credentials === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
        authOptional: credentials === undefined,
        allowInsecureAuth: true,
        onAuth(auth, _session, callback) {
            const ok = credentials !== undefined && auth.username === credentials.user && auth.password === credentials.pass;
            callback(ok ? null : refusal(535, 'authentication failed'), ok ? { user: auth.username } : undefined);
        },
        onRcptTo(_address, _session, callback) {
            if (sink.mode === 'try-later') callback(refusal(451, 'mailbox busy, try later'));
            else if (sink.mode === 'no-such-mailbox') callback(refusal(550, 'no such mailbox'));
            else callback();
        },
        onData(stream, session, callback) {
            const chunks: Buffer[] = [];
            stream.on('data', (chunk: Buffer) => chunks.push(chunk));
            stream.on('end', () => {
                sink.mails.push({
                    from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
                    to: session.envelope.rcptTo.map((r) => r.address),
                    user: session.user as string | undefined,
                    raw: Buffer.concat(chunks).toString('utf8'),
                });
                callback();
            });
        },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    sink.port = (server.server.address() as AddressInfo).port;
    sink.close = () => new Promise<void>((resolve) => { server.close(resolve); });
    return sink;
}

/** A port that nothing listens on: a sink's, after it closed. */
async function deadPort(): Promise<number> {
    const sink = await startSink();
    await sink.close();
    return sink.port;
}

const FROM = 'no-reply@bank1.corridor.example';

function smtpOn(port: number, extra: NodeJS.ProcessEnv = {}): SmtpSettings {
    const settings = loadCustomerSettings({ CORRIDOR_SMTP_URL: `smtp://127.0.0.1:${port}`, CORRIDOR_SMTP_FROM: FROM, ...extra }, '/data');
    return settings.smtp as SmtpSettings;
}

interface World {
    customers: TestCustomers;
    mail: SmtpDelivery;
    logLines: string[];
}

async function world(smtp: SmtpSettings): Promise<World> {
    const logLines: string[] = [];
    const logger = winston.createLogger({
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
    const customers = await testCustomers({ settings: { smtp }, logger });
    const mail = customers.module.mail;
    if (mail === undefined) throw new Error('SMTP settings gave no mail delivery');
    return { customers, mail, logLines };
}

const caller = { clientAddress: '127.0.0.1' };
const person = {
    phone: '+4915112345678',
    email: 'ada.lovelace@example.com',
    name: 'Ada Lovelace',
    password: 'river-lantern-42-quietly',
    agreements: { userServiceAgreement: '2026-01', privacyPolicy: '2026-01' },
};

/** Registers by the channel; returns the outbox row of the code and the code it holds. */
async function registerBy(w: World, verifyBy: 'sms' | 'email'): Promise<{ row: OutboxMessage; code: string }> {
    await w.customers.module.accounts.register({ ...person, verifyBy }, caller);
    await w.mail.idle();
    return codeRow(w);
}

async function codeRow(w: World): Promise<{ row: OutboxMessage; code: string }> {
    const row = (await w.customers.store.listOutbox(10)).at(-1) as OutboxMessage;
    const code = /(\d{6})/.exec(row.body)?.[1];
    if (code === undefined) throw new Error('no code in the outbox');
    return { row, code };
}

describe('customers: email by SMTP from the outbox', () => {
    const sinks: Sink[] = [];
    const worlds: World[] = [];
    async function sink(credentials?: { user: string; pass: string }): Promise<Sink> {
        const started = await startSink(credentials);
        sinks.push(started);
        return started;
    }
    function track(w: World): World {
        worlds.push(w);
        return w;
    }
    afterEach(async () => {
        for (const w of worlds.splice(0)) await w.mail.close();
        for (const s of sinks.splice(0)) await s.close();
    });

    it('when a customer registers by email, then the mail arrives with the code, the outbox marks it sent, and the log shows a masked recipient and no code', async () => {
        const server = await sink();
        const w = track(await world(smtpOn(server.port)));
        const { row, code } = await registerBy(w, 'email');
        expect(server.mails).to.have.length(1);
        const mail = server.mails[0] as ReceivedMail;
        expect([mail.from, mail.to]).to.deep.equal([FROM, [person.email]]);
        expect(mail.raw).to.include('Subject: Your Corridor verification code');
        expect(mail.raw).to.include(`Your Corridor verification code is ${code}`);
        expect(row).to.deep.include({ status: 'sent', attempts: 1, sentAt: '2026-03-02T09:00:00.000Z', nextAttemptAt: null, lastError: null });
        const log = w.logLines.join('');
        expect(log).to.include('"to":"a***@e***.com"').and.include('notification sent');
        expect(log).to.not.include(code);
        expect(log).to.not.include(person.email);
    });

    it('when a customer registers by phone, then the SMS stays queued in the outbox and no mail is sent', async () => {
        const server = await sink();
        const w = track(await world(smtpOn(server.port)));
        const { row } = await registerBy(w, 'sms');
        expect(await w.mail.sweep()).to.deep.equal({ sent: 0, failed: 0 });
        expect(server.mails).to.have.length(0);
        expect(row).to.deep.include({ channel: 'sms', recipient: person.phone, status: 'queued', attempts: 0, sentAt: null });
        expect(w.logLines.join('')).to.include('"to":"+***********78"');
    });

    it('when the server answers 451, then the message stays in the outbox as failed with its try count, and the retry after the wait delivers the same code', async () => {
        const server = await sink();
        server.mode = 'try-later';
        const w = track(await world(smtpOn(server.port)));
        const { row, code } = await registerBy(w, 'email');
        expect(server.mails).to.have.length(0);
        expect(row).to.deep.include({ status: 'failed', attempts: 1, sentAt: null, nextAttemptAt: '2026-03-02T09:01:00.000Z', lastError: 'EENVELOPE 451' });
        expect(w.logLines.join('')).to.include('notification delivery failed').and.not.include(code);

        server.mode = 'accept';
        w.customers.clock.advance(59);
        expect(await w.mail.sweep(), 'before the wait is over').to.deep.equal({ sent: 0, failed: 0 });
        w.customers.clock.advance(1);
        expect(await w.mail.sweep()).to.deep.equal({ sent: 1, failed: 0 });
        expect(server.mails.map((m) => m.to)).to.deep.equal([[person.email]]);
        expect(server.mails[0]?.raw).to.include(code);
        expect((await codeRow(w)).row).to.deep.include({ status: 'sent', attempts: 2, sentAt: '2026-03-02T09:01:00.000Z', lastError: null });
    });

    it('when no server listens, then each try fails, the wait doubles, and after the last try the message is kept as failed with no next try', async () => {
        const w = track(await world(smtpOn(await deadPort(), { CORRIDOR_SMTP_MAX_ATTEMPTS: '3', CORRIDOR_SMTP_RETRY_SECONDS: '30' })));
        const { row, code } = await registerBy(w, 'email');
        expect(row).to.deep.include({ status: 'failed', attempts: 1, nextAttemptAt: '2026-03-02T09:00:30.000Z' });
        expect(row.lastError).to.match(/^(ESOCKET|ECONNECTION)$/);
        w.customers.clock.advance(30);
        expect(await w.mail.sweep()).to.deep.equal({ sent: 0, failed: 1 });
        expect((await codeRow(w)).row).to.deep.include({ attempts: 2, nextAttemptAt: '2026-03-02T09:01:30.000Z' });
        w.customers.clock.advance(60);
        expect(await w.mail.sweep()).to.deep.equal({ sent: 0, failed: 1 });
        w.customers.clock.advance(86_400);
        expect(await w.mail.sweep(), 'no fourth try').to.deep.equal({ sent: 0, failed: 0 });
        const kept = await codeRow(w);
        expect(kept.row).to.deep.include({ status: 'failed', attempts: 3, nextAttemptAt: null, recipient: person.email });
        expect(kept.code).to.equal(code);
    });

    it('when the server refuses the mailbox for good (550), then there is no retry and the message stays in the outbox', async () => {
        const server = await sink();
        server.mode = 'no-such-mailbox';
        const w = track(await world(smtpOn(server.port)));
        const { row } = await registerBy(w, 'email');
        expect(row).to.deep.include({ status: 'failed', attempts: 1, nextAttemptAt: null, lastError: 'EENVELOPE 550' });
    });

    it('when the URL carries a user and password, then the gateway signs in to the server before sending', async () => {
        const server = await sink({ user: 'corridor', pass: 'p@ss word' });
        const smtp = loadCustomerSettings({ CORRIDOR_SMTP_URL: `smtp://corridor:p%40ss%20word@127.0.0.1:${server.port}`, CORRIDOR_SMTP_FROM: FROM }, '/data').smtp as SmtpSettings;
        const w = track(await world(smtp));
        await registerBy(w, 'email');
        expect(server.mails.map((m) => [m.user, m.to])).to.deep.equal([['corridor', [person.email]]]);
    });

    it('when the password is wrong, then the server refuses the sign-in and the message waits for a retry', async () => {
        const server = await sink({ user: 'corridor', pass: 'right' });
        const smtp = loadCustomerSettings({ CORRIDOR_SMTP_URL: `smtp://corridor:wrong@127.0.0.1:${server.port}`, CORRIDOR_SMTP_FROM: FROM }, '/data').smtp as SmtpSettings;
        const w = track(await world(smtp));
        const { row } = await registerBy(w, 'email');
        expect(server.mails).to.have.length(0);
        expect(row).to.deep.include({ status: 'failed', attempts: 1, lastError: 'EAUTH 535', nextAttemptAt: '2026-03-02T09:01:00.000Z' });
        expect(w.logLines.join('')).to.not.include('wrong');
    });

    it('when SMTP is not configured, then there is no mail delivery and messages only queue', async () => {
        const customers = await testCustomers();
        expect(customers.module.mail).to.equal(undefined);
        await customers.module.accounts.register({ ...person, verifyBy: 'email' }, caller);
        expect((await customers.store.listOutbox(10)).map((m) => m.status)).to.deep.equal(['queued']);
    });
});
