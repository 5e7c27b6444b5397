import { fail } from '../../core/errors';
import { currencyExponent, isCurrency, parseMinorUnits, readStoredAmount, showAmount } from '../../core/amount';
import { requireInteger, requireObject } from '../../core/validation';

/**
 * The consortium's AML rule set: versioned, validated as a whole, and evaluated the
 * same way by every endorsing peer. Amounts are bigint minor units of the rule's
 * currency in memory and major-unit decimal strings on the wire and in state, like every
 * other amount on the ledger (see ruleAmount for rule sets stored before); windows are
 * in seconds, rolling back from the payment's time.
 */
export const AML_ACTIONS = ['allow', 'hold', 'reject'] as const;
export type AmlAction = (typeof AML_ACTIONS)[number];

/** Who reviews a held payment: the payer's bank, or both banks' compliance officers. */
export const REVIEWER_SCOPES = ['payer-bank', 'both-banks'] as const;
export type ReviewerScope = (typeof REVIEWER_SCOPES)[number];

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RULE_KINDS = ['amount-threshold', 'velocity', 'high-risk', 'blocked-address', 'watched-address', 'related-parties'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** KYC tiers: 0 unverified, 1 basic, 2 verified, 3 enhanced due diligence. */
export const MAX_KYC_TIER = 3;
export const MAX_RULES = 100;
export const MAX_LIST_ADDRESSES = 1_000;
export const MAX_WINDOW_SECONDS = 30 * 24 * 60 * 60;
export const MAX_VELOCITY_COUNT = 100_000;
export const MAX_ROUND_TRIPS = 1_000;
export const MAX_DESCRIPTION = 200;
export const MAX_VERSION = 2_147_483_647;

interface RuleCommon {
    readonly id: string;
    readonly action: AmlAction;
    /** Present exactly when the action is hold. */
    readonly reviewers?: ReviewerScope;
    readonly severity: Severity;
    readonly description?: string;
}

/** Fires when a leg of the payment in `currency` is over `threshold` (optionally only for one KYC tier). */
export interface AmountThresholdRule extends RuleCommon {
    readonly kind: 'amount-threshold';
    readonly currency: string;
    readonly threshold: bigint;
    readonly kycTier?: number;
}

/** Fires when the payer's outgoing payments in the window, this one included, pass a count or amount limit. */
export interface VelocityRule extends RuleCommon {
    readonly kind: 'velocity';
    readonly windowSeconds: number;
    readonly maxCount?: number;
    /** Restricts the rule to one currency; required with maxAmount. */
    readonly currency?: string;
    readonly maxAmount?: bigint;
}

/** Fires when a flagged high-risk party is involved (over `threshold` in `currency` when given). */
export interface HighRiskRule extends RuleCommon {
    readonly kind: 'high-risk';
    readonly party: 'payer' | 'payee' | 'either';
    readonly currency?: string;
    readonly threshold?: bigint;
}

/** Fires when the payer or the payee is on the list. */
export interface AddressListRule extends RuleCommon {
    readonly kind: 'blocked-address' | 'watched-address';
    readonly addresses: readonly string[];
}

/** Fires when payer and payee have paid each other back and forth at least `minRoundTrips` times in the window. */
export interface RelatedPartiesRule extends RuleCommon {
    readonly kind: 'related-parties';
    readonly windowSeconds: number;
    readonly minRoundTrips: number;
}

export type AmlRule = AmountThresholdRule | VelocityRule | HighRiskRule | AddressListRule | RelatedPartiesRule;

export interface AmlRuleSet {
    readonly version: number;
    readonly rules: readonly AmlRule[];
}

/** Rule ids never contain ':', so an alert id paymentId:ruleId splits at its last ':' into one pair. */
export const RULE_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const ADDRESS_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
const COMMON_FIELDS = ['id', 'kind', 'action', 'reviewers', 'severity', 'description'];
const KIND_FIELDS: Readonly<Record<RuleKind, readonly string[]>> = {
    'amount-threshold': ['currency', 'threshold', 'kycTier'],
    velocity: ['windowSeconds', 'maxCount', 'currency', 'maxAmount'],
    'high-risk': ['party', 'currency', 'threshold'],
    'blocked-address': ['addresses'],
    'watched-address': ['addresses'],
    'related-parties': ['windowSeconds', 'minRoundTrips'],
};
const DEFAULT_SEVERITY: Readonly<Record<AmlAction, Severity>> = { allow: 'low', hold: 'medium', reject: 'high' };

/** Validates a whole rule set from the wire or from state (amounts as strings); never mutates its input. */
export function parseRuleSet(value: unknown): AmlRuleSet {
    const input = requireObject(value, 'rule set', ['version', 'rules']);
    requireInteger(input['version'], 'version', 1, MAX_VERSION);
    const rules = input['rules'];
    if (!Array.isArray(rules) || rules.length > MAX_RULES) {
        return fail('INVALID_ARGUMENT', `rules must be a list of at most ${MAX_RULES} rules`);
    }
    const parsed = rules.map((rule, index) => parseRule(rule, `rules[${index}]`));
    const seen = new Set<string>();
    for (const rule of parsed) {
        if (seen.has(rule.id)) {
            fail('INVALID_ARGUMENT', `rule id ${rule.id} appears twice`);
        }
        seen.add(rule.id);
    }
    return { version: input['version'] as number, rules: parsed };
}

function parseRule(value: unknown, name: string): AmlRule {
    const kind = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)['kind'] : undefined;
    if (typeof kind !== 'string' || !(RULE_KINDS as readonly string[]).includes(kind)) {
        return fail('INVALID_ARGUMENT', `${name}.kind must be one of ${RULE_KINDS.join(', ')}`);
    }
    const ruleKind = kind as RuleKind;
    const input = requireObject(value, name, [...COMMON_FIELDS, ...KIND_FIELDS[ruleKind]]);
    const common = parseCommon(input, name);
    switch (ruleKind) {
        case 'amount-threshold':
            return {
                ...common, kind: ruleKind,
                currency: requireCurrency(input['currency'], `${name}.currency`),
                threshold: ruleAmount(input['threshold'], input['currency'] as string, `${name}.threshold`, true),
                ...optionalInteger(input, 'kycTier', name, 0, MAX_KYC_TIER),
            };
        case 'velocity':
            return { ...common, kind: ruleKind, ...parseVelocityLimits(input, name) };
        case 'high-risk':
            return { ...common, kind: ruleKind, ...parseHighRiskLimits(input, name) };
        case 'blocked-address':
        case 'watched-address':
            return { ...common, kind: ruleKind, addresses: parseAddresses(input['addresses'], `${name}.addresses`) };
        case 'related-parties':
            requireInteger(input['windowSeconds'], `${name}.windowSeconds`, 1, MAX_WINDOW_SECONDS);
            requireInteger(input['minRoundTrips'], `${name}.minRoundTrips`, 1, MAX_ROUND_TRIPS);
            return { ...common, kind: ruleKind, windowSeconds: input['windowSeconds'] as number, minRoundTrips: input['minRoundTrips'] as number };
        default:
            return fail('INVALID_ARGUMENT', `${name}.kind is not supported`);
    }
}

function parseCommon(input: Record<string, unknown>, name: string): RuleCommon {
    const { id, action, reviewers, severity, description } = input;
    if (typeof id !== 'string' || !RULE_ID_PATTERN.test(id)) {
        fail('INVALID_ARGUMENT', `${name}.id must be 1-64 characters of A-Z a-z 0-9 . _ -`);
    }
    if (typeof action !== 'string' || !(AML_ACTIONS as readonly string[]).includes(action)) {
        fail('INVALID_ARGUMENT', `${name}.action must be one of ${AML_ACTIONS.join(', ')}`);
    }
    const ruleAction = action as AmlAction;
    if (ruleAction === 'hold' && (typeof reviewers !== 'string' || !(REVIEWER_SCOPES as readonly string[]).includes(reviewers))) {
        fail('INVALID_ARGUMENT', `${name}.reviewers must be one of ${REVIEWER_SCOPES.join(', ')} for a hold`);
    }
    if (ruleAction !== 'hold' && reviewers !== undefined) {
        fail('INVALID_ARGUMENT', `${name}.reviewers is only for a hold`);
    }
    if (severity !== undefined && (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity))) {
        fail('INVALID_ARGUMENT', `${name}.severity must be one of ${SEVERITIES.join(', ')}`);
    }
    if (description !== undefined && (typeof description !== 'string' || description.length > MAX_DESCRIPTION)) {
        fail('INVALID_ARGUMENT', `${name}.description must be at most ${MAX_DESCRIPTION} characters`);
    }
    return {
        id,
        action: ruleAction,
        ...(ruleAction === 'hold' ? { reviewers: reviewers as ReviewerScope } : {}),
        severity: (severity as Severity | undefined) ?? DEFAULT_SEVERITY[ruleAction],
        ...(description !== undefined ? { description: description as string } : {}),
    };
}

function parseVelocityLimits(input: Record<string, unknown>, name: string): Omit<VelocityRule, keyof RuleCommon | 'kind'> {
    requireInteger(input['windowSeconds'], `${name}.windowSeconds`, 1, MAX_WINDOW_SECONDS);
    if (input['maxCount'] === undefined && input['maxAmount'] === undefined) {
        fail('INVALID_ARGUMENT', `${name} needs maxCount, maxAmount or both`);
    }
    if (input['maxAmount'] !== undefined && input['currency'] === undefined) {
        fail('INVALID_ARGUMENT', `${name}.maxAmount needs a currency`);
    }
    return {
        windowSeconds: input['windowSeconds'] as number,
        ...optionalInteger(input, 'maxCount', name, 1, MAX_VELOCITY_COUNT),
        ...(input['currency'] !== undefined ? { currency: requireCurrency(input['currency'], `${name}.currency`) } : {}),
        ...(input['maxAmount'] !== undefined ? { maxAmount: ruleAmount(input['maxAmount'], input['currency'] as string, `${name}.maxAmount`, false) } : {}),
    };
}

function parseHighRiskLimits(input: Record<string, unknown>, name: string): Omit<HighRiskRule, keyof RuleCommon | 'kind'> {
    const party = input['party'];
    if (party !== 'payer' && party !== 'payee' && party !== 'either') {
        return fail('INVALID_ARGUMENT', `${name}.party must be payer, payee or either`);
    }
    if ((input['currency'] === undefined) !== (input['threshold'] === undefined)) {
        fail('INVALID_ARGUMENT', `${name} needs currency and threshold together or neither`);
    }
    if (input['currency'] === undefined) {
        return { party };
    }
    return {
        party,
        currency: requireCurrency(input['currency'], `${name}.currency`),
        threshold: ruleAmount(input['threshold'], input['currency'] as string, `${name}.threshold`, true),
    };
}

function parseAddresses(value: unknown, name: string): string[] {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST_ADDRESSES) {
        return fail('INVALID_ARGUMENT', `${name} must list 1-${MAX_LIST_ADDRESSES} addresses`);
    }
    const unique = new Set<string>();
    for (const address of value) {
        if (typeof address !== 'string' || !ADDRESS_PATTERN.test(address)) {
            fail('INVALID_ARGUMENT', `${name} has a malformed address`);
        }
        if (unique.has(address)) {
            fail('INVALID_ARGUMENT', `${name} lists ${address} twice`);
        }
        unique.add(address);
    }
    return [...value] as string[];
}

const WHOLE = /^(0|[1-9][0-9]*)$/;

/**
 * A rule's amount: a major-unit decimal string with exactly the currency's decimals
 * ("15000.00" EUR). Rule sets stored, and proposals filed, before that convention carried
 * minor units ("1500000"); a string without decimals in a currency that has them is read
 * in that old form, which is how stored rule sets migrate: they are read as they are and
 * written in the new form by the next adoption. The two forms cannot be confused: the new
 * one always has the decimals, and in a currency without decimals both read the same.
 */
function ruleAmount(value: unknown, currency: string, name: string, allowZero: boolean): bigint {
    if (typeof value === 'string' && WHOLE.test(value) && currencyExponent(currency) > 0) {
        return parseMinorUnits(value, name, allowZero);
    }
    let amount: bigint;
    try {
        amount = readStoredAmount(value, currency, name);
    } catch {
        return fail('INVALID_ARGUMENT', `${name} must be a decimal string with the ${currency} decimals, such as "${showAmount(150000n, currency)}"`);
    }
    if (amount === 0n && !allowZero) {
        fail('INVALID_ARGUMENT', `${name} must be positive`);
    }
    return amount;
}

/** The rules as the ledger stores and returns them: amounts in major units. */
export function encodeRules(rules: readonly AmlRule[]): Record<string, unknown>[] {
    return rules.map((rule) => {
        const encoded: Record<string, unknown> = { ...rule };
        if ('currency' in rule && rule.currency !== undefined) {
            for (const field of ['threshold', 'maxAmount'] as const) {
                const amount = (rule as Partial<Record<typeof field, bigint>>)[field];
                if (amount !== undefined) {
                    encoded[field] = showAmount(amount, rule.currency);
                }
            }
        }
        return encoded;
    });
}

function requireCurrency(value: unknown, name: string): string {
    if (!isCurrency(value)) {
        return fail('INVALID_ARGUMENT', `${name} must be a known currency`);
    }
    return value;
}

function optionalInteger(input: Record<string, unknown>, field: string, name: string, min: number, max: number): Record<string, number> {
    const value = input[field];
    if (value === undefined) {
        return {};
    }
    return { [field]: requireInteger(value, `${name}.${field}`, min, max) };
}

/**
 * How far back the caller must supply activity for `evaluate` to see every window, or
 * only the windows of one kind of rule.
 */
export function activityWindowSeconds(ruleSet: AmlRuleSet, kind?: 'velocity' | 'related-parties'): number {
    return ruleSet.rules.reduce(
        (longest, rule) => ('windowSeconds' in rule && (kind === undefined || rule.kind === kind) ? Math.max(longest, rule.windowSeconds) : longest),
        0,
    );
}
