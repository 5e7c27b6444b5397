import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { NextFunction, Request, Response } from 'express';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../logger';
import { openApiPath } from './routes';

/**
 * The response contract check: every JSON or problem+json body the gateway sends is
 * validated against the OpenAPI document's schema for its operation and status. Off in
 * production (it parses every body once more); on in the dev network and the unit tests,
 * where a mismatch means the document or the code is wrong.
 */

/** One body that did not match its schema; locations only, never the values (they may hold personal data). */
export interface ContractMismatch {
    /** "POST /v1/payments", or "unmatched" for a request no route served. */
    operation: string;
    status: number;
    /** Where in the document's schema the check failed, e.g. #/components/schemas/Payment/required. */
    schemaPath: string;
    keyword: string;
    /** Where in the body, e.g. /payment/history/0/status. */
    instancePath: string;
}

const JSON_TYPES = ['application/json', 'application/problem+json'] as const;
type JsonType = (typeof JSON_TYPES)[number];

interface MediaType { schema?: unknown }
interface ResponseObject { $ref?: string; content?: Record<string, MediaType> }
interface Operation { responses?: Record<string, ResponseObject> }
interface Document { paths?: Record<string, Record<string, Operation>>; components?: { responses?: Record<string, ResponseObject> } }

const DOCUMENT_ID = 'openapi.json';

/** JSON pointer escaping of one path segment (RFC 6901). */
function pointer(segment: string): string {
    return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The schemas of one OpenAPI 3.0 document, compiled on first use: the document is added
 * whole, so each `$ref` resolves in place and a mismatch names the document's own path.
 */
export class ResponseContract {
    private readonly ajv = new Ajv({ allErrors: true, strict: false });
    private readonly compiled = new Map<string, ValidateFunction | undefined>();

    constructor(private readonly document: object) {
        addFormats(this.ajv);
        this.ajv.addSchema(document, DOCUMENT_ID);
    }

    /**
     * The mismatches of `body` as the answer of `method routePath` with `status` and media
     * type `type`; `routePath` is Express's (`/v1/payments/:id`), undefined when no route
     * matched, and then only a problem body is checked, against the Problem schema.
     */
    check(requestMethod: string, routePath: string | undefined, status: number, type: JsonType, body: unknown): ContractMismatch[] {
        // Express answers HEAD with the GET route (the body is dropped on the way out).
        const method = requestMethod.toUpperCase() === 'HEAD' ? 'get' : requestMethod;
        const operation = routePath === undefined ? 'unmatched' : `${method.toUpperCase()} ${openApiPath(routePath)}`;
        const located = routePath === undefined ? this.problemSchema(type) : this.locate(method.toLowerCase(), openApiPath(routePath), status, type);
        if (typeof located === 'string') {
            return [{ operation, status, schemaPath: located, keyword: 'undocumented', instancePath: '' }];
        }
        if (located === undefined || located(body)) {
            return [];
        }
        return (located.errors ?? []).map((error: ErrorObject) => ({ operation, status, schemaPath: error.schemaPath, keyword: error.keyword, instancePath: error.instancePath }));
    }

    private problemSchema(type: JsonType): ValidateFunction | undefined {
        return type === 'application/problem+json' ? this.compile(`${DOCUMENT_ID}#/components/schemas/Problem`) : undefined;
    }

    /** The compiled schema of a documented answer, or the document path that is missing. */
    private locate(method: string, path: string, status: number, type: JsonType): ValidateFunction | string | undefined {
        const operation = (this.document as Document).paths?.[path]?.[method];
        if (operation === undefined) {
            return `#/paths/${pointer(path)}/${method}`;
        }
        const code = String(status);
        const response = operation.responses?.[code] !== undefined ? code : operation.responses?.default !== undefined ? 'default' : undefined;
        const base = `#/paths/${pointer(path)}/${method}/responses`;
        if (response === undefined) {
            return `${base}/${code}`;
        }
        // A response may be shared: {"$ref": "#/components/responses/Problem"}.
        const shared = operation.responses?.[response]?.$ref;
        const where = `${shared ?? `${base}/${response}`}/content/${pointer(type)}`;
        const content = shared === undefined ? operation.responses?.[response]?.content : this.sharedResponse(shared)?.content;
        if (content?.[type]?.schema === undefined) {
            return where;
        }
        return this.compile(`${DOCUMENT_ID}${where}/schema`);
    }

    private sharedResponse(ref: string): ResponseObject | undefined {
        const name = /^#\/components\/responses\/([^/]+)$/.exec(ref)?.[1];
        return name === undefined ? undefined : (this.document as Document).components?.responses?.[name];
    }

    private compile(ref: string): ValidateFunction | undefined {
        if (!this.compiled.has(ref)) {
            this.compiled.set(ref, this.ajv.compile({ $ref: ref }));
        }
        return this.compiled.get(ref);
    }
}

const contracts = new WeakMap<object, ResponseContract>();

/** One compiled contract per document: the unit tests build many apps from the same one. */
export function contractOf(document: object): ResponseContract {
    const known = contracts.get(document);
    if (known !== undefined) {
        return known;
    }
    const contract = new ResponseContract(document);
    contracts.set(document, contract);
    return contract;
}

/** What the check does with a mismatch besides logging and counting it (the unit tests collect them). */
export type MismatchListener = (mismatch: ContractMismatch) => void;

type MismatchCounter = Counter<'operation' | 'status' | 'schema_path' | 'keyword'>;

const COUNTER_NAME = 'corridor_response_contract_mismatches_total';

/** The counter the dev network's last integration test reads; one per registry. */
export function contractMismatchCounter(registry: Registry): MismatchCounter {
    const existing = registry.getSingleMetric(COUNTER_NAME) as MismatchCounter | undefined;
    return existing ?? new Counter({
        name: COUNTER_NAME,
        help: 'Response bodies that did not match the OpenAPI schema of their operation and status',
        labelNames: ['operation', 'status', 'schema_path', 'keyword'],
        registers: [registry],
    });
}

function jsonTypeOf(res: Response): JsonType | undefined {
    const header = res.get('Content-Type');
    const type = header?.split(';')[0]?.trim().toLowerCase();
    return JSON_TYPES.find((known) => known === type);
}

function parsed(body: unknown): unknown {
    if (Buffer.isBuffer(body)) {
        return JSON.parse(body.toString('utf8'));
    }
    return typeof body === 'string' ? JSON.parse(body) : body;
}

/**
 * Express middleware: checks each JSON body as it is sent (after every other layer has
 * shaped it, replays of remembered answers included). The body still leaves unchanged;
 * a mismatch is logged, counted and handed to `listener`.
 */
export function responseCheck(contract: ResponseContract, logger: Logger, counter: MismatchCounter, listener?: MismatchListener) {
    return (req: Request, res: Response, next: NextFunction): void => {
        const send = res.send.bind(res);
        res.send = (body?: unknown): Response => {
            const type = jsonTypeOf(res);
            if (type !== undefined && body !== undefined && body !== '') {
                const routePath = (req.route as { path?: string } | undefined)?.path;
                for (const mismatch of checkBody(contract, req.method, routePath, res.statusCode, type, body)) {
                    logger.warn('response does not match the OpenAPI document', { ...mismatch });
                    counter.inc({ operation: mismatch.operation, status: String(mismatch.status), schema_path: mismatch.schemaPath, keyword: mismatch.keyword });
                    listener?.(mismatch);
                }
            }
            return send(body);
        };
        next();
    };
}

function checkBody(contract: ResponseContract, method: string, routePath: string | undefined, status: number, type: JsonType, body: unknown): ContractMismatch[] {
    let value: unknown;
    try {
        value = parsed(body);
    } catch {
        return [{ operation: routePath === undefined ? 'unmatched' : `${method.toUpperCase()} ${openApiPath(routePath)}`, status, schemaPath: '', keyword: 'json', instancePath: '' }];
    }
    return contract.check(method, routePath, status, type, value);
}
