import { AmlEvaluation, AmlPayment } from './evaluate';
import { AmlAction, RuleKind, Severity } from './rule-set';

/**
 * Every fired rule raises one alert. The id is derived from the payment id and the
 * rule id, so re-evaluating the same payment raises the same alerts, never twins.
 */
export interface AmlAlert {
    readonly id: string;
    readonly paymentId: string;
    readonly ruleId: string;
    readonly ruleSetVersion: number;
    readonly kind: RuleKind;
    readonly severity: Severity;
    readonly action: AmlAction;
    readonly detail: string;
    readonly payer: string;
    readonly payee: string;
    readonly raisedAt: string;
}

/** ':' never appears in rule ids (RULE_ID_PATTERN), so the id splits at its last ':' into one pair. */
export function alertId(paymentId: string, ruleId: string): string {
    return `${paymentId}:${ruleId}`;
}

export function alertsFor(evaluation: AmlEvaluation, payment: AmlPayment): AmlAlert[] {
    return evaluation.fired.map((rule) => ({
        id: alertId(payment.id, rule.ruleId),
        paymentId: payment.id,
        ruleId: rule.ruleId,
        ruleSetVersion: evaluation.ruleSetVersion,
        kind: rule.kind,
        severity: rule.severity,
        action: rule.action,
        detail: rule.detail,
        payer: payment.payer,
        payee: payment.payee,
        raisedAt: payment.at,
    }));
}
