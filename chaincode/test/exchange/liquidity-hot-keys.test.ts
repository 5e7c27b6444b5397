import { expect } from 'chai';
import { Holder } from '../ledger/corridor-fixture';
import { MemoryTransaction } from '../ledger/memory-ledger';
import { FxWorld, Quote } from './fx-world';

/**
 * Conversions through one provider endorsed on one snapshot and committed in order, as
 * a Fabric block would: which keys of the liquidity account conflict and which do not.
 */
describe('provider liquidity under concurrent endorsement', () => {
    let world: FxWorld;

    beforeEach(async () => {
        world = await FxWorld.start();
        await world.fund('USD', '10000.00');
        for (const currency of ['USD', 'CNY']) {
            await world.corridor.submit('Bank2MSP', (ctx) => world.corridor.fx.RollUpLiquidity(ctx, currency));
        }
    });

    async function customers(bank: string, currency: string, count: number): Promise<Holder[]> {
        const holders: Holder[] = [];
        for (let index = 0; index < count; index += 1) {
            const holder = await world.corridor.openHolder(bank, 3);
            await world.corridor.topUp(holder, '1000.00', currency);
            holders.push(holder);
        }
        return holders;
    }

    async function endorse(payer: Holder, payee: Holder, quote: Quote, currency: string, target: string): Promise<MemoryTransaction> {
        const tx = world.corridor.ledger.begin(payer.bank);
        const instruction = world.corridor.instruction(payer, payee, quote.display.debitTotal, { currency, targetCurrency: target, quoteId: quote.id });
        await world.corridor.payments.SubmitPayment(tx.ctx, JSON.stringify(instruction));
        return tx;
    }

    it('when a USD->CNY conversion and ten CNY->USD conversions are endorsed together, then opposite directions never conflict and same-direction ones do', async () => {
        const cnyPayers = await customers('Bank3MSP', 'CNY', 10);
        const quotes = await Promise.all(cnyPayers.map((payer) => world.quote(payer, { sourceCurrency: 'CNY', targetCurrency: 'USD', sourceAmount: '71.00' })));
        const usdQuote = await world.quote();
        const block = [
            await endorse(world.alice, world.bob, usdQuote, 'USD', 'CNY'),
            ...(await Promise.all(cnyPayers.map((payer, index) => endorse(payer, world.carol, quotes[index] as Quote, 'CNY', 'USD')))),
        ];
        // The CNY->USD conversions credit CNY liquidity through their own keys, and the USD->CNY
        // delivery is covered by the rolled-up CNY balance, so it never reads those keys: both
        // directions commit in one block. Each CNY->USD conversion also debits the USD liquidity,
        // so among those only the first commits.
        const results = block.map((tx) => world.corridor.ledger.commit(tx));
        expect(results.slice(0, 2)).to.deep.equal(['VALID', 'VALID']);
        expect(results.slice(2).every((result) => result === 'MVCC_READ_CONFLICT')).to.equal(true);
        expect(await world.liquidityIn('CNY')).to.include({ available: '99361.00' });
    });

    it('when several conversions debit the same target liquidity in one block, then only the first commits: deliveries of one currency by one provider serialise', async () => {
        const usdPayers = await customers('Bank2MSP', 'USD', 5);
        const quotes = await Promise.all(usdPayers.map((payer) => world.quote(payer)));
        const block = await Promise.all(usdPayers.map((payer, index) => endorse(payer, world.bob, quotes[index] as Quote, 'USD', 'CNY')));
        const results = block.map((tx) => world.corridor.ledger.commit(tx));
        expect(results).to.deep.equal(['VALID', 'MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT']);
        // A retry on the new state succeeds: nothing was lost, the quote is still open.
        const retry = await endorse(usdPayers[1] as Holder, world.bob, quotes[1] as Quote, 'USD', 'CNY');
        expect(world.corridor.ledger.commit(retry)).to.equal('VALID');
    });
});
