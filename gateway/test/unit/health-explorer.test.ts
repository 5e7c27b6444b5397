import { expect } from 'chai';
import request from 'supertest';
import { AppError } from '../../src/errors';
import { bearer, testApp } from '../support/test-app';

describe('health', () => {
    it('when the peer answers with a height and the chaincode answers, then 200 ok', async () => {
        const { app } = await testApp();
        const res = await request(app).get('/health');
        expect(res.status).to.equal(200);
        expect(res.body).to.include({ status: 'ok', peer: 'up', chaincode: 'up', blockHeight: '5', mspId: 'Bank1MSP' });
    });

    it('when the chaincode does not answer, then 503 degraded', async () => {
        const { app, ledger } = await testApp();
        ledger.chaincodeReachable.resolves(false);
        const res = await request(app).get('/health');
        expect(res.status).to.equal(503);
        expect(res.body).to.include({ status: 'degraded', chaincode: 'down' });
    });

    it('when the peer does not answer, then 503 with peer down and no height', async () => {
        const { app, ledger } = await testApp();
        ledger.blockHeight.rejects(new Error('UNAVAILABLE'));
        const res = await request(app).get('/health');
        expect(res.status).to.equal(503);
        expect(res.body).to.include({ peer: 'down', blockHeight: null });
    });
});

describe('explorer', () => {
    const info = {
        txId: 'a'.repeat(64),
        blockNumber: '7',
        validationCode: 'VALID',
        valid: true,
        creatorMsp: 'Bank1MSP',
        endorsers: ['Bank1MSP', 'Bank2MSP'],
        timestamp: '2026-11-28T10:00:00.000Z',
    };

    it('when a transaction is on the channel, then its block, endorsers and confirmations are shown', async () => {
        const { app, ledger } = await testApp();
        ledger.transaction.resolves(info);
        ledger.blockHeight.resolves(10n);
        const res = await request(app).get(`/v1/explorer/transactions/${'a'.repeat(64)}`).set('Authorization', bearer('auditor'));
        expect(res.status).to.equal(200);
        expect(res.body).to.deep.equal({ ...info, confirmations: '3' });
    });

    it('when the transaction id is not 64 hex digits, then 400 and the ledger is not asked', async () => {
        const { app, ledger } = await testApp();
        for (const bad of ['abc', 'A'.repeat(64), 'a'.repeat(65), "' OR 1=1 --"]) {
            const res = await request(app).get(`/v1/explorer/transactions/${encodeURIComponent(bad)}`).set('Authorization', bearer('admin'));
            expect(res.status, bad).to.equal(400);
        }
        expect(ledger.transaction.called).to.equal(false);
    });

    it('when a block number is negative, fractional or too long, then 400', async () => {
        const { app } = await testApp();
        for (const bad of ['-1', '1.5', '01', '1'.repeat(20)]) {
            const res = await request(app).get(`/v1/explorer/blocks/${bad}`).set('Authorization', bearer('admin'));
            expect(res.status, bad).to.equal(400);
        }
    });

    it('when the block does not exist, then 404', async () => {
        const { app, ledger } = await testApp();
        ledger.block.rejects(new AppError('NOT_FOUND', 'block 99 is not on channel payments'));
        const res = await request(app).get('/v1/explorer/blocks/99').set('Authorization', bearer('admin'));
        expect(res.status).to.equal(404);
    });
});
