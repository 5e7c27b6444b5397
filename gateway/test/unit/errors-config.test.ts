import { expect } from 'chai';
import { ERROR_CODES } from '@corridor/chaincode/api';
import { HTTP_STATUS, parseLedgerError } from '../../src/errors';
import { loadConfig, loadSettings } from '../../src/config';

describe('error table', () => {
    it('when the chaincode defines a code, then the gateway maps it to a 4xx status, except a record of the wrong shape, which is never the caller\'s fault (500)', () => {
        for (const code of ERROR_CODES.filter((c) => c !== 'STORED_RECORD_INVALID')) {
            expect(HTTP_STATUS[code], code).to.be.within(400, 499);
        }
        expect(HTTP_STATUS.STORED_RECORD_INVALID).to.equal(500);
    });

    it('when the chaincode refuses a stored record of the wrong shape, then the gateway answers 500 with that code', () => {
        const error = parseLedgerError('chaincode response 500, STORED_RECORD_INVALID: stored payment is malformed (status)');
        expect(error?.code).to.equal('STORED_RECORD_INVALID');
        expect(error?.status).to.equal(500);
    });

    it('when a Fabric error message carries a chaincode code, then it is recovered with its detail', () => {
        const error = parseLedgerError('chaincode response 500, INSUFFICIENT_FUNDS: balance 10 below 20');
        expect(error?.code).to.equal('INSUFFICIENT_FUNDS');
        expect(error?.detail).to.equal('balance 10 below 20');
        expect(error?.status).to.equal(422);
    });

    it('when a message carries no known code, then nothing is recovered', () => {
        expect(parseLedgerError('14 UNAVAILABLE: No connection established')).to.equal(undefined);
        expect(parseLedgerError('SOMETHING_ELSE: detail')).to.equal(undefined);
    });
});

describe('configuration', () => {
    const env = {
        CORRIDOR_ORG: 'bank1',
        CORRIDOR_MSP_ID: 'Bank1MSP',
        CORRIDOR_PORT: '3001',
        CORRIDOR_PEER_ENDPOINT: '127.0.0.1:7051',
        CORRIDOR_PEER_TLS_CA: '/ca.pem',
        CORRIDOR_PEER_HOST_ALIAS: 'peer0.bank1.corridor.example',
        CORRIDOR_CERT: '/cert.pem',
        CORRIDOR_KEY: '/key.pem',
        CORRIDOR_DATA_DIR: '/data',
        CORRIDOR_API_KEYS_FILE: '/keys.json',
    };

    it('when every setting is present, then defaults fill the rest', () => {
        expect(loadConfig(env)).to.include({ port: 3001, channel: 'payments', chaincode: 'corridor', logLevel: 'info', requestsPerMinute: 1200 });
    });

    it('when a bank raises the flood guard for its back office, then the setting carries it and a non-number is refused', () => {
        expect(loadConfig({ ...env, CORRIDOR_REQUESTS_PER_MINUTE: '30000' })).to.include({ requestsPerMinute: 30000 });
        expect(() => loadConfig({ ...env, CORRIDOR_REQUESTS_PER_MINUTE: 'lots' })).to.throw(/"CORRIDOR_REQUESTS_PER_MINUTE" must be a number/);
    });

    it('when settings are missing or malformed, then start-up fails naming each of them', () => {
        const load = (): unknown => loadConfig({ ...env, CORRIDOR_PORT: '70000', CORRIDOR_MSP_ID: undefined });
        expect(load).to.throw(/"CORRIDOR_PORT" must be less than or equal to 65535/);
        expect(load).to.throw(/"CORRIDOR_MSP_ID" is required/);
    });

    it('when gateway and customer settings are both wrong, then start-up fails once, naming every one of them', () => {
        const load = (): unknown => loadSettings({ ...env, CORRIDOR_PORT: 'eighty', CORRIDOR_ARGON2_ITERATIONS: '1' });
        expect(load).to.throw(/"CORRIDOR_PORT" must be a number/);
        expect(load).to.throw(/argonIterations/);
    });

    it('when every setting is valid, then the gateway and the customers get theirs from the one environment', () => {
        const settings = loadSettings({ ...env, CORRIDOR_KEK_FILE: '/secrets/kek.hex' });
        expect(settings.gateway).to.include({ dataDir: '/data', port: 3001 });
        expect(settings.customers).to.include({ database: '/data/customers.sqlite', kekPath: '/secrets/kek.hex', createKekIfMissing: false });
    });

    it('when CORRIDOR_DATABASE_URL is set, then the index, the remembered writes and the customers all take it', () => {
        const url = 'postgres://corridor@127.0.0.1:5433/corridor';
        const settings = loadSettings({ ...env, CORRIDOR_DATABASE_URL: url });
        expect(settings.gateway).to.include({ databaseUrl: url, indexUrl: url });
        expect(settings.customers.database).to.equal(url);
        expect(() => loadSettings({ ...env, CORRIDOR_DATABASE_URL: 'mysql://db' })).to.throw(/"CORRIDOR_DATABASE_URL" with value/);
    });
});
