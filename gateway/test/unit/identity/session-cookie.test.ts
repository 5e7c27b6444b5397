import { expect } from 'chai';
import request from 'supertest';
import type { Response } from 'supertest';
import { customerLedgerRoutes } from '../../../src/custody/customer-ledger-routes';
import { customerRoutes } from '../../../src/customers/customer-routes';
import type { Route } from '../../../src/http/routes';
import express from 'express';
import { SESSION_COOKIE, setSessionCookie } from '../../../src/http/session-cookie';
import { API_KEYS, bearer, testApp } from '../../support/test-app';
import { SESSION_TOKENS, routeListingCustomers } from '../customers/customer-fixtures';

/**
 * CSRF and the browser session. API clients send their session as a bearer token in the
 * Authorization header and never get a cookie. The web app (X-Corridor-CSRF: 1) gets its
 * session only as an HttpOnly, SameSite=Strict cookie; a state-changing request that rides
 * on that cookie must carry the same header, which a cross-site page cannot send.
 */

const PASSWORD = 'river-lantern-42-quietly';
const person = {
    phone: '+4915112345678',
    email: 'ada.lovelace@example.com',
    name: 'Ada Lovelace',
    password: PASSWORD,
    agreements: { userServiceAgreement: '2026-01', privacyPolicy: '2026-01' },
    verifyBy: 'email',
};

/** Every way a token could ride in a cookie, if anything read one. */
function sessionCookies(token: string): string {
    return ['session', 'sid', 'token', 'access_token', 'connect.sid', 'Authorization']
        .map((name) => `${name}=${name === 'Authorization' ? encodeURIComponent(`Bearer ${token}`) : token}`)
        .join('; ');
}

function customersRoutes(): Route[] {
    const module = routeListingCustomers();
    return [...customerRoutes(module), ...customerLedgerRoutes(module.ledgerAccounts)];
}

function concrete(path: string): string {
    return path.replace(/:[A-Za-z]+/g, '0123456789abcdef0123456789abcdef');
}

function send(app: Parameters<typeof request>[0], route: Route): request.Test {
    const path = concrete(route.path);
    return route.method === 'get' ? request(app).get(path) : request(app)[route.method](path).set('Idempotency-Key', 'no-cookies-0001').send({});
}

function expectNoCookie(res: Response, what: string): void {
    expect(res.headers['set-cookie'], `${what} answered ${res.status} with Set-Cookie`).to.equal(undefined);
}

describe('sessions: bearer clients get no cookie', () => {
    const routes = customersRoutes();

    it('the walk covers the customer routes, public and guarded', () => {
        expect(routes.length).to.be.greaterThan(30);
        expect(routes.some((r) => r.roles === 'public')).to.equal(true);
        expect(routes.some((r) => r.roles !== 'public')).to.equal(true);
    });

    it('when every customer route is called without the web header, with a session, without one and with cookies, then no answer sets a cookie', async () => {
        const { app } = await testApp();
        for (const route of routes) {
            const what = `${route.method.toUpperCase()} ${route.path}`;
            expectNoCookie(await send(app, route).set('Authorization', bearer('customer')), `${what} with a customer session`);
            expectNoCookie(await send(app, route).set('Authorization', bearer('bank_admin')), `${what} with a bank administrator session`);
            expectNoCookie(await send(app, route), `${what} without a session`);
            expectNoCookie(await send(app, route).set('Cookie', sessionCookies(SESSION_TOKENS.customer)), `${what} with cookies`);
        }
    });

    it('when a customer registers, signs in, reads the profile and signs out, then the token travels in the body and no step sets a cookie', async () => {
        const { app, customers } = await testApp();
        const lastCode = async (): Promise<string> => /(\d{6})/.exec((await customers.store.listOutbox(1000)).at(-1)?.body ?? '')?.[1] ?? '';
        const started = await request(app).post('/v1/auth/register').send(person);
        const registered = await request(app).post('/v1/auth/register/verify').send({ registrationId: started.body.registrationId, code: await lastCode() });
        const challenge = await request(app).post('/v1/auth/login').send({ identifier: person.email, password: PASSWORD });
        const signedIn = await request(app).post('/v1/auth/login/verify').send({ challengeId: challenge.body.challengeId, code: await lastCode() });
        expect(signedIn.status, signedIn.text).to.equal(201);
        expect(signedIn.body.token).to.be.a('string');
        const profile = await request(app).get('/v1/me').set('Authorization', `Bearer ${signedIn.body.token}`);
        const loggedOut = await request(app).post('/v1/auth/logout').set('Authorization', `Bearer ${signedIn.body.token}`).send({});
        for (const [what, res] of Object.entries({ started, registered, challenge, signedIn, profile, loggedOut })) {
            expect(res.status, `${what}: ${res.text}`).to.be.within(200, 299);
            expectNoCookie(res, what);
        }
    });

    it('when a live session token is sent in any cookie but the session cookie, then every guarded route answers 401 as if no token came', async () => {
        const { app } = await testApp();
        const guarded = routes.filter((r) => r.roles !== 'public');
        for (const route of guarded) {
            const res = await send(app, route).set('Cookie', sessionCookies(SESSION_TOKENS.customer));
            expect([res.status, res.body.code], `${route.method.toUpperCase()} ${route.path}`).to.deep.equal([401, 'UNAUTHENTICATED']);
        }
        // The same token in the header works: the cookie was refused, not the token.
        expect((await request(app).get('/v1/me').set('Authorization', bearer('customer'))).status).to.equal(200);
    });

    it('when a page on another origin asks to send the Authorization header (CORS preflight), then the gateway grants nothing', async () => {
        const { app } = await testApp();
        const res = await request(app)
            .options('/v1/me')
            .set('Origin', 'https://attacker.example')
            .set('Access-Control-Request-Method', 'GET')
            .set('Access-Control-Request-Headers', 'authorization');
        const granted = Object.keys(res.headers).filter((h) => h.startsWith('access-control-'));
        expect(granted).to.deep.equal([]);
        expectNoCookie(res, 'OPTIONS /v1/me');
    });

    it('when a cross-site HTML form posts to a public route, then its body is not read and nothing is sent', async () => {
        const { app, customers } = await testApp();
        for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
            const res = await request(app).post('/v1/auth/password/forgot').set('Content-Type', type).send(`identifier=${encodeURIComponent(person.email)}`);
            expect([res.status, res.body.code], type).to.deep.equal([400, 'VALIDATION_FAILED']);
        }
        expect(await customers.store.listOutbox(10)).to.have.length(0);
    });
});

const WEB = { 'X-Corridor-CSRF': '1' };

/** The Set-Cookie line for the session cookie, if the answer set one. */
function sessionSetCookie(res: Response): string | undefined {
    const lines = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
    return lines.find((line) => line.startsWith(`${SESSION_COOKIE}=`));
}

/** Registers and signs in as the web app does; returns the cookie pair to send back. */
async function webSignIn(app: express.Express, lastCode: () => Promise<string>): Promise<{ cookie: string; signedIn: Response }> {
    const started = await request(app).post('/v1/auth/register').send(person);
    await request(app).post('/v1/auth/register/verify').send({ registrationId: started.body.registrationId, code: await lastCode() });
    const challenge = await request(app).post('/v1/auth/login').set(WEB).send({ identifier: person.email, password: PASSWORD });
    const signedIn = await request(app).post('/v1/auth/login/verify').set(WEB).send({ challengeId: challenge.body.challengeId, code: await lastCode() });
    expect(signedIn.status, signedIn.text).to.equal(201);
    const line = sessionSetCookie(signedIn) ?? '';
    return { cookie: line.split(';')[0] ?? '', signedIn };
}

describe('sessions: the web app signs in by cookie', () => {
    async function world(): Promise<{ app: express.Express; cookie: string; signedIn: Response }> {
        const { app, customers } = await testApp();
        const lastCode = async (): Promise<string> => /(\d{6})/.exec((await customers.store.listOutbox(1000)).at(-1)?.body ?? '')?.[1] ?? '';
        return { app, ...(await webSignIn(app, lastCode)) };
    }

    it('when the web app verifies its sign-in code, then the session is an HttpOnly SameSite=Strict cookie on / and the body holds no token', async () => {
        const { signedIn } = await world();
        const line = sessionSetCookie(signedIn);
        expect(line).to.match(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9._~-]{20,}; `));
        expect(line).to.include('HttpOnly').and.include('SameSite=Strict').and.include('Path=/').and.include('Expires=');
        // Plain HTTP (the loopback dev network): a Secure cookie would never be sent back.
        expect(line).to.not.include('Secure');
        expect(signedIn.body).to.have.keys(['expiresAt', 'role']);
    });

    it('when the request came over HTTPS, then the cookie is Secure', async () => {
        const app = express();
        app.get('/', (req, res) => {
            Object.defineProperty(req, 'secure', { value: true });
            setSessionCookie(req, res, 'tok-1', '2030-01-01T00:00:00.000Z');
            res.end();
        });
        const line = sessionSetCookie(await request(app).get('/')) ?? '';
        expect(line).to.include('; Secure').and.include('HttpOnly').and.include('SameSite=Strict');
    });

    it('when the page reloads and reads with only the cookie, then the session holds', async () => {
        const { app, cookie } = await world();
        const me = await request(app).get('/v1/me').set('Cookie', cookie);
        expect(me.status, me.text).to.equal(200);
        expect(me.body.email).to.equal(person.email);
    });

    it('when a state-changing request carries the cookie but not the CSRF header, then 403 and nothing changes', async () => {
        const { app, cookie } = await world();
        for (const [path, body] of [['/v1/auth/logout', {}], ['/v1/me/password', { oldPassword: PASSWORD, newPassword: 'another-river-lantern-43' }]] as const) {
            const refused = await request(app).post(path).set('Cookie', cookie).send(body);
            expect([refused.status, refused.body.code], path).to.deep.equal([403, 'FORBIDDEN']);
            expect(refused.body.detail).to.include('X-Corridor-CSRF');
        }
        // The session still works and the password is the old one.
        expect((await request(app).get('/v1/me').set('Cookie', cookie)).status).to.equal(200);
        const again = await request(app).post('/v1/auth/login').send({ identifier: person.email, password: PASSWORD });
        expect(again.status, again.text).to.equal(200);
    });

    it('when the header is there but holds another value, then the cookie is refused too', async () => {
        const { app, cookie } = await world();
        const res = await request(app).post('/v1/auth/logout').set('Cookie', cookie).set('X-Corridor-CSRF', 'yes').send({});
        expect(res.status).to.equal(403);
    });

    it('when the web app signs out, then the cookie is cleared and the session it held opens nothing', async () => {
        const { app, cookie } = await world();
        const out = await request(app).post('/v1/auth/logout').set('Cookie', cookie).set(WEB).send({});
        expect(out.status, out.text).to.equal(204);
        const cleared = sessionSetCookie(out) ?? '';
        expect(cleared).to.match(new RegExp(`^${SESSION_COOKIE}=;`));
        expect(cleared).to.include('Expires=Thu, 01 Jan 1970');
        const after = await request(app).get('/v1/me').set('Cookie', cookie);
        expect([after.status, after.body.code]).to.deep.equal([401, 'UNAUTHENTICATED']);
        // The browser is told again to drop the dead cookie.
        expect(sessionSetCookie(after)).to.match(new RegExp(`^${SESSION_COOKIE}=;`));
    });

    it('when an Authorization header comes too, then it wins and the cookie is not read', async () => {
        const { app, cookie } = await world();
        const res = await request(app).get('/v1/me').set('Cookie', cookie).set('Authorization', 'Bearer ' + 'z'.repeat(40));
        expect(res.status).to.equal(401);
        expect(sessionSetCookie(res)).to.equal(undefined);
    });

    it('when an API key is sent as the session cookie, then it opens nothing: keys are for back offices, not browsers', async () => {
        const { app } = await testApp();
        const res = await request(app).get('/v1/members').set('Cookie', `${SESSION_COOKIE}=${API_KEYS.admin}`);
        expect([res.status, res.body.code]).to.deep.equal([401, 'UNAUTHENTICATED']);
    });

    it('when the cookie holds a malformed token, then 401 as if none came', async () => {
        const { app } = await testApp();
        for (const value of ['', 'a b', 'x'.repeat(257), '%00']) {
            const res = await request(app).get('/v1/me').set('Cookie', `${SESSION_COOKIE}=${value}`);
            expect(res.status, value).to.equal(401);
        }
    });
});
