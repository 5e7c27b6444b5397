import { AML_ACTIONS, AmlAction, AmlAlert, RULE_KINDS, SEVERITIES, AmlEvaluation, AmlPayment, activityWindowSeconds, alertsFor, evaluate, FiredRule, openReview, parseReview, ReviewerScope } from '../model';
import { decodeRecord, decodeShape, id, instant, integer, ledgerAccount, oneOf, text } from '../../core/decode';
import { fail } from '../../core/errors';
import { Account } from '../../accounts/account';
import { OBJECT } from '../../core/keys';
import { regulatorMsps } from '../../members/members';
import { LedgerStore } from '../../core/store';
import { Activity, loadActivity, recordActivity, StoredActivity } from './activity';
import { currentRuleSet } from './rule-sets';

/**
 * Screening of every payment against the rule set in force, in the payment's own
 * transaction: evaluate() is pure, the activity comes from the payer's index, the KYC
 * tier and high-risk flags from the two account records. 'reject' refuses the payment
 * (AML_REJECTED, nothing is written); 'hold' opens a review in the queue of the
 * reviewing bank(s); every fired rule raises an alert, whatever the decision.
 */

export interface ScreeningSubject {
    paymentId: string;
    payer: Account;
    payee: Account;
    /** Source currency and what the payer is debited, in minor units. */
    currency: string;
    amount: bigint;
    /** The delivered leg of a conversion. */
    target?: { currency: string; amount: bigint };
    /** The payer's recent payments, from its payer state. */
    sent: readonly StoredActivity[];
}

/** What is recorded with the payment: the version, the fired rules and the decision. */
export interface Screening {
    ruleSetVersion: number;
    decision: AmlAction;
    reviewers?: ReviewerScope;
    fired: FiredRule[];
}

export interface QueueEntry {
    paymentId: string;
    reviewerMsp: string;
    status: string;
    payer: string;
    payee: string;
    payerBank: string;
    payeeBank: string;
    openedAt: string;
    updatedAt: string;
    txId: string;
}

function amlPayment(store: LedgerStore, subject: ScreeningSubject): AmlPayment {
    return {
        id: subject.paymentId,
        payer: subject.payer.address,
        payee: subject.payee.address,
        currency: subject.currency,
        amount: subject.amount,
        at: store.txTime,
        ...(subject.target !== undefined ? { target: subject.target } : {}),
    };
}

/**
 * Evaluates the payment; refuses it when the decision is reject. Reads only; returns the
 * activity lists for recordScreening and the payer state to write.
 */
export async function screen(store: LedgerStore, subject: ScreeningSubject): Promise<{ screening: Screening; activity: Activity }> {
    const ruleSet = await currentRuleSet(store);
    const payment = amlPayment(store, subject);
    const activity = await loadActivity(store, { ...payment, paymentId: payment.id }, subject.sent, {
        sentSeconds: activityWindowSeconds(ruleSet, 'velocity'),
        pairSeconds: activityWindowSeconds(ruleSet, 'related-parties'),
    });
    const evaluation: AmlEvaluation = evaluate(ruleSet, payment, {
        payerKycTier: subject.payer.kycTier,
        payerHighRisk: subject.payer.highRisk === true,
        payeeHighRisk: subject.payee.highRisk === true,
        recent: activity.recent,
    });
    if (evaluation.decision === 'reject') {
        const rules = evaluation.fired.filter((rule) => rule.action === 'reject').map((rule) => rule.ruleId);
        fail('AML_REJECTED', `refused by AML rule set version ${evaluation.ruleSetVersion}: ${rules.join(', ')}`);
    }
    const screening: Screening = {
        ruleSetVersion: evaluation.ruleSetVersion,
        decision: evaluation.decision,
        ...(evaluation.reviewers !== undefined ? { reviewers: evaluation.reviewers } : {}),
        fired: [...evaluation.fired],
    };
    return { screening, activity };
}

/** Writes the pair activity, the alerts and, for a hold, the review and its queue entries. */
export async function recordScreening(store: LedgerStore, subject: ScreeningSubject, screening: Screening, activity: Activity): Promise<void> {
    const payment = amlPayment(store, subject);
    await recordActivity(store, payment.payer, payment.payee, activity);
    const banks = [...new Set([subject.payer.bank, subject.payee.bank])];
    for (const alert of alertsFor({ ...screening, fired: screening.fired }, payment)) {
        await store.put(store.key(OBJECT.amlAlert, [alert.id]), { ...alert, payerBank: subject.payer.bank, payeeBank: subject.payee.bank, txId: store.txId });
        for (const bank of banks) {
            await store.put(store.key(OBJECT.amlAlertByBank, [bank, alert.raisedAt, alert.id]), { alertId: alert.id });
        }
    }
    if (screening.decision === 'hold') {
        const review = openReview(payment.id, screening.reviewers ?? 'payer-bank', subject.payer.bank, subject.payee.bank, store.txTime);
        await store.put(store.key(OBJECT.amlReview, [payment.id]), review);
        for (const msp of review.reviewerMsps) {
            await writeQueueEntry(store, msp, { paymentId: payment.id, payer: payment.payer, payee: payment.payee, payerBank: subject.payer.bank, payeeBank: subject.payee.bank, openedAt: store.txTime }, 'pending');
        }
    }
}

export function decodeQueueEntry(value: unknown): QueueEntry {
    return decodeShape('review queue entry', value, {
        required: {
            paymentId: id, reviewerMsp: id, status: text, payer: ledgerAccount, payee: ledgerAccount, payerBank: id, payeeBank: id,
            openedAt: instant, updatedAt: instant, txId: text,
        },
    });
}

/** An alert as stored: the model's alert with the payment's two banks and the transaction. */
export function decodeAlert(value: unknown): AmlAlert {
    return decodeShape('alert', value, {
        required: {
            id: text, paymentId: id, ruleId: text, ruleSetVersion: integer(1, 2_147_483_647), kind: oneOf(RULE_KINDS), severity: oneOf(SEVERITIES),
            action: oneOf(AML_ACTIONS), detail: text, payer: ledgerAccount, payee: ledgerAccount, raisedAt: instant, payerBank: id, payeeBank: id, txId: text,
        },
    });
}

export async function writeQueueEntry(
    store: LedgerStore,
    reviewerMsp: string,
    payment: Pick<QueueEntry, 'paymentId' | 'payer' | 'payee' | 'payerBank' | 'payeeBank' | 'openedAt'>,
    status: string,
): Promise<void> {
    const entry: QueueEntry = { ...payment, reviewerMsp, status, updatedAt: store.txTime, txId: store.txId };
    await store.put(store.key(OBJECT.amlQueue, [reviewerMsp, payment.paymentId]), entry);
}

/**
 * A held payment under review that ends another way (cancelled by the payer, expired):
 * its queue entries say so, so open queues list only what still needs a decision. The
 * review itself is left as it was: it never reached a decision.
 */
export async function closeQueueEntries(store: LedgerStore, payment: Pick<QueueEntry, 'paymentId' | 'payer' | 'payee' | 'payerBank' | 'payeeBank'>, status: string): Promise<void> {
    const stored = await store.get(store.key(OBJECT.amlReview, [payment.paymentId]));
    if (stored === undefined) {
        return;
    }
    const review = decodeRecord('review', () => parseReview(stored));
    const escalated = review.history.some((step) => step.action === 'escalate');
    const regulators = escalated ? await regulatorMsps(store) : [];
    for (const msp of [...review.reviewerMsps, ...regulators]) {
        // Only the queue's fields: a payment passed in whole would copy the payment record into every entry.
        const { paymentId, payer, payee, payerBank, payeeBank } = payment;
        await writeQueueEntry(store, msp, { paymentId, payer, payee, payerBank, payeeBank, openedAt: review.openedAt }, status);
    }
}
