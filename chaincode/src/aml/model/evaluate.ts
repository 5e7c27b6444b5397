import { instantMillis } from '../../core/validation';
import {
    AddressListRule, AmlAction, AmlRule, AmlRuleSet, AmountThresholdRule, HighRiskRule, RelatedPartiesRule, ReviewerScope,
    RuleKind, Severity, VelocityRule,
} from './rule-set';

/**
 * Evaluates a payment against the rule set. Pure and deterministic: the caller
 * supplies the payer's recent activity from ledger state and the risk flags; the
 * windows are measured back from the payment's own time, never from a clock.
 */

export interface PaymentLeg {
    readonly currency: string;
    readonly amount: bigint;
}

export interface AmlPayment {
    readonly id: string;
    readonly payer: string;
    readonly payee: string;
    readonly currency: string;
    readonly amount: bigint;
    readonly at: string;
    /** The delivered leg of a cross-currency payment; thresholds apply to both legs. */
    readonly target?: PaymentLeg;
}

/** One earlier payment the payer made or received, in its source currency. */
export interface ActivityEntry {
    readonly paymentId: string;
    readonly payer: string;
    readonly payee: string;
    readonly currency: string;
    readonly amount: bigint;
    readonly at: string;
}

export interface AmlContext {
    readonly payerKycTier: number;
    readonly payerHighRisk: boolean;
    readonly payeeHighRisk: boolean;
    /** Every payment involving the payer within activityWindowSeconds(ruleSet) before this one. */
    readonly recent: readonly ActivityEntry[];
}

export interface FiredRule {
    readonly ruleId: string;
    readonly kind: RuleKind;
    readonly action: AmlAction;
    readonly severity: Severity;
    readonly reviewers?: ReviewerScope;
    readonly detail: string;
}

export interface AmlEvaluation {
    readonly ruleSetVersion: number;
    readonly decision: AmlAction;
    /** Who reviews, present exactly when the decision is hold. */
    readonly reviewers?: ReviewerScope;
    /** In rule-set order. */
    readonly fired: readonly FiredRule[];
}

const STRICTNESS: Readonly<Record<AmlAction, number>> = { allow: 0, hold: 1, reject: 2 };

/** The stricter of two actions: reject > hold > allow. */
export function stricter(a: AmlAction, b: AmlAction): AmlAction {
    return STRICTNESS[b] > STRICTNESS[a] ? b : a;
}

/** The decision for a set of fired rules: the strictest action, allow when none fired. */
export function decide(fired: readonly Pick<FiredRule, 'action' | 'reviewers'>[]): { decision: AmlAction; reviewers?: ReviewerScope } {
    const decision = fired.reduce<AmlAction>((strictest, rule) => stricter(strictest, rule.action), 'allow');
    if (decision !== 'hold') {
        return { decision };
    }
    const both = fired.some((rule) => rule.action === 'hold' && rule.reviewers === 'both-banks');
    return { decision, reviewers: both ? 'both-banks' : 'payer-bank' };
}

export function evaluate(ruleSet: AmlRuleSet, payment: AmlPayment, context: AmlContext): AmlEvaluation {
    const at = instantMillis(payment.at, 'payment.at');
    const fired: FiredRule[] = [];
    for (const rule of ruleSet.rules) {
        const detail = firingDetail(rule, payment, context, at);
        if (detail !== undefined) {
            fired.push({
                ruleId: rule.id,
                kind: rule.kind,
                action: rule.action,
                severity: rule.severity,
                ...(rule.reviewers !== undefined ? { reviewers: rule.reviewers } : {}),
                detail,
            });
        }
    }
    return { ruleSetVersion: ruleSet.version, ...decide(fired), fired };
}

/** Why the rule fires for this payment, or undefined when it does not. */
function firingDetail(rule: AmlRule, payment: AmlPayment, context: AmlContext, at: number): string | undefined {
    switch (rule.kind) {
        case 'amount-threshold':
            return amountThreshold(rule, payment, context);
        case 'velocity':
            return velocity(rule, payment, context, at);
        case 'high-risk':
            return highRisk(rule, payment, context);
        case 'blocked-address':
        case 'watched-address':
            return listed(rule, payment);
        case 'related-parties':
            return relatedParties(rule, payment, context, at);
        default:
            return undefined;
    }
}

function legs(payment: AmlPayment): PaymentLeg[] {
    const source = { currency: payment.currency, amount: payment.amount };
    return payment.target === undefined ? [source] : [source, payment.target];
}

function legOver(payment: AmlPayment, currency: string, threshold: bigint): PaymentLeg | undefined {
    return legs(payment).find((leg) => leg.currency === currency && leg.amount > threshold);
}

function amountThreshold(rule: AmountThresholdRule, payment: AmlPayment, context: AmlContext): string | undefined {
    if (rule.kycTier !== undefined && rule.kycTier !== context.payerKycTier) {
        return undefined;
    }
    const leg = legOver(payment, rule.currency, rule.threshold);
    if (leg === undefined) {
        return undefined;
    }
    const tier = rule.kycTier !== undefined ? ` for KYC tier ${rule.kycTier}` : '';
    return `amount ${leg.amount} ${leg.currency} is over the threshold ${rule.threshold}${tier}`;
}

/** Entries strictly inside (at - window, at], this payment excluded (it is counted separately). */
function inWindow(context: AmlContext, payment: AmlPayment, at: number, windowSeconds: number): ActivityEntry[] {
    const from = at - windowSeconds * 1000;
    return context.recent.filter((entry) => {
        const time = instantMillis(entry.at, 'recent.at');
        return entry.paymentId !== payment.id && time > from && time <= at;
    });
}

function velocity(rule: VelocityRule, payment: AmlPayment, context: AmlContext, at: number): string | undefined {
    const matches = (entry: { payer: string; currency: string }): boolean =>
        entry.payer === payment.payer && (rule.currency === undefined || entry.currency === rule.currency);
    if (!matches(payment)) {
        return undefined;
    }
    const outgoing = inWindow(context, payment, at, rule.windowSeconds).filter(matches);
    const count = outgoing.length + 1;
    if (rule.maxCount !== undefined && count > rule.maxCount) {
        return `${count} payments in ${rule.windowSeconds} s exceed the limit of ${rule.maxCount}`;
    }
    if (rule.maxAmount !== undefined) {
        const total = outgoing.reduce((sum, entry) => sum + entry.amount, payment.amount);
        if (total > rule.maxAmount) {
            return `${total} ${rule.currency ?? ''} in ${rule.windowSeconds} s exceeds the limit of ${rule.maxAmount}`;
        }
    }
    return undefined;
}

function highRisk(rule: HighRiskRule, payment: AmlPayment, context: AmlContext): string | undefined {
    const flagged = [
        ...((rule.party === 'payer' || rule.party === 'either') && context.payerHighRisk ? ['payer'] : []),
        ...((rule.party === 'payee' || rule.party === 'either') && context.payeeHighRisk ? ['payee'] : []),
    ];
    if (flagged.length === 0) {
        return undefined;
    }
    if (rule.currency !== undefined && rule.threshold !== undefined) {
        const leg = legOver(payment, rule.currency, rule.threshold);
        return leg === undefined
            ? undefined
            : `high-risk ${flagged.join(' and ')}: amount ${leg.amount} ${leg.currency} is over ${rule.threshold}`;
    }
    return `high-risk ${flagged.join(' and ')}`;
}

function listed(rule: AddressListRule, payment: AmlPayment): string | undefined {
    const parties = [
        ...(rule.addresses.includes(payment.payer) ? ['payer'] : []),
        ...(rule.addresses.includes(payment.payee) ? ['payee'] : []),
    ];
    return parties.length === 0 ? undefined : `${parties.join(' and ')} on the ${rule.kind === 'blocked-address' ? 'blocked' : 'watched'} list`;
}

function relatedParties(rule: RelatedPartiesRule, payment: AmlPayment, context: AmlContext, at: number): string | undefined {
    if (payment.payer === payment.payee) {
        return undefined;
    }
    const between = inWindow(context, payment, at, rule.windowSeconds);
    const forth = between.filter((e) => e.payer === payment.payer && e.payee === payment.payee).length + 1;
    const back = between.filter((e) => e.payer === payment.payee && e.payee === payment.payer).length;
    const roundTrips = Math.min(forth, back);
    if (roundTrips < rule.minRoundTrips) {
        return undefined;
    }
    return `${roundTrips} round trips between payer and payee in ${rule.windowSeconds} s (limit ${rule.minRoundTrips})`;
}
