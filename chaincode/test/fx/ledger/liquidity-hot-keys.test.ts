import { expect } from 'chai';
import { expectCode, Holder } from '../../support/corridor-fixture';
import { MemoryTransaction } from '../../support/memory-ledger';
import { LIQUIDITY_LANES, liquidityLane } from '../../../src/fx/ledger/liquidity';
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

    /** Quote ids whose lanes are all different (distinct) or all the same (same). */
    function idsOnLanes(count: number, spread: 'distinct' | 'same'): string[] {
        const ids: string[] = [];
        const lanes = new Set<number>();
        for (let n = 0; ids.length < count; n += 1) {
            const id = `lane-probe-${n}`;
            const lane = liquidityLane(id);
            const fits = spread === 'distinct' ? !lanes.has(lane) : ids.length === 0 || lane === liquidityLane(ids[0] as string);
            if (fits) {
                ids.push(id);
                lanes.add(lane);
            }
        }
        return ids;
    }

    async function quotesFor(payers: Holder[], ids: string[], overrides: Record<string, unknown> = {}): Promise<Quote[]> {
        return Promise.all(payers.map((payer, index) => world.quote(payer, { ...overrides, quoteId: ids[index] })));
    }

    it('when a USD->CNY conversion and ten CNY->USD conversions on different lanes are endorsed together, then all of them commit', async () => {
        const cnyPayers = await customers('Bank3MSP', 'CNY', 10);
        const ids = idsOnLanes(11, 'distinct');
        const quotes = await quotesFor(cnyPayers, ids.slice(1), { sourceCurrency: 'CNY', targetCurrency: 'USD', sourceAmount: '71.00' });
        const usdQuote = await world.quote(world.alice, { quoteId: ids[0] });
        const block = [
            await endorse(world.alice, world.bob, usdQuote, 'USD', 'CNY'),
            ...(await Promise.all(cnyPayers.map((payer, index) => endorse(payer, world.carol, quotes[index] as Quote, 'CNY', 'USD')))),
        ];
        // The CNY->USD conversions credit CNY liquidity through their own keys and each
        // debits its own USD lane; the USD->CNY delivery is covered by its CNY lane.
        const results = block.map((tx) => world.corridor.ledger.commit(tx));
        expect(results).to.deep.equal(block.map(() => 'VALID'));
        expect(await world.liquidityIn('CNY')).to.include({ available: '100000.00' });
    });

    it('when several conversions debit the same lane in one block, then only the first commits, and a retry on the new state succeeds', async () => {
        const usdPayers = await customers('Bank2MSP', 'USD', 5);
        const quotes = await quotesFor(usdPayers, idsOnLanes(5, 'same'));
        const block = await Promise.all(usdPayers.map((payer, index) => endorse(payer, world.bob, quotes[index] as Quote, 'USD', 'CNY')));
        const results = block.map((tx) => world.corridor.ledger.commit(tx));
        expect(results).to.deep.equal(['VALID', 'MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT']);
        const retry = await endorse(usdPayers[1] as Holder, world.bob, quotes[1] as Quote, 'USD', 'CNY');
        expect(world.corridor.ledger.commit(retry)).to.equal('VALID');
    });

    it('when a lane cannot cover a delivery, then it takes the other lanes\' funds and the liquidity in total is unchanged but for the delivery', async () => {
        const before = await world.liquidityIn('CNY');
        const large = await world.quote(world.alice, { sourceAmount: '4000.00' });
        const paid = await world.payWith(large);
        expect(paid.status).to.equal('settled');
        const after = await world.liquidityIn('CNY');
        const delivered = (paid.fx as { targetAmount: string }).targetAmount;
        expect(Number(before.available) - Number(after.available)).to.be.closeTo(Number(delivered), 0.001);
        expect(LIQUIDITY_LANES).to.be.greaterThan(1);
    });

    it('when a bank that provides no FX rolls up liquidity, then FX_UNAVAILABLE and the ledger is unchanged', async () => {
        const before = world.corridor.ledger.fingerprint();
        await expectCode(world.corridor.submit('Bank3MSP', (ctx) => world.corridor.fx.RollUpLiquidity(ctx, 'CNY')), 'FX_UNAVAILABLE');
        expect(world.corridor.ledger.fingerprint()).to.equal(before);
    });
});
