import { randomUUID } from 'node:crypto';
import { CorridorError, type Problem } from './errors.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Query = Record<string, string | number | boolean | undefined>;

/** How hard the client tries before it gives up; every wait is bounded by `totalMs` together. */
export interface RetryPolicy {
    /** Attempts of one request, the first included. */
    maxAttempts: number;
    /** The first backoff; each next one doubles, up to `maxDelayMs`, with full jitter. */
    baseDelayMs: number;
    maxDelayMs: number;
    /** The whole budget of one call: attempts, backoffs and polling a pending write. */
    totalMs: number;
}

export interface ClientOptions {
    /** The gateway, e.g. http://127.0.0.1:3001 (no trailing path). */
    baseUrl: string;
    /** The bank's back-office API key, or a person's session token. */
    token?: string;
    /** One attempt's limit; a timed-out attempt is retried with the same Idempotency-Key. */
    timeoutMs?: number;
    retry?: Partial<RetryPolicy>;
    fetch?: typeof fetch;
    /** Seams for tests: the jitter source, the clock, the wait and the key generator. */
    random?: () => number;
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
    newIdempotencyKey?: () => string;
}

export interface RequestOptions {
    query?: Query;
    /** A JSON body; a string is sent as it is with `contentType`. */
    body?: unknown;
    contentType?: string;
    /** Writes carry one; the client makes one per call unless given, and keeps it on every retry. */
    idempotencyKey?: string;
}

/** One answer as received: status, headers and the body parsed when it is JSON. */
export interface Reply {
    status: number;
    headers: Headers;
    text: string;
    body: unknown;
}

/** A write the gateway accepted with 202, followed on /v1/submissions until its block committed. */
export interface Committed {
    txId: string;
    blockNumber?: string;
}

export type Outcome = { kind: 'answer'; reply: Reply } | { kind: 'committed'; submission: Committed };

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 5_000, totalMs: 120_000 };
const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The HTTP layer under every method: authentication, idempotency keys, problem+json, and
 * retries that can never pay twice. A write gets one Idempotency-Key for the whole call,
 * so a retry after a timeout, a 5xx or a 409 IDEMPOTENCY_IN_PROGRESS is either replayed
 * by the gateway (the first attempt's answer) or runs for the first time (the first never
 * reached the ledger). A 202 `pending` is followed on /v1/submissions/{txId}.
 */
export class Transport {
    private readonly baseUrl: string;
    private readonly policy: RetryPolicy;
    private readonly timeoutMs: number;
    private readonly fetchImpl: typeof fetch;
    private readonly random: () => number;
    private readonly now: () => number;
    private readonly sleep: (ms: number) => Promise<void>;
    private readonly newKey: () => string;

    constructor(private readonly options: ClientOptions) {
        this.baseUrl = options.baseUrl.replace(/\/+$/, '');
        this.policy = { ...DEFAULT_RETRY, ...options.retry };
        this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        this.fetchImpl = options.fetch ?? fetch;
        this.random = options.random ?? Math.random;
        this.now = options.now ?? Date.now;
        this.sleep = options.sleep ?? ((ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)));
        this.newKey = options.newIdempotencyKey ?? randomUUID;
    }

    /** The same gateway with another bearer token (a person's session after sign-in). */
    withToken(token: string): Transport {
        return new Transport({ ...this.options, token });
    }

    /** One attempt, no retry and no error for a 4xx or 5xx: for callers that look at every status. */
    async once(method: Method, path: string, request: RequestOptions = {}): Promise<Reply> {
        const key = method === 'GET' ? undefined : (request.idempotencyKey ?? this.newKey());
        return this.attempt(method, path, request, key);
    }

    /** The answer of a call once it is final, retried within the policy; a 4xx or 5xx throws its CorridorError. */
    async call(method: Method, path: string, request: RequestOptions = {}): Promise<Outcome> {
        const key = method === 'GET' ? undefined : (request.idempotencyKey ?? this.newKey());
        const deadline = this.now() + this.policy.totalMs;
        for (let attempt = 1; ; attempt++) {
            let reply: Reply;
            try {
                reply = await this.attempt(method, path, request, key);
            } catch (err) {
                if (!(await this.backOff(attempt, deadline))) {
                    throw new CorridorError('NETWORK_FAILED', 0, `${method} ${path} failed after ${attempt} attempt(s): ${String(err)}`);
                }
                continue;
            }
            const pending = pendingTxId(reply);
            if (pending !== undefined) {
                return { kind: 'committed', submission: await this.followSubmission(pending, deadline) };
            }
            if (reply.status < 400) {
                return { kind: 'answer', reply };
            }
            const error = errorOf(reply);
            if (!isTransient(error) || !(await this.backOff(attempt, deadline, retryAfterMs(reply)))) {
                throw error;
            }
        }
    }

    /** A JSON answer of a successful call; a 202 `pending` is not allowed here. */
    async json(method: Method, path: string, request: RequestOptions = {}): Promise<unknown> {
        const outcome = await this.call(method, path, request);
        if (outcome.kind === 'committed') {
            throw new CorridorError('SUBMISSION_UNRESOLVED', 202, `${method} ${path} committed as ${outcome.submission.txId}; read the result back`, undefined, undefined, outcome.submission.txId);
        }
        return outcome.reply.body;
    }

    private async attempt(method: Method, path: string, request: RequestOptions, key: string | undefined): Promise<Reply> {
        const headers: Record<string, string> = { Accept: 'application/json, application/problem+json, application/xml;q=0.9, */*;q=0.5' };
        if (this.options.token !== undefined) {
            headers.Authorization = `Bearer ${this.options.token}`;
        }
        if (key !== undefined) {
            headers['Idempotency-Key'] = key;
        }
        let body: string | undefined;
        if (request.body !== undefined) {
            body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
            headers['Content-Type'] = request.contentType ?? 'application/json';
        }
        const res = await this.fetchImpl(this.baseUrl + path + queryString(request.query), {
            method,
            headers,
            ...(body !== undefined ? { body } : {}),
            signal: AbortSignal.timeout(this.timeoutMs),
        });
        const text = await res.text();
        return { status: res.status, headers: res.headers, text, body: parseBody(res.headers.get('content-type'), text) };
    }

    /** Polls the submission until its block is committed or found invalid, within the call's budget. */
    private async followSubmission(txId: string, deadline: number): Promise<Committed> {
        for (let attempt = 1; ; attempt++) {
            if (!(await this.backOff(attempt, deadline))) {
                throw new CorridorError('SUBMISSION_UNRESOLVED', 202, `transaction ${txId} was not seen committed before the client's deadline`, undefined, undefined, txId);
            }
            let reply: Reply;
            try {
                reply = await this.attempt('GET', `/v1/submissions/${txId}`, {}, undefined);
            } catch {
                continue;
            }
            if (reply.status >= 400) {
                const error = errorOf(reply);
                if (isTransient(error)) {
                    continue;
                }
                throw error;
            }
            const state = (reply.body as { state?: unknown; blockNumber?: unknown } | undefined)?.state;
            if (state === 'committed') {
                const block = (reply.body as { blockNumber?: unknown }).blockNumber;
                return { txId, ...(typeof block === 'string' ? { blockNumber: block } : {}) };
            }
            if (state === 'invalid') {
                throw new CorridorError('SUBMISSION_INVALID', 200, `transaction ${txId} was recorded invalid by the peers`, undefined, undefined, txId);
            }
        }
    }

    /**
     * Waits before the next attempt: exponential backoff with full jitter (so clients that
     * failed together do not retry together), or the server's Retry-After. False when the
     * attempts or the time budget are spent.
     */
    private async backOff(attempt: number, deadline: number, serverDelayMs?: number): Promise<boolean> {
        if (attempt >= this.policy.maxAttempts) {
            return false;
        }
        const cap = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
        const delay = serverDelayMs ?? Math.round(this.random() * cap);
        if (this.now() + delay > deadline) {
            return false;
        }
        await this.sleep(delay);
        return true;
    }
}

function queryString(query: Query | undefined): string {
    if (query === undefined) {
        return '';
    }
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
        if (value !== undefined) {
            params.set(name, String(value));
        }
    }
    const text = params.toString();
    return text.length > 0 ? `?${text}` : '';
}

function parseBody(contentType: string | null, text: string): unknown {
    if (text.length === 0) {
        return undefined;
    }
    if (contentType !== null && /[/+]json\b/.test(contentType)) {
        try {
            return JSON.parse(text) as unknown;
        } catch {
            return text;
        }
    }
    return text;
}

function pendingTxId(reply: Reply): string | undefined {
    if (reply.status !== 202) {
        return undefined;
    }
    const body = reply.body as { state?: unknown; txId?: unknown } | undefined;
    return body?.state === 'pending' && typeof body.txId === 'string' ? body.txId : undefined;
}

/** The error of a 4xx or 5xx answer: its problem+json, or what the status says when there is none. */
export function errorOf(reply: Reply): CorridorError {
    const problem = reply.body as Partial<Problem> | undefined;
    if (typeof problem === 'object' && typeof problem.code === 'string') {
        return CorridorError.fromProblem({ type: '', title: problem.code, detail: '', ...problem, status: reply.status } as Problem);
    }
    const code = reply.status >= 500 ? 'INTERNAL' : 'RESPONSE_INVALID';
    return new CorridorError(code, reply.status, `HTTP ${reply.status} without a problem+json body`);
}

/**
 * Worth another attempt with the same key: the first is still running (409 in progress),
 * the gateway is overloaded or its ledger unreachable, or a 5xx left nothing committed
 * (the gateway forgets a key whose write was not endorsed, and finishes one that was).
 */
function isTransient(error: CorridorError): boolean {
    return error.code === 'IDEMPOTENCY_IN_PROGRESS' || error.code === 'RATE_LIMITED' || error.status >= 500;
}

function retryAfterMs(reply: Reply): number | undefined {
    const header = reply.headers.get('retry-after');
    const seconds = header === null ? NaN : Number(header);
    return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
