import { testSources } from './test-sources';
import { expect } from 'chai';
import sinon from 'sinon';
import { Context } from 'fabric-contract-api';
import { ERROR_CODES } from '../../src/core/errors';
import { FabricStore } from '../../src/core/fabric-store';
import { Corridor, expectCode, Holder } from '../support/corridor-fixture';
import { clientIdentity, compositeKey, splitKey } from '../support/memory-ledger';

function stubbedContext(): { ctx: Context; stub: Record<string, sinon.SinonStub> } {
    const stub = {
        getTxID: sinon.stub().returns('tx-abc'),
        getTxTimestamp: sinon.stub().returns({ seconds: 1_795_000_000, nanos: 250_000_000 }),
        createCompositeKey: sinon.stub().callsFake(compositeKey),
        splitCompositeKey: sinon.stub().callsFake(splitKey),
        setEvent: sinon.stub(),
        getState: sinon.stub().resolves(new Uint8Array()),
        putState: sinon.stub().resolves(),
        getStateByPartialCompositeKeyWithPagination: sinon.stub(),
        getStateByPartialCompositeKey: sinon.stub(),
    };
    return { ctx: { stub, clientIdentity: clientIdentity('Bank1MSP') } as unknown as Context, stub };
}

describe('FabricStore adapter', () => {
    it('when created, then it takes the tx id and the tx timestamp as ISO time', () => {
        const store = new FabricStore(stubbedContext().ctx);
        expect(store.txId).to.equal('tx-abc');
        expect(store.txTime).to.equal('2026-11-18T11:06:40.250Z');
    });

    it('when a transaction emits a second event, then it fails instead of silently losing the first', () => {
        const { ctx, stub } = stubbedContext();
        const store = new FabricStore(ctx);
        store.emit('PaymentSettled', { a: 1 });
        expect(() => store.emit('PaymentHeld', {})).to.throw(/^CONFLICT: /);
        expect(stub.setEvent?.calledOnce).to.equal(true);
        expect(Buffer.from(stub.setEvent?.firstCall.args[1]).toString()).to.equal('{"a":1}');
    });

    it('when a record is read decoded several times in one transaction, then it is checked once, shared frozen, and checked again after a write', async () => {
        const { ctx, stub } = stubbedContext();
        stub.getState?.resolves(Buffer.from('{"n":1,"inner":{"m":2}}'));
        const store = new FabricStore(ctx);
        const decode = sinon.spy((value: unknown) => value as { n: number; inner: { m: number } });
        const first = await store.latestDecoded('k', decode);
        const second = await store.latestDecoded('k', decode);
        expect(decode.callCount).to.equal(1);
        expect(second).to.equal(first);
        expect(() => ((first as { inner: { m: number } }).inner.m = 3)).to.throw(TypeError);
        await store.put('k', { n: 2, inner: { m: 2 } });
        expect(await store.latestDecoded('k', decode)).to.deep.equal({ n: 2, inner: { m: 2 } });
        expect(decode.callCount).to.equal(2);
    });

    it('when a value is written, then it goes through the canonical codec with bigints as strings', async () => {
        const { ctx, stub } = stubbedContext();
        const store = new FabricStore(ctx);
        await store.put('k', { b: 2n, a: 'x' });
        await store.flush();
        expect(Buffer.from(stub.putState?.firstCall.args[1]).toString()).to.equal('{"a":"x","b":"2"}');
    });

    it('when a key is written twice, then only its last value reaches the peer, once, when the use case has finished', async () => {
        const { ctx, stub } = stubbedContext();
        const store = new FabricStore(ctx);
        await store.put('state', { nextSequence: 2 });
        await store.put('state', { nextSequence: 2, balances: {} });
        expect(stub.putState?.called).to.equal(false);
        await store.flush();
        expect(stub.putState?.callCount).to.equal(1);
        expect(Buffer.from(stub.putState?.firstCall.args[1]).toString()).to.equal('{"balances":{},"nextSequence":2}');
    });

    it('when a key was written in the transaction, then latest returns that write while get still returns the committed value', async () => {
        const { ctx, stub } = stubbedContext();
        stub.getState?.withArgs('state').resolves(Buffer.from('{"nextSequence":1}'));
        const store = new FabricStore(ctx);
        expect(await store.latest('state')).to.deep.equal({ nextSequence: 1 });
        await store.put('state', { nextSequence: 2 });
        expect(await store.latest('state')).to.deep.equal({ nextSequence: 2 });
        expect(await store.get('state')).to.deep.equal({ nextSequence: 1 });
        await store.remove('state');
        expect(await store.latest('state')).to.equal(undefined);
    });

    it('when a key is read twice, then the peer is asked once and each reader gets its own copy', async () => {
        const { ctx, stub } = stubbedContext();
        stub.getState?.withArgs('member').resolves(Buffer.from('{"status":"active"}'));
        const store = new FabricStore(ctx);
        const first = (await store.get('member')) as { status: string };
        first.status = 'changed by its reader';
        expect(await store.get('member')).to.deep.equal({ status: 'active' });
        expect(await store.get('absent')).to.equal(undefined);
        expect(await store.get('absent')).to.equal(undefined);
        expect(stub.getState?.callCount).to.equal(2);
    });

    it('when a page is shorter than the page size, then the bookmark is empty', async () => {
        const { ctx, stub } = stubbedContext();
        const rows = [{ key: compositeKey('t', ['a']), value: Buffer.from('{"n":1}') }];
        let at = 0;
        stub.getStateByPartialCompositeKeyWithPagination?.resolves({
            iterator: { next: async () => (at < rows.length ? { value: rows[at++], done: false } : { done: true }), close: sinon.stub().resolves() },
            metadata: { fetchedRecordsCount: 1, bookmark: 'next' },
        });
        const page = await new FabricStore(ctx).page('t', [], 2, '');
        expect(page).to.deep.equal({ records: [{ key: rows[0]?.key, attributes: ['a'], value: { n: 1 } }], bookmark: '' });
    });

    it('when a range is read to its end, then the iterator is not closed (the peer drops it); when reading fails part way, then it is', async () => {
        const { ctx, stub } = stubbedContext();
        const iterator = (values: string[]) => {
            let at = 0;
            return {
                next: async () => (at < values.length ? { value: { key: compositeKey('t', [String(at)]), value: Buffer.from(values[at++] as string) }, done: false } : { done: true }),
                close: sinon.stub().resolves(),
            };
        };
        const whole = iterator(['{"n":1}', '{"n":2}']);
        stub.getStateByPartialCompositeKey?.resolves(whole);
        expect((await new FabricStore(ctx).range('t', [])).map((record) => record.value)).to.deep.equal([{ n: 1 }, { n: 2 }]);
        expect(whole.close.called).to.equal(false);

        const broken = iterator(['{"n":1}', 'not json']);
        stub.getStateByPartialCompositeKey?.resolves(broken);
        let failed = false;
        await new FabricStore(ctx).range('t', []).catch(() => (failed = true));
        expect(failed).to.equal(true);
        expect(broken.close.calledOnce).to.equal(true);
    });
});

describe('validation precedence', () => {
    let corridor: Corridor;
    let alice: Holder;
    let bob: Holder;

    beforeEach(async () => {
        corridor = await Corridor.founded();
        alice = await corridor.openHolder('Bank1MSP');
        bob = await corridor.openHolder('Bank2MSP');
    });

    it('when an instruction has several faults, then the code of the earliest check is returned', async () => {
        const broken = (overrides: Record<string, unknown>): Promise<unknown> =>
            corridor.submit('Bank2MSP', (ctx) => corridor.payments.SubmitPayment(ctx, JSON.stringify({ ...corridor.instruction(alice, bob, '1.00'), ...overrides })));
        await expectCode(broken({ currency: 'XXX', amount: '0', payee: 'cx0' }), 'UNSUPPORTED_CURRENCY');
        await expectCode(broken({ amount: '0', payee: 'cx0' }), 'AMOUNT_NOT_POSITIVE');
        await expectCode(broken({ payee: alice.address, signature: 'AAAA' }), 'SAME_ACCOUNT');
        await expectCode(broken({ signature: 'AAAA' }), 'UNAUTHORIZED');
        await expectCode(broken({ sequence: 5 }), 'UNAUTHORIZED');
    });

    it('when a signature is bad and the sequence is stale, then BAD_SIGNATURE comes first: nothing about the account leaks to a forger', async () => {
        await expectCode(corridor.submit('Bank1MSP', (ctx) => corridor.payments.SubmitPayment(ctx, JSON.stringify({ ...corridor.instruction(alice, bob, '1.00', { sequence: 7 }), signature: 'AAAA' }))), 'BAD_SIGNATURE');
        await expectCode(corridor.pay(alice, bob, '1.00', { sequence: 7 }), 'SEQUENCE_GAP');
        await expectCode(corridor.pay(alice, bob, '1.00', { expiresAt: corridor.now(), sequence: 7 }), 'INSTRUCTION_EXPIRED');
    });
});

describe('error code coverage', () => {
    it('when the tests are read, then every error code is expected by at least one of them', () => {
        const sources = testSources();
        // The base codes and the ledger's block end at ALREADY_VOTED; FX and AML codes follow and are theirs to test.
        const ledgerCodes = ERROR_CODES.slice(0, ERROR_CODES.indexOf('ALREADY_VOTED') + 1);
        expect(ledgerCodes.length).to.be.greaterThan(20);
        const untested = ledgerCodes.filter((code) => !sources.includes(`'${code}'`) && !sources.includes(`${code}: `));
        expect(untested).to.deep.equal([]);
    });
});
