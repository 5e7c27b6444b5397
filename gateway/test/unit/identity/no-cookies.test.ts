import { expect } from 'chai';
import request from 'supertest';
import type { Response } from 'supertest';
import { customerLedgerRoutes } from '../../../src/custody/customer-ledger-routes';
import { customerRoutes } from '../../../src/customers/customer-routes';
import type { Route } from '../../../src/http/routes';
import { bearer, testApp } from '../../support/test-app';
import { SESSION_TOKENS, routeListingCustomers } from '../customers/customer-fixtures';

/**
 * CSRF: sessions are bearer tokens in the Authorization header, never cookies. A browser
 * attaches cookies to cross-site requests by itself but never an Authorization header, so
 * a forged request arrives without a session. These tests hold the gateway to that: no
 * customer route sets a cookie, and a session token sent as a cookie opens nothing.
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

describe('customers: no cookies, so no CSRF', () => {
    const routes = customersRoutes();

    it('the walk covers the customer routes, public and guarded', () => {
        expect(routes.length).to.be.greaterThan(30);
        expect(routes.some((r) => r.roles === 'public')).to.equal(true);
        expect(routes.some((r) => r.roles !== 'public')).to.equal(true);
    });

    it('when every customer route is called, with a session, without one and with cookies, then no answer sets a cookie', async () => {
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

    it('when a live session token is sent only as a cookie, then every guarded route answers 401 as if no token came', async () => {
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
