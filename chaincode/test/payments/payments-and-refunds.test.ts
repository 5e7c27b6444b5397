import { expect } from 'chai';
import sinon from 'sinon';
import { Corridor, expectCode, Holder, sha256 } from '../support/corridor-fixture';
import { compositeKey } from '../support/memory-ledger';

const WEEK = 7 * 24 * 3600;

describe('Payments transactions', () => {
    let corridor: Corridor;
    let alice: Holder;
    let bob: Holder;

    beforeEach(async () => {
        corridor = await Corridor.founded();
        alice = await corridor.openHolder('Bank1MSP');
        bob = await corridor.openHolder('Bank2MSP', 2, 'p256');
        await corridor.topUp(alice, '500.00');
    });

    it('when a payment is endorsed, then exactly one event is set and the payee\'s balance (its payer state) is never read', async () => {
        const tx = corridor.ledger.begin('Bank1MSP');
        const getState = sinon.spy(tx.ctx.stub, 'getState');
        const setEvent = sinon.spy(tx.ctx.stub, 'setEvent');
        await corridor.payments.SubmitPayment(tx.ctx, JSON.stringify(corridor.instruction(alice, bob, '1.00')));
        expect(setEvent.calledOnceWith('PaymentSettled')).to.equal(true);
        const readKeys = getState.getCalls().map((call) => call.args[0]);
        expect(readKeys).to.include(compositeKey('corridor.payer-state', [alice.address]));
        expect(readKeys).not.to.include(compositeKey('corridor.payer-state', [bob.address]));
        expect(readKeys).not.to.include(compositeKey('corridor.balance', [bob.address, 'EUR']));
        expect([...tx.writes.keys()].some((key) => key.startsWith(compositeKey('corridor.credit', [bob.address, 'EUR'])))).to.equal(true);
    });

    it('when a balance is still in a balance key of the earlier layout, then it is read from there and the next debit moves it into the payer state', async () => {
        const carol = await corridor.openHolder('Bank1MSP');
        const seed = corridor.ledger.begin('Bank1MSP');
        const legacyKey = compositeKey('corridor.balance', [carol.address, 'EUR']);
        await seed.ctx.stub.putState(legacyKey, Buffer.from(JSON.stringify({ address: carol.address, available: '70.00', currency: 'EUR', reserved: '5.00' })));
        expect(corridor.ledger.commit(seed)).to.equal('VALID');
        expect(await corridor.balance(carol)).to.include({ available: '70.00', reserved: '5.00' });
        expect(await corridor.pay(carol, bob, '20.00')).to.include({ status: 'settled' });
        expect(corridor.ledger.entries(legacyKey)).to.deep.equal([]);
        const state = corridor.ledger.entries(compositeKey('corridor.payer-state', [carol.address]))[0]?.value as { balances: unknown; nextSequence: number };
        expect(state).to.deep.include({ balances: { EUR: { available: '50.00', reserved: '5.00' } }, nextSequence: 2 });
        expect(await corridor.balance(carol)).to.include({ available: '50.00', reserved: '5.00' });
    });

    it('when a payment is endorsed, then its payer comes from the copy in the payer state and only the payee\'s account record is read', async () => {
        const tx = corridor.ledger.begin('Bank1MSP');
        const getState = sinon.spy(tx.ctx.stub, 'getState');
        await corridor.payments.SubmitPayment(tx.ctx, JSON.stringify(corridor.instruction(alice, bob, '1.00')));
        const readKeys = getState.getCalls().map((call) => call.args[0]);
        expect(readKeys).not.to.include(compositeKey('corridor.account', [alice.address]));
        expect(readKeys).to.include(compositeKey('corridor.account', [bob.address]));
    });

    it('when the bank freezes, re-tiers or flags the payer, then the copy in the payer state changes with the account record', async () => {
        const copy = (): Record<string, unknown> => (corridor.ledger.entries(compositeKey('corridor.payer-state', [alice.address]))[0]?.value as { account: Record<string, unknown> }).account;
        const record = (): unknown => corridor.ledger.entries(compositeKey('corridor.account', [alice.address]))[0]?.value;
        await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.SetKycTier(ctx, alice.address, '1'));
        await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.SetHighRisk(ctx, alice.address, 'true', 'adverse media'));
        expect(copy()).to.include({ kycTier: 1, highRisk: true }).and.to.deep.equal(record());
        await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.FreezeAccount(ctx, alice.address, 'court order'));
        expect(copy()).to.include({ status: 'frozen' }).and.to.deep.equal(record());
        await expectCode(corridor.pay(alice, bob, '1.00'), 'ACCOUNT_FROZEN', 'payer');
        await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.UnfreezeAccount(ctx, alice.address, 'order lifted'));
        // Unfrozen, but flagged high-risk: the AML rules read the flag from the copy and hold the payment.
        const held = await corridor.pay(alice, bob, '1.00');
        expect(held.status).to.equal('held');
        expect((held.aml as { fired: Array<{ ruleId: string }> }).fired.map((rule) => rule.ruleId)).to.deep.equal(['high-risk-party']);
        expect(copy()).to.include({ status: 'active' }).and.to.deep.equal(record());
    });

    it('when an account opened before the payer state held a copy pays, then its record is read and the payment writes the copy', async () => {
        const stateKey = compositeKey('corridor.payer-state', [alice.address]);
        const seed = corridor.ledger.begin('Bank1MSP');
        const { account, ...older } = corridor.ledger.entries(stateKey)[0]?.value as { account: unknown };
        expect(account).to.not.equal(undefined);
        await seed.ctx.stub.putState(stateKey, Buffer.from(JSON.stringify(older)));
        expect(corridor.ledger.commit(seed)).to.equal('VALID');
        const tx = corridor.ledger.begin('Bank1MSP');
        const getState = sinon.spy(tx.ctx.stub, 'getState');
        await corridor.payments.SubmitPayment(tx.ctx, JSON.stringify(corridor.instruction(alice, bob, '1.00')));
        expect(getState.getCalls().map((call) => call.args[0])).to.include(compositeKey('corridor.account', [alice.address]));
        expect(corridor.ledger.commit(tx)).to.equal('VALID');
        expect((corridor.ledger.entries(stateKey)[0]?.value as { account: unknown }).account).to.deep.equal(account);
    });

    it('when a P-256 holder pays, then its DER signature is accepted', async () => {
        const carol = await corridor.openHolder('Bank1MSP', 2, 'p256');
        await corridor.topUp(carol, '10.00');
        expect((await corridor.pay(carol, alice, '10.00')).status).to.equal('settled');
    });

    it('when a held payment passes its deadline, then it cannot settle, anyone expires it once and the payer gets the funds back', async () => {
        const held = await corridor.pay(alice, bob, '100.00', { hold: true });
        expect((held.hold as { expiresAt: string }).expiresAt).to.equal('2026-11-25T10:00:00.000Z');
        corridor.advance(WEEK);
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.payments.SettlePayment(ctx, held.paymentId as string)), 'HOLD_EXPIRED');
        const expired = await corridor.submit('Bank3MSP', (ctx) => corridor.payments.ExpirePayment(ctx, held.paymentId as string));
        expect(expired.status).to.equal('expired');
        expect(corridor.ledger.events.at(-1)?.name).to.equal('PaymentExpired');
        expect(await corridor.balance(alice)).to.include({ available: '500.00', reserved: '0.00' });
        await expectCode(corridor.submit('Bank3MSP', (ctx) => corridor.payments.ExpirePayment(ctx, held.paymentId as string)), 'INVALID_STATE');
    });

    it('when the payer\'s bank rejects a held payment, then the reservation returns and the reason is in the history', async () => {
        expect((await corridor.pay(alice, bob, '50.00')).status).to.equal('settled');
        const held = await corridor.pay(alice, bob, '150.00', { hold: true });
        expect(held).to.deep.include({ status: 'held' });
        expect((held.hold as { reason: string }).reason).to.equal('payer-request');
        expect(await corridor.balance(alice)).to.include({ available: '300.00', reserved: '150.00' });
        const rejected = await corridor.submit('Bank1MSP', (ctx) => corridor.payments.RejectPayment(ctx, held.paymentId as string, 'sanctions hit confirmed'));
        expect((rejected.history as Array<{ status: string; note?: string }>).at(-1)).to.include({ status: 'rejected', note: 'sanctions hit confirmed' });
        expect(await corridor.balance(alice)).to.include({ available: '450.00', reserved: '0.00' });
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.payments.RejectPayment(ctx, held.paymentId as string, 'again')), 'INVALID_STATE');
    });

    it('when the payer cancels a held payment with its signature, then it is cancelled and the funds return', async () => {
        const held = await corridor.pay(alice, bob, '40.00', { hold: true });
        const cancelled = await corridor.submit('Bank1MSP', (ctx) => corridor.payments.CancelPayment(ctx, corridor.cancellation(alice, held.paymentId as string)));
        expect(cancelled.status).to.equal('cancelled');
        expect(corridor.ledger.events.at(-1)?.name).to.equal('PaymentCancelled');
        expect(await corridor.balance(alice)).to.include({ available: '500.00', reserved: '0.00' });
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.payments.CancelPayment(ctx, corridor.cancellation(alice, held.paymentId as string))), 'INVALID_STATE');
    });

    it('when the payee is frozen while a payment is held, then it cannot settle until unfrozen', async () => {
        const held = await corridor.pay(alice, bob, '40.00', { hold: true });
        await corridor.submit('Bank2MSP', (ctx) => corridor.accounts.FreezeAccount(ctx, bob.address, 'review'));
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.payments.SettlePayment(ctx, held.paymentId as string)), 'ACCOUNT_FROZEN', 'payee');
        await corridor.submit('Bank2MSP', (ctx) => corridor.accounts.UnfreezeAccount(ctx, bob.address, 'cleared'));
        expect((await corridor.submit('Bank1MSP', (ctx) => corridor.payments.SettlePayment(ctx, held.paymentId as string))).status).to.equal('settled');
    });

    it('when a tier 1 payer reaches its daily limit, then the next payment is refused until the next UTC day', async () => {
        const tina = await corridor.openHolder('Bank1MSP', 1);
        await corridor.topUp(tina, '5000.00');
        await corridor.pay(tina, bob, '1000.00');
        await corridor.pay(tina, bob, '1000.00');
        await corridor.pay(tina, bob, '500.00');
        await expectCode(corridor.pay(tina, bob, '0.01'), 'KYC_LIMIT_EXCEEDED', 'per day');
        corridor.advance(24 * 3600);
        expect((await corridor.pay(tina, bob, '1000.00')).status).to.equal('settled');
    });

    it('when a payment or refund does not exist, then NOT_FOUND', async () => {
        await expectCode(corridor.evaluate('RegulatorMSP', (ctx) => corridor.payments.GetPayment(ctx, 'missing')), 'NOT_FOUND');
        await expectCode(corridor.evaluate('RegulatorMSP', (ctx) => corridor.payments.GetRefund(ctx, 'missing')), 'NOT_FOUND');
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.payments.SettlePayment(ctx, 'missing')), 'NOT_FOUND');
    });
});

describe('Refund transactions', () => {
    let corridor: Corridor;
    let alice: Holder;
    let bob: Holder;
    let paymentId: string;

    const request = (refundId: string, amount: string, reason = 'cancelled-by-user'): string =>
        JSON.stringify({ refundId, paymentId, amount, reason, evidenceRef: sha256(`evidence-${refundId}`) });

    beforeEach(async () => {
        corridor = await Corridor.founded();
        alice = await corridor.openHolder('Bank1MSP');
        bob = await corridor.openHolder('Bank2MSP');
        await corridor.topUp(alice, '100.00');
        paymentId = (await corridor.pay(alice, bob, '100.00')).paymentId as string;
    });

    it('when a full refund is approved by the payee bank, then money returns as its own linked transfer', async () => {
        const filed = await corridor.submit('Bank1MSP', (ctx) => corridor.payments.RequestRefund(ctx, request('r1', '100.00')));
        expect(filed).to.include({ status: 'requested', paymentId });
        expect((await corridor.evaluate('Bank1MSP', (ctx) => corridor.payments.GetPayment(ctx, paymentId))).status).to.equal('refund-requested');
        const approved = await corridor.submit('Bank2MSP', (ctx) => corridor.payments.ApproveRefund(ctx, 'r1'));
        expect(approved).to.include({ status: 'approved' });
        expect(approved.transferTxId).to.not.equal(filed.txId);
        expect(corridor.ledger.events.at(-1)).to.deep.include({ name: 'RefundApproved' });
        const payment = await corridor.evaluate('Bank1MSP', (ctx) => corridor.payments.GetPayment(ctx, paymentId));
        expect(payment).to.include({ status: 'refunded', refunded: '100.00', refundPending: '0.00' });
        expect(await corridor.balance(alice)).to.include({ available: '100.00' });
        expect(await corridor.balance(bob)).to.include({ available: '0.00' });
        await expectCode(corridor.submit('Bank2MSP', (ctx) => corridor.payments.ApproveRefund(ctx, 'r1')), 'INVALID_STATE');
    });

    it('when refunds come in parts, then the payment is partly refunded, then refunded, and never beyond what was paid', async () => {
        await corridor.submit('Bank1MSP', (ctx) => corridor.payments.RequestRefund(ctx, request('r1', '30.00')));
        await corridor.submit('Bank2MSP', (ctx) => corridor.payments.ApproveRefund(ctx, 'r1'));
        expect((await corridor.evaluate('Bank1MSP', (ctx) => corridor.payments.GetPayment(ctx, paymentId))).status).to.equal('partly-refunded');
        await corridor.submit('Bank1MSP', (ctx) => corridor.payments.RequestRefund(ctx, request('r2', '60.00')));
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.payments.RequestRefund(ctx, request('r3', '10.01'))), 'REFUND_EXCEEDS_PAYMENT');
        await corridor.submit('Bank1MSP', (ctx) => corridor.payments.RequestRefund(ctx, request('r3', '10.00')));
        await corridor.submit('Bank2MSP', (ctx) => corridor.payments.ApproveRefund(ctx, 'r2'));
        await corridor.submit('Bank2MSP', (ctx) => corridor.payments.ApproveRefund(ctx, 'r3'));
        expect(await corridor.evaluate('Bank1MSP', (ctx) => corridor.payments.GetPayment(ctx, paymentId))).to.include({ status: 'refunded', refunded: '100.00' });
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.payments.RequestRefund(ctx, request('r4', '0.01'))), 'REFUND_EXCEEDS_PAYMENT');
    });

    it('when a refund is declined, then its amount becomes refundable again and it cannot be approved later', async () => {
        await corridor.submit('Bank1MSP', (ctx) => corridor.payments.RequestRefund(ctx, request('r1', '100.00')));
        const declined = await corridor.submit('Bank2MSP', (ctx) => corridor.payments.DeclineRefund(ctx, 'r1', 'goods were delivered'));
        expect(declined).to.include({ status: 'declined', decisionNote: 'goods were delivered' });
        expect(corridor.ledger.events.at(-1)?.name).to.equal('RefundDeclined');
        expect((await corridor.evaluate('Bank1MSP', (ctx) => corridor.payments.GetPayment(ctx, paymentId))).status).to.equal('settled');
        await expectCode(corridor.submit('Bank2MSP', (ctx) => corridor.payments.ApproveRefund(ctx, 'r1')), 'INVALID_STATE');
        await corridor.submit('Bank1MSP', (ctx) => corridor.payments.RequestRefund(ctx, request('r2', '100.00')));
        expect((await corridor.evaluate('Bank1MSP', (ctx) => corridor.payments.GetRefund(ctx, 'r2'))).status).to.equal('requested');
    });

    it('when the payee has already spent the money, then approval fails with INSUFFICIENT_FUNDS and nothing changes', async () => {
        const carol = await corridor.openHolder('Bank2MSP');
        await corridor.pay(bob, carol, '95.00');
        await corridor.submit('Bank1MSP', (ctx) => corridor.payments.RequestRefund(ctx, request('r1', '10.00')));
        const before = corridor.ledger.fingerprint();
        await expectCode(corridor.submit('Bank2MSP', (ctx) => corridor.payments.ApproveRefund(ctx, 'r1')), 'INSUFFICIENT_FUNDS');
        expect(corridor.ledger.fingerprint()).to.equal(before);
    });

    it('when a refund request is sent twice, then DUPLICATE_REQUEST; the same id for another amount, ALREADY_EXISTS', async () => {
        await corridor.submit('Bank1MSP', (ctx) => corridor.payments.RequestRefund(ctx, request('r1', '10.00')));
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.payments.RequestRefund(ctx, request('r1', '10.00'))), 'DUPLICATE_REQUEST');
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.payments.RequestRefund(ctx, request('r1', '11.00'))), 'ALREADY_EXISTS');
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.payments.DeclineRefund(ctx, 'r1', 'no')), 'UNAUTHORIZED');
    });
});
