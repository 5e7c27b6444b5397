import { expect } from 'chai';
import winston from 'winston';
import { IndexListener, type BlockSource, type BlockStream } from '../../../src/index/index-listener';
import type { IndexedBlock } from '../../../src/index/index-model';
import { SqlIndexStore } from '../../../src/index/sql-index-store';
import { SqliteDriver } from '../../../src/sql/sqlite-driver';
import { ALICE, BOB, CAROL, Chain, fingerprint } from './ledger-fixtures';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const silent = winston.createLogger({ silent: true });

/** A channel that serves blocks from a list and can be told to break after some of them. */
class ScriptedSource implements BlockSource {
    readonly starts: bigint[] = [];
    failAfter: number | undefined;

    constructor(private readonly chain: IndexedBlock[]) {}

    async blocks(start: bigint): Promise<BlockStream> {
        this.starts.push(start);
        const chain = this.chain;
        const failAfter = this.failAfter;
        this.failAfter = undefined;
        let closed = false;
        return {
            close: () => {
                closed = true;
            },
            async *[Symbol.asyncIterator]() {
                let served = 0;
                for (const block of chain.slice(Number(start))) {
                    if (closed) {
                        return;
                    }
                    if (failAfter !== undefined && served === failAfter) {
                        throw new Error('stream broke');
                    }
                    served++;
                    yield block;
                }
                // A live stream waits for the next block; this one waits until closed.
                while (!closed) {
                    await new Promise((resolve) => setTimeout(resolve, 5));
                }
            },
        };
    }
}

async function until(check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!(await check())) {
        if (Date.now() > deadline) {
            throw new Error('condition not met');
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
    }
}

function workload(): Chain {
    const chain = new Chain();
    chain.mint(ALICE, '100.00');
    for (let i = 0; i < 30; i++) {
        const p = chain.pay(`w-${i}`, ALICE, i % 3 === 0 ? CAROL : BOB, '1.50', { hold: i % 4 === 0 });
        if (i % 4 === 0) {
            chain.close(p, i % 8 === 0 ? 'PaymentSettled' : 'PaymentCancelled');
        }
    }
    return chain;
}

describe('index listener', () => {
    it('when it starts on an empty index, then it reads from block 0 and reaches the channel height', async () => {
        const chain = workload();
        const store = new SqlIndexStore(new SqliteDriver(':memory:'));
        await store.migrate();
        const source = new ScriptedSource(chain.blocks);
        const listener = new IndexListener(source, store, silent);
        listener.start();
        await until(async () => (await store.nextBlock()) === BigInt(chain.blocks.length));
        expect(await listener.lag(BigInt(chain.blocks.length))).to.equal(0n);
        expect(await listener.lag(BigInt(chain.blocks.length + 2))).to.equal(2n);
        await listener.stop();
        expect(source.starts).to.deep.equal([0n]);
        await store.close();
    });

    it('when the stream breaks midway, then it resumes from the checkpoint and the index equals one built without a break', async () => {
        const chain = workload();
        const reference = new SqlIndexStore(new SqliteDriver(':memory:'));
        await reference.migrate();
        for (const block of chain.blocks) {
            await reference.applyBlock(block);
        }
        const driver = new SqliteDriver(':memory:');
        const store = new SqlIndexStore(driver);
        await store.migrate();
        const source = new ScriptedSource(chain.blocks);
        source.failAfter = 17;
        const listener = new IndexListener(source, store, silent, { retryMs: 5 });
        listener.start();
        await until(async () => (await store.nextBlock()) === BigInt(chain.blocks.length));
        await listener.stop();
        expect(source.starts).to.deep.equal([0n, 17n]);
        const referenceDriver = (reference as unknown as { db: SqliteDriver }).db;
        expect(await fingerprint(driver)).to.equal(await fingerprint(referenceDriver));
        await store.close();
        await reference.close();
    });

    it('when the gateway stops and a new one starts on the same file, then it resumes after the last committed block', async () => {
        const chain = workload();
        const file = join(mkdtempSync(join(tmpdir(), 'corridor-index-')), 'index.db');
        const first = new SqlIndexStore(new SqliteDriver(file));
        await first.migrate();
        const half = new ScriptedSource(chain.blocks.slice(0, 20));
        const one = new IndexListener(half, first, silent);
        one.start();
        await until(async () => (await first.nextBlock()) === 20n);
        await one.stop();
        await first.close();

        const second = new SqlIndexStore(new SqliteDriver(file));
        await second.migrate();
        const rest = new ScriptedSource(chain.blocks);
        const two = new IndexListener(rest, second, silent);
        two.start();
        await until(async () => (await second.nextBlock()) === BigInt(chain.blocks.length));
        await two.stop();
        expect(rest.starts).to.deep.equal([20n]);
        const statement = await second.balancesBefore({ kind: 'account', address: ALICE }, '2100-01-01T00:00:00Z');
        // 100 - 30 x 1.50 + 4 cancelled holds returned (i = 4, 12, 20, 28)
        expect(statement).to.deep.equal([{ currency: 'EUR', available: 100_00n - 30n * 150n + 4n * 150n, reserved: 0n }]);
        await second.close();
    });

    it('when the index is reset while the channel is idle, then the listener notices and reads again from block 0', async () => {
        const chain = workload();
        const store = new SqlIndexStore(new SqliteDriver(':memory:'));
        await store.migrate();
        const source = new ScriptedSource(chain.blocks);
        const listener = new IndexListener(source, store, silent, { retryMs: 5, watchMs: 10 });
        listener.start();
        await until(async () => (await store.nextBlock()) === BigInt(chain.blocks.length));
        await store.reset(); // what the rebuild command does while a gateway runs
        await until(async () => source.starts.length === 2 && (await store.nextBlock()) === BigInt(chain.blocks.length));
        await listener.stop();
        expect(source.starts).to.deep.equal([0n, 0n]);
        await store.close();
    });

    it('when the store refuses a block (a gap), then the listener retries from the checkpoint rather than skip it', async () => {
        const chain = workload();
        const store = new SqlIndexStore(new SqliteDriver(':memory:'));
        await store.migrate();
        for (const block of chain.blocks.slice(0, 5)) {
            await store.applyBlock(block);
        }
        await store.reset(); // what the rebuild command does while a gateway runs
        const source = new ScriptedSource(chain.blocks);
        const listener = new IndexListener(source, store, silent, { retryMs: 5 });
        listener.start();
        await until(async () => (await store.nextBlock()) === BigInt(chain.blocks.length));
        await listener.stop();
        expect(source.starts[0]).to.equal(0n);
        await store.close();
    });
});
