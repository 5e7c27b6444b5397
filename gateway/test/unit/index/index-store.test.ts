import { expect } from 'chai';
import type { SqlIndexStore } from '../../../src/index/sql-index-store';
import type { SqlDriver } from '../../../src/sql/sql-driver';
import type { StoreQuery } from '../../../src/index/index-store';
import { ALICE, applyAll, BOB, CAROL, Chain, DAN, fingerprint, STORES } from './ledger-fixtures';

/** One scenario most tests share: top-up, payments settled, held then settled, held then cancelled, a refund, a burn. */
function everydayChain(): Chain {
    const chain = new Chain();
    chain.open(ALICE);
    chain.open(BOB);
    chain.open(CAROL);
    chain.mint(ALICE, '100.00');
    chain.pay('p-1', ALICE, CAROL, '30.00');
    const held = chain.pay('p-2', ALICE, BOB, '10.00', { hold: true });
    chain.close(held, 'PaymentSettled');
    const cancelled = chain.pay('p-3', ALICE, CAROL, '5.00', { hold: true });
    chain.close(cancelled, 'PaymentCancelled');
    const p1 = { paymentId: 'p-1', paymentTxId: chain.blocks[5]?.transactions[0]?.txId as string, payer: ALICE, payee: CAROL, amount: '30.00', currency: 'EUR', status: 'settled', refunded: '0.00' };
    chain.refund(p1, 'r-1', '10.00', 'RefundApproved');
    chain.burn(CAROL, '5.00');
    return chain;
}

const ALL: Omit<StoreQuery, 'limit'> = { scope: { kind: 'all' }, sort: 'time', descending: false };

for (const adapter of STORES) {
    describe(`index store on ${adapter.name}`, function () {
        this.timeout(20_000);
        let store: SqlIndexStore;
        let driver: SqlDriver;

        beforeEach(async () => {
            ({ store, driver } = await adapter.open());
        });

        afterEach(async () => {
            await store.close();
        });

        it('when the schema is migrated twice, then the second run changes nothing and an empty index starts at block 0', async () => {
            await store.migrate();
            expect(await store.nextBlock()).to.equal(0n);
            const versions = await driver.all('SELECT version FROM index_migrations');
            expect(versions.map((v) => Number(v.version))).to.deep.equal([1]);
        });

        it('when the everyday chain is indexed, then balances match the ledger rules to the minor unit', async () => {
            const chain = everydayChain();
            await applyAll(store, chain.blocks);
            expect(await store.nextBlock()).to.equal(BigInt(chain.blocks.length));
            const before = '2100-01-01T00:00:00.000Z';
            expect(await store.balancesBefore({ kind: 'account', address: ALICE }, before)).to.deep.equal([{ currency: 'EUR', available: 7000n, reserved: 0n }]);
            expect(await store.balancesBefore({ kind: 'account', address: BOB }, before)).to.deep.equal([{ currency: 'EUR', available: 1000n, reserved: 0n }]);
            expect(await store.balancesBefore({ kind: 'account', address: CAROL }, before)).to.deep.equal([{ currency: 'EUR', available: 1500n, reserved: 0n }]);
            expect(await store.balancesBefore({ kind: 'bank', mspId: 'Bank1MSP' }, before)).to.deep.equal([{ currency: 'EUR', available: 8000n, reserved: 0n }]);
            expect(await store.balancesBefore({ kind: 'bank', mspId: 'Bank2MSP' }, before)).to.deep.equal([{ currency: 'EUR', available: 1500n, reserved: 0n }]);
        });

        it('when a payment is held, then the payer reserves the amount; when it is settled, the reservation is paid out', async () => {
            const chain = new Chain();
            chain.mint(ALICE, '50.00');
            const held = chain.pay('h-1', ALICE, CAROL, '20.00', { hold: true });
            await applyAll(store, chain.blocks);
            const now = '2100-01-01T00:00:00.000Z';
            expect(await store.balancesBefore({ kind: 'account', address: ALICE }, now)).to.deep.equal([{ currency: 'EUR', available: 3000n, reserved: 2000n }]);
            expect(await store.balancesBefore({ kind: 'account', address: CAROL }, now)).to.deep.equal([]);
            chain.close(held, 'PaymentSettled');
            await applyAll(store, chain.blocks);
            expect(await store.balancesBefore({ kind: 'account', address: ALICE }, now)).to.deep.equal([{ currency: 'EUR', available: 3000n, reserved: 0n }]);
            expect(await store.balancesBefore({ kind: 'account', address: CAROL }, now)).to.deep.equal([{ currency: 'EUR', available: 2000n, reserved: 0n }]);
            const payment = await store.transactionByKey('payment:h-1');
            expect(payment?.state).to.equal('settled');
            expect(payment?.status).to.equal('succeeded');
            expect((await store.history('payment:h-1')).map((h) => h.state)).to.deep.equal(['held', 'settled']);
        });

        it('when a held conversion is rejected, then payer and provider liquidity get their reservations back', async () => {
            const chain = new Chain();
            chain.mint(ALICE, '50.00');
            chain.tx({ name: 'LiquidityFunded', payload: { movement: 'fund', provider: 'Bank3MSP', reference: 'l-1', currency: 'CNY', amount: '1000.00', by: 'Bank3MSP', supply: {} } });
            const fx = { quoteId: 'q-1', provider: 'Bank3MSP', targetCurrency: 'CNY', targetAmount: '71.00' };
            const held = chain.pay('fx-1', ALICE, DAN, '10.10', { hold: true, fx });
            await applyAll(store, chain.blocks);
            const now = '2100-01-01T00:00:00.000Z';
            expect(await store.balancesBefore({ kind: 'account', address: 'liquidity:Bank3MSP' }, now)).to.deep.equal([{ currency: 'CNY', available: 92900n, reserved: 7100n }]);
            chain.close(held, 'PaymentRejected');
            const settled = chain.pay('fx-2', ALICE, DAN, '10.10', { fx: { ...fx, quoteId: 'q-2' } });
            await applyAll(store, chain.blocks);
            expect(settled.status).to.equal('settled');
            expect(await store.balancesBefore({ kind: 'account', address: ALICE }, now)).to.deep.equal([{ currency: 'EUR', available: 3990n, reserved: 0n }]);
            expect(await store.balancesBefore({ kind: 'account', address: DAN }, now)).to.deep.equal([{ currency: 'CNY', available: 7100n, reserved: 0n }]);
            expect(await store.balancesBefore({ kind: 'account', address: 'liquidity:Bank3MSP' }, now)).to.deep.equal([
                { currency: 'CNY', available: 92900n, reserved: 0n },
                { currency: 'EUR', available: 1010n, reserved: 0n },
            ]);
        });

        it('when a settled conversion is partly refunded, then the payee returns its target share to the liquidity and the liquidity pays the payer back', async () => {
            const chain = new Chain();
            chain.mint(ALICE, '50.00');
            chain.tx({ name: 'LiquidityFunded', payload: { movement: 'fund', provider: 'Bank3MSP', reference: 'l-1', currency: 'CNY', amount: '1000.00', by: 'Bank3MSP', supply: {} } });
            const paid = chain.pay('fx-3', ALICE, DAN, '10.10', { fx: { quoteId: 'q-3', provider: 'Bank3MSP', targetCurrency: 'CNY', targetAmount: '71.00' } });
            chain.refund(paid, 'r-fx', '5.00', 'RefundApproved', { refundTargetCurrency: 'CNY', refundTargetAmount: '35.50' });
            await applyAll(store, chain.blocks);
            const now = '2100-01-01T00:00:00.000Z';
            expect(await store.balancesBefore({ kind: 'account', address: ALICE }, now)).to.deep.equal([{ currency: 'EUR', available: 4490n, reserved: 0n }]);
            expect(await store.balancesBefore({ kind: 'account', address: DAN }, now)).to.deep.equal([{ currency: 'CNY', available: 3550n, reserved: 0n }]);
            expect(await store.balancesBefore({ kind: 'account', address: 'liquidity:Bank3MSP' }, now)).to.deep.equal([
                { currency: 'CNY', available: 96450n, reserved: 0n },
                { currency: 'EUR', available: 510n, reserved: 0n },
            ]);
            expect(await store.transactionByKey('refund:r-fx')).to.include({ amount: 500n, currency: 'EUR', targetAmount: 3550n, targetCurrency: 'CNY', state: 'approved' });
        });

        it('when a transaction was invalidated by the peers, then its event is not applied but its block is recorded', async () => {
            const chain = new Chain();
            chain.mint(ALICE, '50.00');
            chain.tx({ name: 'CurrencyMinted', payload: { movement: 'mint', reference: 'ghost', address: ALICE, currency: 'EUR', amount: '999.00', issuer: 'Bank1MSP', supply: {} } }, { valid: false });
            await applyAll(store, chain.blocks);
            expect(await store.balancesBefore({ kind: 'account', address: ALICE }, '2100-01-01T00:00:00Z')).to.deep.equal([{ currency: 'EUR', available: 5000n, reserved: 0n }]);
            const block = await store.block(2n);
            expect(block).to.include({ txCount: 1, validTxCount: 0, eventCount: 0, hash: 'h2', previousHash: 'h1' });
        });

        it('when a block below the checkpoint arrives again, then it is skipped and nothing changes', async () => {
            const chain = everydayChain();
            await applyAll(store, chain.blocks);
            const before = await fingerprint(driver);
            for (const block of chain.blocks) {
                expect(await store.applyBlock(block)).to.deep.equal({ applied: false, events: 0 });
            }
            expect(await fingerprint(driver)).to.equal(before);
        });

        it('when the checkpoint is forced back and every block replayed, then the rows keyed by block, tx index and entry change nothing', async () => {
            const chain = everydayChain();
            await applyAll(store, chain.blocks);
            const before = await fingerprint(driver);
            await driver.run('UPDATE index_checkpoint SET next_block = 0');
            await applyAll(store, chain.blocks);
            expect(await fingerprint(driver)).to.equal(before);
        });

        it('when a block arrives after a gap, then it is refused and nothing is written', async () => {
            const chain = everydayChain();
            await store.applyBlock(chain.blocks[0]!);
            const before = await fingerprint(driver);
            let failure: unknown;
            await store.applyBlock(chain.blocks[2]!).catch((err: unknown) => (failure = err));
            expect(String(failure)).to.match(/expects block 1/);
            expect(await fingerprint(driver)).to.equal(before);
        });

        it('when a block fails half way (a malformed second event), then none of its rows and no checkpoint move are kept', async () => {
            const chain = new Chain();
            chain.mint(ALICE, '50.00');
            await applyAll(store, chain.blocks);
            const before = await fingerprint(driver);
            const broken = {
                number: 2n, hash: 'h2', previousHash: 'h1', dataHash: 'd2',
                transactions: [
                    { index: 0, txId: 'a'.repeat(64), valid: true, validationCode: 'VALID', time: '2026-11-01T10:00:00.000Z', events: [{ name: 'CurrencyMinted', payload: { movement: 'mint', reference: 'x', address: BOB, currency: 'EUR', amount: '1.00', issuer: 'Bank1MSP', time: '2026-11-01T10:00:00Z' } }] },
                    { index: 1, txId: 'b'.repeat(64), valid: true, validationCode: 'VALID', time: '2026-11-01T10:00:00.000Z', events: [{ name: 'CurrencyMinted', payload: { movement: 'mint', address: BOB, currency: 'EUR', amount: 'lots', issuer: 'Bank1MSP', time: '2026-11-01T10:00:00Z' } }] },
                ],
            };
            await store.applyBlock(broken).then(
                () => expect.fail('the malformed block was applied'),
                (err: unknown) => expect(String(err)).to.match(/reference|decimal/),
            );
            expect(await fingerprint(driver)).to.equal(before);
            expect(await store.nextBlock()).to.equal(2n);
        });

        it('when an event would overdraw an account, then the block is refused: the index never shows a negative balance', async () => {
            const chain = new Chain();
            chain.pay('x-1', ALICE, BOB, '1.00');
            await store.applyBlock(chain.blocks[0]!);
            await store.applyBlock(chain.blocks[1]!).then(
                () => expect.fail('applied'),
                (err: unknown) => expect(String(err)).to.match(/below zero/),
            );
        });

        it('when the index is reset and rebuilt from block 0, then it is identical to the first build', async () => {
            const chain = everydayChain();
            await applyAll(store, chain.blocks);
            const first = await fingerprint(driver);
            await store.reset();
            expect(await store.nextBlock()).to.equal(0n);
            await applyAll(store, chain.blocks);
            expect(await fingerprint(driver)).to.equal(first);
        });

        it('when transactions are filtered, then each filter keeps exactly the matching rows', async () => {
            await applyAll(store, everydayChain().blocks);
            const serials = async (q: Partial<StoreQuery>): Promise<string[]> =>
                (await store.findTransactions({ ...ALL, limit: 100, ...q })).map((r) => `${r.kind}:${r.serial}`);
            expect(await serials({})).to.deep.equal(['top-up:Bank1MSP:ref-4', 'payment:p-1', 'payment:p-2', 'payment:p-3', 'refund:r-1', 'withdrawal:Bank2MSP:ref-12']);
            expect(await serials({ scope: { kind: 'bank', mspId: 'Bank2MSP' } })).to.deep.equal(['payment:p-1', 'payment:p-3', 'refund:r-1', 'withdrawal:Bank2MSP:ref-12']);
            expect(await serials({ types: ['transfer'] })).to.deep.equal(['payment:p-2']);
            expect(await serials({ scope: { kind: 'bank', mspId: 'Bank1MSP' }, types: ['remittance'] })).to.deep.equal(['payment:p-1', 'payment:p-3']);
            expect(await serials({ scope: { kind: 'bank', mspId: 'Bank1MSP' }, types: ['receipt'] })).to.deep.equal([]);
            expect(await serials({ scope: { kind: 'bank', mspId: 'Bank2MSP' }, types: ['receipt'] })).to.deep.equal(['payment:p-1', 'payment:p-3']);
            expect(await serials({ account: CAROL, types: ['receipt', 'refund'] })).to.deep.equal(['payment:p-1', 'payment:p-3', 'refund:r-1']);
            expect(await serials({ statuses: ['failed'] })).to.deep.equal(['payment:p-3']);
            expect(await serials({ types: ['top-up', 'withdrawal'] })).to.deep.equal(['top-up:Bank1MSP:ref-4', 'withdrawal:Bank2MSP:ref-12']);
            expect(await serials({ currency: 'EUR', minAmount: 1000n, maxAmount: 3000n })).to.deep.equal(['payment:p-1', 'payment:p-2', 'refund:r-1']);
            expect(await serials({ currency: 'EUR', minAmount: 3001n })).to.deep.equal(['top-up:Bank1MSP:ref-4']);
            expect(await serials({ counterparty: BOB })).to.deep.equal(['payment:p-2']);
            expect(await serials({ serial: 'p-3' })).to.deep.equal(['payment:p-3']);
            expect(await serials({ serial: "p-3' OR '1'='1" })).to.deep.equal([]);
            const p2 = await store.transactionByKey('payment:p-2');
            expect(await serials({ serial: p2?.id })).to.deep.equal(['payment:p-2']);
            expect(await serials({ from: '2026-11-01T09:06:00.000Z', to: '2026-11-01T09:08:00.000Z' })).to.deep.equal(['payment:p-2']);
            expect(await serials({ sort: 'amount', descending: true, types: ['transfer', 'remittance'] })).to.deep.equal(['payment:p-1', 'payment:p-2', 'payment:p-3']);
        });

        it('when pages are read with the keyset of the last row, then together they are the whole result in order, without repeats', async () => {
            const chain = new Chain();
            chain.mint(ALICE, '1000.00');
            for (let i = 0; i < 23; i++) {
                chain.pay(`k-${String(i).padStart(2, '0')}`, ALICE, i % 2 === 0 ? BOB : CAROL, `${(i % 5) + 1}.00`);
            }
            await applyAll(store, chain.blocks);
            for (const sort of ['time', 'amount'] as const) {
                for (const descending of [false, true]) {
                    const whole = (await store.findTransactions({ ...ALL, sort, descending, limit: 100 })).map((r) => r.key);
                    const paged: string[] = [];
                    let after: StoreQuery['after'];
                    for (;;) {
                        const page = await store.findTransactions({ ...ALL, sort, descending, limit: 4, after });
                        paged.push(...page.map((r) => r.key));
                        const last = page[page.length - 1];
                        if (page.length < 4 || last === undefined) {
                            break;
                        }
                        after = { value: sort === 'amount' ? last.amount.toString() : last.createdAt, key: last.key };
                    }
                    expect(paged, `${sort} ${descending}`).to.deep.equal(whole);
                    expect(new Set(paged).size).to.equal(24);
                }
            }
        });

        it('when a statement range is cut anywhere, then opening + its entries = closing, for the account and for the bank', async () => {
            const chain = everydayChain();
            await applyAll(store, chain.blocks);
            const times = chain.blocks.slice(1).map((b) => b.transactions[0]?.time as string);
            for (const owner of [{ kind: 'account' as const, address: ALICE }, { kind: 'bank' as const, mspId: 'Bank1MSP' }, { kind: 'bank' as const, mspId: 'Bank2MSP' }]) {
                for (let i = 0; i < times.length; i++) {
                    for (let j = i + 1; j < times.length; j++) {
                        const range = { from: times[i] as string, to: times[j] as string };
                        const opening = (await store.balancesBefore(owner, range.from))[0] ?? { available: 0n, reserved: 0n };
                        const closing = (await store.balancesBefore(owner, range.to))[0] ?? { available: 0n, reserved: 0n };
                        const entries = await store.entries(owner, range, undefined, 1000);
                        const moved = entries.reduce((sum, e) => sum + e.availableDelta + e.reservedDelta, 0n);
                        expect(opening.available + opening.reserved + moved, `${JSON.stringify(owner)} ${i}-${j}`).to.equal(closing.available + closing.reserved);
                        const last = entries[entries.length - 1];
                        if (last !== undefined) {
                            expect(last.availableAfter).to.equal(closing.available);
                        }
                    }
                }
            }
        });

        it('when client clocks run backwards across blocks, then booking times still never decrease', async () => {
            const chain = new Chain();
            chain.mint(ALICE, '10.00');
            chain.tx({ name: 'CurrencyMinted', payload: { movement: 'mint', reference: 'late', address: ALICE, currency: 'EUR', amount: '1.00', issuer: 'Bank1MSP', supply: {} } }, { time: '2026-11-01T08:00:00.000Z' });
            await applyAll(store, chain.blocks);
            const first = await store.block(1n);
            const second = await store.block(2n);
            expect(second?.bookedAt).to.equal(first?.bookedAt);
            const entries = await store.entries({ kind: 'account', address: ALICE }, { from: '2026-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }, undefined, 10);
            expect(entries.map((e) => e.time)).to.deep.equal([first?.bookedAt, '2026-11-01T08:00:00.000Z']);
        });

        it('when an account is opened, then its bank is known before it holds anything', async () => {
            const chain = new Chain();
            chain.open(CAROL);
            await applyAll(store, chain.blocks);
            expect(await store.accountBank(CAROL)).to.equal('Bank2MSP');
            expect(await store.accountBank(DAN)).to.equal(undefined);
        });
    });
}
