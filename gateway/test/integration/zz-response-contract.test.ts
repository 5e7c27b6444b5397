import { expect } from 'chai';
import { apiKey, ORGS, PORTS, type Org } from '../support/network';

/**
 * Runs last (files run in name order): every answer the integration tests received from
 * the dev network's gateways was checked against openapi.json as it left the gateway
 * (CORRIDOR_RESPONSE_CHECK, on in test-network.sh). Each gateway counts its mismatches by
 * operation, status, schema path and keyword; any of them fails the suite here.
 */
async function mismatchesOf(org: Org): Promise<string[]> {
    const res = await fetch(`http://127.0.0.1:${PORTS[org]}/metrics`, { headers: { Authorization: `Bearer ${apiKey(org)}` }, signal: AbortSignal.timeout(30_000) });
    expect(res.status, `${org} /metrics`).to.equal(200);
    const text = await res.text();
    // Present (with HELP) only when the check is on: its absence would make this test pass for nothing.
    expect(text, `${org} runs with the response check on`).to.contain('# HELP corridor_response_contract_mismatches_total');
    return text
        .split('\n')
        .filter((line) => line.startsWith('corridor_response_contract_mismatches_total{'))
        .map((line) => `${org}: ${line.slice('corridor_response_contract_mismatches_total'.length)}`);
}

describe('response contract of the dev network (runs after every other integration file)', function () {
    this.timeout(60_000);

    it('when the suite has run, then no gateway sent a body that its OpenAPI schema does not describe', async () => {
        const mismatches = (await Promise.all(ORGS.map(mismatchesOf))).flat();
        expect(mismatches, `responses that do not match openapi.json:\n${mismatches.join('\n')}`).to.deep.equal([]);
    });
});
