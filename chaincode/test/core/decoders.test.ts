import { expect } from 'chai';
import { Corridor, expectCode, Holder } from '../support/corridor-fixture';
import { compositeKey } from '../support/memory-ledger';

/**
 * A record of the wrong shape, written into state past the chaincode, is refused with a
 * coded error by the transaction that reads it, and nothing that transaction would have
 * written is committed.
 */
describe('stored records are read through validating decoders', () => {
    let corridor: Corridor;
    let alice: Holder;
    let bob: Holder;
    let paymentId: string;

    beforeEach(async () => {
        corridor = await Corridor.founded();
        alice = await corridor.openHolder('Bank1MSP');
        bob = await corridor.openHolder('Bank2MSP');
        await corridor.topUp(alice, '100.00');
        paymentId = (await corridor.pay(alice, bob, '10.00')).paymentId as string;
    });

    /** Replaces one field of the stored record, then expects the read to be refused and the state unchanged. */
    async function expectRefused(key: string, change: Record<string, unknown>, read: () => Promise<unknown>, kind: string): Promise<void> {
        corridor.ledger.overwrite(key, { ...(corridor.ledger.read(key) as Record<string, unknown>), ...change });
        const before = corridor.ledger.fingerprint();
        expect(await expectCode(read(), 'STORED_RECORD_INVALID')).to.include(`stored ${kind} is malformed`);
        expect(corridor.ledger.fingerprint()).to.equal(before);
    }

    it('when a payment\'s amount is a number, then reading it is refused with STORED_RECORD_INVALID', async () => {
        await expectRefused(compositeKey('corridor.payment', [paymentId]), { amount: 10 }, () => corridor.evaluate('Bank1MSP', (ctx) => corridor.payments.GetPayment(ctx, paymentId)), 'payment');
    });

    it('when a payment\'s status is unknown, then a refund request against it is refused with STORED_RECORD_INVALID and writes nothing', async () => {
        const refund = { refundId: 'r-1', paymentId, amount: '1.00', reason: 'other', evidenceRef: 'a'.repeat(64) };
        await expectRefused(
            compositeKey('corridor.payment', [paymentId]),
            { status: 'paid' },
            () => corridor.submit('Bank1MSP', (ctx) => corridor.payments.RequestRefund(ctx, JSON.stringify(refund))),
            'payment',
        );
    });

    it('when a payment record carries a field the ledger never writes, then it is refused', async () => {
        await expectRefused(compositeKey('corridor.payment', [paymentId]), { owner: 'someone' }, () => corridor.evaluate('Bank1MSP', (ctx) => corridor.payments.GetPayment(ctx, paymentId)), 'payment');
    });

    it('when an account\'s status is unknown, then paying from it is refused with STORED_RECORD_INVALID', async () => {
        await expectRefused(compositeKey('corridor.account', [bob.address]), { status: 'dormant' }, () => corridor.pay(alice, bob, '1.00'), 'account');
    });

    it('when a payer state\'s sequence is text, then the next payment is refused with STORED_RECORD_INVALID', async () => {
        await expectRefused(compositeKey('corridor.payer-state', [alice.address]), { nextSequence: '2' }, () => corridor.pay(alice, bob, '1.00'), 'payer state');
    });

    it('when a payer state\'s balance has more decimals than its currency, then the next payment is refused', async () => {
        await expectRefused(
            compositeKey('corridor.payer-state', [alice.address]),
            { balances: { EUR: { available: '90.001', reserved: '0.00' } } },
            () => corridor.pay(alice, bob, '1.00'),
            'payer state',
        );
    });

    it('when a member\'s role is unknown, then its transactions are refused with STORED_RECORD_INVALID', async () => {
        await expectRefused(compositeKey('corridor.member', ['Bank1MSP']), { role: 'owner' }, () => corridor.pay(alice, bob, '1.00'), 'member');
    });

    it('when a stored AML rule set has a malformed rule, then screening a payment is refused with STORED_RECORD_INVALID', async () => {
        await expectRefused(compositeKey('corridor.aml-current', []), { rules: [{ id: 'x', kind: 'amount-threshold' }] }, () => corridor.pay(alice, bob, '1.00'), 'AML rule set');
    });

    it('when a supply record\'s issued amount is negative, then reading the supply is refused with STORED_RECORD_INVALID', async () => {
        await corridor.submit('Bank1MSP', (ctx) => corridor.accounts.RollUpSupply(ctx, 'EUR'));
        await expectRefused(compositeKey('corridor.supply', ['EUR']), { issued: '-1.00' }, () => corridor.evaluate('Bank1MSP', (ctx) => corridor.accounts.GetSupply(ctx, 'EUR')), 'supply');
    });

    it('when an account history entry has an unknown kind, then the history page is refused with STORED_RECORD_INVALID', async () => {
        const [entry] = corridor.ledger.entries(compositeKey('corridor.account-history', [alice.address]).slice(0, -1));
        await expectRefused(entry?.key as string, { kind: 'gift' }, () => corridor.evaluate('Bank1MSP', (ctx) => corridor.accounts.GetAccountHistory(ctx, alice.address, '10', '')), 'history entry');
    });
});
