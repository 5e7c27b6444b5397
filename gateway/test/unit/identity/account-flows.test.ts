import { expect } from 'chai';
import request from 'supertest';
import type express from 'express';
import { testApp, bearer } from '../../support/test-app';
import type { TestCustomers } from '../customers/customer-fixtures';
import { testCustomers } from '../customers/customer-fixtures';
import type { CustomerSettings } from '../../../src/customers/customer-settings';
import type { OutboxMessage } from '../../../src/customers/customer-model';

const PASSWORD = 'river-lantern-42-quietly';
const person = {
    phone: '+4915112345678',
    email: 'ada.lovelace@example.com',
    name: 'Ada Lovelace',
    password: PASSWORD,
    agreements: { userServiceAgreement: '2026-01', privacyPolicy: '2026-01' },
    verifyBy: 'sms',
};

interface World {
    app: express.Express;
    customers: TestCustomers;
    logLines: string[];
}

async function world(settings: Partial<CustomerSettings> = {}): Promise<World> {
    const customers = await testCustomers({ settings });
    const { app, logLines } = await testApp(undefined, customers);
    return { app, customers, logLines };
}

/** The code in the newest outbox message to a recipient. */
async function lastCode(w: World, recipient: string): Promise<string> {
    const messages = (await w.customers.store.listOutbox(1000)).filter((m) => m.recipient === recipient);
    const match = /(\d{6})/.exec(messages.at(-1)?.body ?? '');
    if (!match) throw new Error(`no code sent to ${recipient}`);
    return match[1] as string;
}

async function register(w: World, overrides: object = {}): Promise<string> {
    const body = { ...person, ...overrides };
    const started = await request(w.app).post('/v1/auth/register').send(body);
    expect(started.status, started.text).to.equal(202);
    const code = await lastCode(w, body.verifyBy === 'sms' ? body.phone : body.email);
    const done = await request(w.app).post('/v1/auth/register/verify').send({ registrationId: started.body.registrationId, code });
    expect(done.status, done.text).to.equal(201);
    return done.body.customerId as string;
}

async function login(w: World, identifier = person.phone, password = PASSWORD): Promise<string> {
    const first = await request(w.app).post('/v1/auth/login').send({ identifier, password });
    expect(first.status, first.text).to.equal(200);
    const code = await lastCode(w, first.body.channel === 'sms' ? person.phone : person.email);
    const second = await request(w.app).post('/v1/auth/login/verify').send({ challengeId: first.body.challengeId, code });
    expect(second.status, second.text).to.equal(201);
    return second.body.token as string;
}

describe('customers: registration over HTTP', () => {
    it('when a customer registers and enters the code, then the account exists with the agreements and time recorded', async () => {
        const w = await world();
        const id = await register(w);
        const user = await w.customers.store.findUserById(id);
        expect(user).to.deep.include({ role: 'customer', phone: person.phone, email: person.email, phoneVerified: true, emailVerified: false });
        expect(user?.agreements).to.deep.equal({ userServiceAgreement: '2026-01', privacyPolicy: '2026-01', acceptedAt: '2026-03-02T09:00:00.000Z' });
        expect(user?.passwordHash).to.match(/^\$argon2id\$/);
        expect((await w.customers.module.audit.verify()).ok).to.equal(true);
    });

    const refused: [string, object, number, string][] = [
        ['a phone without country code', { phone: '015112345678' }, 400, 'PHONE_INVALID'],
        ['a phone that is too long', { phone: '+4915112345678901' }, 400, 'PHONE_INVALID'],
        ['an email without domain', { email: 'ada@' }, 400, 'EMAIL_INVALID'],
        ['a password of 11 characters', { password: 'Xk9#mQ2$vL7' }, 422, 'PASSWORD_WEAK'],
        ['a common password with digits', { password: 'password123456' }, 422, 'PASSWORD_WEAK'],
        ['a password holding the name', { password: 'lovelace-was-here-1843' }, 422, 'PASSWORD_WEAK'],
        ['an old agreement version', { agreements: { userServiceAgreement: '2025-01', privacyPolicy: '2026-01' } }, 422, 'AGREEMENT_NOT_ACCEPTED'],
        ['no agreements', { agreements: undefined }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [name, overrides, status, code] of refused) {
        it(`when the registration has ${name}, then ${status} ${code} and nothing is sent`, async () => {
            const w = await world();
            const res = await request(w.app).post('/v1/auth/register').send({ ...person, ...overrides });
            expect(res.status, res.text).to.equal(status);
            expect(res.body.code).to.equal(code);
            expect(await w.customers.store.listOutbox(10)).to.have.length(0);
        });
    }

    it('when a password is exactly 12 characters and uncommon, then it is accepted', async () => {
        const w = await world();
        const res = await request(w.app).post('/v1/auth/register').send({ ...person, password: 'Xk9#mQ2$vL7p' });
        expect(res.status).to.equal(202);
    });

    it('when the email of another account is reused, then after the code the answer is 409 EMAIL_TAKEN', async () => {
        const w = await world();
        await register(w);
        const started = await request(w.app).post('/v1/auth/register').send({ ...person, phone: '+4915199999999' });
        const code = await lastCode(w, '+4915199999999');
        const res = await request(w.app).post('/v1/auth/register/verify').send({ registrationId: started.body.registrationId, code });
        expect(res.status).to.equal(409);
        expect(res.body.code).to.equal('EMAIL_TAKEN');
    });

    it('when someone registers with a phone that has an account, then the answer looks the same and the owner gets a notice, not a code', async () => {
        const w = await world();
        await register(w);
        const res = await request(w.app).post('/v1/auth/register').send({ ...person, email: 'other@example.com' });
        expect(res.status).to.equal(202);
        expect(Object.keys(res.body).sort()).to.deep.equal(['channel', 'expiresAt', 'registrationId']);
        const last = (await w.customers.store.listOutbox(100)).at(-1);
        expect(last?.template).to.equal('register-already-registered');
        expect(last?.body).to.not.match(/\d{6}/);
    });

    it('when the registration code is wrong, expired or reused, then INVALID_CODE, CODE_EXPIRED and CODE_USED', async () => {
        const w = await world();
        const started = await request(w.app).post('/v1/auth/register').send(person);
        const code = await lastCode(w, person.phone);
        const wrong = code === '000000' ? '111111' : '000000';
        const bad = await request(w.app).post('/v1/auth/register/verify').send({ registrationId: started.body.registrationId, code: wrong });
        expect([bad.status, bad.body.code]).to.deep.equal([401, 'INVALID_CODE']);
        const ok = await request(w.app).post('/v1/auth/register/verify').send({ registrationId: started.body.registrationId, code });
        expect(ok.status).to.equal(201);
        const again = await request(w.app).post('/v1/auth/register/verify').send({ registrationId: started.body.registrationId, code });
        expect([again.status, again.body.code]).to.deep.equal([409, 'CODE_USED']);

        const later = await request(w.app).post('/v1/auth/register').send({ ...person, phone: '+4915100000001', email: 'x@example.com' });
        const laterCode = await lastCode(w, '+4915100000001');
        w.customers.clock.advance(601);
        const expired = await request(w.app).post('/v1/auth/register/verify').send({ registrationId: later.body.registrationId, code: laterCode });
        expect([expired.status, expired.body.code]).to.deep.equal([422, 'CODE_EXPIRED']);
    });

    it('when a code is guessed five times, then even the right code is refused', async () => {
        const w = await world();
        const started = await request(w.app).post('/v1/auth/register').send(person);
        const code = await lastCode(w, person.phone);
        const wrong = code === '000000' ? '111111' : '000000';
        for (let i = 0; i < 5; i += 1) {
            await request(w.app).post('/v1/auth/register/verify').send({ registrationId: started.body.registrationId, code: wrong });
        }
        const res = await request(w.app).post('/v1/auth/register/verify').send({ registrationId: started.body.registrationId, code });
        expect(res.body.code).to.equal('CODE_ATTEMPTS_EXCEEDED');
    });

    it('when codes and passwords go through, then none of them appears in the log', async () => {
        const w = await world();
        await register(w);
        await login(w);
        const log = w.logLines.join('\n');
        for (const message of await w.customers.store.listOutbox(100)) {
            const code = /(\d{6})/.exec(message.body)?.[1];
            if (code) expect(log).to.not.include(code);
        }
        expect(log).to.not.include(PASSWORD);
        expect(log).to.not.include(person.phone);
        expect(log).to.not.include(person.email);
    });
});

describe('customers: sign-in, sessions and lockout over HTTP', () => {
    it('when a customer signs in with phone, password and code, then the token opens /v1/me', async () => {
        const w = await world();
        const id = await register(w);
        const token = await login(w);
        const me = await request(w.app).get('/v1/me').set('Authorization', `Bearer ${token}`);
        expect(me.status).to.equal(200);
        expect(me.body).to.include({ id, role: 'customer', email: person.email });
    });

    it('when the account is unknown or the password wrong, then the same 401 and the same message', async () => {
        const w = await world();
        await register(w);
        const unknown = await request(w.app).post('/v1/auth/login').send({ identifier: 'nobody@example.com', password: PASSWORD });
        const wrong = await request(w.app).post('/v1/auth/login').send({ identifier: person.email, password: 'not-the-password-1' });
        expect(unknown.status).to.equal(401);
        expect(wrong.status).to.equal(401);
        expect(unknown.body.code).to.equal('INVALID_CREDENTIALS');
        expect(unknown.body.detail).to.equal(wrong.body.detail);
    });

    it('when the account is unknown, then sign-in costs a password hash verification as for a known one', async () => {
        const w = await world({ argon2: { memoryKiB: 19_456, iterations: 2, parallelism: 1 }, lockout: { maxFailures: 100, lockSeconds: 60 } });
        await register(w);
        const time = async (identifier: string): Promise<number> => {
            const started = process.hrtime.bigint();
            await request(w.app).post('/v1/auth/login').send({ identifier, password: 'not-the-password-1' });
            return Number(process.hrtime.bigint() - started) / 1e6;
        };
        const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
        await time('warm@example.com');
        const known: number[] = [];
        const unknown: number[] = [];
        // Interleaved samples and medians: one busy moment on a shared machine does not decide.
        for (let i = 0; i < 7; i += 1) {
            known.push(await time(person.email));
            unknown.push(await time(`nobody${i}@example.com`));
        }
        expect(median(unknown)).to.be.greaterThan(median(known) / 2);
        expect(median(unknown)).to.be.lessThan(median(known) * 2);
    });

    it('when five passwords fail, then the account is locked for the right password too, and opens after the lock time', async () => {
        const w = await world();
        await register(w);
        for (let i = 0; i < 5; i += 1) {
            await request(w.app).post('/v1/auth/login').send({ identifier: person.phone, password: 'not-the-password-1' });
        }
        const locked = await request(w.app).post('/v1/auth/login').send({ identifier: person.phone, password: PASSWORD });
        expect([locked.status, locked.body.code]).to.deep.equal([423, 'ACCOUNT_LOCKED']);
        const byEmail = await request(w.app).post('/v1/auth/login').send({ identifier: person.email, password: PASSWORD });
        expect(byEmail.body.code).to.equal('ACCOUNT_LOCKED');
        w.customers.clock.advance(901);
        expect(await login(w)).to.be.a('string');
    });

    it('when an unknown identifier fails five times, then it locks the same way, so locking tells nothing', async () => {
        const w = await world();
        for (let i = 0; i < 5; i += 1) {
            await request(w.app).post('/v1/auth/login').send({ identifier: 'ghost@example.com', password: 'whatever-it-is-1' });
        }
        const res = await request(w.app).post('/v1/auth/login').send({ identifier: 'ghost@example.com', password: 'whatever-it-is-1' });
        expect(res.body.code).to.equal('ACCOUNT_LOCKED');
    });

    it('when one client address exceeds the sign-in rate, then 429 RATE_LIMITED whatever the account', async () => {
        const roomy = { limit: 100, windowSeconds: 60 };
        const w = await world({ limits: { login: { limit: 3, windowSeconds: 60 }, code: roomy, recovery: roomy, register: roomy } });
        for (let i = 0; i < 3; i += 1) {
            await request(w.app).post('/v1/auth/login').send({ identifier: `a${i}@example.com`, password: 'whatever-it-is-1' });
        }
        const res = await request(w.app).post('/v1/auth/login').send({ identifier: 'b@example.com', password: 'whatever-it-is-1' });
        expect([res.status, res.body.code]).to.deep.equal([429, 'RATE_LIMITED']);
        w.customers.clock.advance(61);
        const after = await request(w.app).post('/v1/auth/login').send({ identifier: 'b@example.com', password: 'whatever-it-is-1' });
        expect(after.status).to.equal(401);
    });

    it('when the sign-in code is wrong five times, then the account locks', async () => {
        const w = await world();
        await register(w);
        for (let i = 0; i < 5; i += 1) {
            const first = await request(w.app).post('/v1/auth/login').send({ identifier: person.phone, password: PASSWORD });
            const code = await lastCode(w, person.phone);
            await request(w.app).post('/v1/auth/login/verify').send({ challengeId: first.body.challengeId, code: code === '000000' ? '111111' : '000000' });
        }
        const res = await request(w.app).post('/v1/auth/login').send({ identifier: person.phone, password: PASSWORD });
        expect(res.body.code).to.equal('ACCOUNT_LOCKED');
    });

    it('when a sign-in code is reused or expired, then CODE_USED and CODE_EXPIRED', async () => {
        const w = await world();
        await register(w);
        const first = await request(w.app).post('/v1/auth/login').send({ identifier: person.phone, password: PASSWORD });
        const code = await lastCode(w, person.phone);
        expect((await request(w.app).post('/v1/auth/login/verify').send({ challengeId: first.body.challengeId, code })).status).to.equal(201);
        const reused = await request(w.app).post('/v1/auth/login/verify').send({ challengeId: first.body.challengeId, code });
        expect(reused.body.code).to.equal('CODE_USED');
        const second = await request(w.app).post('/v1/auth/login').send({ identifier: person.phone, password: PASSWORD });
        const code2 = await lastCode(w, person.phone);
        w.customers.clock.advance(600);
        const expired = await request(w.app).post('/v1/auth/login/verify').send({ challengeId: second.body.challengeId, code: code2 });
        expect(expired.body.code).to.equal('CODE_EXPIRED');
    });

    it('when a client brings its own token to sign-in (fixation), then the server issues a different one and the planted one stays useless', async () => {
        const w = await world();
        await register(w);
        const planted = 'attacker-chosen-token-' + 'z'.repeat(30);
        const first = await request(w.app).post('/v1/auth/login').set('Authorization', `Bearer ${planted}`).send({ identifier: person.phone, password: PASSWORD });
        const code = await lastCode(w, person.phone);
        const second = await request(w.app).post('/v1/auth/login/verify').set('Authorization', `Bearer ${planted}`).send({ challengeId: first.body.challengeId, code });
        expect(second.body.token).to.be.a('string').and.not.equal(planted);
        expect(second.body.token).to.match(/^[A-Za-z0-9_-]{43}$/);
        expect((await request(w.app).get('/v1/me').set('Authorization', `Bearer ${planted}`)).status).to.equal(401);
        const again = await login(w);
        expect(again).to.not.equal(second.body.token);
    });

    it('when sessions are listed and one revoked, then it stops working and another customer cannot revoke it', async () => {
        const w = await world();
        await register(w);
        const a = await login(w);
        const b = await login(w);
        const list = await request(w.app).get('/v1/me/sessions').set('Authorization', `Bearer ${a}`);
        expect(list.body.items).to.have.length(2);
        const other = list.body.items.find((s: { current: boolean }) => !s.current) as { id: string };
        const byStranger = await request(w.app).post(`/v1/me/sessions/${other.id}/revoke`).set('Authorization', bearer('customer'));
        expect(byStranger.status).to.equal(404);
        expect((await request(w.app).post(`/v1/me/sessions/${other.id}/revoke`).set('Authorization', `Bearer ${a}`)).status).to.equal(204);
        expect((await request(w.app).get('/v1/me').set('Authorization', `Bearer ${b}`)).status).to.equal(401);
        expect((await request(w.app).get('/v1/me').set('Authorization', `Bearer ${a}`)).status).to.equal(200);
    });

    it('when a customer logs out, or the session idles 30 minutes, then the token is refused', async () => {
        const w = await world();
        await register(w);
        const a = await login(w);
        expect((await request(w.app).post('/v1/auth/logout').set('Authorization', `Bearer ${a}`)).status).to.equal(204);
        expect((await request(w.app).get('/v1/me').set('Authorization', `Bearer ${a}`)).status).to.equal(401);
        const b = await login(w);
        w.customers.clock.advance(1800);
        expect((await request(w.app).get('/v1/me').set('Authorization', `Bearer ${b}`)).status).to.equal(401);
    });
});

describe('customers: password and security answers over HTTP', () => {
    it('when the password is changed with the old one, then other sessions end, this one stays, and the new password works', async () => {
        const w = await world();
        await register(w);
        const a = await login(w);
        const b = await login(w);
        const res = await request(w.app).post('/v1/me/password').set('Authorization', `Bearer ${a}`).send({ oldPassword: PASSWORD, newPassword: 'harbour-violet-77-slowly' });
        expect(res.status, res.text).to.equal(200);
        expect(res.body.sessionsEnded).to.equal(1);
        expect((await request(w.app).get('/v1/me').set('Authorization', `Bearer ${b}`)).status).to.equal(401);
        expect((await request(w.app).get('/v1/me').set('Authorization', `Bearer ${a}`)).status).to.equal(200);
        expect(await login(w, person.phone, 'harbour-violet-77-slowly')).to.be.a('string');
    });

    it('when the old password is wrong or the new one weak or unchanged, then nothing changes', async () => {
        const w = await world();
        await register(w);
        const a = await login(w);
        const send = (body: object) => request(w.app).post('/v1/me/password').set('Authorization', `Bearer ${a}`).send(body);
        expect((await send({ oldPassword: 'wrong-password-99', newPassword: 'harbour-violet-77-slowly' })).body.code).to.equal('INVALID_CREDENTIALS');
        expect((await send({ oldPassword: PASSWORD, newPassword: 'qwerty123456' })).body.code).to.equal('PASSWORD_WEAK');
        expect((await send({ oldPassword: PASSWORD, newPassword: PASSWORD })).body.code).to.equal('PASSWORD_UNCHANGED');
        expect(await login(w)).to.be.a('string');
    });

    it('when security answers are set, then they are stored as argon2id hashes and listed by question only', async () => {
        const w = await world();
        const id = await register(w);
        const a = await login(w);
        const res = await request(w.app)
            .post('/v1/me/security-answers')
            .set('Authorization', `Bearer ${a}`)
            .send({ password: PASSWORD, answers: [{ questionId: 'first-school', answer: 'Hill Road' }, { questionId: 'first-concert', answer: 'Nina Simone' }] });
        expect(res.status, res.text).to.equal(204);
        const stored = await w.customers.store.getSecurityAnswers(id);
        expect(stored.map((s) => s.answerHash).every((h) => h.startsWith('$argon2id$'))).to.equal(true);
        expect(await w.customers.module.accounts.checkSecurityAnswers(id, [{ questionId: 'first-school', answer: '  hill   ROAD ' }])).to.equal(true);
        const me = await request(w.app).get('/v1/me').set('Authorization', `Bearer ${a}`);
        expect(me.body.securityQuestions).to.deep.equal(['first-concert', 'first-school']);
    });

    it('when a password is forgotten, then a code resets it, every session ends, and the same answer comes for unknown accounts', async () => {
        const w = await world();
        await register(w);
        const a = await login(w);
        const known = await request(w.app).post('/v1/auth/password/forgot').send({ identifier: person.email });
        const unknown = await request(w.app).post('/v1/auth/password/forgot').send({ identifier: 'nobody@example.com' });
        expect([known.status, unknown.status]).to.deep.equal([202, 202]);
        expect(Object.keys(unknown.body).sort()).to.deep.equal(Object.keys(known.body).sort());
        // The email is not verified, so the code goes to the verified phone.
        const code = await lastCode(w, person.phone);
        const decoy = await request(w.app).post('/v1/auth/password/reset').send({ requestId: unknown.body.requestId, code, newPassword: 'harbour-violet-77-slowly' });
        expect(decoy.body.code).to.equal('INVALID_CODE');
        const reset = await request(w.app).post('/v1/auth/password/reset').send({ requestId: known.body.requestId, code, newPassword: 'harbour-violet-77-slowly' });
        expect(reset.status, reset.text).to.equal(204);
        expect((await request(w.app).get('/v1/me').set('Authorization', `Bearer ${a}`)).status).to.equal(401);
        expect(await login(w, person.email, 'harbour-violet-77-slowly')).to.be.a('string');
        const reused = await request(w.app).post('/v1/auth/password/reset').send({ requestId: known.body.requestId, code, newPassword: 'another-fine-pass-88' });
        expect(reused.body.code).to.equal('CODE_USED');
    });

    it('when a reset request for an unknown account expires, then it answers CODE_EXPIRED like a real one', async () => {
        const w = await world();
        const unknown = await request(w.app).post('/v1/auth/password/forgot').send({ identifier: 'nobody@example.com' });
        w.customers.clock.advance(601);
        const res = await request(w.app).post('/v1/auth/password/reset').send({ requestId: unknown.body.requestId, code: '123456', newPassword: 'harbour-violet-77-slowly' });
        expect(res.body.code).to.equal('CODE_EXPIRED');
    });
});

describe('customers: binding a phone or email over HTTP', () => {
    /** Starts and completes a change with the code sent to the new address; returns the messages it queued. */
    async function changeContact(w: World, token: string, channel: 'sms' | 'email', value: string, recipient: string): Promise<OutboxMessage[]> {
        const before = (await w.customers.store.listOutbox(1000)).length;
        const started = await request(w.app).post('/v1/me/contact').set('Authorization', `Bearer ${token}`).send({ channel, value, password: PASSWORD });
        expect(started.status, started.text).to.equal(202);
        const code = await lastCode(w, recipient);
        const done = await request(w.app).post('/v1/me/contact/verify').set('Authorization', `Bearer ${token}`).send({ changeId: started.body.changeId, code });
        expect(done.status, done.text).to.equal(200);
        return (await w.customers.store.listOutbox(1000)).slice(before);
    }

    it('when a customer changes a verified email with its code, then it is verified, the code went to the new address, the old one is told, and other sessions end', async () => {
        const w = await world();
        const id = await register(w, { verifyBy: 'email' });
        const a = await login(w, person.email);
        const b = await login(w, person.email);
        const messages = await changeContact(w, a, 'email', 'Ada@New.example', 'ada@new.example');
        expect(await w.customers.store.findUserById(id)).to.deep.include({ email: 'ada@new.example', emailVerified: true });
        expect(messages.map((m) => [m.template, m.recipient])).to.deep.equal([
            ['bind-contact-code', 'ada@new.example'],
            ['contact-changed', person.email],
        ]);
        expect(messages[1]?.body).to.not.match(/\d{6}/);
        expect((await request(w.app).get('/v1/me').set('Authorization', `Bearer ${b}`)).status).to.equal(401);
    });

    it('when a customer changes a verified phone, then the code goes to the new phone and the notice to the old one', async () => {
        const w = await world();
        const id = await register(w);
        const a = await login(w);
        const messages = await changeContact(w, a, 'sms', '+4915100000099', '+4915100000099');
        expect(await w.customers.store.findUserById(id)).to.deep.include({ phone: '+4915100000099', phoneVerified: true });
        expect(messages.map((m) => [m.channel, m.template, m.recipient])).to.deep.equal([
            ['sms', 'bind-contact-code', '+4915100000099'],
            ['sms', 'contact-changed', person.phone],
        ]);
    });

    it('when the email being replaced was never verified, then the notice goes to the verified phone and nothing to the unproven address', async () => {
        const w = await world();
        await register(w);
        const a = await login(w);
        const messages = await changeContact(w, a, 'email', 'ada@new.example', 'ada@new.example');
        expect(messages.map((m) => [m.channel, m.template, m.recipient])).to.deep.equal([
            ['email', 'bind-contact-code', 'ada@new.example'],
            ['sms', 'contact-bound', person.phone],
        ]);
        expect((await w.customers.store.listOutbox(1000)).filter((m) => m.recipient === person.email)).to.have.length(0);
    });

    it('when a customer confirms the email they registered with but never verified, then the verified phone is told', async () => {
        const w = await world();
        const id = await register(w);
        const a = await login(w);
        const messages = await changeContact(w, a, 'email', person.email, person.email);
        expect(await w.customers.store.findUserById(id)).to.deep.include({ email: person.email, emailVerified: true });
        expect(messages.map((m) => [m.template, m.recipient])).to.deep.equal([
            ['bind-contact-code', person.email],
            ['contact-bound', person.phone],
        ]);
    });

    it("when another person presents someone's change id and code, then INVALID_CODE and nothing changes", async () => {
        const w = await world();
        const id = await register(w);
        const a = await login(w);
        const started = await request(w.app).post('/v1/me/contact').set('Authorization', `Bearer ${a}`).send({ channel: 'sms', value: '+4915100000077', password: PASSWORD });
        const code = await lastCode(w, '+4915100000077');
        const res = await request(w.app).post('/v1/me/contact/verify').set('Authorization', bearer('customer')).send({ changeId: started.body.changeId, code });
        expect([res.status, res.body.code]).to.deep.equal([401, 'INVALID_CODE']);
        expect((await w.customers.store.findUserById(id))?.phone).to.equal(person.phone);
    });

    it('when the new phone belongs to another account, then 409 PHONE_TAKEN after the code', async () => {
        const w = await world();
        await register(w);
        const a = await login(w);
        await register(w, { phone: '+4915100000088', email: 'grace@example.com' });
        const started = await request(w.app).post('/v1/me/contact').set('Authorization', `Bearer ${a}`).send({ channel: 'sms', value: '+4915100000088', password: PASSWORD });
        const code = await lastCode(w, '+4915100000088');
        const res = await request(w.app).post('/v1/me/contact/verify').set('Authorization', `Bearer ${a}`).send({ changeId: started.body.changeId, code });
        expect([res.status, res.body.code]).to.deep.equal([409, 'PHONE_TAKEN']);
    });

    it('when the password is wrong, then no code is sent', async () => {
        const w = await world();
        await register(w);
        const a = await login(w);
        const before = (await w.customers.store.listOutbox(100)).length;
        const res = await request(w.app).post('/v1/me/contact').set('Authorization', `Bearer ${a}`).send({ channel: 'email', value: 'x@new.example', password: 'not-the-password-1' });
        expect(res.body.code).to.equal('INVALID_CREDENTIALS');
        expect((await w.customers.store.listOutbox(100)).length).to.equal(before);
    });
});

describe('customers: rate limits per client address on codes and recovery', () => {
    const roomy = { limit: 100, windowSeconds: 60 };

    it('when one address sends too many codes, then 429 before any code is checked', async () => {
        const w = await world({ limits: { login: roomy, code: { limit: 2, windowSeconds: 60 }, recovery: roomy, register: roomy } });
        const body = { challengeId: 'a'.repeat(32), code: '123456' };
        expect((await request(w.app).post('/v1/auth/login/verify').send(body)).body.code).to.equal('INVALID_CODE');
        expect((await request(w.app).post('/v1/auth/login/verify').send(body)).body.code).to.equal('INVALID_CODE');
        const res = await request(w.app).post('/v1/auth/login/verify').send(body);
        expect([res.status, res.body.code]).to.deep.equal([429, 'RATE_LIMITED']);
    });

    it('when one address asks for too many resets, then 429 for known and unknown accounts alike', async () => {
        const w = await world({ limits: { login: roomy, code: roomy, recovery: { limit: 2, windowSeconds: 900 }, register: roomy } });
        await register(w);
        for (const identifier of [person.email, 'nobody@example.com']) {
            await request(w.app).post('/v1/auth/password/forgot').send({ identifier });
        }
        const res = await request(w.app).post('/v1/auth/password/forgot').send({ identifier: 'someone@example.com' });
        expect([res.status, res.body.code]).to.deep.equal([429, 'RATE_LIMITED']);
    });
});
