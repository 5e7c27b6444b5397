import { canonicalize } from '../../core/codec';
import { fail } from '../../core/errors';
import { requireId, requireObject } from '../../core/validation';
import { instantMillis, isoInstant } from '../../core/validation';
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

const REVIEW_FIELDS = ['paymentId', 'scope', 'reviewerMsps', 'status', 'approvals', 'openedAt', 'history'];
const EVENT_FIELDS = ['action', 'from', 'to', 'reason', 'reviewerMsp', 'at'];
const STATUSES: readonly string[] = ['pending', 'escalated', 'released', 'rejected'];
const MSP_PATTERN = /^[A-Za-z0-9.-]{1,64}$/;

/**
 * Re-validates a review decoded from state by replaying its history from the
 * opening: a record whose status, approvals or history disagree is refused.
 */
export function parseReview(value: unknown): Review {
    const input = requireObject(value, 'review', REVIEW_FIELDS);
    const { paymentId, scope, reviewerMsps, status, approvals, openedAt, history } = input;
    const id = requireId(paymentId, 'paymentId');
    if (scope !== 'payer-bank' && scope !== 'both-banks') {
        return fail('INVALID_ARGUMENT', 'review scope is malformed');
    }
    const msps = Array.isArray(reviewerMsps) ? reviewerMsps : [];
    const [payerBank, payeeBank = payerBank] = msps;
    if (msps.length < 1 || msps.length > 2 || !msps.every((msp) => typeof msp === 'string' && MSP_PATTERN.test(msp))) {
        return fail('INVALID_ARGUMENT', 'review reviewerMsps is malformed');
    }
    if (typeof status !== 'string' || !STATUSES.includes(status) || !Array.isArray(approvals) || !Array.isArray(history)) {
        return fail('INVALID_ARGUMENT', 'review status, approvals or history is malformed');
    }
    let replayed = openReview(id, scope, payerBank as string, payeeBank as string, openedAt as string);
    for (const [index, event] of history.entries()) {
        const step = requireObject(event, `history[${index}]`, EVENT_FIELDS);
        replayed = replayStep(replayed, step, index);
        const last = replayed.history[replayed.history.length - 1];
        if (last?.from !== step['from'] || last?.to !== step['to'] || last?.at !== step['at']) {
            fail('INVALID_ARGUMENT', `review history[${index}] does not follow from the events before it`);
        }
    }
    if (canonicalize(replayed) !== canonicalize(input)) {
        fail('INVALID_ARGUMENT', 'review status, approvals or reviewers disagree with its history');
    }
    return replayed;
}

function replayStep(review: Review, step: Record<string, unknown>, index: number): Review {
    try {
        return applyReviewStep(review, {
            action: step['action'] as ReviewAction, reason: step['reason'] as string, reviewerMsp: step['reviewerMsp'] as string, at: step['at'] as string,
        });
    } catch (err) {
        // A stored step that no longer applies is a corrupt record, not a reviewer's mistake.
        return fail('INVALID_ARGUMENT', `review history[${index}] is not a valid step (${(err as Error).message})`);
    }
}
