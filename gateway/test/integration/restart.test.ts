import { expect } from 'chai';
import { call, eventually, networkScript, pidOf, uniqueId } from '../support/network';

describe('a process of the network dies', function () {
    this.timeout(300_000);

    it('when a peer and a chaincode server are killed, then status reports them and up restarts them on the same channel', async () => {
        const id = uniqueId('before-crash');
        const published = await call('bank1', 'POST', '/v1/notices', {
            id, kind: 'emergency', title: 'Before the crash', body: 'Written before peer 3 fails.', effectiveAt: '2026-12-01T00:00:00Z',
        });
        expect(published.status).to.equal(201);
        const heightBefore = BigInt((await call('bank3', 'GET', '/health')).body.blockHeight);

        process.kill(pidOf('peer-bank3'), 'SIGKILL');
        process.kill(pidOf('chaincode-bank2'), 'SIGKILL');
        const down = await eventually(async () => {
            const status = await networkScript('status');
            return /peer-bank3 .* stopped/.test(status.output) && /chaincode-bank2 .* stopped/.test(status.output) ? status : undefined;
        });
        expect(down.code).to.not.equal(0);

        const up = await networkScript('up');
        expect(up.code, up.output).to.equal(0);
        expect(up.output).to.match(/started peer-bank3/);
        expect(up.output).to.match(/started chaincode-bank2/);
        expect(up.output).to.not.match(/joins payments|creating the genesis block/);

        const status = await networkScript('status');
        expect(status.code, status.output).to.equal(0);
        const stored = await eventually(async () => {
            const res = await call('bank3', 'GET', `/v1/notices/${id}`);
            return res.status === 200 ? res.body : undefined;
        });
        expect(stored.title).to.equal('Before the crash');
        const heightAfter = BigInt((await call('bank3', 'GET', '/health')).body.blockHeight);
        expect(heightAfter >= heightBefore).to.equal(true);

        const after = await call('bank3', 'POST', '/v1/notices', {
            id: uniqueId('after-crash'), kind: 'routine', title: 'After the restart', body: 'Bank 3 writes again.', effectiveAt: '2026-12-02T00:00:00Z',
        });
        expect(after.status, JSON.stringify(after.body)).to.equal(201);
    });
});
