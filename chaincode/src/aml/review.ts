import { fail } from '../errors';
import { instantMillis, isoInstant } from '../fx/instant';
import { ReviewerScope } from './rule-set';

/**
 * The review of a held payment. pending -> released | rejected | escalated, and
 * escalated -> released | rejected; every step at most once, with reason, reviewer
 * MSP and time kept in the history, which is only ever appended to.
 *
 * With both banks reviewing, a release needs each bank's approval (four eyes across
 * institutions) while either bank may reject or escalate alone. Escalation clears
 * earlier approvals: the decision is made again with the regulator's answer. The
 * regulator is read-only on the ledger, so after escalation the reviewing banks
 * record the outcome.
 */
export const REVIEW_ACTIONS = ['release', 'reject', 'escalate'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];
export type ReviewStatus = 'pending' | 'escalated' | 'released' | 'rejected';

export const MAX_REASON = 500;

export interface ReviewEvent {
    readonly action: ReviewAction;
    readonly from: ReviewStatus;
    readonly to: ReviewStatus;
    readonly reason: string;
    readonly reviewerMsp: string;
    readonly at: string;
}

export interface Review {
    readonly paymentId: string;
    readonly scope: ReviewerScope;
    /** The MSPs whose compliance officers review, payer's bank first. */
    readonly reviewerMsps: readonly string[];
    readonly status: ReviewStatus;
    /** Banks that approved a release in the current round. */
    readonly approvals: readonly string[];
    readonly openedAt: string;
    readonly history: readonly ReviewEvent[];
}

export interface ReviewStep {
    readonly action: ReviewAction;
    readonly reason: string;
    readonly reviewerMsp: string;
    readonly at: string;
}

const NEXT: Readonly<Record<ReviewStatus, Partial<Record<ReviewAction, ReviewStatus>>>> = {
    pending: { release: 'released', reject: 'rejected', escalate: 'escalated' },
    escalated: { release: 'released', reject: 'rejected' },
    released: {},
    rejected: {},
};

export function openReview(paymentId: string, scope: ReviewerScope, payerBankMsp: string, payeeBankMsp: string, at: string): Review {
    const reviewerMsps = scope === 'both-banks' && payeeBankMsp !== payerBankMsp ? [payerBankMsp, payeeBankMsp] : [payerBankMsp];
    return { paymentId, scope, reviewerMsps, status: 'pending', approvals: [], openedAt: isoInstant(instantMillis(at, 'at')), history: [] };
}

export function isReviewFinal(review: Review): boolean {
    return review.status === 'released' || review.status === 'rejected';
}

/** Applies one reviewer step; checks run in precedence order and the input is never mutated. */
export function applyReviewStep(review: Review, step: ReviewStep): Review {
    if (!(REVIEW_ACTIONS as readonly string[]).includes(step.action)) {
        fail('INVALID_ARGUMENT', `action must be one of ${REVIEW_ACTIONS.join(', ')}`);
    }
    if (typeof step.reason !== 'string' || step.reason.trim().length === 0 || step.reason.length > MAX_REASON) {
        fail('INVALID_ARGUMENT', `reason must be 1-${MAX_REASON} characters`);
    }
    const at = isoInstant(instantMillis(step.at, 'at'));
    if (!review.reviewerMsps.includes(step.reviewerMsp)) {
        fail('UNAUTHORIZED', `${step.reviewerMsp} does not review payment ${review.paymentId}`);
    }
    const next = NEXT[review.status][step.action];
    if (next === undefined) {
        return fail('REVIEW_INVALID_TRANSITION', `a ${review.status} review cannot ${step.action}`);
    }
    if (step.action === 'release' && review.approvals.includes(step.reviewerMsp)) {
        fail('REVIEW_ALREADY_APPROVED', `${step.reviewerMsp} already approved the release of ${review.paymentId}`);
    }
    const approvals = step.action === 'release' ? [...review.approvals, step.reviewerMsp] : [];
    const complete = step.action !== 'release' || review.reviewerMsps.every((msp) => approvals.includes(msp));
    const to = complete ? next : review.status;
    const event: ReviewEvent = { action: step.action, from: review.status, to, reason: step.reason, reviewerMsp: step.reviewerMsp, at };
    return { ...review, status: to, approvals, history: [...review.history, event] };
}
