import { AmlAlert, applyReviewStep, parseReview, Review, REVIEW_ACTIONS, ReviewAction } from '../model';
import { decodeRecord, decodeShape, text } from '../../core/decode';
import { fail } from '../../core/errors';
import { parsePageSize, requireId, requireObject, requireOneOf } from '../../core/validation';
import { OBJECT } from '../../core/keys';
import { isRegulator, readMember, regulatorMsps, requireActiveBank } from '../../members/members';
import { release, requireHeld, settleFunds } from '../../payments/payments';
import { Payment, readPayment } from '../../payments/records';
import { KeyModification, LedgerStore } from '../../core/store';
import { decodeAlert, decodeQueueEntry, QueueEntry, writeQueueEntry } from './screen';

/**
 * The review of payments the AML rules held. A reviewing bank's compliance officers
 * release, reject or escalate to the regulator, each step with a reason, each kept in
 * the review's history (aml/review.ts is the state machine). A completed release settles
 * the payment in the same transaction; a rejection returns the reservation (and voids a
 * conversion's quote). Escalation puts the payment in each regulator member's queue; the
 * regulator is read-only, so the reviewing banks record the outcome afterwards.
 * Nothing here deletes anything: queue entries change status, reviews only grow.
 */

export interface ReviewOutcome {
    review: Review;
    payment: Payment;
}

async function readReview(store: LedgerStore, paymentId: string): Promise<Review> {
    const stored = await store.get(store.key(OBJECT.amlReview, [paymentId]));
    if (stored === undefined) {
        return fail('NOT_FOUND', `payment ${paymentId} has no AML review`);
    }
    try {
        return parseReview(stored);
    } catch (err) {
        return fail('CONFLICT', `stored review of ${paymentId} is malformed (${(err as Error).message})`);
    }
}

/** {"paymentId", "action": "release" | "reject" | "escalate", "reason"}, by a reviewing bank. */
export async function reviewPayment(store: LedgerStore, caller: string, value: unknown): Promise<ReviewOutcome> {
    const fields = requireObject(value, 'review step', ['paymentId', 'action', 'reason']);
    const paymentId = requireId(fields.paymentId, 'paymentId');
    const action: ReviewAction = requireOneOf(fields.action, 'action', REVIEW_ACTIONS);
    await requireActiveBank(store, caller);
    const current = await readReview(store, paymentId);
    const review = applyReviewStep(current, { action, reason: fields.reason as string, reviewerMsp: caller, at: store.txTime });
    const payment = await requireHeld(store, paymentId);
    await store.put(store.key(OBJECT.amlReview, [paymentId]), review);
    const queued = { paymentId, payer: payment.payer, payee: payment.payee, payerBank: payment.payerBank, payeeBank: payment.payeeBank, openedAt: review.openedAt };
    for (const msp of review.reviewerMsps) {
        await writeQueueEntry(store, msp, queued, review.status);
    }
    if (action === 'escalate' || current.status === 'escalated') {
        for (const regulator of await regulatorMsps(store)) {
            await writeQueueEntry(store, regulator, queued, review.status);
        }
    }
    const note = `AML review ${action} by ${caller}: ${review.history[review.history.length - 1]?.reason ?? ''}`;
    if (review.status === 'released') {
        return { review, payment: await settleFunds(store, payment, note) };
    }
    if (review.status === 'rejected') {
        return { review, payment: await release(store, payment, 'rejected', 'PaymentRejected', note) };
    }
    store.emit('PaymentReviewed', { paymentId, action, status: review.status, reviewer: caller, reason: fields.reason, approvals: review.approvals, txId: store.txId, time: store.txTime });
    return { review, payment };
}

/** Banks read what concerns them; the regulator reads everything. */
async function requireReader(store: LedgerStore, caller: string, allowed: readonly string[], what: string): Promise<void> {
    if (allowed.includes(caller)) {
        return;
    }
    if (!isRegulator(await readMember(store, caller))) {
        fail('UNAUTHORIZED', `${caller} may not read ${what}`);
    }
}

/** A review queue: the caller's own, or any bank's (and the escalations) for the regulator. */
export async function reviewQueue(store: LedgerStore, caller: string, mspId: unknown, openOnly: unknown): Promise<QueueEntry[]> {
    const msp = requireId(mspId, 'mspId');
    await requireReader(store, caller, [msp], `the review queue of ${msp}`);
    const all = (await store.range(OBJECT.amlQueue, [msp])).map((record) => decodeQueueEntry(record.value));
    return openOnly === 'false' ? all : all.filter((entry) => entry.status === 'pending' || entry.status === 'escalated');
}

/**
 * Alerts raised on payments of a bank (payer's or payee's side), oldest first; mspId "*"
 * pages through every alert on the channel (by alert id), for the regulator only.
 */
export async function alertsOf(store: LedgerStore, caller: string, mspId: unknown, pageSize: unknown, bookmark: unknown): Promise<{ alerts: AmlAlert[]; bookmark: string }> {
    const all = mspId === '*';
    const msp = all ? '*' : requireId(mspId, 'mspId');
    const size = parsePageSize(pageSize);
    if (typeof bookmark !== 'string' || bookmark.length > 512) {
        fail('INVALID_ARGUMENT', 'bookmark must be a string of at most 512 characters');
    }
    await requireReader(store, caller, all ? [] : [msp], all ? 'every alert' : `the alerts of ${msp}`);
    if (all) {
        const page = await store.page(OBJECT.amlAlert, [], size, bookmark as string);
        return { alerts: page.records.map((record) => decodeAlert(record.value)), bookmark: page.bookmark };
    }
    const page = await store.page(OBJECT.amlAlertByBank, [msp], size, bookmark as string);
    const alerts: AmlAlert[] = [];
    for (const record of page.records) {
        const { alertId } = decodeShape<{ alertId: string }>('alert index entry', record.value, { required: { alertId: text } });
        alerts.push(decodeAlert(await store.get(store.key(OBJECT.amlAlert, [alertId]))));
    }
    return { alerts, bookmark: page.bookmark };
}

export interface PaymentTrail {
    payment: Payment;
    review?: Review;
    alerts: AmlAlert[];
    /** Every committed version of the payment record, with its transaction and time. */
    versions: KeyModification[];
}

/** The full trail of one payment: for its two banks and the regulator. */
export async function paymentTrail(store: LedgerStore, caller: string, paymentId: unknown): Promise<PaymentTrail> {
    const payment = await readPayment(store, paymentId);
    await requireReader(store, caller, [payment.payerBank, payment.payeeBank], `the trail of ${payment.paymentId}`);
    const alerts: AmlAlert[] = [];
    for (const rule of payment.aml?.fired ?? []) {
        const alert = await store.get(store.key(OBJECT.amlAlert, [`${payment.paymentId}:${rule.ruleId}`]));
        if (alert !== undefined) {
            alerts.push(decodeAlert(alert));
        }
    }
    const review = await store.get(store.key(OBJECT.amlReview, [payment.paymentId]));
    return {
        payment,
        ...(review !== undefined ? { review: decodeRecord('review', () => parseReview(review)) } : {}),
        alerts,
        versions: await store.history(store.key(OBJECT.payment, [payment.paymentId])),
    };
}
