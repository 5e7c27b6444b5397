import { expect } from 'chai';
import { readStoredAmount } from '../../src/core/amount';
import { circulatingSupply, expectCode, storedBalances } from '../support/corridor-fixture';
import { FxWorld, Quote } from '../fx/ledger/fx-world';

/** Per currency: balances + reservations + credit keys over every account, against the supply. */
function conservation(world: FxWorld): Record<string, [bigint, bigint]> {
    const { ledger } = world.corridor;
    const sums = new Map<string, bigint>();
    const add = (currency: string, amount: bigint): void => {
        sums.set(currency, (sums.get(currency) ?? 0n) + amount);
    };
    for (const balance of storedBalances(ledger)) {
        add(balance.currency, readStoredAmount(balance.available, balance.currency, 'available') + readStoredAmount(balance.reserved, balance.currency, 'reserved'));
    }
    for (const { key, value } of ledger.entries('\u0000corridor.credit\u0000')) {
        const currency = key.split('\u0000')[3] as string;
        add(currency, readStoredAmount((value as { amount: string }).amount, currency, 'credit'));
    }
    const result: Record<string, [bigint, bigint]> = {};
    for (const [currency, circulating] of circulatingSupply(ledger)) {
        result[currency] = [sums.get(currency) ?? 0n, circulating];
    }
    return result;
}

function expectConserved(world: FxWorld): void {
    for (const [currency, [held, circulating]] of Object.entries(conservation(world))) {
        expect(held, `${currency} held vs circulating`).to.equal(circulating);
    }
}

describe('Cross-currency payments at a firm quote', () => {
    let world: FxWorld;
    let quote: Quote;

    beforeEach(async () => {
        world = await FxWorld.start();
        quote = await world.quote();
    });

    it('when alice pays bob 100.00 USD into CNY, then it settles in one transaction: two linked transfers through Bank2\'s liquidity and the fee as its own entry', async () => {
        const payment = await world.payWith(quote);
        expect(payment).to.include({ status: 'settled', amount: '101.25', currency: 'USD', targetCurrency: 'CNY', quoteId: quote.id });
        expect(payment.fx).to.include({ provider: 'Bank2MSP', liquidity: 'liquidity:Bank2MSP', sourceAmount: '100.00', fee: '1.25', targetAmount: '710.00', appliedRate: '7100000000' });
        expect(await world.corridor.balance(world.alice, 'USD')).to.include({ available: '4898.75' });
        expect(await world.corridor.balance(world.bob, 'CNY')).to.include({ available: '710.00' });
        expect(await world.liquidityIn('CNY')).to.include({ available: '99290.00', reserved: '0.00' });
        expect(await world.liquidityIn('USD')).to.include({ available: '101.25' });
        const credits = world.corridor.ledger.entries('\u0000corridor.credit\u0000liquidity:Bank2MSP\u0000USD\u0000').map((entry) => [entry.key.split('\u0000')[4], (entry.value as { amount: string }).amount]).sort();
        expect(credits).to.deep.equal([[`payment:${payment.paymentId as string}`, '101.25']]);
        expect((await world.getQuote(quote.id))).to.include({ status: 'used', paymentId: payment.paymentId });
        const event = world.corridor.ledger.events.at(-1);
        expect(event?.name).to.equal('PaymentSettled');
        expect(event?.payload).to.include({ targetCurrency: 'CNY', targetAmount: '710.00', quoteId: quote.id, amlDecision: 'allow' });
        expectConserved(world);
    });

    it('when the liquidity account\'s history is read, then it shows the leg in, the fee and the leg out of the payment', async () => {
        const payment = await world.payWith(quote);
        const kinds = world.corridor.ledger.entries('\u0000corridor.account-history\u0000liquidity:Bank2MSP\u0000').map((entry) => (entry.value as { kind: string; id: string }).kind + ':' + (entry.value as { id: string }).id);
        expect(kinds).to.include.members([`conversion-in:${payment.paymentId as string}`, `fx-fee:${payment.paymentId as string}`, `conversion-out:${payment.paymentId as string}`]);
    });

    it('when the quote was used already, then a second payment with it is refused with QUOTE_ALREADY_USED and nothing changes', async () => {
        await world.payWith(quote);
        const before = world.corridor.ledger.fingerprint();
        await expectCode(world.payWith(quote), 'QUOTE_ALREADY_USED');
        expect(world.corridor.ledger.fingerprint()).to.equal(before);
    });

    it('when the quote has expired, then QUOTE_EXPIRED and nothing changes', async () => {
        world.corridor.advance(600);
        const before = world.corridor.ledger.fingerprint();
        await expectCode(world.payWith(quote), 'QUOTE_EXPIRED');
        expect(world.corridor.ledger.fingerprint()).to.equal(before);
    });

    it('when carol pays with alice\'s quote, then QUOTE_PAYER_MISMATCH and nothing changes', async () => {
        await world.corridor.topUp(world.carol, '500.00', 'USD');
        const before = world.corridor.ledger.fingerprint();
        await expectCode(world.payWith(quote, {}, world.carol), 'QUOTE_PAYER_MISMATCH');
        expect(world.corridor.ledger.fingerprint()).to.equal(before);
    });

    it('when the provider lacks the target liquidity, then INSUFFICIENT_LIQUIDITY and nothing changes', async () => {
        const poor = await FxWorld.start({ cnyLiquidity: '700.00' });
        const tooBig = await poor.quote();
        const before = poor.corridor.ledger.fingerprint();
        await expectCode(poor.payWith(tooBig), 'INSUFFICIENT_LIQUIDITY');
        expect(poor.corridor.ledger.fingerprint()).to.equal(before);
        await poor.fund('CNY', '10.00');
        expect((await poor.payWith(tooBig)).status).to.equal('settled');
    });

    it('when the payer lacks the debit total, then INSUFFICIENT_FUNDS comes before the liquidity check', async () => {
        const broke = await FxWorld.start({ aliceUsd: '101.24', cnyLiquidity: '0' });
        await expectCode(broke.payWith(await broke.quote()), 'INSUFFICIENT_FUNDS');
    });

    it('when the instruction\'s amount, currency or target differs from the quote, then QUOTE_TERMS_MISMATCH', async () => {
        await expectCode(world.payWith(quote, { amount: '100.00' }), 'QUOTE_TERMS_MISMATCH');
        await expectCode(world.payWith(quote, { targetCurrency: 'EUR' }), 'QUOTE_TERMS_MISMATCH');
    });

    it('when the provider lost its FX role after quoting, then FX_UNAVAILABLE', async () => {
        const change = JSON.stringify({ proposalId: 'no-fx-bank2', kind: 'update-member', payload: { mspId: 'Bank2MSP', fxProvider: false } });
        await world.corridor.submit('Bank1MSP', (ctx) => world.corridor.members.ProposeChange(ctx, change));
        await world.corridor.submit('Bank3MSP', (ctx) => world.corridor.members.ApproveProposal(ctx, 'no-fx-bank2'));
        await expectCode(world.payWith(quote), 'FX_UNAVAILABLE');
    });

    it('when a held conversion settles, then its quote was reserved until then and executes once', async () => {
        const held = await world.payWith(quote, { hold: true });
        expect(held.status).to.equal('held');
        expect((held.hold as { expiresAt: string }).expiresAt).to.equal(quote.expiresAt);
        expect(await world.getQuote(quote.id)).to.include({ status: 'reserved', paymentId: held.paymentId });
        expect(await world.liquidityIn('CNY')).to.include({ available: '99290.00', reserved: '710.00' });
        expect(await world.corridor.balance(world.alice, 'USD')).to.include({ available: '4898.75', reserved: '101.25' });
        expectConserved(world);
        await world.corridor.submit('Bank2MSP', (ctx) => world.corridor.payments.SettlePayment(ctx, held.paymentId as string));
        expect(await world.getQuote(quote.id)).to.include({ status: 'used' });
        expect(await world.liquidityIn('CNY')).to.include({ available: '99290.00', reserved: '0.00' });
        expect(await world.corridor.balance(world.bob, 'CNY')).to.include({ available: '710.00' });
        expectConserved(world);
    });

    it('when a held conversion is cancelled, then the liquidity returns, the quote is void and can never be used again', async () => {
        const held = await world.payWith(quote, { hold: true });
        await world.corridor.submit('Bank2MSP', (ctx) => world.corridor.payments.CancelPayment(ctx, world.corridor.cancellation(world.alice, held.paymentId as string)));
        expect(await world.getQuote(quote.id)).to.include({ status: 'void' });
        expect(await world.liquidityIn('CNY')).to.include({ available: '100000.00', reserved: '0.00' });
        expect(await world.corridor.balance(world.alice, 'USD')).to.include({ available: '5000.00', reserved: '0.00' });
        await expectCode(world.payWith(quote), 'QUOTE_ALREADY_USED');
        expectConserved(world);
    });

    it('when a held conversion outlives its quote, then settling fails with HOLD_EXPIRED and expiring it voids the quote', async () => {
        const held = await world.payWith(quote, { hold: true });
        world.corridor.advance(600);
        await expectCode(world.corridor.submit('Bank2MSP', (ctx) => world.corridor.payments.SettlePayment(ctx, held.paymentId as string)), 'HOLD_EXPIRED');
        const expired = await world.corridor.submit('Bank1MSP', (ctx) => world.corridor.payments.ExpirePayment(ctx, held.paymentId as string));
        expect(expired.status).to.equal('expired');
        expect(await world.getQuote(quote.id)).to.include({ status: 'void' });
        expect(await world.liquidityIn('CNY')).to.include({ reserved: '0.00', available: '100000.00' });
    });

    it('when the payee only gets a same-currency target, then it is an ordinary payment without a quote', async () => {
        await world.corridor.topUp(world.carol, '10.00', 'USD');
        const payment = await world.corridor.pay(world.carol, world.alice, '5.00', { currency: 'USD', targetCurrency: 'USD' });
        expect(payment.status).to.equal('settled');
        expect(payment.fx).to.equal(undefined);
    });

    it('when the delivered leg is over the CNY threshold, then AML holds the conversion with its quote reserved, and the reviewer\'s release executes it', async () => {
        const big = await FxWorld.start({ aliceUsd: '20000.00', cnyLiquidity: '200000.00' });
        const bigQuote = await big.quote(big.alice, { sourceAmount: '14500.00' });
        expect(bigQuote.display.targetAmount).to.equal('102950.00');
        const held = await big.payWith(bigQuote);
        expect(held.status).to.equal('held');
        expect((held.aml as { fired: Array<{ ruleId: string }> }).fired.map((rule) => rule.ruleId)).to.deep.equal(['large-cny']);
        expect(await big.getQuote(bigQuote.id)).to.include({ status: 'reserved' });
        expect(await big.liquidityIn('CNY')).to.include({ reserved: '102950.00' });
        const review = JSON.stringify({ paymentId: held.paymentId, action: 'release', reason: 'trade invoice checked' });
        const outcome = await big.corridor.submit<{ payment: { status: string } }>('Bank2MSP', (ctx) => big.corridor.compliance.ReviewPayment(ctx, review));
        expect(outcome.payment.status).to.equal('settled');
        expect(await big.getQuote(bigQuote.id)).to.include({ status: 'used' });
        expect(await big.corridor.balance(big.bob, 'CNY')).to.include({ available: '102950.00' });
        expect(await big.liquidityIn('CNY')).to.include({ reserved: '0.00', available: '97050.00' });
        expectConserved(big);
    });
});
