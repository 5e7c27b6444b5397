import { expect } from 'chai';
import { Context } from 'fabric-contract-api';
import { deriveAddress } from '../../../src/accounts/address';
import { parsePublicKey } from '../../../src/accounts/public-key';
import { expectCode, newKeyPair } from '../../support/corridor-fixture';
import { FxWorld } from './fx-world';

/**
 * Named bad inputs to the Fx and Compliance transactions (and the AML parts of Accounts
 * and Members), each with the code it must get, each proving the state and the event
 * list unchanged. A held payment under AML review is in place for the review cases.
 */

type Invoke = (world: World, ctx: Context) => Promise<string>;
type Case = [name: string, code: string, msp: string, invoke: Invoke];

interface World {
    fx: FxWorld;
    heldPaymentId: string;
}

const stranger = deriveAddress(parsePublicKey(newKeyPair('ed25519').publicKeyPem));
const rate = { id: 'r-bad', base: 'USD', quote: 'CNY', bid: '7100000000', ask: '7200000000', validFrom: '2026-11-18T10:00:00Z', validUntil: '2026-11-18T12:00:00Z' };
const publish = (body: unknown): Invoke => (w, ctx) => w.fx.corridor.fx.PublishRate(ctx, typeof body === 'string' ? body : JSON.stringify(body));
const quote = (overrides: Record<string, unknown>): Invoke => (w, ctx) => w.fx.corridor.fx.RequestQuote(ctx, JSON.stringify(w.fx.quoteRequest(w.fx.alice, overrides)));
const review = (fields: Record<string, unknown> | string): Invoke => (w, ctx) =>
    w.fx.corridor.compliance.ReviewPayment(ctx, typeof fields === 'string' ? fields : JSON.stringify({ paymentId: w.heldPaymentId, action: 'release', reason: 'ok', ...fields }));
const fund = (body: Record<string, unknown>): Invoke => (w, ctx) => w.fx.corridor.fx.FundLiquidity(ctx, JSON.stringify({ reference: 'bad-1', provider: 'Bank2MSP', currency: 'USD', amount: '1.00', ...body }));

const cases: Case[] = [
    ['a rate that is not JSON', 'INVALID_ARGUMENT', 'Bank2MSP', publish('{"id":')],
    ['a rate with an unknown field', 'INVALID_ARGUMENT', 'Bank2MSP', publish({ ...rate, note: 'x' })],
    ['a rate with a decimal bid', 'INVALID_ARGUMENT', 'Bank2MSP', publish({ ...rate, bid: '7.1' })],
    ['a rate valid for more than 24 hours', 'INVALID_ARGUMENT', 'Bank2MSP', publish({ ...rate, validUntil: '2026-11-19T10:00:01Z' })],
    ['a rate for one currency against itself', 'INVALID_ARGUMENT', 'Bank2MSP', publish({ ...rate, quote: 'USD' })],
    ['a rate with a spread over 10% of bid', 'INVALID_ARGUMENT', 'Bank2MSP', publish({ ...rate, ask: '7810000001' })],
    ['a rate published by the regulator', 'UNAUTHORIZED', 'RegulatorMSP', publish(rate)],
    ['a quote for three decimals of USD', 'AMOUNT_TOO_PRECISE', 'Bank2MSP', quote({ sourceAmount: '1.005' })],
    ['a quote for zero', 'AMOUNT_NOT_POSITIVE', 'Bank2MSP', quote({ sourceAmount: '0.00' })],
    ['a quote into an unknown currency', 'UNSUPPORTED_CURRENCY', 'Bank2MSP', quote({ targetCurrency: 'XXX' })],
    ['a quote for a mistyped payer', 'INVALID_ADDRESS', 'Bank2MSP', quote({ payer: stranger.slice(0, -1) })],
    ['a quote for an unknown payer', 'ACCOUNT_NOT_FOUND', 'Bank2MSP', quote({ payer: stranger })],
    ['a quote living zero seconds', 'INVALID_ARGUMENT', 'Bank2MSP', quote({ lifetimeSeconds: 0 })],
    ['a quote id with a space', 'INVALID_ARGUMENT', 'Bank2MSP', quote({ quoteId: 'q 1' })],
    ['funding with a negative amount', 'AMOUNT_NOT_POSITIVE', 'Bank2MSP', fund({ amount: '-1.00' })],
    ['funding without a provider', 'INVALID_ARGUMENT', 'Bank2MSP', fund({ provider: undefined })],
    ['defunding for another provider', 'INVALID_ARGUMENT', 'Bank2MSP', (w, ctx) => w.fx.corridor.fx.DefundLiquidity(ctx, JSON.stringify({ reference: 'd', provider: 'Bank1MSP', currency: 'USD', amount: '1.00' }))],
    ['a watermark of zero', 'AMOUNT_NOT_POSITIVE', 'Bank2MSP', (w, ctx) => w.fx.corridor.fx.SetLiquidityWatermark(ctx, JSON.stringify({ currency: 'CNY', amount: '0' }))],
    ['a fee of negative basis points', 'INVALID_ARGUMENT', 'Bank2MSP', (w, ctx) => w.fx.corridor.fx.SetFeeSchedule(ctx, JSON.stringify({ currency: 'USD', fixed: '1.00', basisPoints: -1 }))],
    ['rolling up liquidity in a lowercase currency', 'INVALID_ARGUMENT', 'Bank2MSP', (w, ctx) => w.fx.corridor.fx.RollUpLiquidity(ctx, 'usd')],
    ['a review step that is not JSON', 'INVALID_ARGUMENT', 'Bank2MSP', review('{')],
    ['a review reason one past 500 characters', 'INVALID_ARGUMENT', 'Bank2MSP', review({ reason: 'x'.repeat(501) })],
    ['a review step with an unknown field', 'INVALID_ARGUMENT', 'Bank2MSP', review({ note: 'x' })],
    ['a review by a bank that does not review the payment', 'UNAUTHORIZED', 'Bank3MSP', review({})],
    ['a review by the regulator', 'UNAUTHORIZED', 'RegulatorMSP', review({})],
    ['a high-risk flag that is not true or false', 'INVALID_ARGUMENT', 'Bank2MSP', (w, ctx) => w.fx.corridor.accounts.SetHighRisk(ctx, w.fx.alice.address, 'yes', 'why')],
    ['a high-risk flag without a reason', 'INVALID_ARGUMENT', 'Bank2MSP', (w, ctx) => w.fx.corridor.accounts.SetHighRisk(ctx, w.fx.alice.address, 'true', ' ')],
    ['a rule set of 101 rules', 'INVALID_ARGUMENT', 'Bank1MSP', (w, ctx) => w.fx.corridor.members.ProposeChange(ctx, JSON.stringify({
        proposalId: 'too-many', kind: 'aml-rule-set',
        payload: { rules: Array.from({ length: 101 }, (_, i) => ({ id: `r${i}`, kind: 'velocity', windowSeconds: 60, maxCount: 5, action: 'allow' })) },
    }))],
    ['a rule set with the version in its payload', 'INVALID_ARGUMENT', 'Bank1MSP', (w, ctx) => w.fx.corridor.members.ProposeChange(ctx, JSON.stringify({ proposalId: 'v', kind: 'aml-rule-set', payload: { version: 9, rules: [] } }))],
];

describe('Fx and Compliance bad-input catalogue', () => {
    let world: World;

    beforeEach(async () => {
        const fx = await FxWorld.start({ aliceUsd: '20000.00' });
        const held = await fx.corridor.pay(fx.alice, fx.carol, '16000.00', { currency: 'USD' });
        expect(held.status).to.equal('held');
        world = { fx, heldPaymentId: held.paymentId as string };
    });

    it(`when the catalogue is counted, then it holds at least 25 named cases (${cases.length})`, () => {
        expect(cases.length).to.be.at.least(25);
    });

    for (const [name, code, msp, invoke] of cases) {
        it(`when a transaction carries ${name}, then ${code} and the ledger is unchanged`, async () => {
            const before = world.fx.corridor.ledger.fingerprint();
            const events = world.fx.corridor.ledger.events.length;
            await expectCode(world.fx.corridor.ledger.submit(msp, (ctx) => invoke(world, ctx)), code);
            expect(world.fx.corridor.ledger.fingerprint()).to.equal(before);
            expect(world.fx.corridor.ledger.events.length).to.equal(events);
        });
    }

    it('when a review reason is exactly 500 characters, then it is accepted', async () => {
        const outcome = await world.fx.corridor.ledger.submit('Bank2MSP', (ctx) => review({ reason: 'x'.repeat(500) })(world, ctx));
        expect(JSON.parse(outcome).payment.status).to.equal('settled');
    });
});
