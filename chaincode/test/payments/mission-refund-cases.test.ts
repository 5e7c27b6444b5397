import { expect } from 'chai';
import { Corridor, expectCode, Holder, sha256 } from '../support/corridor-fixture';

/** The three refund cases of MISSION.md 4.5, each with its path through the ledger. */
describe('mission refund cases', () => {
    let corridor: Corridor;
    let alice: Holder;
    let bob: Holder;

    beforeEach(async () => {
        corridor = await Corridor.founded();
        alice = await corridor.openHolder('Bank1MSP');
        bob = await corridor.openHolder('Bank2MSP');
        await corridor.topUp(alice, '100.00');
    });

    describe('case 1: the instruction never made it into a block', () => {
        it('when the transaction is invalidated at commit, then no money moved and the same sequence can be paid again', async () => {
            const instruction = corridor.instruction(alice, bob, '60.00');
            const lost = corridor.ledger.begin('Bank1MSP');
            await corridor.payments.SubmitPayment(lost.ctx, JSON.stringify(instruction));
            // A top-up commits first and changes the payer's balance key the lost transaction read.
            await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.RollUpCredits(ctx, alice.address, 'EUR'));
            expect(corridor.ledger.commit(lost)).to.equal('MVCC_READ_CONFLICT');
            await expectCode(corridor.evaluate('Bank1MSP', (ctx) => corridor.payments.GetPayment(ctx, instruction.paymentId as string)), 'NOT_FOUND');
            expect(await corridor.balance(alice)).to.include({ available: '100.00' });
            const again = await corridor.pay(alice, bob, '60.00');
            expect(again).to.include({ status: 'settled', sequence: 1 });
        });

        it('when a held payment is never settled, then it expires and the reserved funds return', async () => {
            const held = await corridor.pay(alice, bob, '60.00', { hold: true });
            corridor.advance(7 * 24 * 3600);
            await corridor.submit('Bank2MSP', (ctx) => corridor.payments.ExpirePayment(ctx, held.paymentId as string));
            expect(await corridor.balance(alice)).to.include({ available: '100.00', reserved: '0.00' });
        });
    });

    describe('case 2: a wrong payee address made it fail', () => {
        it('when the payee address is mistyped, then the checksum refuses it before any money moves', async () => {
            const typo = bob.address.slice(0, -1) + (bob.address.endsWith('0') ? '1' : '0');
            const before = corridor.ledger.fingerprint();
            await expectCode(corridor.pay(alice, typo, '60.00'), 'INVALID_ADDRESS');
            expect(corridor.ledger.fingerprint()).to.equal(before);
        });

        it('when the payee account is closed, then the payment fails and nothing is deducted', async () => {
            await corridor.submit('Bank2MSP', (ctx) => corridor.accounts.CloseAccount(ctx, bob.address, 'customer left'));
            await expectCode(corridor.pay(alice, bob, '60.00'), 'ACCOUNT_CLOSED', 'payee');
            expect(await corridor.balance(alice)).to.include({ available: '100.00' });
        });

        it('when a valid but wrong address was paid, then a wrong-payee refund approved by the payee bank returns the money and the user pays again', async () => {
            const wrong = await corridor.pay(alice, bob, '60.00');
            await corridor.submit('Bank1MSP', (ctx) =>
                corridor.payments.RequestRefund(ctx, JSON.stringify({ refundId: 'wp-1', paymentId: wrong.paymentId, amount: '60.00', reason: 'wrong-payee', evidenceRef: sha256('ticket 4711') })),
            );
            await corridor.submit('Bank2MSP', (ctx) => corridor.payments.ApproveRefund(ctx, 'wp-1'));
            expect(await corridor.balance(alice)).to.include({ available: '100.00' });
            const carol = await corridor.openHolder('Bank3MSP');
            expect((await corridor.pay(alice, carol, '60.00')).status).to.equal('settled');
        });
    });

    describe('case 3: the user cancels', () => {
        it('when the payment is still held, then the payer cancels it with its signature', async () => {
            const held = await corridor.pay(alice, bob, '60.00', { hold: true });
            await corridor.submit('Bank1MSP', (ctx) => corridor.payments.CancelPayment(ctx, corridor.cancellation(alice, held.paymentId as string)));
            expect(await corridor.balance(alice)).to.include({ available: '100.00', reserved: '0.00' });
        });

        it('when the payment already settled, then a cancelled-by-user refund returns it once approved', async () => {
            const paid = await corridor.pay(alice, bob, '60.00');
            await corridor.submit('Bank1MSP', (ctx) =>
                corridor.payments.RequestRefund(ctx, JSON.stringify({ refundId: 'cu-1', paymentId: paid.paymentId, amount: '60.00', reason: 'cancelled-by-user', evidenceRef: sha256('order cancelled') })),
            );
            const approved = await corridor.submit('Bank2MSP', (ctx) => corridor.payments.ApproveRefund(ctx, 'cu-1'));
            expect(approved.reason).to.equal('cancelled-by-user');
            const payment = await corridor.evaluate<{ history: Array<{ status: string }> }>('RegulatorMSP', (ctx) => corridor.payments.GetPayment(ctx, paid.paymentId as string));
            expect(payment.history.map((change) => change.status)).to.deep.equal(['submitted', 'settled', 'refund-requested', 'refunded']);
        });
    });
});
