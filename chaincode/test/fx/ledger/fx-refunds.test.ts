import { expect } from 'chai';
import fc from 'fast-check';
import { refundTargetShare } from '../../../src/fx/ledger/conversion';
import { readStoredAmount, showAmount } from '../../../src/core/amount';
import { expectCode, Holder, sha256 } from '../../support/corridor-fixture';
import { FxWorld, Quote } from './fx-world';

const usd = (value: string): bigint => readStoredAmount(value, 'USD', 'amount');
const cny = (value: string): bigint => readStoredAmount(value, 'CNY', 'amount');

/**
 * Refunds of converted payments: in the source currency, up to the principal, the
 * conversion reversed at the payment's own rate through the provider's liquidity.
 */
describe('refunds of converted payments', () => {
    let world: FxWorld;
    let quote: Quote;
    let paymentId: string;
    let refunds = 0;

    async function request(amount: string, msp = 'Bank2MSP'): Promise<string> {
        const refundId = `fx-refund-${++refunds}`;
        const body = JSON.stringify({ refundId, paymentId, amount, reason: 'wrong-payee', evidenceRef: sha256(refundId) });
        await world.corridor.submit(msp, (ctx) => world.corridor.payments.RequestRefund(ctx, body));
        return refundId;
    }

    function approve(refundId: string): Promise<Record<string, unknown>> {
        return world.corridor.submit('Bank3MSP', (ctx) => world.corridor.payments.ApproveRefund(ctx, refundId));
    }

    async function holdings(holder: Holder, currency: string): Promise<string> {
        return (await world.corridor.balance(holder, currency)).available;
    }

    beforeEach(async () => {
        world = await FxWorld.start();
        quote = await world.quote();
        const payment = await world.payWith(quote);
        expect(payment.status).to.equal('settled');
        paymentId = payment.paymentId as string;
    });

    it('when the whole principal is refunded, then bob returns every yuan he got, alice gets her dollars back but the fee, and the provider ends with the fee', async () => {
        const cnyBefore = (await world.liquidityIn('CNY')).available;
        const usdBefore = (await world.liquidityIn('USD')).available;
        const refund = await approve(await request(quote.display.sourceAmount));
        expect(refund.fx).to.deep.equal({ provider: 'Bank2MSP', targetCurrency: 'CNY', targetAmount: quote.display.targetAmount });
        expect(await holdings(world.bob, 'CNY')).to.equal('0.00');
        expect(await holdings(world.alice, 'USD')).to.equal(showAmount(usd('5000.00') - usd(quote.display.fee), 'USD'));
        expect(cny((await world.liquidityIn('CNY')).available)).to.equal(cny(cnyBefore) + cny(quote.display.targetAmount));
        expect(usd((await world.liquidityIn('USD')).available)).to.equal(usd(usdBefore) - usd(quote.display.sourceAmount));
        const payment = await world.corridor.evaluate('RegulatorMSP', (ctx) => world.corridor.payments.GetPayment(ctx, paymentId));
        expect(payment).to.include({ status: 'refunded', refunded: quote.display.sourceAmount });
        const event = world.corridor.ledger.events.at(-1);
        expect(event?.payload).to.include({ refundTargetCurrency: 'CNY', refundTargetAmount: quote.display.targetAmount });
    });

    it('when three partial refunds cover the principal, then the yuan returned add up to exactly what bob received', async () => {
        let returned = 0n;
        for (const amount of ['33.33', '33.33', '33.34']) {
            const refund = await approve(await request(amount));
            returned += cny((refund.fx as { targetAmount: string }).targetAmount);
        }
        expect(returned).to.equal(cny(quote.display.targetAmount));
        expect(await holdings(world.bob, 'CNY')).to.equal('0.00');
    });

    it('when a refund asks for the fee too, then REFUND_EXCEEDS_PAYMENT and nothing changes', async () => {
        const before = world.corridor.ledger.fingerprint();
        const body = JSON.stringify({ refundId: 'too-much', paymentId, amount: quote.display.debitTotal, reason: 'other', evidenceRef: sha256('e') });
        await expectCode(world.corridor.ledger.submit('Bank2MSP', (ctx) => world.corridor.payments.RequestRefund(ctx, body)), 'REFUND_EXCEEDS_PAYMENT');
        expect(world.corridor.ledger.fingerprint()).to.equal(before);
    });

    it('when bob no longer holds the yuan, then the approval fails with INSUFFICIENT_FUNDS and nothing changes', async () => {
        const refundId = await request('50.00');
        const dave = await world.corridor.openHolder('Bank3MSP');
        await world.corridor.pay(world.bob, dave, quote.display.targetAmount, { currency: 'CNY' });
        const before = world.corridor.ledger.fingerprint();
        await expectCode(world.corridor.ledger.submit('Bank3MSP', (ctx) => world.corridor.payments.ApproveRefund(ctx, refundId)), 'INSUFFICIENT_FUNDS');
        expect(world.corridor.ledger.fingerprint()).to.equal(before);
    });

    it('when the provider took its dollars out of liquidity, then the approval fails with INSUFFICIENT_LIQUIDITY and nothing changes', async () => {
        const refundId = await request('50.00');
        const usd = (await world.liquidityIn('USD')).available;
        const defund = JSON.stringify({ reference: 'out-1', currency: 'USD', amount: usd });
        await world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.DefundLiquidity(ctx, defund));
        const before = world.corridor.ledger.fingerprint();
        await expectCode(world.corridor.ledger.submit('Bank3MSP', (ctx) => world.corridor.payments.ApproveRefund(ctx, refundId)), 'INSUFFICIENT_LIQUIDITY');
        expect(world.corridor.ledger.fingerprint()).to.equal(before);
    });
});

describe('the target share of a refund', () => {
    const fx = (sourceAmount: string, targetAmount: string) => ({
        quoteId: 'q', provider: 'Bank2MSP', liquidity: 'liquidity:Bank2MSP', rateId: 'r', appliedRate: '1',
        sourceAmount, fee: '0.00', targetCurrency: 'CNY', targetAmount,
    });

    it('when refunds of any sizes add up to the principal, then the shares add up to the target exactly, each at least its proportional share rounded down', () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 1, max: 100_000_000 }),
                fc.integer({ min: 1, max: 1_000_000_000 }),
                fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }),
                (principal, target, weights) => {
                    const total = weights.reduce((sum, weight) => sum + weight, 0);
                    // Split the principal into refunds in proportion to the weights, the rest on the last.
                    const parts = weights.map((weight) => BigInt(Math.floor((principal * weight) / total)));
                    parts[parts.length - 1] = BigInt(principal) - parts.slice(0, -1).reduce((sum, part) => sum + part, 0n);
                    const terms = fx((principal / 100).toFixed(2), (target / 100).toFixed(2));
                    let before = 0n;
                    let returned = 0n;
                    for (const part of parts) {
                        const share = refundTargetShare(terms, 'USD', before, part);
                        expect(share >= (BigInt(target) * part) / BigInt(principal)).to.equal(true);
                        returned += share;
                        before += part;
                    }
                    expect(returned).to.equal(BigInt(target));
                },
            ),
            { numRuns: 500 },
        );
    });
});
