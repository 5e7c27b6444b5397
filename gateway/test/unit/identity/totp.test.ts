import { expect } from 'chai';
import request from 'supertest';
import { base32Encode, hotp, matchTotp, stepAt } from '../../../src/security/totp';
import { testApp } from '../../support/test-app';
import { testCustomers } from '../customers/customer-fixtures';

const PASSWORD = 'river-lantern-42-quietly';
const person = {
    phone: '+4915112345678',
    email: 'ada.lovelace@example.com',
    name: 'Ada Lovelace',
    password: PASSWORD,
    agreements: { userServiceAgreement: '2026-01', privacyPolicy: '2026-01' },
    verifyBy: 'email',
};

function base32Decode(text: string): Buffer {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let bits = 0;
    let value = 0;
    const out: number[] = [];
    for (const char of text) {
        value = (value << 5) | alphabet.indexOf(char);
        bits += 5;
        if (bits >= 8) {
            out.push((value >>> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return Buffer.from(out);
}

describe('security: TOTP (RFC 6238)', () => {
    const secret = Buffer.from('12345678901234567890');
    const vectors: [number, string][] = [
        [59, '287082'],
        [1111111109, '081804'],
        [1111111111, '050471'],
        [1234567890, '005924'],
        [2000000000, '279037'],
    ];
    for (const [seconds, code] of vectors) {
        it(`when the time is ${seconds}, then the RFC test vector ${code} comes out and matches`, () => {
            const now = new Date(seconds * 1000);
            expect(hotp(secret, stepAt(now))).to.equal(code);
            expect(matchTotp(secret, code, now)).to.equal(stepAt(now));
        });
    }

    it('when a code is two steps old or malformed, then it does not match', () => {
        const now = new Date(1111111111 * 1000);
        expect(matchTotp(secret, hotp(secret, stepAt(now) - 2), now)).to.equal(undefined);
        expect(matchTotp(secret, '05047', now)).to.equal(undefined);
        expect(matchTotp(secret, '0504711', now)).to.equal(undefined);
    });

    it('when bytes are base32-encoded, then they decode back', () => {
        const bytes = Buffer.from('any secret bytes!');
        expect(base32Decode(base32Encode(bytes))).to.deep.equal(bytes);
    });
});

describe('customers: TOTP second factor over HTTP', () => {
    it('when a customer enrols an authenticator, then sign-in asks for its code, a code works once, and removal needs password and code', async () => {
        const customers = await testCustomers();
        const { app } = await testApp(undefined, customers);
        const clock = customers.clock;
        const lastCode = async (): Promise<string> => /(\d{6})/.exec((await customers.store.listOutbox(1000)).at(-1)?.body ?? '')?.[1] ?? '';
        const started = await request(app).post('/v1/auth/register').send(person);
        await request(app).post('/v1/auth/register/verify').send({ registrationId: started.body.registrationId, code: await lastCode() });
        const first = await request(app).post('/v1/auth/login').send({ identifier: person.email, password: PASSWORD });
        const signedIn = await request(app).post('/v1/auth/login/verify').send({ challengeId: first.body.challengeId, code: await lastCode() });
        const auth = `Bearer ${signedIn.body.token as string}`;

        const wrongPassword = await request(app).post('/v1/me/totp').set('Authorization', auth).send({ password: 'not-the-password-1' });
        expect(wrongPassword.body.code).to.equal('INVALID_CREDENTIALS');
        const enrol = await request(app).post('/v1/me/totp').set('Authorization', auth).send({ password: PASSWORD });
        expect(enrol.status, enrol.text).to.equal(201);
        expect(enrol.body.otpauthUri).to.match(/^otpauth:\/\/totp\/Corridor/);
        const secret = base32Decode(enrol.body.secret);
        const codeNow = (): string => hotp(secret, stepAt(clock.now()));
        expect((await request(app).post('/v1/me/totp/confirm').set('Authorization', auth).send({ code: codeNow() })).status).to.equal(204);

        const outboxBefore = (await customers.store.listOutbox(1000)).length;
        clock.advance(30);
        const challenge = await request(app).post('/v1/auth/login').send({ identifier: person.email, password: PASSWORD });
        expect(challenge.body.channel).to.equal('totp');
        expect((await customers.store.listOutbox(1000)).length).to.equal(outboxBefore);
        const code = codeNow();
        const ok = await request(app).post('/v1/auth/login/verify').send({ challengeId: challenge.body.challengeId, code });
        expect(ok.status, ok.text).to.equal(201);

        const replay = await request(app).post('/v1/auth/login').send({ identifier: person.email, password: PASSWORD });
        const replayed = await request(app).post('/v1/auth/login/verify').send({ challengeId: replay.body.challengeId, code });
        expect([replayed.status, replayed.body.code]).to.deep.equal([401, 'INVALID_CODE']);

        clock.advance(30);
        const removed = await request(app).post('/v1/me/totp/remove').set('Authorization', auth).send({ password: PASSWORD, code: codeNow() });
        expect(removed.status, removed.text).to.equal(204);
        const after = await request(app).post('/v1/auth/login').send({ identifier: person.email, password: PASSWORD });
        expect(after.body.channel).to.equal('email');
    });
});
