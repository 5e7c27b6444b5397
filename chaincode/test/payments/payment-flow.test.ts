import { expect } from 'chai';
import { Corridor, expectCode, Holder } from '../support/corridor-fixture';

describe('Payment ledger scenarios', () => {
    let corridor: Corridor;
    let alice: Holder;
    let bob: Holder;

    beforeEach(async () => {
        corridor = await Corridor.founded();
        alice = await corridor.openHolder('Bank1MSP');
        bob = await corridor.openHolder('Bank2MSP', 2, 'p256');
        await corridor.topUp(alice, '500.00');
    });

    it('when a Bank1 customer pays a Bank2 customer, then the balances move, the tx id is the payment hash and an event carries the parties', async () => {
        const payment = await corridor.pay(alice, bob, '120.50');
        expect(payment).to.include({ status: 'settled', amount: '120.50', currency: 'EUR', payerBank: 'Bank1MSP', payeeBank: 'Bank2MSP' });
        expect(payment.txId).to.match(/^tx\d+$/);
        expect(await corridor.balance(alice)).to.include({ available: '379.50', reserved: '0.00' });
        expect(await corridor.balance(bob)).to.include({ available: '120.50' });
        const event = corridor.ledger.events.at(-1);
        expect(event?.name).to.equal('PaymentSettled');
        expect(event?.payload).to.include({ paymentId: payment.paymentId, payer: alice.address, payee: bob.address, amount: '120.50', status: 'settled' });
        expect((payment.history as Array<{ status: string }>).map((change) => change.status)).to.deep.equal(['submitted', 'settled']);
    });

    it('when the payee spends what it received, then the credit entries are rolled up exactly', async () => {
        await corridor.pay(alice, bob, '100.00');
        await corridor.pay(alice, bob, '50.00');
        await corridor.pay(bob, alice, '150.00');
        expect(await corridor.balance(bob)).to.include({ available: '0.00' });
        await expectCode(corridor.pay(bob, alice, '0.01'), 'INSUFFICIENT_FUNDS');
    });

    it('when a payer asks for a hold, then the funds are reserved and settle later to the payee', async () => {
        const held = await corridor.pay(alice, bob, '200.00', { hold: true });
        expect(held.status).to.equal('held');
        expect(await corridor.balance(alice)).to.include({ available: '300.00', reserved: '200.00' });
        const settled = await corridor.submit('Bank1MSP', (ctx) => corridor.payments.SettlePayment(ctx, held.paymentId as string));
        expect(settled.status).to.equal('settled');
        expect(await corridor.balance(alice)).to.include({ available: '300.00', reserved: '0.00' });
        expect(await corridor.balance(bob)).to.include({ available: '200.00' });
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.payments.SettlePayment(ctx, held.paymentId as string)), 'INVALID_STATE');
    });
});
