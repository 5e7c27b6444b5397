/**
 * The one way the app talks to its gateway: same origin, the session in an HttpOnly
 * cookie the browser attaches by itself, and the CSRF header on every request (the
 * gateway refuses a cookie-borne write without it). Errors arrive as problem+json and
 * leave here as ApiError with the gateway's stable code, which pages translate.
 */
export const CSRF_HEADER = 'X-Corridor-CSRF';

export class ApiError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        readonly detail: string,
        readonly field?: string,
    ) {
        super(`${code}: ${detail}`);
    }
}

type Query = Record<string, string | undefined>;

/** A path with its query, empty values left out. */
export function withQuery(path: string, query: Query = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
        if (value !== undefined && value !== '') {
            params.set(key, value);
        }
    }
    const text = params.toString();
    return text === '' ? path : `${path}?${text}`;
}

async function send<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', [CSRF_HEADER]: '1' };
    if (method !== 'GET') {
        headers['Content-Type'] = 'application/json';
        // Every write may be retried by the user; the gateway answers a repeat from memory.
        headers['Idempotency-Key'] = crypto.randomUUID();
    }
    const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const parsed: unknown = text.length > 0 ? JSON.parse(text) : undefined;
    if (!res.ok) {
        const problem = (parsed ?? {}) as { code?: string; detail?: string; field?: string };
        throw new ApiError(res.status, problem.code ?? 'INTERNAL', problem.detail ?? res.statusText, problem.field);
    }
    return parsed as T;
}

export const api = {
    get: <T>(path: string, query?: Query): Promise<T> => send<T>('GET', withQuery(path, query)),
    post: <T>(path: string, body: unknown = {}): Promise<T> => send<T>('POST', path, body),
    put: <T>(path: string, body: unknown = {}): Promise<T> => send<T>('PUT', path, body),
};

/** The answer, or null when the gateway answers with this status (no session yet, nothing opened yet). */
export async function orNullOn<T>(status: number, request: Promise<T>): Promise<T | null> {
    try {
        return await request;
    } catch (err) {
        if (err instanceof ApiError && err.status === status) {
            return null;
        }
        throw err;
    }
}
