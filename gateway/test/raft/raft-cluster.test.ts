import { expect } from 'chai';
import { call, eventually, networkScript, pidOf, uniqueId } from '../support/network';

/** Runs only against a network started with `up --orderers 3` (scripts/integration.sh does that). */
describe('a three-orderer Raft cluster', function () {
    this.timeout(300_000);

    it('when one orderer is killed, then payments still commit, and up brings it back', async () => {
        const status = await networkScript('status');
        expect(status.output).to.match(/orderer3 .* healthy/);

        process.kill(pidOf('orderer1'), 'SIGKILL');
        const written = await eventually(async () => {
            const res = await call('bank2', 'POST', '/v1/notices', {
                id: uniqueId('raft'), kind: 'emergency', title: 'Orderer lost', body: 'One of three orderers is down.', effectiveAt: '2026-12-03T00:00:00Z',
            });
            return res.status === 201 ? res.body : undefined;
        }, 60_000);
        const info = await call('bank1', 'GET', `/v1/explorer/transactions/${written.txId}`);
        expect(info.body.valid).to.equal(true);

        const up = await networkScript('up', '--orderers', '3');
        expect(up.code, up.output).to.equal(0);
        expect(up.output).to.match(/started orderer1/);
        expect((await networkScript('status')).code).to.equal(0);
    });
});
