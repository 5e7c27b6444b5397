import { expect } from 'chai';
import { evaluate } from '../../../src/aml/model';
import { context, earlier, expectCode, only, payment, ruleSet } from './fixtures';

const HOUR_AGO = '2026-11-28T11:00:00.000Z';

describe('aml evaluate: amount thresholds', () => {
    it('when the amount equals the threshold, then nothing fires and the payment is allowed', () => {
        const result = evaluate(only('usd-over-10k'), payment({ amount: 1_000_000n }), context());
        expect(result).to.deep.equal({ ruleSetVersion: 3, decision: 'allow', fired: [] });
    });

    it('when the amount is one minor unit over the threshold, then the rule fires and the payment is held by the payer bank', () => {
        const result = evaluate(only('usd-over-10k'), payment({ amount: 1_000_001n }), context());
        expect(result).to.deep.equal({
            ruleSetVersion: 3,
            decision: 'hold',
            reviewers: 'payer-bank',
            fired: [{
                ruleId: 'usd-over-10k', kind: 'amount-threshold', action: 'hold', severity: 'medium', reviewers: 'payer-bank',
                detail: 'amount 1000001 USD is over the threshold 1000000',
            }],
        });
    });

    it('when the delivered leg of a cross-currency payment is over a threshold, then the rule fires', () => {
        const jpyToUsd = payment({ currency: 'JPY', amount: 151_000_000n, target: { currency: 'USD', amount: 1_000_001n } });
        expect(evaluate(only('usd-over-10k'), jpyToUsd, context()).decision).to.equal('hold');
    });

    it('when the payment is in another currency, then a USD threshold does not fire', () => {
        expect(evaluate(only('usd-over-10k'), payment({ currency: 'EUR', amount: 9_000_000n }), context()).fired).to.deep.equal([]);
    });

    it('when a tier-0 payer passes the tier-0 threshold, then reject; a tier-2 payer with the same amount passes', () => {
        expect(evaluate(only('usd-tier0-over-1k'), payment({ amount: 100_001n }), context({ payerKycTier: 0 })).decision).to.equal('reject');
        expect(evaluate(only('usd-tier0-over-1k'), payment({ amount: 100_000n }), context({ payerKycTier: 0 })).decision).to.equal('allow');
        expect(evaluate(only('usd-tier0-over-1k'), payment({ amount: 100_001n }), context({ payerKycTier: 2 })).decision).to.equal('allow');
    });
});

describe('aml evaluate: velocity', () => {
    const rule = only('velocity-10-per-hour');

    it('when this is the 10th payment in the hour, then it passes; the 11th is held', () => {
        expect(evaluate(rule, payment(), context({ recent: earlier(9) })).decision).to.equal('allow');
        const held = evaluate(rule, payment(), context({ recent: earlier(10) }));
        expect(held.decision).to.equal('hold');
        expect(held.fired[0]?.detail).to.equal('11 payments in 3600 s exceed the limit of 10');
    });

    it('when an earlier payment is exactly one window old it is outside; a millisecond younger it is inside', () => {
        const nine = earlier(9);
        const atEdge = { ...nine[0]!, paymentId: 'edge', at: HOUR_AGO };
        const inside = { ...atEdge, at: '2026-11-28T11:00:00.001Z' };
        expect(evaluate(rule, payment(), context({ recent: [...nine, atEdge] })).decision).to.equal('allow');
        expect(evaluate(rule, payment(), context({ recent: [...nine, inside] })).decision).to.equal('hold');
    });

    it('when the context repeats this payment, holds later ones, or has incoming payments, then those are not counted', () => {
        const nine = earlier(9);
        const extras = [
            { ...nine[0]!, paymentId: 'pay-1' },
            { ...nine[0]!, paymentId: 'later', at: '2026-11-28T12:00:00.001Z' },
            { ...nine[0]!, paymentId: 'incoming', payer: 'acct-z', payee: 'acct-a' },
        ];
        expect(evaluate(rule, payment(), context({ recent: [...nine, ...extras] })).decision).to.equal('allow');
    });

    it('when the daily USD total reaches the limit it passes; one minor unit more is held by both banks', () => {
        const daily = only('velocity-usd-50k-day');
        const recent = earlier(99, { amount: 50_000n }, 600); // 99 x 500.00 USD within the day
        expect(evaluate(daily, payment({ amount: 50_000n }), context({ recent })).decision).to.equal('allow');
        const held = evaluate(daily, payment({ amount: 50_001n }), context({ recent }));
        expect(held).to.deep.include({ decision: 'hold', reviewers: 'both-banks' });
        expect(held.fired[0]?.detail).to.equal('5000001 USD in 86400 s exceeds the limit of 5000000');
    });

    it('when earlier payments are in another currency or the payment is, then a USD amount limit ignores them', () => {
        const daily = only('velocity-usd-50k-day');
        expect(evaluate(daily, payment(), context({ recent: earlier(3, { currency: 'EUR', amount: 9_000_000n }) })).decision).to.equal('allow');
        expect(evaluate(daily, payment({ currency: 'EUR', amount: 9_000_000n }), context({ recent: earlier(99, { amount: 50_000n }, 600) })).decision).to.equal('allow');
    });
});

describe('aml evaluate: high risk, lists and related parties', () => {
    it('when a high-risk payer or payee sends over the limit, then both banks review; at the limit, nothing', () => {
        const rule = only('high-risk-over-1k');
        expect(evaluate(rule, payment({ amount: 100_001n }), context({ payerHighRisk: true }))).to.deep.include({ decision: 'hold', reviewers: 'both-banks' });
        expect(evaluate(rule, payment({ amount: 100_001n }), context({ payeeHighRisk: true })).fired[0]?.detail).to.equal('high-risk payee: amount 100001 USD is over 100000');
        expect(evaluate(rule, payment({ amount: 100_000n }), context({ payerHighRisk: true })).decision).to.equal('allow');
        expect(evaluate(rule, payment({ amount: 100_001n }), context()).decision).to.equal('allow');
    });

    it('when a high-risk rule has no threshold, then it fires for its party only', () => {
        const rules = { version: 1, rules: [{ id: 'hr', kind: 'high-risk' as const, party: 'payer' as const, action: 'hold' as const, reviewers: 'payer-bank' as const, severity: 'high' as const }] };
        expect(evaluate(rules, payment({ amount: 1n }), context({ payerHighRisk: true })).fired[0]?.detail).to.equal('high-risk payer');
        expect(evaluate(rules, payment(), context({ payeeHighRisk: true })).decision).to.equal('allow');
    });

    it('when the payer or the payee is blocked, then the payment is rejected', () => {
        expect(evaluate(only('blocked'), payment({ payee: 'acct-blocked' }), context()).fired[0]).to.deep.include({ action: 'reject', detail: 'payee on the blocked list' });
        expect(evaluate(only('blocked'), payment({ payer: 'acct-blocked' }), context()).decision).to.equal('reject');
    });

    it('when a watched address is involved, then the rule fires with an allow: an alert without a hold', () => {
        const result = evaluate(only('watched'), payment({ payee: 'acct-watched' }), context());
        expect(result.decision).to.equal('allow');
        expect(result.fired[0]).to.deep.include({ kind: 'watched-address', severity: 'medium', detail: 'payee on the watched list' });
    });

    it('when two accounts have paid each other back and forth three times in the window, then related parties fire; twice, not', () => {
        const rule = only('round-trips');
        const forth = earlier(2, {}, 3600);
        const back = (n: number) => earlier(n, { payer: 'acct-b', payee: 'acct-a' }, 3000);
        expect(evaluate(rule, payment(), context({ recent: [...forth, ...back(2)] })).decision).to.equal('allow');
        const held = evaluate(rule, payment(), context({ recent: [...forth, ...back(3)] }));
        expect(held).to.deep.include({ decision: 'hold', reviewers: 'both-banks' });
        expect(held.fired[0]?.detail).to.equal('3 round trips between payer and payee in 86400 s (limit 3)');
    });

    it('when the round trips are older than the window or with a third account, then they do not count', () => {
        const rule = only('round-trips');
        const old = earlier(3, { payer: 'acct-b', payee: 'acct-a', at: '2026-11-27T12:00:00.000Z' });
        const third = earlier(3, { payer: 'acct-c', payee: 'acct-a' });
        expect(evaluate(rule, payment(), context({ recent: [...earlier(2), ...old, ...third] })).decision).to.equal('allow');
    });
});

describe('aml evaluate: decision', () => {
    it('when no rule fires, then the decision is allow with the rule-set version', () => {
        expect(evaluate(ruleSet, payment(), context())).to.deep.equal({ ruleSetVersion: 3, decision: 'allow', fired: [] });
    });

    it('when a hold and a reject fire, then reject wins and no reviewers are named', () => {
        const result = evaluate(ruleSet, payment({ amount: 1_000_001n, payee: 'acct-blocked' }), context());
        expect(result.decision).to.equal('reject');
        expect(result.reviewers).to.equal(undefined);
        expect(result.fired.map((f) => f.ruleId)).to.deep.equal(['usd-over-10k', 'blocked']);
    });

    it('when holds for the payer bank and for both banks fire, then both banks review', () => {
        const result = evaluate(ruleSet, payment({ amount: 1_000_001n }), context({ payerHighRisk: true }));
        expect(result).to.deep.include({ decision: 'hold', reviewers: 'both-banks' });
        expect(result.fired.map((f) => f.ruleId)).to.deep.equal(['usd-over-10k', 'high-risk-over-1k']);
    });

    it('when the payment time is malformed, then INVALID_ARGUMENT', () => {
        expectCode(() => evaluate(ruleSet, payment({ at: 'noon' }), context()), 'INVALID_ARGUMENT', 'payment.at');
        expectCode(() => evaluate(only('velocity-10-per-hour'), payment(), context({ recent: earlier(1, { at: 'x' }) })), 'INVALID_ARGUMENT', 'recent.at');
    });

    it('when the same payment is evaluated twice, then the results are identical', () => {
        const input = [ruleSet, payment({ amount: 1_000_001n }), context({ recent: earlier(12) })] as const;
        expect(evaluate(...input)).to.deep.equal(evaluate(...input));
    });
});
