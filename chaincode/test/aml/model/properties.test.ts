import { expect } from 'chai';
import fc from 'fast-check';
import {
    ActivityEntry, AmlAction, AmlContext, AmlPayment, AmlRule, applyReviewStep, decide, evaluate, openReview, Review,
    ReviewAction, stricter,
} from '../../../src/aml/model';
import { canonicalize } from '../../../src/core/codec';

const RANK: Record<AmlAction, number> = { allow: 0, hold: 1, reject: 2 };
const ACCOUNTS = ['acct-a', 'acct-b', 'acct-c', 'acct-d'];
const CURRENCIES = ['USD', 'EUR', 'JPY'];
const BASE = Date.parse('2026-11-28T12:00:00.000Z');

const actionArb = fc.constantFrom<AmlAction>('allow', 'hold', 'reject');
const commonArb = fc.record({
    id: fc.constant('r'),
    action: actionArb,
    both: fc.boolean(),
    severity: fc.constantFrom('low' as const, 'medium' as const, 'high' as const),
});
const amountArb = fc.bigInt({ min: 1n, max: 2_000_000n });

const ruleArb: fc.Arbitrary<AmlRule> = fc
    .tuple(
        commonArb,
        fc.oneof(
            fc.record({ kind: fc.constant('amount-threshold' as const), currency: fc.constantFrom(...CURRENCIES), threshold: amountArb }),
            fc.record({ kind: fc.constant('velocity' as const), windowSeconds: fc.integer({ min: 1, max: 7200 }), maxCount: fc.integer({ min: 1, max: 8 }) }),
            fc.record({ kind: fc.constant('velocity' as const), windowSeconds: fc.integer({ min: 1, max: 7200 }), currency: fc.constantFrom(...CURRENCIES), maxAmount: amountArb }),
            fc.record({ kind: fc.constant('high-risk' as const), party: fc.constantFrom('payer' as const, 'payee' as const, 'either' as const) }),
            fc.record({ kind: fc.constantFrom('blocked-address' as const, 'watched-address' as const), addresses: fc.subarray(ACCOUNTS, { minLength: 1 }) }),
            fc.record({ kind: fc.constant('related-parties' as const), windowSeconds: fc.integer({ min: 1, max: 7200 }), minRoundTrips: fc.integer({ min: 1, max: 3 }) }),
        ),
    )
    .map(([{ action, both, ...common }, specific]) => ({
        ...common, action, ...(action === 'hold' ? { reviewers: both ? 'both-banks' as const : 'payer-bank' as const } : {}), ...specific,
    }) as AmlRule);

const rulesArb = fc.array(ruleArb, { maxLength: 8 }).map((rules) => rules.map((rule, i) => ({ ...rule, id: `r${i}` })));

const entryArb: fc.Arbitrary<ActivityEntry> = fc.record({
    paymentId: fc.string({ minLength: 1, maxLength: 6 }),
    payer: fc.constantFrom(...ACCOUNTS),
    payee: fc.constantFrom(...ACCOUNTS),
    currency: fc.constantFrom(...CURRENCIES),
    amount: amountArb,
    at: fc.integer({ min: -7_300_000, max: 1000 }).map((offset) => new Date(BASE + offset).toISOString()),
});

const paymentArb: fc.Arbitrary<AmlPayment> = fc.record({
    id: fc.constant('pay-x'),
    payer: fc.constant('acct-a'),
    payee: fc.constantFrom('acct-b', 'acct-c', 'acct-d'),
    currency: fc.constantFrom(...CURRENCIES),
    amount: amountArb,
    at: fc.constant(new Date(BASE).toISOString()),
});

const contextArb: fc.Arbitrary<AmlContext> = fc.record({
    payerKycTier: fc.integer({ min: 0, max: 3 }),
    payerHighRisk: fc.boolean(),
    payeeHighRisk: fc.boolean(),
    recent: fc.array(entryArb, { maxLength: 30 }),
});

describe('aml properties', () => {
    it('when the same input is evaluated again, copied or with its activity reordered, then the output is byte-identical', () => {
        fc.assert(
            fc.property(rulesArb, paymentArb, contextArb, (rules, payment, context) => {
                const ruleSet = { version: 7, rules };
                const first = canonicalize(evaluate(ruleSet, payment, context));
                const copy = structuredClone({ ruleSet, payment, context });
                expect(canonicalize(evaluate(copy.ruleSet, copy.payment, copy.context))).to.equal(first);
                const reordered = { ...context, recent: [...context.recent].reverse() };
                expect(canonicalize(evaluate(ruleSet, payment, reordered))).to.equal(first);
            }),
            { numRuns: 400 },
        );
    });

    it('when a rule is added to the rule set, then the decision never weakens and earlier firings stay', () => {
        fc.assert(
            fc.property(rulesArb, ruleArb, paymentArb, contextArb, (rules, extra, payment, context) => {
                const smaller = evaluate({ version: 1, rules }, payment, context);
                const larger = evaluate({ version: 1, rules: [...rules, { ...extra, id: 'extra' }] }, payment, context);
                expect(RANK[larger.decision] >= RANK[smaller.decision]).to.equal(true);
                expect(larger.fired.slice(0, smaller.fired.length)).to.deep.equal(smaller.fired);
                const decision = larger.fired.reduce<AmlAction>((strictest, rule) => stricter(strictest, rule.action), 'allow');
                expect(larger.decision).to.equal(decision);
                expect(larger.reviewers !== undefined).to.equal(larger.decision === 'hold');
            }),
            { numRuns: 400 },
        );
    });

    it('when a fired rule is added, then decide never returns a weaker action', () => {
        const firedArb = fc.record({ action: actionArb, reviewers: fc.constantFrom('payer-bank' as const, 'both-banks' as const) });
        fc.assert(
            fc.property(fc.array(firedArb, { maxLength: 10 }), firedArb, fc.nat(10), (fired, extra, position) => {
                const withExtra = [...fired];
                withExtra.splice(position % (fired.length + 1), 0, extra);
                expect(RANK[decide(withExtra).decision] >= RANK[decide(fired).decision]).to.equal(true);
                expect(RANK[decide(withExtra).decision] >= RANK[extra.action]).to.equal(true);
            }),
            { numRuns: 500 },
        );
    });

    const stepArb = fc.record({
        action: fc.constantFrom<ReviewAction>('release', 'reject', 'escalate'),
        reviewerMsp: fc.constantFrom('Bank1MSP', 'Bank2MSP', 'Bank3MSP'),
    });

    it('when any sequence of review steps is applied, then a review ends at most once and its history only grows', () => {
        fc.assert(
            fc.property(fc.boolean(), fc.array(stepArb, { maxLength: 12 }), (both, steps) => {
                let review: Review = openReview('pay-1', both ? 'both-banks' : 'payer-bank', 'Bank1MSP', 'Bank2MSP', '2026-11-28T12:00:00.000Z');
                let escalations = 0;
                let endings = 0;
                for (const [i, s] of steps.entries()) {
                    const before = review;
                    try {
                        review = applyReviewStep(review, { ...s, reason: `step ${i}`, at: '2026-11-28T13:00:00.000Z' });
                    } catch (err) {
                        expect((err as Error).message).to.match(/^(UNAUTHORIZED|REVIEW_INVALID_TRANSITION|REVIEW_ALREADY_APPROVED): /);
                        expect(review).to.equal(before);
                        continue;
                    }
                    expect(review.history.slice(0, before.history.length)).to.deep.equal(before.history);
                    expect(review.history).to.have.length(before.history.length + 1);
                    expect(review.history.at(-1)?.from).to.equal(before.status);
                    escalations += review.status === 'escalated' && before.status !== 'escalated' ? 1 : 0;
                    endings += review.status === 'released' || review.status === 'rejected' ? 1 : 0;
                    expect(endings <= 1 && escalations <= 1).to.equal(true);
                }
            }),
            { numRuns: 500 },
        );
    });
});
