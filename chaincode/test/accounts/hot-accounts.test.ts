import { expect } from 'chai';
import { Corridor, Holder } from '../support/corridor-fixture';
import { MemoryTransaction, Validation } from '../support/memory-ledger';

/**
 * Endorses many transactions on one snapshot and commits them in order, as a Fabric
 * block would, to show which designs meet MVCC or phantom read conflicts.
 */
describe('hot accounts under concurrent endorsement', () => {
    let corridor: Corridor;
    let merchant: Holder;
    let payers: Holder[];

    beforeEach(async () => {
        corridor = await Corridor.founded();
        merchant = await corridor.openHolder('Bank2MSP', 3);
        payers = [];
        for (let index = 0; index < 20; index += 1) {
            const payer = await corridor.openHolder('Bank1MSP', 2, index % 3 === 0 ? 'p256' : 'ed25519');
            await corridor.topUp(payer, '50.00');
            payers.push(payer);
        }
    });

    async function endorse(payer: Holder, payee: Holder | string, amount: string): Promise<MemoryTransaction> {
        const tx = corridor.ledger.begin(payer.bank);
        await corridor.payments.SubmitPayment(tx.ctx, JSON.stringify(corridor.instruction(payer, payee, amount)));
        return tx;
    }

    it('when 20 payments into one merchant are endorsed on the same snapshot, then all 20 commit', async () => {
        const block = await Promise.all(payers.map((payer) => endorse(payer, merchant, '10.00')));
        const results = block.map((tx) => corridor.ledger.commit(tx));
        expect(results.filter((result) => result !== 'VALID')).to.deep.equal([]);
        expect(await corridor.balance(merchant)).to.include({ available: '200.00' });
    });

    it('when the merchant pays out from rolled-up funds while payments arrive, then neither side conflicts', async () => {
        await corridor.pay(payers[0] as Holder, merchant, '40.00');
        await corridor.submit('Bank2MSP', (ctx) => corridor.accounts.RollUpCredits(ctx, merchant.address, 'EUR'));
        const payout = await endorse(merchant, payers[1] as Holder, '30.00');
        const incoming = await Promise.all(payers.slice(2).map((payer) => endorse(payer, merchant, '1.00')));
        // The payout commits first: payments into the merchant read its account record, which a payout never writes.
        const results: Validation[] = [payout, ...incoming].map((tx) => corridor.ledger.commit(tx));
        expect(results.every((result) => result === 'VALID')).to.equal(true);
        expect(await corridor.balance(merchant)).to.include({ available: '28.00' });
    });

    it('when a payout needs credits that are still arriving, then it meets a phantom conflict and succeeds on retry', async () => {
        await corridor.pay(payers[0] as Holder, merchant, '10.00');
        const payout = await endorse(merchant, payers[1] as Holder, '10.00');
        const incoming = await endorse(payers[2] as Holder, merchant, '1.00');
        expect(corridor.ledger.commit(incoming)).to.equal('VALID');
        expect(corridor.ledger.commit(payout)).to.equal('PHANTOM_READ_CONFLICT');
        expect((await corridor.pay(merchant, payers[1] as Holder, '10.00')).status).to.equal('settled');
        expect(await corridor.balance(merchant)).to.include({ available: '1.00' });
    });

    it('when one payer endorses two payments at once, then the second is invalidated: one sequence, one debit at a time', async () => {
        const payer = payers[0] as Holder;
        const first = await endorse(payer, merchant, '1.00');
        const second = await endorse(payer, payers[1] as Holder, '1.00');
        expect(corridor.ledger.commit(first)).to.equal('VALID');
        expect(corridor.ledger.commit(second)).to.equal('MVCC_READ_CONFLICT');
    });
});
