import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { connectLedger } from '../../src/fabric/ledger-client';
import { call, client, eventually, ORGS, ROOT, uniqueId } from '../support/network';

const BANK_MSPS = ['Bank1MSP', 'Bank2MSP', 'Bank3MSP'];

function notice(id: string): Record<string, string> {
    return { id, kind: 'routine', title: 'Ledger maintenance', body: 'Peers restart one at a time.', effectiveAt: '2026-12-06T01:00:00Z' };
}

describe('the consortium network, through every gateway', function () {
    this.timeout(120_000);

    it('when the network is up, then every gateway is healthy with a block height above zero', async () => {
        for (const org of ORGS) {
            const res = await client(org).transport.once('GET', '/health');
            const health = res.body as Record<string, string>;
            expect(res.status, org).to.equal(200);
            expect(health).to.include({ status: 'ok', peer: 'up', chaincode: 'up', channel: 'payments' });
            expect(BigInt(health.blockHeight as string) > 0n, org).to.equal(true);
        }
    });

    describe('when bank 1 publishes a notice', () => {
        const id = uniqueId('maintenance');
        let txId: string;

        before(async () => {
            const res = await call('bank1', 'POST', '/v1/notices', notice(id));
            expect(res.status, JSON.stringify(res.body)).to.equal(201);
            txId = res.body.txId;
        });

        it('then banks 2 and 3 and the regulator see the identical notice', async () => {
            const seen = await Promise.all(
                ORGS.map((org) => eventually(async () => {
                    const res = await call(org, 'GET', `/v1/notices/${id}`);
                    return res.status === 200 ? res.body : undefined;
                })),
            );
            for (const copy of seen) {
                expect(copy).to.deep.equal(seen[0]);
            }
            expect(seen[0]).to.include({ ...notice(id), publishedBy: 'Bank1MSP', txId });
        });

        it('then its transaction is valid and was endorsed by a majority of banks, not by the regulator', async () => {
            const info = await eventually(async () => {
                const res = await call('regulator', 'GET', `/v1/explorer/transactions/${txId}`);
                return res.status === 200 ? res.body : undefined;
            });
            expect(info).to.include({ valid: true, validationCode: 'VALID', creatorMsp: 'Bank1MSP' });
            const banks = (info.endorsers as string[]).filter((msp) => BANK_MSPS.includes(msp));
            expect(banks.length).to.be.at.least(2);
            expect(info.endorsers).to.not.include('RegulatorMSP');
            expect(Number(info.confirmations)).to.be.at.least(1);
            const block = await call('bank2', 'GET', `/v1/explorer/blocks/${info.blockNumber}`);
            expect(block.body.transactions).to.deep.include({ txId, creatorMsp: 'Bank1MSP', validationCode: 'VALID' });
        });

        it('then sending it again returns the first publication and changes nothing', async () => {
            const res = await call('bank1', 'POST', '/v1/notices', notice(id));
            expect(res.status).to.equal(200);
            expect(res.body.notice.txId).to.equal(txId);
        });

        it('then reusing its id with another title is refused with ALREADY_EXISTS and the original stays', async () => {
            const res = await call('bank2', 'POST', '/v1/notices', { ...notice(id), title: 'Changed' });
            expect(res.status).to.equal(409);
            expect(res.body.code).to.equal('ALREADY_EXISTS');
            const stored = await call('bank3', 'GET', `/v1/notices/${id}`);
            expect(stored.body.title).to.equal('Ledger maintenance');
        });
    });

    it('when the regulator tries to publish through its gateway, then 403 and nothing is written', async () => {
        const id = uniqueId('regulator');
        const res = await call('regulator', 'POST', '/v1/notices', notice(id));
        expect(res.status).to.equal(403);
        expect((await call('regulator', 'GET', `/v1/notices/${id}`)).status).to.equal(404);
    });

    /** Submits a notice straight to the ledger as one of the organisation's enrolled identities; returns the error. */
    async function publishDirectly(org: string, msp: string, peerPort: number, user: string, id: string): Promise<Error | undefined> {
        const orgDir = join(ROOT, 'organizations', 'peerOrganizations', `${org}.corridor.example`);
        const userMsp = join(orgDir, 'users', `${user}@${org}.corridor.example`, 'msp');
        const ledger = await connectLedger({
            org,
            mspId: msp,
            port: 0,
            peerEndpoint: `127.0.0.1:${peerPort}`,
            peerTlsCaPath: join(orgDir, 'tlsca', `tlsca.${org}.corridor.example-cert.pem`),
            peerHostAlias: `peer0.${org}.corridor.example`,
            certPath: join(userMsp, 'signcerts', readdirSync(join(userMsp, 'signcerts'))[0] as string),
            keyPath: join(userMsp, 'keystore', readdirSync(join(userMsp, 'keystore'))[0] as string),
            channel: 'payments',
            chaincode: 'corridor',
            dataDir: '/tmp',
            apiKeysFile: '/dev/null',
            logLevel: 'error',
            requestsPerMinute: 1200,
        });
        try {
            await ledger.submit('Notice:Publish', [JSON.stringify(notice(id))]);
            return undefined;
        } catch (err) {
            return err as Error;
        } finally {
            ledger.close();
        }
    }

    it('when the regulator identity submits to the ledger directly, then the chaincode refuses it', async () => {
        const id = uniqueId('direct');
        const refused = await publishDirectly('regulator', 'RegulatorMSP', 10051, 'User1', id);
        expect(refused?.message).to.match(/^UNAUTHORIZED: RegulatorMSP has read-only access/);
        expect((await call('bank1', 'GET', `/v1/notices/${id}`)).status).to.equal(404);
    });

    it('when a bank identity whose certificate carries no ledger role submits directly, then the chaincode refuses it', async () => {
        const id = uniqueId('no-role');
        const refused = await publishDirectly('bank1', 'Bank1MSP', 7051, 'User1', id);
        expect(refused?.message).to.match(/^UNAUTHORIZED: this Bank1MSP identity lacks the governance role \(certificate attribute corridor.roles\)/);
        expect((await call('bank1', 'GET', `/v1/notices/${id}`)).status).to.equal(404);
    });

    it('when a notice is invalid, then the gateway answers 400 naming the field', async () => {
        const res = await call('bank3', 'POST', '/v1/notices', { ...notice(uniqueId('bad')), kind: 'urgent' });
        expect(res.status).to.equal(400);
        expect(res.body).to.include({ code: 'VALIDATION_FAILED', field: 'kind' });
    });
});
