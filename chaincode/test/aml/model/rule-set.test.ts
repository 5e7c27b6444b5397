import { expect } from 'chai';
import { activityWindowSeconds, MAX_LIST_ADDRESSES, MAX_RULES, MAX_WINDOW_SECONDS, parseRuleSet } from '../../../src/aml/model';
import { expectCode, ruleSet, ruleSetWire } from './fixtures';

type WireRule = Record<string, unknown>;
const withRule = (rule: WireRule): unknown => ({ version: 1, rules: [rule] });
const threshold: WireRule = { id: 'r1', kind: 'amount-threshold', currency: 'USD', threshold: '10.00', action: 'reject' };

describe('aml rule set validation', () => {
    it('when a rule set is well formed, then amounts become bigint and severities default by action', () => {
        expect(ruleSet.version).to.equal(3);
        expect(ruleSet.rules[0]).to.deep.equal({
            id: 'usd-over-10k', kind: 'amount-threshold', currency: 'USD', threshold: 1_000_000n, action: 'hold', reviewers: 'payer-bank', severity: 'medium',
        });
        expect(ruleSet.rules[5]?.severity).to.equal('high');
        expect(ruleSet.rules[6]?.severity).to.equal('medium');
    });

    it('when parsing, then the input is not mutated', () => {
        const before = JSON.stringify(ruleSetWire);
        parseRuleSet(ruleSetWire);
        expect(JSON.stringify(ruleSetWire)).to.equal(before);
    });

    it('when the rule set is empty, then it is valid and has no window', () => {
        expect(activityWindowSeconds(parseRuleSet({ version: 1, rules: [] }))).to.equal(0);
        expect(activityWindowSeconds(ruleSet)).to.equal(86400);
    });

    it(`when a rule set has ${MAX_RULES} rules it is accepted, and ${MAX_RULES + 1} rejected`, () => {
        const rules = (n: number): WireRule[] => Array.from({ length: n }, (_, i) => ({ ...threshold, id: `r${i}` }));
        expect(parseRuleSet({ version: 1, rules: rules(MAX_RULES) }).rules).to.have.length(MAX_RULES);
        expectCode(() => parseRuleSet({ version: 1, rules: rules(MAX_RULES + 1) }), 'INVALID_ARGUMENT', 'at most');
    });

    it(`when a list has ${MAX_LIST_ADDRESSES} addresses it is accepted, and one more rejected`, () => {
        const addresses = (n: number): string[] => Array.from({ length: n }, (_, i) => `acct-${i}`);
        const list = { id: 'l', kind: 'watched-address', action: 'allow' };
        expect(parseRuleSet(withRule({ ...list, addresses: addresses(MAX_LIST_ADDRESSES) })).rules).to.have.length(1);
        expectCode(() => parseRuleSet(withRule({ ...list, addresses: addresses(MAX_LIST_ADDRESSES + 1) })), 'INVALID_ARGUMENT', 'addresses');
    });

    it('when a window is at the 30-day maximum it is accepted, and one second more rejected', () => {
        const rule = { id: 'v', kind: 'velocity', maxCount: 5, action: 'hold', reviewers: 'payer-bank' };
        expect(parseRuleSet(withRule({ ...rule, windowSeconds: MAX_WINDOW_SECONDS })).rules).to.have.length(1);
        expectCode(() => parseRuleSet(withRule({ ...rule, windowSeconds: MAX_WINDOW_SECONDS + 1 })), 'INVALID_ARGUMENT', 'windowSeconds');
    });

    const bad: Array<[string, unknown, string]> = [
        ['a version of 0', { version: 0, rules: [] }, 'version'],
        ['a fractional version', { version: 1.5, rules: [] }, 'version'],
        ['rules that are not a list', { version: 1, rules: {} }, 'rules must be'],
        ['an unknown top-level field', { version: 1, rules: [], author: 'x' }, 'unknown field author'],
        ['two rules with one id', { version: 1, rules: [threshold, threshold] }, 'appears twice'],
        ['an unknown kind', withRule({ ...threshold, kind: 'geo' }), 'kind must be'],
        ['a rule that is not an object', { version: 1, rules: [null] }, 'kind must be'],
        ['a field of another kind', withRule({ ...threshold, windowSeconds: 5 }), 'unknown field windowSeconds'],
        ['an unknown action', withRule({ ...threshold, action: 'block' }), 'action must be'],
        ['a hold without reviewers', withRule({ ...threshold, action: 'hold' }), 'reviewers must be'],
        ['a hold with unknown reviewers', withRule({ ...threshold, action: 'hold', reviewers: 'regulator' }), 'reviewers must be'],
        ['reviewers on a reject', withRule({ ...threshold, reviewers: 'payer-bank' }), 'only for a hold'],
        ['an unknown severity', withRule({ ...threshold, severity: 'critical' }), 'severity'],
        ['a description one past 200 characters', withRule({ ...threshold, description: 'x'.repeat(201) }), 'description'],
        ['a bad rule id', withRule({ ...threshold, id: 'a:b' }), 'id must be'],
        ['an unknown currency', withRule({ ...threshold, currency: 'XXX' }), 'currency'],
        ['a threshold with more decimals than USD has', withRule({ ...threshold, threshold: '10.001' }), 'threshold'],
        ['a KYC tier of 4', withRule({ ...threshold, kycTier: 4 }), 'kycTier'],
        ['a velocity rule without limits', withRule({ id: 'v', kind: 'velocity', windowSeconds: 60, action: 'reject' }), 'needs maxCount'],
        ['a velocity amount without currency', withRule({ id: 'v', kind: 'velocity', windowSeconds: 60, maxAmount: '5', action: 'reject' }), 'needs a currency'],
        ['a velocity count of 0', withRule({ id: 'v', kind: 'velocity', windowSeconds: 60, maxCount: 0, action: 'reject' }), 'maxCount'],
        ['a zero window', withRule({ id: 'v', kind: 'velocity', windowSeconds: 0, maxCount: 1, action: 'reject' }), 'windowSeconds'],
        ['a high-risk rule with an unknown party', withRule({ id: 'h', kind: 'high-risk', party: 'bank', action: 'reject' }), 'party'],
        ['a high-risk threshold without currency', withRule({ id: 'h', kind: 'high-risk', party: 'payer', threshold: '1', action: 'reject' }), 'together'],
        ['an empty address list', withRule({ id: 'l', kind: 'blocked-address', addresses: [], action: 'reject' }), 'addresses'],
        ['a malformed address', withRule({ id: 'l', kind: 'blocked-address', addresses: ['a b'], action: 'reject' }), 'malformed'],
        ['a duplicated address', withRule({ id: 'l', kind: 'blocked-address', addresses: ['a', 'a'], action: 'reject' }), 'twice'],
        ['zero round trips', withRule({ id: 'rp', kind: 'related-parties', windowSeconds: 60, minRoundTrips: 0, action: 'reject' }), 'minRoundTrips'],
    ];
    for (const [name, input, detail] of bad) {
        it(`when the rule set has ${name}, then INVALID_ARGUMENT`, () => {
            expectCode(() => parseRuleSet(input), 'INVALID_ARGUMENT', detail);
        });
    }
});
