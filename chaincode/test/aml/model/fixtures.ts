import { ActivityEntry, AmlContext, AmlPayment, AmlRuleSet, parseRuleSet } from '../../../src/aml/model';

export const ruleSetWire = {
    version: 3,
    rules: [
        { id: 'usd-over-10k', kind: 'amount-threshold', currency: 'USD', threshold: '10000.00', action: 'hold', reviewers: 'payer-bank' },
        { id: 'usd-tier0-over-1k', kind: 'amount-threshold', currency: 'USD', threshold: '1000.00', kycTier: 0, action: 'reject' },
        { id: 'velocity-10-per-hour', kind: 'velocity', windowSeconds: 3600, maxCount: 10, action: 'hold', reviewers: 'payer-bank' },
        { id: 'velocity-usd-50k-day', kind: 'velocity', windowSeconds: 86400, currency: 'USD', maxAmount: '50000.00', action: 'hold', reviewers: 'both-banks' },
        { id: 'high-risk-over-1k', kind: 'high-risk', party: 'either', currency: 'USD', threshold: '1000.00', action: 'hold', reviewers: 'both-banks' },
        { id: 'blocked', kind: 'blocked-address', addresses: ['acct-blocked'], action: 'reject' },
        { id: 'watched', kind: 'watched-address', addresses: ['acct-watched'], action: 'allow', severity: 'medium' },
        { id: 'round-trips', kind: 'related-parties', windowSeconds: 86400, minRoundTrips: 3, action: 'hold', reviewers: 'both-banks' },
    ],
};

export const ruleSet: AmlRuleSet = parseRuleSet(ruleSetWire);

/** The rule set reduced to one rule, to test each path alone. */
export function only(ruleId: string): AmlRuleSet {
    return { version: ruleSet.version, rules: ruleSet.rules.filter((rule) => rule.id === ruleId) };
}

export const AT = '2026-11-28T12:00:00.000Z';

export function payment(overrides: Partial<AmlPayment> = {}): AmlPayment {
    return { id: 'pay-1', payer: 'acct-a', payee: 'acct-b', currency: 'USD', amount: 50_000n, at: AT, ...overrides };
}

export function context(overrides: Partial<AmlContext> = {}): AmlContext {
    return { payerKycTier: 2, payerHighRisk: false, payeeHighRisk: false, recent: [], ...overrides };
}

/** `count` earlier payments, one a minute before AT, from payer to payee. */
export function earlier(count: number, fields: Partial<ActivityEntry> = {}, stepSeconds = 60): ActivityEntry[] {
    return Array.from({ length: count }, (_, i) => ({
        paymentId: `old-${fields.payer ?? 'acct-a'}-${i}`,
        payer: 'acct-a',
        payee: 'acct-b',
        currency: 'USD',
        amount: 10_000n,
        at: new Date(Date.parse(AT) - (i + 1) * stepSeconds * 1000).toISOString(),
        ...fields,
    }));
}
export { expectCode } from '../../fx/model/fixtures';
