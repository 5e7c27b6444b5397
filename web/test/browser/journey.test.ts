import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'mocha';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * The customer journey in a real browser (Debian's Chromium through playwright-core) on
 * the real dev network, as served by bank 1's gateway at /: register, verify, sign in,
 * open the account, get money, switch language, pay, see the status and the history; in
 * zh-CN and in en, on a 375 px phone screen. Every page is scanned by axe-core, checked
 * for raw catalogue keys and for CSP violations, and photographed into SCREENSHOTS.
 */
const ROOT = join(import.meta.dirname, '..', '..', '..');
export const SCREENSHOTS = join(ROOT, 'web', 'test-results', 'screenshots');
const GATEWAYS = { bank1: 'http://127.0.0.1:3001', bank2: 'http://127.0.0.1:3002' };
const CHROMIUM = process.env.CORRIDOR_CHROMIUM ?? '/usr/bin/chromium';
const PHONE = { width: 375, height: 812 };
const require = createRequire(import.meta.url);

/*
 * SEAM (dev mailbox): the dev network sends no SMS or mail; every message waits, sealed, in
 * the gateway's outbox, and the integration tests read codes there with the data dir's keys.
 * When the gateway offers its dev mailbox, this function reads the code from that instead.
 */
const { newestDevMessage } = require(join(ROOT, 'gateway', 'dist', 'src', 'notifications', 'dev-outbox.js')) as {
    newestDevMessage: (dataDir: string, recipient: string, template: string) => Promise<string | undefined>;
};
async function codeSentTo(org: 'bank1' | 'bank2', recipient: string, template: string): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt++) {
        const code = /\b(\d{6})\b/.exec((await newestDevMessage(join(ROOT, '.fabric', 'gateway', org), recipient, template)) ?? '')?.[1];
        if (code !== undefined) return code;
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`no ${template} message to ${recipient}`);
}

function adminKey(org: 'bank1' | 'bank2'): string {
    return (JSON.parse(readFileSync(join(ROOT, '.fabric', 'gateway', org, 'api-keys.json'), 'utf8')) as { admin: string }).admin;
}

/** A REST call as a back office (API key) or an API client (session token) would make it. */
async function rest(org: 'bank1' | 'bank2', token: string | undefined, method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() };
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(`${GATEWAYS[org]}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(60_000) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text === '' ? undefined : JSON.parse(text);
}

interface Person {
    name: string;
    phone: string;
    email: string;
    password: string;
}

function person(label: string): Person {
    const run = randomBytes(4).toString('hex');
    return {
        name: `Web ${label}`,
        phone: `+49151${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
        email: `web-${label}-${run}@corridor-test.example`,
        password: `Tq7!${randomBytes(6).toString('hex')}-zebra-lantern`,
    };
}

/** Signs in over the API (no browser): the other party and the staff the journey needs. */
async function apiSignIn(org: 'bank1' | 'bank2', who: Person): Promise<string> {
    const challenge = await rest(org, undefined, 'POST', '/v1/auth/login', { identifier: who.email, password: who.password });
    const session = await rest(org, undefined, 'POST', '/v1/auth/login/verify', { challengeId: challenge.challengeId, code: await codeSentTo(org, who.email, 'login-code') });
    return session.token as string;
}

async function apiRegister(org: 'bank1' | 'bank2', who: Person): Promise<string> {
    const started = await rest(org, undefined, 'POST', '/v1/auth/register', { ...who, agreements: { userServiceAgreement: '2026-01', privacyPolicy: '2026-01' }, verifyBy: 'email' });
    await rest(org, undefined, 'POST', '/v1/auth/register/verify', { registrationId: started.registrationId, code: await codeSentTo(org, who.email, 'register-code') });
    return apiSignIn(org, who);
}

const CATALOGUE_KEY = /\b(layout|nav|common|auth|register|reset|account|pay|status|history|security|staff|errors)\.[a-zA-Z][\w-]*(\.[\w-]+)*\b/;

/** What each page must pass: no raw key, no serious accessibility violation, then a photo. */
async function checkPage(page: Page, language: string, step: string, problems: string[]): Promise<void> {
    await page.waitForLoadState('networkidle');
    const text = await page.locator('body').innerText();
    const raw = CATALOGUE_KEY.exec(text);
    assert.equal(raw, null, `${language} ${step} shows the raw key ${raw?.[0]}`);
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document, {
            runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
        });
        return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert.deepEqual(violations, [], `${language} ${step}: serious accessibility violations`);
    await page.screenshot({ path: join(SCREENSHOTS, `${language}-${step}.png`), fullPage: true });
    assert.deepEqual(problems, [], `${language} ${step}: the console reported CSP refusals or script errors`);
}

describe('the web app on the dev network, in a phone-sized Chromium', function () {
    this.timeout(300_000);
    let browser: Browser | undefined;
    const chromiumOpen = (): Browser => {
        if (browser === undefined) throw new Error('Chromium did not start');
        return browser;
    };
    let payeeAddress: string;
    let officerToken: string;
    const started = Date.now();
    const interactions: number[] = [];

    before(async () => {
        mkdirSync(SCREENSHOTS, { recursive: true });
        browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
        // The payee: a customer of bank 2 with an account; the officer who approves KYC at bank 1.
        const payeeToken = await apiRegister('bank2', person('payee'));
        payeeAddress = (await rest('bank2', payeeToken, 'POST', '/v1/me/wallet-key', { mode: 'custodial' })).account.address as string;
        const officer = person('officer');
        await rest('bank1', adminKey('bank1'), 'POST', '/v1/staff', { role: 'compliance_officer', ...officer });
        officerToken = await apiSignIn('bank1', officer);
    });

    after(async () => {
        await browser?.close();
        const sorted = [...interactions].sort((a, b) => a - b);
        console.log(`      journey wall time ${((Date.now() - started) / 1000).toFixed(1)} s; language switch answered in ${sorted.map((ms) => `${ms} ms`).join(', ')} (slowest ${sorted.at(-1)} ms)`);
    });

    for (const language of ['zh-CN', 'en'] as const) {
        const other = language === 'en' ? 'zh-CN' : 'en';
        const catalogue = JSON.parse(readFileSync(join(ROOT, 'web', 'src', 'i18n', `${language}.json`), 'utf8'));
        const otherCatalogue = JSON.parse(readFileSync(join(ROOT, 'web', 'src', 'i18n', `${other}.json`), 'utf8'));

        it(`${language}: register, verify, sign in, open the account, get money, switch language, pay and see the status and history`, async () => {
            const context = await chromiumOpen().newContext({ viewport: PHONE, locale: language, deviceScaleFactor: 1 });
            const page = await context.newPage();
            const problems: string[] = [];
            page.on('console', (message) => {
                // Answers like 401 before sign-in are the app asking, not failing; CSP refusals are failures.
                if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
            });
            page.on('pageerror', (error) => problems.push(error.message));
            const customer = person(language.toLowerCase());

            await page.goto(`${GATEWAYS.bank1}/register`);
            await page.getByTestId('name').fill(customer.name);
            await page.getByTestId('phone').fill(customer.phone);
            await page.getByTestId('email').fill(customer.email);
            await page.getByTestId('password').fill(customer.password);
            await page.getByTestId('accept').check();
            await checkPage(page, language, '01-register', problems);
            await page.getByTestId('register-submit').click();
            await page.getByTestId('code').fill(await codeSentTo('bank1', customer.email, 'register-code'));
            await checkPage(page, language, '02-verify', problems);
            await page.getByTestId('code-submit').click();
            await page.getByTestId('go-sign-in').click();

            await page.getByTestId('identifier').fill(customer.email);
            await page.getByTestId('password').fill(customer.password);
            await checkPage(page, language, '03-sign-in', problems);
            await page.getByTestId('sign-in-submit').click();
            await page.getByTestId('code').fill(await codeSentTo('bank1', customer.email, 'login-code'));
            await page.getByTestId('code-submit').click();
            await page.waitForURL('**/account');
            const cookies = await context.cookies();
            const session = cookies.find((c) => c.name === 'corridor_session');
            assert.ok(session?.httpOnly, 'the session is an HttpOnly cookie');
            assert.equal(session.sameSite, 'Strict');
            assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k !== 'corridor.language')), [], 'nothing but the language in localStorage');

            await page.getByTestId('open-account').click();
            const address = (await page.getByTestId('address').innerText()).trim();
            assert.match(address, /^cx[0-9a-f]{48}$/);

            // The bank's side, out of the browser: KYC sent from the page (cookie and CSRF
            // header, as the app sends it), approved by the officer, then a top-up.
            const me = await page.evaluate(async () => (await fetch('/v1/me')).json());
            const kyc = await page.evaluate(async () => {
                const res = await fetch('/v1/me/kyc', {
                    method: 'POST',
                    headers: { 'Content-Type': 'application/json', 'X-Corridor-CSRF': '1', 'Idempotency-Key': crypto.randomUUID() },
                    body: JSON.stringify({
                        legalName: 'Web Customer',
                        dateOfBirth: '1990-05-17',
                        nationality: 'DE',
                        address: 'Rheinufer 1, Frankfurt',
                        idDocument: { type: 'national_id', number: 'L01X00T47', issuingCountry: 'DE', expiresOn: '2031-08-01' },
                        documentRefs: ['doc:id-front'],
                    }),
                });
                return res.status;
            });
            assert.equal(kyc, 202);
            await rest('bank1', officerToken, 'POST', `/v1/kyc/${me.id}/decision`, { decision: 'approve', reason: 'documents checked', tier: 2, highRisk: false });
            await rest('bank1', adminKey('bank1'), 'POST', '/v1/top-ups', { reference: `WEB-${randomBytes(4).toString('hex')}`, address, currency: 'EUR', amount: '100.00' });

            // A reload keeps the session: the cookie, not the page, holds it.
            await page.reload();
            await page.getByTestId('balances').getByText('100.00').waitFor();
            await checkPage(page, language, '04-account', problems);

            // Timed in the page, from the change to the next frame that shows the other language.
            const switchMs = await page.evaluate(async ({ to, text }) => {
                const select = document.querySelector<HTMLSelectElement>('[data-testid="language-switch"]');
                if (select === null) throw new Error('no language switch');
                const started = performance.now();
                select.value = to;
                select.dispatchEvent(new Event('change', { bubbles: true }));
                while (!Array.from(document.querySelectorAll('nav a')).some((a) => a.textContent === text)) {
                    await new Promise(requestAnimationFrame);
                }
                return Math.round(performance.now() - started);
            }, { to: other, text: otherCatalogue.nav.pay as string });
            interactions.push(switchMs);
            const switcher = page.getByTestId('language-switch');
            await checkPage(page, language, '05-switched-language', problems);
            await switcher.selectOption(language);
            await page.getByRole('navigation').getByRole('link', { name: catalogue.nav.pay, exact: true }).click();

            await page.getByTestId('payee').fill(payeeAddress);
            await page.getByTestId('amount').fill('12.34');
            await page.getByTestId('reference').fill('web journey');
            await checkPage(page, language, '06-pay', problems);
            await page.getByTestId('pay-submit').click();
            await page.getByTestId('payment-status-link').click();
            await page.getByTestId('payment-status').getByText(catalogue.history.statuses.succeeded).waitFor({ timeout: 30_000 });
            await checkPage(page, language, '07-payment-status', problems);

            await page.getByRole('navigation').getByRole('link', { name: catalogue.nav.history, exact: true }).click();
            await page.getByTestId('history-table').getByText('12.34').waitFor();
            await checkPage(page, language, '08-history', problems);
            const exported = await page.evaluate(async () => {
                const res = await fetch('/v1/transactions/export');
                return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
            });
            assert.equal(exported.status, 200);
            assert.match(exported.type, /text\/csv/);
            assert.match(exported.text, /12\.34/);

            await page.getByRole('navigation').getByRole('link', { name: catalogue.nav.security, exact: true }).click();
            await checkPage(page, language, '09-security', problems);

            await page.getByTestId('sign-out').click();
            await page.waitForURL('**/sign-in');
            assert.equal((await context.cookies()).find((c) => c.name === 'corridor_session'), undefined, 'sign-out clears the cookie');
            await context.close();
        });
    }

    it('the staff console opens for a compliance officer with the KYC queue, loaded as its own chunk', async () => {
        const officer = person('console');
        await rest('bank1', adminKey('bank1'), 'POST', '/v1/staff', { role: 'compliance_officer', ...officer });
        const context = await chromiumOpen().newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(error.message));
        const scripts: string[] = [];
        page.on('request', (request) => {
            if (request.resourceType() === 'script') scripts.push(request.url());
        });
        await page.goto(`${GATEWAYS.bank1}/sign-in`);
        assert.equal(scripts.some((url) => url.includes('staff-console')), false, 'the sign-in page does not load the staff console');
        await page.getByTestId('identifier').fill(officer.email);
        await page.getByTestId('password').fill(officer.password);
        await page.getByTestId('sign-in-submit').click();
        await page.getByTestId('code').fill(await codeSentTo('bank1', officer.email, 'login-code'));
        await page.getByTestId('code').press('Enter');
        await page.waitForURL('**/staff');
        await page.getByTestId('kyc-queue').waitFor();
        assert.ok(scripts.some((url) => url.includes('staff-console')), 'the console came as its own chunk');
        await checkPage(page, 'zh-CN', '10-staff-kyc-queue', problems);
        await context.close();
    });
});
