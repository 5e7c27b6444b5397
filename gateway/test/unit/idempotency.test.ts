import { expect } from 'chai';
import request from 'supertest';
import winston from 'winston';
import { AppError } from '../../src/errors';
import { CommitPendingError, type SubmitOptions } from '../../src/fabric/ledger-client';
import { openIdempotencyStore } from '../../src/submissions/idempotency-store';
import { recoverPendingWrites } from '../../src/submissions/recovery';
import { bearer, stubLedger, testApp } from '../support/test-app';

const notice = { id: 'n-1', kind: 'routine', title: 'Upgrade', body: 'Rolling restart', effectiveAt: '2026-12-05T02:00:00Z' };
const stored = { ...notice, publishedBy: 'Bank1MSP', publishedAt: '2026-11-28T10:00:00.000Z', txId: 'a'.repeat(64) };
const committed = { result: JSON.stringify(stored), txId: 'a'.repeat(64), blockNumber: '9' };

function publish(app: Parameters<typeof request>[0], key: string | undefined, body: object = notice): request.Test {
    const call = request(app).post('/v1/notices').set('Authorization', bearer('admin'));
    return (key === undefined ? call : call.set('Idempotency-Key', key)).send(body);
}

describe('idempotent writes', () => {
    it('when a write has no Idempotency-Key, then 400 naming the header and nothing is submitted', async () => {
        const { app, ledger } = await testApp();
        const res = await publish(app, undefined);
        expect(res.status).to.equal(400);
        expect(res.body).to.include({ code: 'VALIDATION_FAILED', field: 'Idempotency-Key' });
        expect(ledger.submit.called).to.equal(false);
    });

    it('when the key is too short or has other characters, then 400', async () => {
        const { app } = await testApp();
        for (const key of ['short', 'a'.repeat(129), 'key with spaces', "key';--"]) {
            expect((await publish(app, key)).status, key).to.equal(400);
        }
    });

    it('when a write is retried with the same key and body, then the first answer comes back and the ledger is called once', async () => {
        const { app, ledger } = await testApp();
        ledger.submit.resolves(committed);
        const first = await publish(app, 'retry-key-1');
        const second = await publish(app, 'retry-key-1');
        expect(first.status).to.equal(201);
        expect(second.status).to.equal(201);
        expect(second.body).to.deep.equal(first.body);
        expect(second.headers['idempotent-replayed']).to.equal('true');
        expect(ledger.submit.callCount).to.equal(1);
    });

    it('when the same key comes with another body, then 422 IDEMPOTENCY_KEY_REUSED and nothing is submitted again', async () => {
        const { app, ledger } = await testApp();
        ledger.submit.resolves(committed);
        await publish(app, 'reused-key-1');
        const res = await publish(app, 'reused-key-1', { ...notice, title: 'Other' });
        expect(res.status).to.equal(422);
        expect(res.body.code).to.equal('IDEMPOTENCY_KEY_REUSED');
        expect(ledger.submit.callCount).to.equal(1);
    });

    it('when the ledger refuses with a business error, then the refusal is the remembered answer', async () => {
        const { app, ledger } = await testApp();
        ledger.submit.rejects(new AppError('ALREADY_EXISTS', 'notice n-1 exists with a different title'));
        const first = await publish(app, 'refused-key-1');
        const second = await publish(app, 'refused-key-1');
        expect(first.status).to.equal(409);
        expect(second.status).to.equal(409);
        expect(second.body.code).to.equal('ALREADY_EXISTS');
        expect(ledger.submit.callCount).to.equal(1);
    });

    it('when the ledger is unavailable before endorsement, then the key is forgotten and a retry submits again', async () => {
        const { app, ledger } = await testApp();
        ledger.submit.onFirstCall().rejects(new AppError('LEDGER_UNAVAILABLE', 'down'));
        ledger.submit.onSecondCall().resolves(committed);
        expect((await publish(app, 'unavailable-1')).status).to.equal(503);
        expect((await publish(app, 'unavailable-1')).status).to.equal(201);
        expect(ledger.submit.callCount).to.equal(2);
    });

    it('when the commit is not confirmed in time, then 202 with the status URL, and a retry gets the same 202', async () => {
        const { app, ledger } = await testApp();
        ledger.submit.callsFake(async (_tx: string, _args: readonly string[], options?: SubmitOptions) => {
            await options?.observer?.transactionCreated('b'.repeat(64));
            await options?.observer?.transactionEndorsed('b'.repeat(64), new Uint8Array([1, 2, 3]));
            throw new CommitPendingError('b'.repeat(64));
        });
        const first = await publish(app, 'pending-key-1');
        expect(first.status).to.equal(202);
        expect(first.headers.location).to.equal(`/v1/submissions/${'b'.repeat(64)}`);
        const second = await publish(app, 'pending-key-1');
        expect(second.status).to.equal(202);
        expect(second.body).to.deep.equal(first.body);
    });

    it('when the ledger fails after endorsement, then the endorsed transaction is kept for recovery and a retry is refused as in progress', async () => {
        const idempotency = await openIdempotencyStore(':memory:');
        const ledger = stubLedger();
        ledger.submit.callsFake(async (_tx: string, _args: readonly string[], options?: SubmitOptions) => {
            await options?.observer?.transactionCreated('c'.repeat(64));
            await options?.observer?.transactionEndorsed('c'.repeat(64), new Uint8Array([7]));
            throw new AppError('LEDGER_UNAVAILABLE', 'orderer unreachable');
        });
        const { app } = await testApp(ledger, undefined, idempotency);
        expect((await publish(app, 'after-endorse')).status).to.equal(503);
        const retry = await publish(app, 'after-endorse');
        expect(retry.status).to.equal(409);
        expect(retry.body.code).to.equal('IDEMPOTENCY_IN_PROGRESS');
        expect(retry.body.detail).to.include(`/v1/submissions/${'c'.repeat(64)}`);
        expect((await idempotency.pendingWithTransaction()).map((r) => r.txId)).to.deep.equal(['c'.repeat(64)]);
    });
});

describe('recovery after a restart', () => {
    const logger = winston.createLogger({ silent: true });

    it('when a previous run endorsed a write, then it is sent again once and its outcome becomes the answer', async () => {
        const store = await openIdempotencyStore(':memory:');
        await store.begin('admin', 'k-endorsed', 'f1');
        await store.recordTransaction('admin', 'k-endorsed', 'd'.repeat(64), Buffer.from([9]));
        await store.begin('admin', 'k-unsent', 'f2');
        await store.recordTransaction('admin', 'k-unsent', 'e'.repeat(64), null);
        const ledger = stubLedger();
        ledger.resubmit.resolves({ result: '{"ok":true}', txId: 'd'.repeat(64), blockNumber: '12' });
        expect(await recoverPendingWrites(store, ledger, logger)).to.equal(2);
        expect(ledger.resubmit.calledOnceWith(Buffer.from([9]))).to.equal(true);
        const again = await store.begin('admin', 'k-endorsed', 'f1');
        expect(again.created).to.equal(false);
        expect(again.record).to.include({ state: 'done', status: 200 });
        expect((await store.begin('admin', 'k-unsent', 'f2')).created, 'an unsent write may be tried again').to.equal(true);
    });

    it('when the resent transaction had already committed, then the recorded commit is the answer', async () => {
        const store = await openIdempotencyStore(':memory:');
        await store.begin('admin', 'k1', 'f1');
        await store.recordTransaction('admin', 'k1', 'd'.repeat(64), Buffer.from([9]));
        const ledger = stubLedger();
        ledger.resubmit.rejects(new AppError('CONFLICT', 'duplicate transaction id'));
        ledger.transaction.resolves({ txId: 'd'.repeat(64), valid: true, blockNumber: '8' });
        await recoverPendingWrites(store, ledger, logger);
        expect(JSON.parse((await store.begin('admin', 'k1', 'f1')).record.body as string)).to.include({ recovered: true, blockNumber: '8' });
    });

    it('when the resent transaction is refused, then a retry gets the refusal as a whole problem body', async () => {
        const store = await openIdempotencyStore(':memory:');
        await store.begin('admin', 'k1', 'f1');
        await store.recordTransaction('admin', 'k1', 'd'.repeat(64), Buffer.from([9]));
        const ledger = stubLedger();
        ledger.resubmit.rejects(new AppError('SEQUENCE_REPLAYED', 'sequence 3 was used', 'sequence'));
        ledger.transaction.resolves({ txId: 'd'.repeat(64), valid: false, blockNumber: '8' });
        await recoverPendingWrites(store, ledger, logger);
        const record = (await store.begin('admin', 'k1', 'f1')).record;
        expect(record.status).to.equal(409);
        expect(JSON.parse(record.body as string)).to.deep.equal({
            type: 'https://corridor.example/problems/sequence-replayed', title: 'SEQUENCE_REPLAYED', status: 409, detail: 'sequence 3 was used', code: 'SEQUENCE_REPLAYED', field: 'sequence', txId: 'd'.repeat(64),
        });
    });
});
