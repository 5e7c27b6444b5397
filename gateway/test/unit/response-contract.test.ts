import { expect } from 'chai';
import request from 'supertest';
import express from 'express';
import winston from 'winston';
import { Registry } from 'prom-client';
import { contractMismatchCounter, ResponseContract, responseCheck, type ContractMismatch } from '../../src/http/response-check';
import openApi from '../../openapi.json';
import { loadConfig } from '../../src/config';
import { contractMismatches, linesInto } from '../support/test-app';

/** Which test caused each mismatch, collected after every test of the run. */
const found: string[] = [];

// Root hooks: every unit test's app checks its answers against the document (test-app.ts).
afterEach(function () {
    const title = this.currentTest?.fullTitle() ?? 'unknown test';
    for (const mismatch of contractMismatches.splice(0)) {
        found.push(`${title}: ${mismatch.operation} ${mismatch.status} ${mismatch.keyword} at ${mismatch.schemaPath} (body ${mismatch.instancePath || '/'})`);
    }
});

after(function () {
    if (found.length > 0) {
        throw new Error(`${found.length} responses do not match openapi.json:\n${[...new Set(found)].join('\n')}`);
    }
});

describe('response contract check', () => {
    it('when CORRIDOR_RESPONSE_CHECK is unset, then the check is off; 1 turns it on and anything but 0 or 1 is refused', () => {
        const env = { CORRIDOR_ORG: 'bank1', CORRIDOR_MSP_ID: 'Bank1MSP', CORRIDOR_PORT: '3001', CORRIDOR_PEER_ENDPOINT: '127.0.0.1:7051', CORRIDOR_PEER_TLS_CA: '/ca.pem', CORRIDOR_PEER_HOST_ALIAS: 'peer0.bank1.corridor.example', CORRIDOR_CERT: '/cert.pem', CORRIDOR_KEY: '/key.pem', CORRIDOR_DATA_DIR: '/data', CORRIDOR_API_KEYS_FILE: '/keys.json' };
        expect(loadConfig(env).responseCheck).to.equal(false);
        expect(loadConfig({ ...env, CORRIDOR_RESPONSE_CHECK: '1' }).responseCheck).to.equal(true);
        expect(() => loadConfig({ ...env, CORRIDOR_RESPONSE_CHECK: 'yes' })).to.throw(/CORRIDOR_RESPONSE_CHECK/);
    });

    const contract = new ResponseContract(openApi);

    it('when a body matches its operation and status, then nothing is reported', () => {
        expect(contract.check('get', '/v1/notices/:id', 404, 'application/problem+json', { type: 'https://corridor.example/problems/not-found', title: 'NOT_FOUND', status: 404, detail: 'no notice n-1', code: 'NOT_FOUND', requestId: 'r-12345678' })).to.deep.equal([]);
    });

    it('when a body lacks a required field, then the mismatch names the schema path and keyword but no value', () => {
        const mismatches = contract.check('get', '/v1/notices/:id', 404, 'application/problem+json', { title: 'secret-title', status: 404, detail: 'x', code: 'NOT_FOUND' });
        expect(mismatches).to.have.length(1);
        expect(mismatches[0]).to.include({ operation: 'GET /v1/notices/{id}', status: 404, keyword: 'required', instancePath: '' });
        expect(mismatches[0]?.schemaPath).to.match(/#\/components\/schemas\/Problem\/required$/);
        expect(JSON.stringify(mismatches)).not.to.contain('secret-title');
    });

    it('when an operation answers a status the document does not list, then that is a mismatch', () => {
        expect(contract.check('get', '/v1/members', 418, 'application/json', {})).to.deep.equal([{ operation: 'GET /v1/members', status: 418, schemaPath: '#/paths/~1v1~1members/get/responses/418', keyword: 'undocumented', instancePath: '' }]);
    });

    it('when a HEAD request is answered by its GET route, then the GET operation is checked', () => {
        expect(contract.check('HEAD', '/v1/members', 200, 'application/json', { items: [] })).to.deep.equal([]);
    });

    it('when no route matched, then only a problem body is checked, against Problem', () => {
        expect(contract.check('get', undefined, 404, 'application/problem+json', { status: 404 })).to.have.length.greaterThan(0);
        expect(contract.check('get', undefined, 200, 'application/json', { anything: true })).to.deep.equal([]);
    });

    it('when the middleware sees a bad body, then it logs it, counts it and still sends the body unchanged', async () => {
        const registry = new Registry();
        const logged: string[] = [];
        const logger = winston.createLogger({ transports: [new winston.transports.Stream({ stream: linesInto(logged) })] });
        const seen: ContractMismatch[] = [];
        const app = express();
        app.use(responseCheck(contract, logger, contractMismatchCounter(registry), (m) => seen.push(m)));
        app.get('/v1/members', (_req, res) => { res.json({ items: 'private-value' }); });
        const res = await request(app).get('/v1/members');
        expect(res.body).to.deep.equal({ items: 'private-value' });
        expect(seen.map((m) => m.keyword)).to.include('type');
        expect(logged.join('')).to.contain('GET /v1/members').and.not.contain('private-value');
        expect(await registry.getSingleMetricAsString('corridor_response_contract_mismatches_total')).to.match(/operation="GET \/v1\/members",status="200".*keyword="type"\} 1/);
    });
});
