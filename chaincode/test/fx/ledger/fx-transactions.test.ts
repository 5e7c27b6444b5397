import { expect } from 'chai';
import { expectCode } from '../../support/corridor-fixture';
import { FxWorld } from './fx-world';

describe('Fx transactions: rates, fees, quotes and liquidity on the ledger', () => {
    let world: FxWorld;

    beforeEach(async () => {
        world = await FxWorld.start();
    });

    describe('PublishRate', () => {
        it('when the provider publishes a rate, then it is usable now, kept in the history and announced', async () => {
            const published = await world.publishRate('usd-cny-2', '7110000000', '7190000000');
            expect(published).to.include({ publishedBy: 'Bank2MSP' });
            expect(world.corridor.ledger.events.at(-1)?.name).to.equal('RatePublished');
            const usable = await world.corridor.evaluate<Array<{ id: string }>>('Bank1MSP', (ctx) => world.corridor.fx.GetRates(ctx, 'Bank2MSP', 'CNY', 'USD'));
            expect(usable.map((rate) => rate.id)).to.deep.equal(['usd-cny-1', 'usd-cny-2']);
            const history = await world.corridor.evaluate<{ rates: Array<{ rate: { id: string } }>; bookmark: string }>('RegulatorMSP', (ctx) =>
                world.corridor.fx.GetRateHistory(ctx, 'Bank2MSP', 'USD', 'CNY', '1', ''));
            expect(history.rates.map((entry) => entry.rate.id)).to.deep.equal(['usd-cny-1']);
            expect(history.bookmark).to.not.equal('');
        });

        it('when a rate expires, then it stays in the history but GetRates no longer lists it and quotes refuse with RATE_EXPIRED', async () => {
            world.corridor.advance(12 * 3600);
            const usable = await world.corridor.evaluate<unknown[]>('Bank1MSP', (ctx) => world.corridor.fx.GetRates(ctx, 'Bank2MSP', 'USD', 'CNY'));
            expect(usable).to.deep.equal([]);
            await expectCode(world.quote(), 'RATE_EXPIRED');
            const history = await world.corridor.evaluate<{ rates: unknown[] }>('Bank1MSP', (ctx) => world.corridor.fx.GetRateHistory(ctx, 'Bank2MSP', 'USD', 'CNY', '10', ''));
            expect(history.rates).to.have.length(1);
        });

        it('when a newer rate is published, then quotes use it and the older one stays in the history', async () => {
            world.corridor.advance(60);
            await world.publishRate('usd-cny-2', '7000000000', '7100000000');
            const quote = await world.quote();
            expect(quote).to.include({ rateId: 'usd-cny-2' });
            expect(quote.display.targetAmount).to.equal('700.00');
        });

        it('when the same rate is sent again, then DUPLICATE_REQUEST; the same id with another bid, then ALREADY_EXISTS', async () => {
            const rate = { id: 'usd-cny-9', base: 'USD', quote: 'CNY', bid: '7100000000', ask: '7200000000', validFrom: world.corridor.now(), validUntil: new Date(Date.parse(world.corridor.now()) + 3600_000).toISOString() };
            await world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.PublishRate(ctx, JSON.stringify(rate)));
            await expectCode(world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.PublishRate(ctx, JSON.stringify(rate))), 'DUPLICATE_REQUEST');
            await expectCode(world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.PublishRate(ctx, JSON.stringify({ ...rate, bid: '7000000000' }))), 'ALREADY_EXISTS');
        });

        it('when a rate is already expired, a bank is no FX provider, or the regulator publishes, then RATE_EXPIRED, FX_UNAVAILABLE and UNAUTHORIZED', async () => {
            const past = { id: 'old', base: 'USD', quote: 'CNY', bid: '7100000000', ask: '7200000000', validFrom: '2026-11-18T08:00:00Z', validUntil: '2026-11-18T09:00:00Z' };
            await expectCode(world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.PublishRate(ctx, JSON.stringify(past))), 'RATE_EXPIRED');
            await expectCode(world.publishRate('bank3-rate', '7100000000', '7200000000', 1, 'Bank3MSP'), 'FX_UNAVAILABLE');
            await expectCode(world.publishRate('reg-rate', '7100000000', '7200000000', 1, 'RegulatorMSP'), 'UNAUTHORIZED');
        });

        it('when a rate names its provider or has an ask below bid, then INVALID_ARGUMENT', async () => {
            const rate = { id: 'x', base: 'USD', quote: 'CNY', bid: '7200000000', ask: '7100000000', validFrom: world.corridor.now(), validUntil: '2026-11-18T11:00:00Z' };
            await expectCode(world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.PublishRate(ctx, JSON.stringify(rate))), 'INVALID_ARGUMENT', 'ask must be at least bid');
            await expectCode(world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.PublishRate(ctx, JSON.stringify({ ...rate, provider: 'Bank1MSP' }))), 'INVALID_ARGUMENT', 'unknown field provider');
        });

        it('when a provider has 16 live rates for a pair, then the 17th is refused with INVALID_STATE until some expire', async () => {
            for (let index = 2; index <= 16; index += 1) {
                await world.publishRate(`r-${index}`, '7100000000', '7200000000', 1);
            }
            await expectCode(world.publishRate('r-17', '7100000000', '7200000000', 1), 'INVALID_STATE');
            world.corridor.advance(3600);
            await world.publishRate('r-17', '7100000000', '7200000000', 1);
        });
    });

    describe('RequestQuote', () => {
        it('when alice\'s bank asks for 100.00 USD into CNY, then the quote fixes rate, fee, total and delivery, and shows them in major units', async () => {
            const quote = await world.quote();
            expect(quote).to.include({ status: 'open', rateId: 'usd-cny-1', rateSide: 'bid', provider: 'Bank2MSP', payer: world.alice.address, expiresAt: '2026-11-18T10:10:00.000Z' });
            expect(quote.display).to.deep.equal({ sourceAmount: '100.00', fee: '1.25', debitTotal: '101.25', targetAmount: '710.00', spreadCost: '5.00' });
            expect(world.corridor.ledger.events.at(-1)?.name).to.equal('QuoteIssued');
        });

        it('when the target amount is fixed, then the source is rounded up in the provider\'s favour', async () => {
            const quote = await world.quote(world.alice, { sourceAmount: undefined, targetAmount: '100.00' });
            // 100.00 CNY / 7.10 = 14.0845... USD, rounded up to 14.09.
            expect(quote.display).to.include({ sourceAmount: '14.09', targetAmount: '100.00' });
        });

        it('when the quote lives longer than the rate, then it expires with the rate', async () => {
            world.corridor.advance(12 * 3600 - 120);
            const quote = await world.quote(world.alice, { lifetimeSeconds: 3600 });
            expect(quote.expiresAt).to.equal('2026-11-18T22:00:00.000Z');
        });

        it('when the same quote is asked again, then DUPLICATE_REQUEST; the same id for another amount, then ALREADY_EXISTS', async () => {
            const request = world.quoteRequest(world.alice, { quoteId: 'q-same' });
            await world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.RequestQuote(ctx, JSON.stringify(request)));
            await expectCode(world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.RequestQuote(ctx, JSON.stringify(request))), 'DUPLICATE_REQUEST');
            await expectCode(world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.RequestQuote(ctx, JSON.stringify({ ...request, sourceAmount: '5.00' }))), 'ALREADY_EXISTS');
        });

        it('when another bank asks for alice, a provider without the role is named, or a pair has no rate, then UNAUTHORIZED, FX_UNAVAILABLE, RATE_NOT_FOUND', async () => {
            const request = world.quoteRequest(world.alice);
            await expectCode(world.corridor.submit('Bank1MSP', (ctx) => world.corridor.fx.RequestQuote(ctx, JSON.stringify(request))), 'UNAUTHORIZED');
            await expectCode(world.quote(world.alice, { provider: 'Bank3MSP' }), 'FX_UNAVAILABLE');
            await expectCode(world.quote(world.alice, { provider: 'Bank1MSP' }), 'RATE_NOT_FOUND');
            await expectCode(world.quote(world.alice, { targetCurrency: 'EUR' }), 'RATE_NOT_FOUND');
        });

        it('when both amounts, no amount, one currency twice or a lifetime past 3600 s is sent, then INVALID_ARGUMENT', async () => {
            await expectCode(world.quote(world.alice, { targetAmount: '10.00' }), 'INVALID_ARGUMENT', 'exactly one');
            await expectCode(world.quote(world.alice, { sourceAmount: undefined }), 'INVALID_ARGUMENT', 'exactly one');
            await expectCode(world.quote(world.alice, { targetCurrency: 'USD' }), 'INVALID_ARGUMENT', 'differ');
            await expectCode(world.quote(world.alice, { lifetimeSeconds: 3601 }), 'INVALID_ARGUMENT', 'lifetimeSeconds');
            await world.quote(world.alice, { lifetimeSeconds: 3600 });
        });

        it('when the quote is read, then its payer\'s bank, the provider and the regulator may, and another bank may not', async () => {
            const quote = await world.quote();
            for (const reader of ['Bank2MSP', 'RegulatorMSP']) {
                expect((await world.getQuote(quote.id, reader)).id).to.equal(quote.id);
            }
            await expectCode(world.getQuote(quote.id, 'Bank1MSP'), 'UNAUTHORIZED');
            await expectCode(world.getQuote('q-none'), 'NOT_FOUND');
        });

        it('when the fee schedule is set with a fixed fee of zero, then quotes charge basis points only', async () => {
            await world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.SetFeeSchedule(ctx, JSON.stringify({ currency: 'USD', fixed: '0.00', basisPoints: 10 })));
            expect((await world.quote()).display.fee).to.equal('0.10');
            await expectCode(world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.SetFeeSchedule(ctx, JSON.stringify({ currency: 'USD', fixed: '0.00', basisPoints: 1001 }))), 'INVALID_ARGUMENT');
            await expectCode(world.corridor.submit('Bank3MSP', (ctx) => world.corridor.fx.SetFeeSchedule(ctx, JSON.stringify({ currency: 'CNY', fixed: '1.00', basisPoints: 0 }))), 'FX_UNAVAILABLE');
        });
    });

    describe('FundLiquidity, DefundLiquidity and the watermark', () => {
        it('when the CNY issuer funds Bank2\'s liquidity, then CNY supply grows by the same amount and only the provider and the regulator see it', async () => {
            const supply = await world.corridor.evaluate('Bank1MSP', (ctx) => world.corridor.accounts.GetSupply(ctx, 'CNY'));
            expect(supply).to.include({ issued: '100000.00', circulating: '100000.00', issuer: 'Bank3MSP' });
            expect(await world.liquidityIn('CNY')).to.include({ available: '100000.00', reserved: '0.00' });
            expect((await world.liquidity('Bank2MSP', 'RegulatorMSP')).length).to.equal(1);
            await expectCode(world.liquidity('Bank2MSP', 'Bank1MSP'), 'UNAUTHORIZED');
        });

        it('when a bank funds a currency it does not issue or a bank that is no provider, then UNAUTHORIZED or FX_UNAVAILABLE', async () => {
            await expectCode(world.corridor.submit('Bank1MSP', (ctx) => world.corridor.fx.FundLiquidity(ctx, JSON.stringify({ reference: 'x1', provider: 'Bank2MSP', currency: 'CNY', amount: '1.00' }))), 'UNAUTHORIZED');
            await expectCode(world.fund('CNY', '1.00', 'Bank3MSP'), 'FX_UNAVAILABLE');
        });

        it('when the same funding reference is sent again, then DUPLICATE_REQUEST; with another amount, ALREADY_EXISTS', async () => {
            const body = { reference: 'wire-7', provider: 'Bank2MSP', currency: 'USD', amount: '10.00' };
            await world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.FundLiquidity(ctx, JSON.stringify(body)));
            await expectCode(world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.FundLiquidity(ctx, JSON.stringify(body))), 'DUPLICATE_REQUEST');
            await expectCode(world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.FundLiquidity(ctx, JSON.stringify({ ...body, amount: '11.00' }))), 'ALREADY_EXISTS');
        });

        it('when the provider defunds, then liquidity and supply shrink; past what it holds, INSUFFICIENT_LIQUIDITY and nothing changes', async () => {
            const defund = (reference: string, amount: string): Promise<unknown> =>
                world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.DefundLiquidity(ctx, JSON.stringify({ reference, currency: 'CNY', amount })));
            await defund('back-1', '40000.00');
            expect(await world.liquidityIn('CNY')).to.include({ available: '60000.00' });
            expect(await world.corridor.evaluate('Bank1MSP', (ctx) => world.corridor.accounts.GetSupply(ctx, 'CNY'))).to.include({ redeemed: '40000.00', circulating: '60000.00' });
            expect(world.corridor.ledger.events.at(-1)?.name).to.equal('LiquidityDefunded');
            const before = world.corridor.ledger.fingerprint();
            await expectCode(defund('back-2', '60000.01'), 'INSUFFICIENT_LIQUIDITY');
            expect(world.corridor.ledger.fingerprint()).to.equal(before);
        });

        it('when liquidity falls under the provider\'s watermark, then GetLiquidity flags it low', async () => {
            await world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.SetLiquidityWatermark(ctx, JSON.stringify({ currency: 'CNY', amount: '99500.00' })));
            await world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.SetLiquidityWatermark(ctx, JSON.stringify({ currency: 'EUR', amount: '1.00' })));
            expect(await world.liquidityIn('CNY')).to.include({ watermark: '99500.00', low: false });
            await world.payWith(await world.quote());
            expect(await world.liquidityIn('CNY')).to.include({ available: '99290.00', low: true });
            expect(await world.liquidityIn('EUR')).to.include({ available: '0.00', low: true });
            await expectCode(world.corridor.submit('Bank3MSP', (ctx) => world.corridor.fx.SetLiquidityWatermark(ctx, JSON.stringify({ currency: 'CNY', amount: '1.00' }))), 'FX_UNAVAILABLE');
        });
    });
});
