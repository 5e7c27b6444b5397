import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiKey, ORGS, PORTS, ROOT, type Org } from '../support/network';

/**
 * Runs last (files run in name order): every answer the integration tests received from
 * the dev network's gateways was checked against openapi.json as it left the gateway
 * (CORRIDOR_RESPONSE_CHECK, on in test-network.sh). Each gateway counts its mismatches by
 * operation, status, schema path and keyword, and logs each one; any fails the suite here.
 */

const COUNTER = 'corridor_response_contract_mismatches_total';

async function countedMismatches(org: Org): Promise<string[]> {
    const res = await fetch(`http://127.0.0.1:${PORTS[org]}/metrics`, { headers: { Authorization: `Bearer ${apiKey(org)}` }, signal: AbortSignal.timeout(30_000) });
    expect(res.status, `${org} /metrics`).to.equal(200);
    const text = await res.text();
    // Present (with HELP) only when the check is on: its absence would make this test pass for nothing.
    expect(text, `${org} runs with the response check on`).to.contain(`# HELP ${COUNTER}`);
    return text
        .split('\n')
        .filter((line) => line.startsWith(`${COUNTER}{`))
        .map((line) => `${org} (counted since its last start): ${line.slice(COUNTER.length)}`);
}

/** A gateway restarted by an earlier file (restart, crash recovery) counts from zero again; its log keeps what it saw before. */
function loggedMismatches(org: Org): string[] {
    const file = join(ROOT, '.fabric', 'logs', `gateway-${org}.log`);
    if (!existsSync(file)) {
        return [];
    }
    const found = new Set<string>();
    for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.includes('"response does not match the OpenAPI document"')) {
            const { operation, status, schemaPath, keyword, instancePath } = JSON.parse(line) as Record<string, unknown>;
            found.add(`${org} (logged): ${String(operation)} ${String(status)} ${String(keyword)} at ${String(schemaPath)} (body ${String(instancePath)})`);
        }
    }
    return [...found];
}

describe('response contract of the dev network (runs after every other integration file)', function () {
    this.timeout(60_000);

    it('when the suite has run, then no gateway sent a body that its OpenAPI schema does not describe', async () => {
        const mismatches = [...(await Promise.all(ORGS.map(countedMismatches))).flat(), ...ORGS.flatMap(loggedMismatches)];
        expect(mismatches, `responses that do not match openapi.json:\n${mismatches.join('\n')}`).to.deep.equal([]);
    });
});
