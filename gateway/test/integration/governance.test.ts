import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { call, eventually, uniqueId } from '../support/network';
import { TestWallet } from '../support/wallet';

describe('consortium governance and account control on the real network', function () {
    this.timeout(120_000);

    it('when bank 1 proposes a member change, then it waits for a majority and bank 2 approving executes it everywhere', async () => {
        const before = await call('regulator', 'GET', '/v1/members/Bank3MSP');
        const wanted = !before.body.fxProvider;
        const proposalId = uniqueId('fx-role');
        const proposed = await call('bank1', 'POST', '/v1/proposals', { proposalId, kind: 'update-member', payload: { mspId: 'Bank3MSP', fxProvider: wanted } });
        expect(proposed.status, JSON.stringify(proposed.body)).to.equal(201);
        expect((await call('bank3', 'GET', '/v1/members/Bank3MSP')).body.fxProvider, 'one vote of three changes nothing').to.equal(!wanted);

        const again = await call('bank1', 'POST', `/v1/proposals/${proposalId}/approve`);
        expect(again.body.code, 'a bank votes once').to.equal('ALREADY_VOTED');
        const approved = await call('bank2', 'POST', `/v1/proposals/${proposalId}/approve`);
        expect(approved.status, JSON.stringify(approved.body)).to.equal(200);
        const member = await eventually(async () => {
            const res = await call('regulator', 'GET', '/v1/members/Bank3MSP');
            return res.body.fxProvider === wanted ? res.body : undefined;
        });
        expect(member.mspId).to.equal('Bank3MSP');

        // Leave the consortium as the test found it: other tests rely on bank 3 providing no FX.
        const restore = uniqueId('fx-role-back');
        const back = await call('bank1', 'POST', '/v1/proposals', { proposalId: restore, kind: 'update-member', payload: { mspId: 'Bank3MSP', fxProvider: !wanted } });
        expect(back.status, JSON.stringify(back.body)).to.equal(201);
        expect((await call('bank2', 'POST', `/v1/proposals/${restore}/approve`)).status).to.equal(200);
        await eventually(async () => ((await call('regulator', 'GET', '/v1/members/Bank3MSP')).body.fxProvider === !wanted ? true : undefined));
    });

    it('when the regulator tries to vote, then it is refused', async () => {
        const res = await call('regulator', 'POST', `/v1/proposals/${uniqueId('none')}/approve`);
        expect(res.status).to.equal(403);
    });

    it('when a bank freezes its customer, then she cannot pay until it unfreezes her, and another bank cannot touch the account', async () => {
        const carol = new TestWallet('carol');
        const dave = new TestWallet('dave');
        for (const [org, wallet] of [['bank2', carol], ['bank3', dave]] as const) {
            const opened = await call(org, 'POST', '/v1/accounts', { publicKey: wallet.publicKeyPem, holderRef: createHash('sha256').update(wallet.name + wallet.publicKeyPem).digest('hex'), kycTier: 1 });
            expect(opened.status, JSON.stringify(opened.body)).to.equal(201);
            wallet.address = opened.body.account.address;
        }
        const run = uniqueId('frz');
        await call('bank2', 'POST', '/v1/top-ups', { reference: `ACH-${run}`, address: carol.address, currency: 'USD', amount: '80.00' });

        expect((await call('bank1', 'POST', `/v1/accounts/${carol.address}/freeze`, { reason: 'not ours' })).body.code).to.equal('UNAUTHORIZED');
        const frozen = await call('bank2', 'POST', `/v1/accounts/${carol.address}/freeze`, { reason: 'suspected account takeover' });
        expect(frozen.body.account?.status, JSON.stringify(frozen.body)).to.equal('frozen');
        const refused = await call('bank2', 'POST', '/v1/payments', carol.instruction({ paymentId: `${run}-1`, payee: dave.address, amount: '5.00', currency: 'USD' }, 1));
        expect(refused.body.code).to.equal('ACCOUNT_FROZEN');

        await call('bank2', 'POST', `/v1/accounts/${carol.address}/unfreeze`, { reason: 'customer verified by phone' });
        const paid = await call('bank2', 'POST', '/v1/payments', carol.instruction({ paymentId: `${run}-2`, payee: dave.address, amount: '5.00', currency: 'USD' }, 1));
        expect(paid.body.payment?.status, JSON.stringify(paid.body)).to.equal('settled');

        const overLimit = await call('bank2', 'POST', '/v1/payments', carol.instruction({ paymentId: `${run}-3`, payee: dave.address, amount: '1000.01', currency: 'USD' }, 2));
        expect(overLimit.body.code, 'tier 1 sends at most 1,000 per payment').to.equal('KYC_LIMIT_EXCEEDED');
        const history = await call('regulator', 'GET', `/v1/accounts/${carol.address}/history?pageSize=10`);
        expect(history.status, JSON.stringify(history.body)).to.equal(200);
    });
});
