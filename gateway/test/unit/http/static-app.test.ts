import { expect } from 'chai';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { WEB_CSP } from '../../../src/http/static-app';
import { testApp } from '../../support/test-app';

/** A built app in a temporary folder: an index page and one hashed asset. */
function builtApp(): string {
    const root = mkdtempSync(join(tmpdir(), 'corridor-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Corridor</title><script type="module" src="/assets/index-abc123.js"></script>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1);');
    return root;
}

async function appServing(root: string | undefined) {
    return (await testApp(undefined, undefined, undefined, undefined, root === undefined ? {} : { webRoot: root })).app;
}

describe('the web app served at /', () => {
    it('when / is asked for, then the index page comes with the strict policy and is revalidated each time', async () => {
        const res = await request(await appServing(builtApp())).get('/');
        expect(res.status).to.equal(200);
        expect(res.text).to.include('<title>Corridor</title>');
        expect(res.headers['content-security-policy']).to.equal(WEB_CSP);
        expect(res.headers['cache-control']).to.equal('no-cache');
    });

    it('the policy allows no inline script, no eval and no other origin', () => {
        const script = /script-src ([^;]*)/.exec(WEB_CSP)?.[1] ?? '';
        expect(script).to.equal("'self'");
        expect(WEB_CSP).to.not.include('unsafe-eval');
        expect(WEB_CSP).to.include("frame-ancestors 'none'").and.include("object-src 'none'");
    });

    it('when a hashed asset is asked for, then it is cached for a year as immutable', async () => {
        const res = await request(await appServing(builtApp())).get('/assets/index-abc123.js');
        expect(res.status).to.equal(200);
        expect(res.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
        expect(res.headers['content-type']).to.match(/javascript/);
    });

    it('when a client route is loaded directly, then the index page answers (SPA fallback)', async () => {
        const app = await appServing(builtApp());
        for (const path of ['/account', '/pay/abc', '/staff/kyc', '/v1x', '/healthy']) {
            const res = await request(app).get(path).set('Accept', 'text/html');
            expect([res.status, res.text.includes('<title>Corridor</title>')], path).to.deep.equal([200, true]);
        }
    });

    it('when an API path is not a route, then the API answers 404 problem+json, never the page', async () => {
        const app = await appServing(builtApp());
        for (const path of ['/v1', '/v1/', '/v1/nothing-here', '/v1/me/nothing']) {
            const res = await request(app).get(path).set('Accept', 'text/html');
            expect([res.status, res.body.code], path).to.deep.equal([404, 'ROUTE_NOT_FOUND']);
        }
        expect((await request(app).get('/health')).headers['content-type']).to.match(/json/);
        expect((await request(app).get('/openapi.json')).headers['content-type']).to.match(/json/);
        expect((await request(app).get('/metrics').set('Accept', 'text/html')).status).to.equal(401);
    });

    it('when a missing asset or a non-HTML request is made, then 404, not the page', async () => {
        const app = await appServing(builtApp());
        expect((await request(app).get('/assets/gone-123.js')).status).to.equal(404);
        expect((await request(app).get('/account').set('Accept', 'application/json')).status).to.equal(404);
        expect((await request(app).post('/account').set('Accept', 'text/html').send({})).status).to.equal(404);
    });

    it('when the folder holds no built app, then / is the API 404 as before', async () => {
        const empty = mkdtempSync(join(tmpdir(), 'corridor-web-empty-'));
        for (const root of [empty, undefined]) {
            const res = await request(await appServing(root)).get('/').set('Accept', 'text/html');
            expect([res.status, res.body.code]).to.deep.equal([404, 'ROUTE_NOT_FOUND']);
        }
    });

    it('when a dotfile is asked for, then it is not served', async () => {
        const root = builtApp();
        writeFileSync(join(root, '.env'), 'SECRET=1');
        const res = await request(await appServing(root)).get('/.env').set('Accept', 'application/json');
        expect(res.status).to.equal(404);
    });
});
