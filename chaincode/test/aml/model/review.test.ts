import { expect } from 'chai';
import { canonicalize } from '../../../src/core/codec';
import { applyReviewStep, MAX_REASON, openReview, parseReview, Review, ReviewStep } from '../../../src/aml/model';
import { expectCode } from './fixtures';

const OPENED = '2026-11-28T12:00:00.000Z';
const step = (overrides: Partial<ReviewStep> = {}): ReviewStep => ({
    action: 'release', reason: 'source of funds documented', reviewerMsp: 'Bank1MSP', at: '2026-11-28T13:00:00.000Z', ...overrides,
});
const payerBank = (): Review => openReview('pay-1', 'payer-bank', 'Bank1MSP', 'Bank2MSP', OPENED);
const bothBanks = (): Review => openReview('pay-1', 'both-banks', 'Bank1MSP', 'Bank2MSP', OPENED);

describe('aml review of held payments', () => {
    it('when a review opens, then it is pending with the reviewing banks', () => {
        expect(payerBank()).to.deep.equal({ paymentId: 'pay-1', scope: 'payer-bank', reviewerMsps: ['Bank1MSP'], status: 'pending', approvals: [], openedAt: OPENED, history: [] });
        expect(bothBanks().reviewerMsps).to.deep.equal(['Bank1MSP', 'Bank2MSP']);
        expect(openReview('pay-1', 'both-banks', 'Bank1MSP', 'Bank1MSP', OPENED).reviewerMsps).to.deep.equal(['Bank1MSP']);
    });

    it('when the payer bank releases, then the review is released with reason, reviewer and time recorded', () => {
        const review = payerBank();
        const released = applyReviewStep(review, step());
        expect(released.status).to.equal('released');
        expect(released.history).to.deep.equal([
            { action: 'release', from: 'pending', to: 'released', reason: 'source of funds documented', reviewerMsp: 'Bank1MSP', at: '2026-11-28T13:00:00.000Z' },
        ]);
        expect(review.status).to.equal('pending'); // the input is not mutated
    });

    it('when the payer bank rejects, then the review is rejected', () => {
        expect(applyReviewStep(payerBank(), step({ action: 'reject' })).status).to.equal('rejected');
    });

    it('when a review is escalated, then it can still be released or rejected once', () => {
        const escalated = applyReviewStep(payerBank(), step({ action: 'escalate', reason: 'regulator asked' }));
        expect(escalated.status).to.equal('escalated');
        expect(applyReviewStep(escalated, step()).status).to.equal('released');
        const rejected = applyReviewStep(escalated, step({ action: 'reject' }));
        expect(rejected.history.map((e) => `${e.from}>${e.to}`)).to.deep.equal(['pending>escalated', 'escalated>rejected']);
    });

    it('when an escalated review is escalated again, then REVIEW_INVALID_TRANSITION', () => {
        const escalated = applyReviewStep(payerBank(), step({ action: 'escalate' }));
        expectCode(() => applyReviewStep(escalated, step({ action: 'escalate' })), 'REVIEW_INVALID_TRANSITION', 'escalated review cannot escalate');
    });

    it('when a released or rejected review gets any step, then REVIEW_INVALID_TRANSITION', () => {
        const released = applyReviewStep(payerBank(), step());
        const rejected = applyReviewStep(payerBank(), step({ action: 'reject' }));
        for (const action of ['release', 'reject', 'escalate'] as const) {
            expectCode(() => applyReviewStep(released, step({ action })), 'REVIEW_INVALID_TRANSITION');
            expectCode(() => applyReviewStep(rejected, step({ action })), 'REVIEW_INVALID_TRANSITION');
        }
    });

    it('when both banks review, then a release needs both approvals and the same bank cannot approve twice', () => {
        const first = applyReviewStep(bothBanks(), step());
        expect(first).to.deep.include({ status: 'pending', approvals: ['Bank1MSP'] });
        expect(first.history[0]).to.deep.include({ from: 'pending', to: 'pending' });
        expectCode(() => applyReviewStep(first, step()), 'REVIEW_ALREADY_APPROVED');
        const second = applyReviewStep(first, step({ reviewerMsp: 'Bank2MSP' }));
        expect(second).to.deep.include({ status: 'released', approvals: ['Bank1MSP', 'Bank2MSP'] });
    });

    it('when both banks review, then either bank alone may reject', () => {
        const approved = applyReviewStep(bothBanks(), step());
        expect(applyReviewStep(approved, step({ action: 'reject', reviewerMsp: 'Bank2MSP' }))).to.deep.include({ status: 'rejected', approvals: [] });
    });

    it('when a review is escalated after one approval, then the approval is cleared and both banks decide again', () => {
        const approved = applyReviewStep(bothBanks(), step());
        const escalated = applyReviewStep(approved, step({ action: 'escalate', reviewerMsp: 'Bank2MSP' }));
        expect(escalated).to.deep.include({ status: 'escalated', approvals: [] });
        const again = applyReviewStep(escalated, step());
        expect(again.status).to.equal('escalated');
        expect(applyReviewStep(again, step({ reviewerMsp: 'Bank2MSP' })).status).to.equal('released');
    });

    it('when another bank or the regulator acts, then UNAUTHORIZED, even on a finished review', () => {
        expectCode(() => applyReviewStep(payerBank(), step({ reviewerMsp: 'Bank2MSP' })), 'UNAUTHORIZED');
        expectCode(() => applyReviewStep(bothBanks(), step({ reviewerMsp: 'RegulatorMSP' })), 'UNAUTHORIZED');
        expectCode(() => applyReviewStep(applyReviewStep(payerBank(), step()), step({ reviewerMsp: 'Bank3MSP' })), 'UNAUTHORIZED');
    });

    it(`when the reason is ${MAX_REASON} characters it is accepted; empty or one more is INVALID_ARGUMENT`, () => {
        expect(applyReviewStep(payerBank(), step({ reason: 'x'.repeat(MAX_REASON) })).status).to.equal('released');
        expectCode(() => applyReviewStep(payerBank(), step({ reason: 'x'.repeat(MAX_REASON + 1) })), 'INVALID_ARGUMENT', 'reason');
        expectCode(() => applyReviewStep(payerBank(), step({ reason: '  ' })), 'INVALID_ARGUMENT', 'reason');
    });

    it('when the action or the time is malformed, then INVALID_ARGUMENT', () => {
        expectCode(() => applyReviewStep(payerBank(), step({ action: 'approve' as never })), 'INVALID_ARGUMENT', 'action');
        expectCode(() => applyReviewStep(payerBank(), step({ at: 'later' })), 'INVALID_ARGUMENT', 'at must be');
    });
});

describe('aml review records read back from state', () => {
    const stored = (review: Review): Record<string, unknown> => JSON.parse(canonicalize(review)) as Record<string, unknown>;
    const approved = applyReviewStep(bothBanks(), step());
    const escalated = applyReviewStep(approved, step({ action: 'escalate', reviewerMsp: 'Bank2MSP', at: '2026-11-28T14:00:00.000Z' }));

    it('when a review goes through the codec and back, then its history replays to the same review', () => {
        for (const review of [payerBank(), approved, escalated, applyReviewStep(payerBank(), step({ action: 'reject' }))]) {
            expect(parseReview(stored(review))).to.deep.equal(review);
        }
    });

    const tampered: Array<[string, (record: Record<string, unknown>) => Record<string, unknown>, string]> = [
        ['a status its history does not reach', (r) => ({ ...r, status: 'released' }), 'disagree'],
        ['an approval nobody gave', (r) => ({ ...r, approvals: ['Bank1MSP', 'Bank2MSP'] }), 'disagree'],
        ['the same bank named twice', (r) => ({ ...r, reviewerMsps: ['Bank1MSP', 'Bank1MSP'] }), 'does not follow'],
        ['a history step by an outsider', (r) => ({ ...r, history: [{ ...(r['history'] as object[])[0], reviewerMsp: 'Bank3MSP' }] }), 'not a valid step'],
        ['a history step with a rewritten outcome', (r) => ({ ...r, history: [{ ...(r['history'] as object[])[0], to: 'released' }] }), 'does not follow'],
        ['an unknown scope', (r) => ({ ...r, scope: 'regulator' }), 'scope'],
        ['no reviewing bank', (r) => ({ ...r, reviewerMsps: [] }), 'reviewerMsps'],
        ['an unknown field', (r) => ({ ...r, note: 'x' }), 'unknown field'],
    ];
    for (const [name, change, detail] of tampered) {
        it(`when a stored review has ${name}, then INVALID_ARGUMENT`, () => {
            expectCode(() => parseReview(change(stored(approved))), 'INVALID_ARGUMENT', detail);
        });
    }
});
