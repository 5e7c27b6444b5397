import { expect } from 'chai';
import { TRANSACTIONS } from '@corridor/chaincode/api';
import { HTTP_STATUS } from '@corridor/gateway/dist/src/errors.js';
import { addressFor, AT } from '@corridor/gateway/dist/test/support/ledger-records.js';
import { collect, CorridorError, ERROR_CODES, GATEWAY_ERROR_CODES, isError, paginate } from '../src/index.js';
import { startGateway, type TestGateway } from './support/gateway.js';

const entry = (n: number): Record<string, unknown> => ({
    kind: 'payment', id: `p-${n}`, direction: 'out', counterparty: addressFor('payee'), amount: '1.00', currency: 'EUR', time: AT, txId: `tx-${n}`, status: 'settled',
});

describe('paging', () => {
    let gateway: TestGateway;
    beforeEach(async () => {
        gateway = await startGateway();
    });
    afterEach(async () => {
        await gateway.close();
    });

    it('when an account history spans three pages, then the iterator yields every entry in order, following each bookmark once', async () => {
        const pages: Record<string, { entries: Record<string, unknown>[]; bookmark: string }> = {
            '': { entries: [entry(1), entry(2)], bookmark: 'b1' },
            b1: { entries: [entry(3), entry(4)], bookmark: 'b2' },
            b2: { entries: [entry(5)], bookmark: '' },
        };
        gateway.ledger.evaluate.withArgs(TRANSACTIONS.accounts.history.name).callsFake(async (_name: string, _address: string, _size: string, bookmark: string) => JSON.stringify(pages[bookmark]));
        const ids = (await collect(gateway.client().accounts.history(addressFor('payer'), 2))).map((e) => e.id);
        expect(ids).to.deep.equal(['p-1', 'p-2', 'p-3', 'p-4', 'p-5']);
        expect(gateway.ledger.evaluate.getCalls().map((c) => c.args.slice(2))).to.deep.equal([['2', ''], ['2', 'b1'], ['2', 'b2']]);
    });

    it('when the caller stops early, then no further page is fetched', async () => {
        gateway.ledger.evaluate.withArgs(TRANSACTIONS.accounts.history.name).resolves(JSON.stringify({ entries: [entry(1), entry(2)], bookmark: 'again' }));
        const first = await collect(gateway.client().accounts.history(addressFor('payer'), 2), 1);
        expect(first).to.have.length(1);
        expect(gateway.ledger.evaluate.callCount).to.equal(1);
    });

    it('when the index pages by cursor, then an empty index yields nothing', async () => {
        expect(await collect(gateway.client().queries.transactions({ currency: 'EUR' }, 10))).to.deep.equal([]);
    });

    it('when a server hands back a token already followed, then the walk ends instead of looping', async () => {
        let calls = 0;
        const items = await collect(paginate(async (token) => {
            calls++;
            return { items: [token ?? 'first'], next: 'same' };
        }));
        expect(items).to.deep.equal(['first', 'same']);
        expect(calls).to.equal(2);
    });
});

describe('problem+json errors', () => {
    it('the client knows exactly the codes of the gateway\'s error table', () => {
        const known = ERROR_CODES.filter((code) => !['NETWORK_FAILED', 'RESPONSE_INVALID', 'SUBMISSION_INVALID', 'SUBMISSION_UNRESOLVED'].includes(code));
        expect([...known].sort()).to.deep.equal(Object.keys(HTTP_STATUS).sort());
        expect(GATEWAY_ERROR_CODES.every((code) => code in HTTP_STATUS)).to.equal(true);
    });

    it('there is one type guard per code, true only for its own code', () => {
        const error = new CorridorError('SEQUENCE_GAP', 409, 'expected 3');
        for (const code of ERROR_CODES) {
            expect(isError[code](error), code).to.equal(code === 'SEQUENCE_GAP');
        }
        expect(isError.SEQUENCE_GAP(new Error('SEQUENCE_GAP: expected 3'))).to.equal(false);
    });

    it('when a problem carries a code this client does not know, then it is INTERNAL with the code kept in the detail', () => {
        const error = CorridorError.fromProblem({ type: 't', title: 'NEW_CODE', status: 418, detail: 'later', code: 'NEW_CODE' });
        expect(error).to.include({ code: 'INTERNAL', status: 418, detail: 'NEW_CODE: later' });
    });

    it('when a route does not exist, then ROUTE_NOT_FOUND with the gateway\'s request id', async () => {
        const gateway = await startGateway();
        try {
            const failure = await gateway.client().transport.json('GET', '/v1/nowhere').catch((err: unknown) => err);
            expect(failure).to.include({ code: 'ROUTE_NOT_FOUND', status: 404 });
            expect((failure as CorridorError).requestId).to.be.a('string');
        } finally {
            await gateway.close();
        }
    });
});
