import { expect } from 'chai';
import { DEFAULT_RULES } from '../../../src/aml/ledger/rule-sets';
import { expectCode } from '../../support/corridor-fixture';
import { AmlWorld } from './aml-world';

const VELOCITY_TWO_PER_HOUR = { id: 'velocity-2-hour', kind: 'velocity', windowSeconds: 3600, maxCount: 2, action: 'hold', reviewers: 'payer-bank' };

describe('AML rules on the ledger', () => {
    let world: AmlWorld;

    beforeEach(async () => {
        world = await AmlWorld.start();
    });

    describe('the rule set and its versions', () => {
        it('when the consortium is founded, then the default rule set is version 1, approved by the founding bank', async () => {
            const genesis = await world.corridor.evaluate('RegulatorMSP', (ctx) => world.corridor.compliance.GetRuleSet(ctx, '1'));
            expect(genesis).to.include({ version: 1, proposalId: 'genesis', proposedBy: 'Bank1MSP', approvedAt: '2026-11-18T10:00:00.000Z' });
            expect(genesis.approvedBy).to.deep.equal(['Bank1MSP']);
            expect((genesis.rules as Array<{ id: string }>).map((rule) => rule.id)).to.deep.equal(DEFAULT_RULES.map((rule) => rule.id));
        });

        it('when a majority approves a new rule set, then it becomes version 2 with who approved it and when, and version 1 stays readable', async () => {
            world.corridor.advance(60);
            await world.adoptRules([VELOCITY_TWO_PER_HOUR]);
            const versions = await world.corridor.evaluate<Array<{ version: number; approvedBy: string[]; approvedAt: string; proposalId: string }>>('Bank3MSP', (ctx) =>
                world.corridor.compliance.ListRuleSets(ctx));
            expect(versions.map((entry) => entry.version)).to.deep.equal([1, 2]);
            expect(versions[1]).to.deep.include({ approvedBy: ['Bank1MSP', 'Bank2MSP'], approvedAt: '2026-11-18T10:01:00.000Z', proposalId: 'aml-1' });
            const payment = await world.corridor.pay(world.alice, world.bob, '10.00');
            expect(payment.aml).to.include({ ruleSetVersion: 2, decision: 'allow' });
        });

        it('when only a minority approves, then the rule set does not change; once a majority rejects, the proposal closes', async () => {
            const proposal = await world.proposeRules([VELOCITY_TWO_PER_HOUR]);
            expect(proposal.status).to.equal('open');
            await expectCode(world.corridor.evaluate('Bank1MSP', (ctx) => world.corridor.compliance.GetRuleSet(ctx, '2')), 'NOT_FOUND');
            await world.corridor.submit('Bank2MSP', (ctx) => world.corridor.members.RejectProposal(ctx, proposal.proposalId));
            const closed = await world.corridor.submit('Bank3MSP', (ctx) => world.corridor.members.RejectProposal(ctx, proposal.proposalId));
            expect(closed.status).to.equal('rejected');
            expect((await world.corridor.pay(world.alice, world.bob, '10.00')).aml).to.include({ ruleSetVersion: 1 });
        });

        it('when a proposed rule set is malformed, then INVALID_ARGUMENT and no proposal is recorded', async () => {
            await expectCode(world.proposeRules([{ ...VELOCITY_TWO_PER_HOUR, reviewers: undefined }]), 'INVALID_ARGUMENT', 'reviewers');
            await expectCode(world.proposeRules([{ ...VELOCITY_TWO_PER_HOUR, id: 'has:colon' }]), 'INVALID_ARGUMENT', 'id');
            await expectCode(world.corridor.evaluate('Bank1MSP', (ctx) => world.corridor.members.GetProposal(ctx, 'aml-1')), 'NOT_FOUND');
        });
    });

    describe('screening every payment', () => {
        it('when a payment is under every threshold, then it settles and records the version, no fired rule and allow', async () => {
            const payment = await world.corridor.pay(world.alice, world.bob, '100.00');
            expect(payment.status).to.equal('settled');
            expect(payment.aml).to.deep.equal({ ruleSetVersion: 1, decision: 'allow', fired: [] });
        });

        it('when a payment is over 15,000.00 EUR, then it is held for the payer bank\'s review with an alert, and settling it outside the review is refused', async () => {
            const held = await world.corridor.pay(world.alice, world.bob, '20000.00');
            expect(held.status).to.equal('held');
            expect(held.hold).to.include({ reason: 'compliance' });
            expect(held.aml).to.deep.include({ decision: 'hold', reviewers: 'payer-bank' });
            expect((held.aml as { fired: Array<{ ruleId: string }> }).fired.map((rule) => rule.ruleId)).to.deep.equal(['large-eur']);
            expect(await world.corridor.balance(world.alice)).to.include({ available: '80000.00', reserved: '20000.00' });
            expect((await world.queue('Bank1MSP')).map((entry) => entry.paymentId)).to.deep.equal([held.paymentId]);
            expect(await world.queue('Bank2MSP')).to.deep.equal([]);
            await expectCode(world.corridor.submit('Bank1MSP', (ctx) => world.corridor.payments.SettlePayment(ctx, held.paymentId as string)), 'INVALID_STATE', 'AML review');
            await expectCode(world.corridor.submit('Bank1MSP', (ctx) => world.corridor.payments.RejectPayment(ctx, held.paymentId as string, 'no')), 'INVALID_STATE', 'AML review');
        });

        it('when the reviewer releases a held payment with a reason, then it settles in the same transaction and the review records the step', async () => {
            const held = await world.corridor.pay(world.alice, world.bob, '20000.00');
            const outcome = await world.review(held.paymentId as string, 'release', 'source of funds documented');
            expect(outcome.review.status).to.equal('released');
            expect(outcome.payment.status).to.equal('settled');
            expect(await world.corridor.balance(world.bob)).to.include({ available: '20000.00' });
            expect(world.corridor.ledger.events.at(-1)?.name).to.equal('PaymentSettled');
            expect(await world.queue('Bank1MSP')).to.deep.equal([]);
            expect((await world.queue('Bank1MSP', 'Bank1MSP', 'false'))[0]).to.include({ status: 'released' });
            await expectCode(world.review(held.paymentId as string, 'reject', 'too late'), 'REVIEW_INVALID_TRANSITION');
        });

        it('when a velocity limit is breached, then the payment is held, and rejected in review the funds return', async () => {
            await world.adoptRules([VELOCITY_TWO_PER_HOUR]);
            await world.corridor.pay(world.alice, world.bob, '10.00');
            // The first payment is in the payer's list and in its pair list: counted once.
            expect((await world.corridor.pay(world.alice, world.bob, '10.00')).status).to.equal('settled');
            const held = await world.corridor.pay(world.alice, world.bob, '10.00');
            expect(held.status).to.equal('held');
            expect((held.aml as { fired: Array<{ ruleId: string; detail: string }> }).fired[0]).to.include({ ruleId: 'velocity-2-hour' });
            const outcome = await world.review(held.paymentId as string, 'reject', 'structuring pattern');
            expect(outcome.payment.status).to.equal('rejected');
            expect(await world.corridor.balance(world.alice)).to.include({ available: '99980.00', reserved: '0.00' });
            world.corridor.advance(3600);
            expect((await world.corridor.pay(world.alice, world.bob, '10.00')).status).to.equal('settled');
        });

        it('when one payer pays one payee 31 times in an hour under the default rules, then the first 30 settle and the 31st is held: each payment counts once', async () => {
            for (let count = 1; count <= 30; count += 1) {
                expect((await world.corridor.pay(world.alice, world.bob, '1.00')).status, `payment ${count}`).to.equal('settled');
            }
            const held = await world.corridor.pay(world.alice, world.bob, '1.00');
            expect(held.status).to.equal('held');
            expect((held.aml as { fired: Array<{ ruleId: string; detail: string }> }).fired[0]).to.include({ ruleId: 'velocity-hour', detail: '31 payments in 3600 s exceed the limit of 30' });
        });

        it('when the payee is flagged high-risk, then both banks review and the release needs each bank\'s approval', async () => {
            await expectCode(world.corridor.submit('Bank1MSP', (ctx) => world.corridor.accounts.SetHighRisk(ctx, world.bob.address, 'true', 'PEP')), 'UNAUTHORIZED');
            const flagged = await world.corridor.submit('Bank2MSP', (ctx) => world.corridor.accounts.SetHighRisk(ctx, world.bob.address, 'true', 'politically exposed person'));
            expect(flagged).to.include({ highRisk: true });
            expect(world.corridor.ledger.events.at(-1)?.name).to.equal('AccountRiskChanged');
            const held = await world.corridor.pay(world.alice, world.bob, '10.00');
            expect(held.aml).to.deep.include({ decision: 'hold', reviewers: 'both-banks' });
            expect((await world.queue('Bank2MSP')).map((entry) => entry.paymentId)).to.deep.equal([held.paymentId]);
            const first = await world.review(held.paymentId as string, 'release', 'payer known for years');
            expect(first.review).to.deep.include({ status: 'pending', approvals: ['Bank1MSP'] });
            expect(first.payment.status).to.equal('held');
            expect(world.corridor.ledger.events.at(-1)?.name).to.equal('PaymentReviewed');
            await expectCode(world.review(held.paymentId as string, 'release', 'again'), 'REVIEW_ALREADY_APPROVED');
            await expectCode(world.review(held.paymentId as string, 'release', 'not ours', 'Bank3MSP'), 'UNAUTHORIZED');
            const second = await world.review(held.paymentId as string, 'release', 'PEP checks done', 'Bank2MSP');
            expect(second.payment.status).to.equal('settled');
            await world.corridor.submit('Bank2MSP', (ctx) => world.corridor.accounts.SetHighRisk(ctx, world.bob.address, 'false', 'review closed'));
            expect((await world.corridor.pay(world.alice, world.bob, '10.00')).status).to.equal('settled');
        });

        it('when a reviewer escalates, then the regulator\'s queue shows it and the bank records the outcome afterwards', async () => {
            const held = await world.corridor.pay(world.alice, world.bob, '20000.00');
            const escalated = await world.review(held.paymentId as string, 'escalate', 'possible sanctions nexus');
            expect(escalated.review.status).to.equal('escalated');
            expect(await world.queue('RegulatorMSP')).to.deep.equal([{ ...(await world.queue('RegulatorMSP'))[0], paymentId: held.paymentId, status: 'escalated' }]);
            await expectCode(world.queue('Bank1MSP', 'Bank2MSP'), 'UNAUTHORIZED');
            expect((await world.queue('Bank1MSP', 'RegulatorMSP'))[0]).to.include({ status: 'escalated' });
            await expectCode(world.review(held.paymentId as string, 'escalate', 'twice'), 'REVIEW_INVALID_TRANSITION');
            const released = await world.review(held.paymentId as string, 'release', 'regulator cleared it');
            expect(released.payment.status).to.equal('settled');
            expect((await world.queue('RegulatorMSP', 'RegulatorMSP', 'false'))[0]).to.include({ status: 'released' });
        });

        it('when the payee is on the blocked list, then AML_REJECTED and nothing at all changes', async () => {
            await world.adoptRules([{ id: 'blocked', kind: 'blocked-address', addresses: [world.bob.address], action: 'reject' }]);
            const before = world.corridor.ledger.fingerprint();
            const events = world.corridor.ledger.events.length;
            await expectCode(world.corridor.pay(world.alice, world.bob, '10.00'), 'AML_REJECTED', 'blocked');
            expect(world.corridor.ledger.fingerprint()).to.equal(before);
            expect(world.corridor.ledger.events.length).to.equal(events);
        });

        it('when the same two accounts pay each other back and forth three times in a day, then a related-parties alert is raised and the payment still settles', async () => {
            for (let round = 0; round < 2; round += 1) {
                await world.corridor.pay(world.alice, world.bob, '10.00');
                await world.corridor.pay(world.bob, world.alice, '5.00');
            }
            await world.corridor.pay(world.alice, world.bob, '10.00');
            const third = await world.corridor.pay(world.bob, world.alice, '5.00');
            expect(third.status).to.equal('settled');
            expect(third.aml).to.deep.include({ decision: 'allow' });
            expect((third.aml as { fired: Array<{ ruleId: string }> }).fired.map((rule) => rule.ruleId)).to.deep.equal(['round-trips-day']);
            const alerts = await world.alerts('Bank2MSP');
            expect(alerts.map((alert) => alert.id)).to.deep.equal([`${third.paymentId as string}:round-trips-day`]);
        });

        it('when payments age out of the longest window, then the activity lists drop them and a day later the round trips start again from zero', async () => {
            const payerState = (): { sent: unknown[] } => world.corridor.ledger.entries('\u0000corridor.payer-state\u0000').find((entry) => entry.key.includes(world.bob.address))?.value as { sent: unknown[] };
            const pairs = (): Array<{ key: string; value: unknown }> => world.corridor.ledger.entries('\u0000corridor.aml-pairs\u0000');
            for (let round = 0; round < 2; round += 1) {
                await world.corridor.pay(world.alice, world.bob, '10.00');
                await world.corridor.pay(world.bob, world.alice, '5.00');
            }
            expect(payerState().sent).to.have.length(2);
            expect(pairs().map((pair) => (pair.value as unknown[]).length)).to.deep.equal([4]);
            world.corridor.advance(86_400);
            await world.corridor.pay(world.alice, world.bob, '10.00');
            const next = await world.corridor.pay(world.bob, world.alice, '5.00');
            expect((next.aml as { fired: unknown[] }).fired).to.deep.equal([]);
            expect(payerState().sent).to.have.length(1);
            expect(pairs().map((pair) => (pair.value as unknown[]).length)).to.deep.equal([2]);
        });
    });

    describe('alerts and the audit trail', () => {
        it('when a rule fires, then both banks of the payment and the regulator read the alert, and a third bank may not', async () => {
            const held = await world.corridor.pay(world.alice, world.bob, '20000.00');
            const expected = [{ id: `${held.paymentId as string}:large-eur`, ruleId: 'large-eur', paymentId: held.paymentId as string, kind: 'amount-threshold' }];
            for (const [msp, reader] of [['Bank1MSP', 'Bank1MSP'], ['Bank2MSP', 'Bank2MSP'], ['Bank1MSP', 'RegulatorMSP']] as const) {
                const alerts = await world.alerts(msp, reader);
                expect(alerts.map(({ id, ruleId, paymentId, kind }) => ({ id, ruleId, paymentId, kind }))).to.deep.equal(expected);
            }
            expect(await world.alerts('Bank3MSP')).to.deep.equal([]);
            await expectCode(world.alerts('Bank1MSP', 'Bank3MSP'), 'UNAUTHORIZED');
            expect((await world.alerts('*', 'RegulatorMSP')).map((alert) => alert.id)).to.deep.equal([expected[0]?.id]);
            await expectCode(world.alerts('*', 'Bank1MSP'), 'UNAUTHORIZED');
        });

        it('when the regulator reads a reviewed payment\'s trail, then it gets the payment, its screening, the alerts, the review steps and every version of the record', async () => {
            const held = await world.corridor.pay(world.alice, world.bob, '20000.00');
            await world.review(held.paymentId as string, 'escalate', 'unusual for this customer');
            await world.review(held.paymentId as string, 'release', 'documents received');
            const trail = await world.corridor.evaluate<{ payment: { status: string }; alerts: unknown[]; review: { history: Array<{ action: string; reason: string; reviewerMsp: string }> }; versions: unknown[] }>(
                'RegulatorMSP', (ctx) => world.corridor.compliance.GetPaymentTrail(ctx, held.paymentId as string));
            expect(trail.payment.status).to.equal('settled');
            expect(trail.alerts).to.have.length(1);
            expect(trail.review.history.map((step) => [step.action, step.reviewerMsp])).to.deep.equal([['escalate', 'Bank1MSP'], ['release', 'Bank1MSP']]);
            // Held, then settled: the escalation is a step of the review, not a version of the payment.
            expect(trail.versions).to.have.length(2);
            await expectCode(world.corridor.evaluate('Bank3MSP', (ctx) => world.corridor.compliance.GetPaymentTrail(ctx, held.paymentId as string)), 'UNAUTHORIZED');
        });

        it('when a review step names a payment without a review, an unknown action or no reason, then NOT_FOUND or INVALID_ARGUMENT', async () => {
            const settled = await world.corridor.pay(world.alice, world.bob, '10.00');
            await expectCode(world.review(settled.paymentId as string, 'release', 'why'), 'NOT_FOUND');
            const held = await world.corridor.pay(world.alice, world.bob, '20000.00');
            await expectCode(world.review(held.paymentId as string, 'approve', 'why'), 'INVALID_ARGUMENT');
            await expectCode(world.review(held.paymentId as string, 'release', ''), 'INVALID_ARGUMENT');
            await expectCode(world.review(held.paymentId as string, 'release', 'regulator', 'RegulatorMSP'), 'UNAUTHORIZED');
        });

        it('when the payer cancels a payment under review, then the review can no longer settle it (INVALID_STATE) and nothing is deleted', async () => {
            const held = await world.corridor.pay(world.alice, world.bob, '20000.00');
            await world.corridor.submit('Bank1MSP', (ctx) => world.corridor.payments.CancelPayment(ctx, world.corridor.cancellation(world.alice, held.paymentId as string)));
            await expectCode(world.review(held.paymentId as string, 'release', 'late'), 'INVALID_STATE');
            expect(await world.queue('Bank1MSP')).to.deep.equal([]);
            expect((await world.queue('Bank1MSP', 'Bank1MSP', 'false'))[0]).to.include({ status: 'cancelled' });
            expect(world.corridor.ledger.entries(`\u0000corridor.aml-review\u0000${held.paymentId as string}\u0000`)).to.have.length(1);
        });
    });
});
