import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { call, eventually, uniqueId, type Org } from '../support/network';
import { TestWallet } from '../support/wallet';

const DEFAULT_RULES_LINK = '/v1/compliance/rule-sets';

async function open(org: Org, wallet: TestWallet, kycTier: number): Promise<void> {
    const res = await call(org, 'POST', '/v1/accounts', { publicKey: wallet.publicKeyPem, holderRef: createHash('sha256').update(wallet.name + wallet.publicKeyPem).digest('hex'), kycTier });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    wallet.address = res.body.account.address;
}

async function balance(address: string, currency: string): Promise<{ available: string; reserved: string } | undefined> {
    const res = await call('regulator', 'GET', `/v1/accounts/${address}/balances`);
    return (res.body.balances as { currency: string; available: string; reserved: string }[]).find((b) => b.currency === currency);
}

async function pay(org: Org, payer: TestWallet, fields: Parameters<TestWallet['instruction']>[0] & { targetCurrency?: string; quoteId?: string }): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const account = await call(org, 'GET', `/v1/accounts/${payer.address}`);
    return call(org, 'POST', '/v1/payments', payer.instruction(fields, account.body.nextSequence));
}

/** Every alert id the regulator reads, page by page: a long-lived dev ledger holds many. */
async function regulatorAlertIds(): Promise<string[]> {
    const ids: string[] = [];
    let bookmark = '';
    do {
        const page = await call('regulator', 'GET', `/v1/compliance/alerts?pageSize=100&bookmark=${encodeURIComponent(bookmark)}`);
        expect(page.status, JSON.stringify(page.body)).to.equal(200);
        ids.push(...(page.body.alerts as { id: string }[]).map((alert) => alert.id));
        bookmark = page.body.bookmark as string;
    } while (bookmark !== '');
    return ids;
}

describe('cross-currency payments and AML rules on the real network', function () {
    this.timeout(300_000);
    const run = uniqueId('fx');
    const usdPayer = new TestWallet('usd-payer'); // customer of bank 2 (USD)
    const cnyPayee = new TestWallet('cny-payee'); // customer of bank 3 (CNY)

    before(async () => {
        await open('bank2', usdPayer, 3);
        await open('bank3', cnyPayee, 1);
        const topUp = await call('bank2', 'POST', '/v1/top-ups', { reference: `FED-${run}`, address: usdPayer.address, currency: 'USD', amount: '40000.00' });
        expect(topUp.status, JSON.stringify(topUp.body)).to.equal(201);
        // Bank 3 issues CNY into bank 2's liquidity against fiat bank 2 wired it.
        const funded = await call('bank3', 'POST', '/v1/fx/liquidity/fundings', { reference: `CNAPS-${run}`, provider: 'Bank2MSP', currency: 'CNY', amount: '500000.00' });
        expect(funded.status, JSON.stringify(funded.body)).to.equal(201);
        const now = Date.now();
        const rate = await call('bank2', 'POST', '/v1/fx/rates', {
            id: `usdcny-${run}`, base: 'USD', quote: 'CNY', bid: '7100000000', ask: '7200000000',
            validFrom: new Date(now - 60_000).toISOString(), validUntil: new Date(now + 3_600_000).toISOString(),
        });
        expect(rate.status, JSON.stringify(rate.body)).to.equal(201);
    });

    it('when a USD customer of bank 2 pays a CNY customer of bank 3 at a firm quote, then the payee gets exactly the quoted CNY in one transaction', async () => {
        const quoted = await call('bank2', 'POST', '/v1/fx/quotes', {
            quoteId: `${run}-q1`, payer: usdPayer.address, provider: 'Bank2MSP', sourceCurrency: 'USD', targetCurrency: 'CNY', sourceAmount: '100.00', lifetimeSeconds: 300,
        });
        expect(quoted.status, JSON.stringify(quoted.body)).to.equal(201);
        const display = quoted.body.quote.display as { debitTotal: string; targetAmount: string };
        expect(display.targetAmount).to.equal('710.00');
        const before = await balance(usdPayer.address, 'USD');
        const paid = await pay('bank2', usdPayer, { paymentId: `${run}-p1`, payee: cnyPayee.address, amount: display.debitTotal, currency: 'USD', targetCurrency: 'CNY', quoteId: `${run}-q1` });
        expect(paid.status, JSON.stringify(paid.body)).to.equal(201);
        expect(paid.body.payment.status).to.equal('settled');
        expect((await balance(cnyPayee.address, 'CNY'))?.available).to.equal('710.00');
        expect(Number((await balance(usdPayer.address, 'USD'))?.available)).to.be.closeTo(Number(before?.available) - Number(display.debitTotal), 0.001);

        const reused = await pay('bank2', usdPayer, { paymentId: `${run}-p1b`, payee: cnyPayee.address, amount: display.debitTotal, currency: 'USD', targetCurrency: 'CNY', quoteId: `${run}-q1` });
        expect(reused.body.code).to.equal('QUOTE_ALREADY_USED');
    });

    it('when bank 2 spreads its CNY liquidity over the lanes, then its total is unchanged, and a bank that provides no FX is refused', async () => {
        const liquidity = async (): Promise<{ available: string; reserved: string; pendingCredits: number }> =>
            ((await call('regulator', 'GET', '/v1/fx/liquidity/Bank2MSP')).body as { currency: string; available: string; reserved: string; pendingCredits: number }[]).find((view) => view.currency === 'CNY') as { available: string; reserved: string; pendingCredits: number };
        const before = await liquidity();
        const spread = await call('bank2', 'POST', '/v1/fx/liquidity/roll-ups', { currency: 'CNY' });
        expect(spread.status, JSON.stringify(spread.body)).to.equal(200);
        expect(await liquidity()).to.deep.include({ available: before.available, reserved: before.reserved, pendingCredits: 0 });
        const refused = await call('bank3', 'POST', '/v1/fx/liquidity/roll-ups', { currency: 'CNY' });
        expect(refused.body.code, JSON.stringify(refused.body)).to.equal('FX_UNAVAILABLE');
    });

    it('when the quote has expired, then the payment is refused with QUOTE_EXPIRED and nothing moves', async () => {
        const quoted = await call('bank2', 'POST', '/v1/fx/quotes', {
            quoteId: `${run}-q2`, payer: usdPayer.address, provider: 'Bank2MSP', sourceCurrency: 'USD', targetCurrency: 'CNY', sourceAmount: '10.00', lifetimeSeconds: 1,
        });
        expect(quoted.status, JSON.stringify(quoted.body)).to.equal(201);
        await new Promise((resolve) => setTimeout(resolve, 2500));
        const before = await balance(usdPayer.address, 'USD');
        const paid = await pay('bank2', usdPayer, { paymentId: `${run}-p2`, payee: cnyPayee.address, amount: quoted.body.quote.display.debitTotal, currency: 'USD', targetCurrency: 'CNY', quoteId: `${run}-q2` });
        expect(paid.body.code, JSON.stringify(paid.body)).to.equal('QUOTE_EXPIRED');
        expect(await balance(usdPayer.address, 'USD')).to.deep.equal(before);
    });

    it('when a payment is over the USD threshold, then it is held for bank 2, alerts are raised, and a release settles it', async () => {
        const held = await pay('bank2', usdPayer, { paymentId: `${run}-big`, payee: cnyPayee.address, amount: '15000.01', currency: 'USD' });
        expect(held.body.payment?.status, JSON.stringify(held.body)).to.equal('held');
        expect((await balance(usdPayer.address, 'USD'))?.reserved).to.equal('15000.01');
        const queue = await call('bank2', 'GET', '/v1/compliance/review-queue');
        expect(JSON.stringify(queue.body)).to.include(`${run}-big`);
        expect(await regulatorAlertIds()).to.include(`${run}-big:large-usd`);
        const released = await call('bank2', 'POST', '/v1/compliance/reviews', { paymentId: `${run}-big`, action: 'release', reason: 'invoice for machinery checked' });
        expect(released.status, JSON.stringify(released.body)).to.equal(200);
        await eventually(async () => ((await call('regulator', 'GET', `/v1/payments/${run}-big`)).body.status === 'settled' ? true : undefined));
        expect((await balance(cnyPayee.address, 'USD'))?.available).to.equal('15000.01');
        const trail = await call('regulator', 'GET', `/v1/compliance/payments/${run}-big/trail`);
        expect(JSON.stringify(trail.body)).to.include('invoice for machinery checked');
    });

    describe('when the consortium changes the rule set', () => {
        let versions: number;

        before(async () => {
            versions = ((await call('regulator', 'GET', DEFAULT_RULES_LINK)).body as unknown[]).length;
        });

        it('then a proposal only bank 1 supports is refused and the rules stay', async () => {
            const current = await call('bank1', 'GET', `${DEFAULT_RULES_LINK}/${versions}`);
            const proposalId = `${run}-minority`;
            await call('bank1', 'POST', '/v1/proposals', { proposalId, kind: 'aml-rule-set', payload: { rules: current.body.rules } });
            await call('bank2', 'POST', `/v1/proposals/${proposalId}/reject`);
            await call('bank3', 'POST', `/v1/proposals/${proposalId}/reject`);
            expect((await call('regulator', 'GET', `/v1/proposals/${proposalId}`)).body.status).to.equal('rejected');
            expect(((await call('regulator', 'GET', DEFAULT_RULES_LINK)).body as unknown[]).length).to.equal(versions);
        });

        it('then a majority adopts a CNY velocity limit of 3 an hour, a 4th CNY payment is held, and bank 3 rejects it', async () => {
            const current = await call('bank1', 'GET', `${DEFAULT_RULES_LINK}/${versions}`);
            const rules = (current.body.rules as { id: string }[]).filter((rule) => rule.id !== 'velocity-cny');
            rules.push({ id: 'velocity-cny', kind: 'velocity', windowSeconds: 3600, maxCount: 3, currency: 'CNY', action: 'hold', reviewers: 'payer-bank', description: 'more than 3 CNY payments an hour' } as never);
            const proposalId = `${run}-majority`;
            await call('bank1', 'POST', '/v1/proposals', { proposalId, kind: 'aml-rule-set', payload: { rules } });
            const approved = await call('bank3', 'POST', `/v1/proposals/${proposalId}/approve`);
            expect(approved.status, JSON.stringify(approved.body)).to.equal(200);
            const all = (await call('regulator', 'GET', DEFAULT_RULES_LINK)).body as unknown[];
            expect(all.length).to.equal(versions + 1);

            const cnyPayer = new TestWallet('cny-payer');
            await open('bank3', cnyPayer, 2);
            await call('bank3', 'POST', '/v1/top-ups', { reference: `CN-${run}`, address: cnyPayer.address, currency: 'CNY', amount: '1000.00' });
            for (let i = 1; i <= 3; i++) {
                const ok = await pay('bank3', cnyPayer, { paymentId: `${run}-cny-${i}`, payee: cnyPayee.address, amount: '10.00', currency: 'CNY' });
                expect(ok.body.payment?.status, JSON.stringify(ok.body)).to.equal('settled');
            }
            const fourth = await pay('bank3', cnyPayer, { paymentId: `${run}-cny-4`, payee: cnyPayee.address, amount: '10.00', currency: 'CNY' });
            expect(fourth.body.payment?.status, JSON.stringify(fourth.body)).to.equal('held');
            const rejected = await call('bank3', 'POST', '/v1/compliance/reviews', { paymentId: `${run}-cny-4`, action: 'reject', reason: 'structuring pattern' });
            expect(rejected.status, JSON.stringify(rejected.body)).to.equal(200);
            expect(await balance(cnyPayer.address, 'CNY')).to.include({ available: '970.00', reserved: '0.00' });
        });
    });
});
