import { CorridorError } from '../errors.js';
import type { Method, Query, Transport } from '../transport.js';

/** Turns an answer into a typed value, or throws; a mismatch is the gateway's defect, reported as RESPONSE_INVALID. */
export type Decoder<T> = (value: unknown) => T;

/** Options every write takes: the Idempotency-Key, to keep one across a restart of the caller. */
export interface WriteOptions {
    idempotencyKey?: string;
}

/** A committed ledger write as the gateway answers it: the record under its name, and where it was committed. */
export type Written<K extends string, T> = Record<K, T> & { txId: string; blockNumber: string };

/** A ledger record checked by the chaincode's own decoder (the contract's TRANSACTIONS entry), not by a copy of it. */
export function ledgerRecord<T>(transaction: { decode: (result: string) => T }): Decoder<T> {
    return (value: unknown): T => {
        try {
            return transaction.decode(JSON.stringify(value));
        } catch (err) {
            throw new CorridorError('RESPONSE_INVALID', 200, `the gateway's answer is not the contract's record: ${String(err)}`);
        }
    };
}

/** A gateway-made answer (no ledger record behind it): an object, typed as the API describes it. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the type the API documents for this answer
export function gatewayObject<T extends object>(value: unknown): T {
    if (typeof value !== 'object' || value === null) {
        throw new CorridorError('RESPONSE_INVALID', 200, 'the gateway answered something other than a JSON object');
    }
    return value as T;
}

export function path(template: TemplateStringsArray, ...parts: (string | number)[]): string {
    return template.reduce((built, text, i) => built + text + (i < parts.length ? encodeURIComponent(String(parts[i])) : ''), '');
}

export async function read<T>(transport: Transport, target: string, decode: Decoder<T>, query?: Query): Promise<T> {
    return decode(await transport.json('GET', target, query !== undefined ? { query } : {}));
}

/** A call whose answer is not a ledger write: registration, sign-in, staff, webhooks. */
export async function send<T>(transport: Transport, method: Method, target: string, decode: Decoder<T>, body?: unknown, options: WriteOptions = {}): Promise<T> {
    return decode(await transport.json(method, target, { ...(body !== undefined ? { body } : {}), ...options }));
}

/** A call answered with 204 or whose answer carries nothing to keep. */
export async function act(transport: Transport, method: Method, target: string, body?: unknown, options: WriteOptions = {}): Promise<void> {
    await transport.call(method, target, { ...(body !== undefined ? { body } : {}), ...options });
}

/**
 * A ledger write. When the gateway answered 202 and the client followed the transaction
 * to its commit, the record is read back with `reread`: the 202 itself is what the
 * gateway remembers for the key, so asking again would only repeat it.
 */
export async function write<K extends string, T>(
    transport: Transport,
    method: Method,
    target: string,
    spec: { key: K; decode: Decoder<T>; body?: unknown; reread?: () => Promise<T> },
    options: WriteOptions = {},
): Promise<Written<K, T>> {
    const outcome = await transport.call(method, target, { ...(spec.body !== undefined ? { body: spec.body } : {}), ...options });
    if (outcome.kind === 'committed') {
        const { txId, blockNumber } = outcome.submission;
        if (spec.reread === undefined) {
            throw new CorridorError('SUBMISSION_UNRESOLVED', 202, `${method} ${target} committed as ${txId}; this write has no read to fetch its result`, undefined, undefined, txId);
        }
        return { [spec.key]: await spec.reread(), txId, blockNumber: blockNumber ?? '' } as Written<K, T>;
    }
    const body = gatewayObject<Record<string, unknown>>(outcome.reply.body);
    if (typeof body.txId !== 'string') {
        throw new CorridorError('RESPONSE_INVALID', outcome.reply.status, `${method} ${target} answered without a txId`);
    }
    return { [spec.key]: spec.decode(body[spec.key]), txId: body.txId, blockNumber: String(body.blockNumber) } as Written<K, T>;
}
