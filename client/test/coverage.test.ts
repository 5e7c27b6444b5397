import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CorridorClient } from '../src/index.js';

/**
 * Every operation of gateway/openapi.json has a method: each method of each resource is
 * called once with stand-in arguments against a fetch that records the request, and the
 * recorded requests must cover every documented method and path.
 */

const openApi = JSON.parse(readFileSync(fileURLToPath(new URL('../../../gateway/openapi.json', import.meta.url)), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
const VERBS = new Set(['get', 'post', 'put', 'delete', 'patch']);
const documented = Object.entries(openApi.paths).flatMap(([template, operations]) =>
    Object.keys(operations).filter((verb) => VERBS.has(verb)).map((verb) => ({ operation: `${verb.toUpperCase()} ${template}`, pattern: new RegExp(`^${verb.toUpperCase()} ${template.replace(/\./g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`) })),
);

/** Stands in for any argument: a string where a string is wanted, any field of an object. */
const anything: unknown = new Proxy(() => undefined, {
    get: (_target, key) => (key === Symbol.toPrimitive || key === 'toJSON' ? () => 'x' : 'x'),
    has: () => true,
});

describe('API coverage', () => {
    it('every operation of the OpenAPI document has a client method', async () => {
        const seen: string[] = [];
        const recording: typeof fetch = async (input, init) => {
            seen.push(`${init?.method ?? 'GET'} ${new URL(input instanceof Request ? input.url : input).pathname}`);
            return new Response(JSON.stringify({ code: 'ROUTE_NOT_FOUND', status: 404, detail: 'recorded', title: 'ROUTE_NOT_FOUND', type: 'x' }), { status: 404, headers: { 'Content-Type': 'application/problem+json' } });
        };
        const client = new CorridorClient({ baseUrl: 'http://gateway.test', fetch: recording });
        for (const resource of Object.values(client)) {
            if (resource === client.transport) {
                continue;
            }
            const prototype = Object.getPrototypeOf(resource) as Record<string, unknown>;
            for (const name of Object.getOwnPropertyNames(prototype).filter((key) => key !== 'constructor' && key !== 'waitFor' && key !== 'parsed')) {
                const method = (resource as Record<string, (...args: unknown[]) => unknown>)[name];
                const args = Array.from({ length: method?.length ?? 0 }, () => anything);
                try {
                    const result = method?.apply(resource, args);
                    await (isIterator(result) ? result.next() : result);
                } catch {
                    // Each call is refused (404) or trips on a stand-in argument; only the request counts.
                }
            }
        }
        const missing = documented.filter(({ pattern }) => !seen.some((request) => pattern.test(request))).map(({ operation }) => operation);
        expect(missing).to.deep.equal([]);
    });
});

function isIterator(value: unknown): value is AsyncIterator<unknown> {
    return typeof value === 'object' && value !== null && typeof (value as { next?: unknown }).next === 'function';
}
