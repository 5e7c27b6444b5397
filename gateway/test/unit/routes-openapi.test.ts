import { expect } from 'chai';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { HTTP_STATUS, type ErrorCode } from '../../src/errors';
import { buildRoutes } from '../../src/app';
import { openApiPath } from '../../src/http/routes';
import openApi from '../../openapi.json';
import { routeListingDependencies } from '../support/test-app';

interface Operation { 'x-roles'?: unknown }
const paths = openApi.paths as Record<string, Record<string, Operation>>;

function documented(): string[] {
    return Object.entries(paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
}

const routes = buildRoutes(routeListingDependencies());

describe('OpenAPI document', () => {
    it('when the app is built, then every route is documented and every documented operation is served', () => {
        const served = routes.map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`);
        expect(served).to.have.members(documented());
    });

    it('when a route declares its roles, then the document states the same roles', () => {
        for (const route of routes) {
            const operation = paths[openApiPath(route.path)]?.[route.method];
            expect(operation?.['x-roles'], `${route.method} ${route.path}`).to.deep.equal(route.roles);
        }
    });

    it('when a route needs a role, then the document requires the API key; public routes say so', () => {
        for (const route of routes) {
            const operation = paths[openApiPath(route.path)]?.[route.method] as { security?: unknown[] };
            if (route.roles === 'public') {
                expect(operation.security, route.path).to.deep.equal([]);
            } else {
                expect(operation.security, route.path).to.equal(undefined);
            }
        }
        expect(openApi.security).to.deep.equal([{ apiKey: [] }]);
    });
});

interface MediaType { schema?: object; example?: unknown; examples?: Record<string, { value: unknown }> }
interface ResponseObject { $ref?: string; description?: string; content?: Record<string, MediaType> }
interface FullOperation { operationId?: string; parameters?: { $ref?: string; name?: string; in?: string; required?: boolean; schema?: object }[]; requestBody?: { content?: Record<string, MediaType> }; responses?: Record<string, ResponseObject> }

const document = openApi as unknown as { openapi: string; info: { title?: unknown; version?: unknown }; paths: Record<string, Record<string, FullOperation>>; components: Record<string, Record<string, unknown>> };
const operations = Object.entries(document.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, operation]) => ({ path, method, operation, name: `${method} ${path}` })));

/** Ajv for OpenAPI 3.0 schemas: its extra keywords declared, anything else unknown is an error. */
function schemaCompiler(): Ajv {
    // strictRequired off: `oneOf: [{required: [a]}, {required: [b]}]` is how OpenAPI 3.0 says "exactly one of".
    const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false, allErrors: true });
    addFormats(ajv);
    ajv.addVocabulary(['example', 'xml', 'externalDocs', 'discriminator']);
    ajv.addSchema({ $id: 'components', definitions: portable(document.components.schemas) }, 'components');
    return ajv;
}

/** The document's local refs rewritten to the compiler's copy of components/schemas. */
function portable(schema: unknown): unknown {
    return JSON.parse(JSON.stringify(schema).replace(/"#\/components\/schemas\//g, '"components#/definitions/')) as unknown;
}

function walk(value: unknown, at: string, visit: (node: Record<string, unknown>, at: string) => void): void {
    if (Array.isArray(value)) {
        value.forEach((item, index) => { walk(item, `${at}/${index}`, visit); });
    } else if (typeof value === 'object' && value !== null) {
        visit(value as Record<string, unknown>, at);
        for (const [key, child] of Object.entries(value)) {
            walk(child, `${at}/${key}`, visit);
        }
    }
}

function resolvePointer(ref: string): unknown {
    return ref.slice(2).split('/').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}

function responseOf(response: ResponseObject): ResponseObject {
    return response.$ref === undefined ? response : (resolvePointer(response.$ref) as ResponseObject);
}

describe('OpenAPI document structure', () => {
    it('when read, then it is OpenAPI 3.0 with a title, a version and operations that each have an id, responses and declared path parameters', () => {
        expect(document.openapi).to.match(/^3\.0\.\d+$/);
        expect(document.info.title).to.be.a('string');
        expect(document.info.version).to.be.a('string');
        const ids = new Set<string>();
        for (const { path, method, operation, name } of operations) {
            expect(['get', 'post', 'put', 'delete', 'patch'], name).to.include(method);
            expect(path, name).to.match(/^\//);
            expect(operation.operationId, name).to.be.a('string');
            expect(ids.has(operation.operationId as string), `${name} repeats ${operation.operationId}`).to.equal(false);
            ids.add(operation.operationId as string);
            expect(Object.keys(operation.responses ?? {}), name).to.have.length.greaterThan(0);
            for (const [status, response] of Object.entries(operation.responses ?? {})) {
                expect(status, name).to.match(/^([1-5]\d\d|default)$/);
                expect(responseOf(response).description, `${name} ${status}`).to.be.a('string');
            }
            const declared = (operation.parameters ?? []).map((p) => (p.$ref === undefined ? p : (resolvePointer(p.$ref) as typeof p)));
            for (const parameter of declared) {
                expect(parameter.name, name).to.be.a('string');
                expect(['path', 'query', 'header', 'cookie'], name).to.include(parameter.in);
                expect(parameter.schema, `${name} ${parameter.name}`).to.be.an('object');
            }
            for (const [, variable] of path.matchAll(/\{([^}]+)\}/g)) {
                expect(declared.some((p) => p.in === 'path' && p.name === variable && p.required === true), `${name} declares path parameter ${variable}`).to.equal(true);
            }
        }
    });

    it('when every $ref is followed, then it lands on something', () => {
        const broken: string[] = [];
        walk(document, '#', (node, at) => {
            if (typeof node.$ref === 'string' && resolvePointer(node.$ref) === undefined) {
                broken.push(`${at}: ${node.$ref}`);
            }
        });
        expect(broken).to.deep.equal([]);
    });

    it('when any object schema is read, then it spells out its properties or additionalProperties', () => {
        const bare: string[] = [];
        walk(document, '#', (node, at) => {
            if (node.type === 'object' && node.properties === undefined && node.additionalProperties === undefined) {
                bare.push(at);
            }
        });
        expect(bare).to.deep.equal([]);
    });

    it('when every schema is compiled strictly, then none uses a keyword JSON Schema and OpenAPI 3.0 do not know', () => {
        const ajv = schemaCompiler();
        for (const [name, schema] of Object.entries(document.components.schemas ?? {})) {
            expect(() => ajv.compile(portable(schema) as object), name).not.to.throw();
        }
    });

    it('when an operation answers, then it has a 2xx response whose every body has a schema and an example that validates', () => {
        const ajv = schemaCompiler();
        for (const { operation, name } of operations) {
            const successes = Object.entries(operation.responses ?? {}).filter(([status]) => status.startsWith('2'));
            expect(successes, name).to.have.length.greaterThan(0);
            const bodies = [...successes.flatMap(([status, response]) => Object.entries(responseOf(response).content ?? {}).map(([type, media]) => ({ at: `${name} ${status} ${type}`, media }))),
                ...Object.entries(operation.requestBody?.content ?? {}).map(([type, media]) => ({ at: `${name} request ${type}`, media }))];
            expect(successes.some(([, response]) => responseOf(response).content !== undefined) || successes.every(([status]) => status === '204'), `${name} has a body or is 204`).to.equal(true);
            for (const { at, media } of bodies) {
                expect(media.schema, at).to.be.an('object');
                // One example, or several named ones (a message with and without its header).
                const examples = media.example !== undefined ? [media.example] : Object.values(media.examples ?? {}).map((named) => named.value);
                expect(examples, `${at} example`).to.have.length.greaterThan(0);
                const validate = ajv.compile(portable(media.schema) as object);
                for (const example of examples) {
                    expect(validate(example), `${at}: ${JSON.stringify(validate.errors)}`).to.equal(true);
                }
            }
        }
    });

    it('when an operation can fail, then each error status lists its codes, every code answers with that status, and the example is one of them', () => {
        const ajv = schemaCompiler();
        for (const { operation, name } of operations) {
            const failures = Object.entries(operation.responses ?? {}).filter(([status]) => /^[45]/.test(status));
            expect(failures.map(([status]) => status), name).to.include.members(['429', '500']);
            for (const [status, response] of failures) {
                const problem = responseOf(response).content?.['application/problem+json'];
                if (problem === undefined) {
                    // Only /health answers an error status with its own body (503, degraded).
                    expect(name, status).to.equal('get /health');
                    continue;
                }
                const codes = (problem.schema as { properties?: { code?: { enum?: string[] } } }).properties?.code?.enum ?? [];
                expect(codes, `${name} ${status}`).to.have.length.greaterThan(0);
                for (const code of codes) {
                    expect(HTTP_STATUS[code as ErrorCode], `${name} ${status} ${code}`).to.equal(Number(status));
                }
                const validate = ajv.compile(portable(problem.schema) as object);
                expect(validate(problem.example), `${name} ${status} example`).to.equal(true);
            }
        }
    });

    it('when a code is in the status table, then some operation lists it', () => {
        const listed = new Set<string>();
        for (const { operation } of operations) {
            for (const response of Object.values(operation.responses ?? {})) {
                const schema = responseOf(response).content?.['application/problem+json']?.schema as { properties?: { code?: { enum?: string[] } } } | undefined;
                (schema?.properties?.code?.enum ?? []).forEach((code) => listed.add(code));
            }
        }
        // ROUTE_NOT_FOUND answers a path no operation serves; the ISO codes belong to the operations above.
        const iso = new Set(['ROUTE_NOT_FOUND', 'XML_MALFORMED', 'XML_UNSAFE', 'XML_SCHEMA_INVALID', 'ISO20022_INVALID', 'ISO20022_NOT_APPLICABLE']);
        expect(Object.keys(HTTP_STATUS).filter((code) => !listed.has(code) && !iso.has(code))).to.deep.equal([]);
    });
});
