import { expect } from 'chai';
import { TRANSACTIONS } from '@corridor/chaincode/api';
import { AppError } from '@corridor/gateway/dist/src/errors.js';
import { CommitPendingError } from '@corridor/gateway/dist/src/fabric/ledger-client.js';
import { paymentRecord } from '@corridor/gateway/dist/test/support/ledger-records.js';
import { buildInstruction, CorridorError, generateSigningKey, isError, signInstruction } from '../src/index.js';
import { startGateway, type TestGateway } from './support/gateway.js';

const TX = 'b'.repeat(64);

function instruction(): ReturnType<typeof signInstruction> {
    const key = generateSigningKey();
    const payee = generateSigningKey();
    return signInstruction(buildInstruction({ paymentId: 'p-1', payer: key.address, payee: payee.address, amount: '10.00', currency: 'EUR', sequence: 1 }), key);
}

const committed = (signed: object): { result: string; txId: string; blockNumber: string } => ({ result: JSON.stringify(paymentRecord(signed as Record<string, unknown>)), txId: TX, blockNumber: '9' });

describe('client transport against the gateway app', () => {
    let gateway: TestGateway;
    beforeEach(async () => {
        gateway = await startGateway();
    });
    afterEach(async () => {
        await gateway.close();
    });

    it('when a write succeeds, then it carried a generated Idempotency-Key and the record is decoded', async () => {
        const signed = instruction();
        gateway.ledger.submit.resolves(committed(signed));
        const { payment, txId, blockNumber } = await gateway.client().payments.submit(signed);
        expect(payment.paymentId).to.equal('p-1');
        expect({ txId, blockNumber }).to.deep.equal({ txId: TX, blockNumber: '9' });
        const [sent] = gateway.requests;
        expect(sent?.key).to.match(/^[0-9a-f-]{36}$/);
    });

    it('when a read is made, then no Idempotency-Key is sent', async () => {
        gateway.ledger.evaluate.resolves(JSON.stringify(paymentRecord()));
        await gateway.client().payments.get('p-1');
        expect(gateway.requests[0]?.key).to.equal(undefined);
    });

    it('when the caller gives the Idempotency-Key, then that key is sent', async () => {
        const signed = instruction();
        gateway.ledger.submit.resolves(committed(signed));
        await gateway.client().payments.submit(signed, { idempotencyKey: 'caller-chosen-key-1' });
        expect(gateway.requests[0]?.key).to.equal('caller-chosen-key-1');
    });

    it('when an attempt times out while the gateway still works on it, then retries reuse the key (409 in progress, then the replay) and the ledger sees one submission', async () => {
        const signed = instruction();
        gateway.ledger.submit.callsFake(async () => {
            await new Promise((resolve) => setTimeout(resolve, 250));
            return committed(signed);
        });
        const { payment } = await gateway.client({ timeoutMs: 100, retry: { baseDelayMs: 50, maxDelayMs: 100 } }).payments.submit(signed);
        expect(payment.paymentId).to.equal('p-1');
        expect(gateway.ledger.submit.callCount).to.equal(1);
        expect(gateway.requests.length).to.be.greaterThan(1);
        expect(new Set(gateway.requests.map((r) => r.key)).size).to.equal(1);
    });

    it('when the ledger is unavailable before endorsement, then the write is retried with the same key and succeeds', async () => {
        const signed = instruction();
        gateway.ledger.submit.onFirstCall().rejects(new AppError('LEDGER_UNAVAILABLE', 'peer down'));
        gateway.ledger.submit.onSecondCall().resolves(committed(signed));
        const { payment } = await gateway.client().payments.submit(signed);
        expect(payment.paymentId).to.equal('p-1');
        expect(gateway.requests.map((r) => r.key)).to.have.length(2);
        expect(gateway.requests[0]?.key).to.equal(gateway.requests[1]?.key);
    });

    it('when the ledger stays unavailable, then the client stops after maxAttempts with the gateway\'s error', async () => {
        gateway.ledger.submit.rejects(new AppError('LEDGER_UNAVAILABLE', 'peer down'));
        const failure = await gateway.client({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }).payments.submit(instruction()).catch((err: unknown) => err);
        expect(isError.LEDGER_UNAVAILABLE(failure)).to.equal(true);
        expect((failure as CorridorError).status).to.equal(503);
        expect(gateway.ledger.submit.callCount).to.equal(3);
    });

    it('when the ledger refuses with a business rule, then the error is not retried and carries code, status and detail', async () => {
        gateway.ledger.submit.rejects(new AppError('INSUFFICIENT_FUNDS', 'available 5.00 EUR'));
        const failure = await gateway.client().payments.submit(instruction()).catch((err: unknown) => err);
        expect(failure).to.be.instanceOf(CorridorError);
        expect(isError.INSUFFICIENT_FUNDS(failure)).to.equal(true);
        expect(isError.BAD_SIGNATURE(failure)).to.equal(false);
        expect(failure).to.include({ code: 'INSUFFICIENT_FUNDS', status: 422, detail: 'available 5.00 EUR' });
        expect(gateway.ledger.submit.callCount).to.equal(1);
    });

    it('when a body is invalid, then VALIDATION_FAILED names the field and nothing reaches the ledger', async () => {
        const failure = await gateway.client().payments.submit({ ...instruction(), amount: '10.001x' }).catch((err: unknown) => err);
        expect(failure).to.include({ code: 'VALIDATION_FAILED', status: 400, field: 'amount' });
        expect(gateway.ledger.submit.called).to.equal(false);
    });

    it('when the commit is not confirmed in time (202), then the client follows /v1/submissions and reads the record back', async () => {
        const signed = instruction();
        gateway.ledger.submit.rejects(new CommitPendingError(TX));
        gateway.ledger.transaction.onFirstCall().rejects(new AppError('NOT_FOUND', 'not yet'));
        gateway.ledger.transaction.resolves({ txId: TX, blockNumber: '12', validationCode: 'VALID', valid: true, creatorMsp: 'Bank1MSP', endorsers: [], timestamp: null });
        gateway.ledger.evaluate.withArgs(TRANSACTIONS.payments.get.name).resolves(JSON.stringify(paymentRecord(signed)));
        const outcome = await gateway.client().payments.submit(signed);
        expect(outcome).to.include({ txId: TX, blockNumber: '12' });
        expect(outcome.payment.paymentId).to.equal('p-1');
        expect(gateway.requests.filter((r) => r.path === `/v1/submissions/${TX}`)).to.have.length(2);
        expect(gateway.ledger.submit.callCount).to.equal(1);
    });

    it('when the followed transaction is recorded invalid, then SUBMISSION_INVALID with its txId', async () => {
        gateway.ledger.submit.rejects(new CommitPendingError(TX));
        gateway.ledger.transaction.resolves({ txId: TX, blockNumber: '12', validationCode: 'MVCC_READ_CONFLICT', valid: false, creatorMsp: 'Bank1MSP', endorsers: [], timestamp: null });
        const failure = await gateway.client().payments.submit(instruction()).catch((err: unknown) => err);
        expect(failure).to.include({ code: 'SUBMISSION_INVALID', txId: TX });
    });

    it('when an answer is not the contract\'s record, then RESPONSE_INVALID from the chaincode\'s own decoder', async () => {
        const { status: _status, ...withoutStatus } = paymentRecord();
        const tampered: typeof fetch = async () => new Response(JSON.stringify(withoutStatus), { status: 200, headers: { 'Content-Type': 'application/json' } });
        const failure = await gateway.client({ fetch: tampered }).payments.get('p-1').catch((err: unknown) => err);
        expect(failure).to.include({ code: 'RESPONSE_INVALID' });
        expect((failure as Error).message).to.contain('status');
    });

    it('when the token is wrong, then UNAUTHENTICATED, not retried', async () => {
        const failure = await gateway.client({ token: 'x'.repeat(48) }).payments.get('p-1').catch((err: unknown) => err);
        expect(failure).to.include({ code: 'UNAUTHENTICATED', status: 401 });
        expect(gateway.requests).to.have.length(1);
    });
});

describe('client backoff', () => {
    it('when attempts fail, then each wait is jittered within a doubling cap and the total stays within the budget', async () => {
        const waits: number[] = [];
        const { CorridorClient } = await import('../src/index.js');
        const failing = (): Promise<Response> => Promise.reject(new TypeError('connection refused'));
        const client = new CorridorClient({
            baseUrl: 'http://127.0.0.1:1',
            fetch: failing,
            random: () => 1,
            sleep: async (ms) => {
                waits.push(ms);
            },
            retry: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 500, totalMs: 60_000 },
        });
        const failure = await client.payments.get('p-1').catch((err: unknown) => err);
        expect(failure).to.include({ code: 'NETWORK_FAILED', status: 0 });
        expect(waits).to.deep.equal([100, 200, 400, 500, 500]);
    });

    it('when the next wait would pass the total budget, then the client stops early', async () => {
        const waits: number[] = [];
        let clock = 0;
        const { CorridorClient } = await import('../src/index.js');
        const client = new CorridorClient({
            baseUrl: 'http://127.0.0.1:1',
            fetch: () => Promise.reject(new TypeError('connection refused')),
            random: () => 1,
            now: () => clock,
            sleep: async (ms) => {
                waits.push(ms);
                clock += ms;
            },
            retry: { maxAttempts: 100, baseDelayMs: 1_000, maxDelayMs: 1_000, totalMs: 2_500 },
        });
        await client.payments.get('p-1').catch(() => undefined);
        expect(waits).to.deep.equal([1_000, 1_000]);
    });
});
