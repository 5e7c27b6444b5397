import { expect } from 'chai';
import sinon from 'sinon';
import { Context } from 'fabric-contract-api';
import { NoticeContract } from '../../src/contracts/notice-contract';
import { clientIdentity } from '../support/memory-ledger';

function contextFor(msp: string, state = new Map<string, Uint8Array>()): Context {
    const stub = {
        getState: sinon.stub().callsFake(async (key: string) => state.get(key) ?? new Uint8Array()),
        putState: sinon.stub().callsFake(async (key: string, value: Uint8Array) => {
            state.set(key, value);
        }),
        createCompositeKey: (type: string, attrs: string[]) => `\u0000${type}\u0000${attrs.join('\u0000')}\u0000`,
        getTxTimestamp: () => ({ seconds: 1_795_000_000, nanos: 0 }),
        getTxID: () => 'tx-1',
        setEvent: sinon.stub(),
    };
    return { stub, clientIdentity: clientIdentity(msp) } as unknown as Context;
}

const notice = {
    id: 'upgrade-2026-12',
    kind: 'routine',
    title: 'Chaincode upgrade',
    body: 'Routine upgrade of the corridor chaincode.',
    effectiveAt: '2026-12-05T02:00:00Z',
};

describe('NoticeContract', () => {
    const contract = new NoticeContract();

    it('when a member bank publishes a notice, then it is stored with publisher, time and tx id, and an event is emitted', async () => {
        const ctx = contextFor('Bank1MSP');
        const stored = JSON.parse(await contract.Publish(ctx, JSON.stringify(notice)));
        expect(stored).to.include({ publishedBy: 'Bank1MSP', txId: 'tx-1', publishedAt: '2026-11-18T11:06:40.000Z' });
        expect((ctx.stub.setEvent as sinon.SinonStub).calledOnceWith('NoticePublished')).to.equal(true);
        expect(JSON.parse(await contract.Get(ctx, notice.id))).to.deep.equal(stored);
    });

    it('when the regulator (by the member registry) publishes, then it is refused and nothing is written', async () => {
        const regulator = { mspId: 'RegulatorMSP', legalName: 'Corridor Supervisory Authority', bic: 'REGUDEFF', country: 'DE', role: 'regulator', currencies: [], fxProvider: false, status: 'active', admittedAt: '2026-11-18T10:00:00.000Z', updatedAt: '2026-11-18T10:00:00.000Z', txId: 'tx-0' };
        const state = new Map([[`\u0000corridor.member\u0000RegulatorMSP\u0000`, Buffer.from(JSON.stringify(regulator))]]);
        const ctx = contextFor('RegulatorMSP', state);
        await expectCode(contract.Publish(ctx, JSON.stringify(notice)), 'UNAUTHORIZED');
        expect((ctx.stub.putState as sinon.SinonStub).called).to.equal(false);
    });

    it('when the same notice is sent twice, then the second returns the first and writes nothing', async () => {
        const state = new Map<string, Uint8Array>();
        const first = await contract.Publish(contextFor('Bank1MSP', state), JSON.stringify(notice));
        const ctx = contextFor('Bank1MSP', state);
        expect(await contract.Publish(ctx, JSON.stringify(notice))).to.equal(first);
        expect((ctx.stub.putState as sinon.SinonStub).called).to.equal(false);
    });

    it('when the id is reused with a different title, then ALREADY_EXISTS names the field', async () => {
        const state = new Map<string, Uint8Array>();
        await contract.Publish(contextFor('Bank1MSP', state), JSON.stringify(notice));
        await expectCode(
            contract.Publish(contextFor('Bank1MSP', state), JSON.stringify({ ...notice, title: 'Other' })),
            'ALREADY_EXISTS',
            'different title',
        );
    });

    const badInputs: Array<[string, string]> = [
        ['malformed JSON', '{"id":'],
        ['an array', '[]'],
        ['an unknown field', JSON.stringify({ ...notice, extra: 1 })],
        ['an id with spaces', JSON.stringify({ ...notice, id: 'a b' })],
        ['an unknown kind', JSON.stringify({ ...notice, kind: 'urgent' })],
        ['an empty title', JSON.stringify({ ...notice, title: '  ' })],
        ['a title one past the limit', JSON.stringify({ ...notice, title: 'x'.repeat(121) })],
        ['a non-UTC time', JSON.stringify({ ...notice, effectiveAt: '2026-12-05 02:00' })],
    ];
    for (const [name, input] of badInputs) {
        it(`when the notice has ${name}, then INVALID_ARGUMENT and nothing is written`, async () => {
            const ctx = contextFor('Bank1MSP');
            await expectCode(contract.Publish(ctx, input), 'INVALID_ARGUMENT');
            expect((ctx.stub.putState as sinon.SinonStub).called).to.equal(false);
        });
    }

    it('when a title is exactly at the limit, then it is accepted', async () => {
        const ctx = contextFor('Bank1MSP');
        await contract.Publish(ctx, JSON.stringify({ ...notice, title: 'x'.repeat(120) }));
    });

    it('when a notice does not exist, then Get fails with NOT_FOUND', async () => {
        await expectCode(contract.Get(contextFor('Bank2MSP'), 'missing'), 'NOT_FOUND');
    });
});

async function expectCode(promise: Promise<unknown>, code: string, detail = ''): Promise<void> {
    try {
        await promise;
    } catch (err) {
        expect((err as Error).message).to.match(new RegExp(`^${code}: .*${detail}`));
        return;
    }
    expect.fail(`expected ${code}`);
}
