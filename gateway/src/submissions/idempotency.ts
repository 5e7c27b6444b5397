import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { AppError } from '../errors';
import type { SubmissionObserver } from '../fabric/ledger-client';
import { noteTransaction, observeSubmissions, requestIdOf, transactionOf } from '../http/request-context';
import type { Route } from '../http/routes';
import type { Logger } from '../logger';
import type { IdempotencyStore } from './idempotency-store';

const KEY = /^[A-Za-z0-9_-]{8,128}$/;

/**
 * Every write takes an Idempotency-Key. A retry with the same key and body gets the
 * first answer again; the same key with another body is refused; a retry while the
 * first attempt is still open is told so, with where to follow its transaction.
 * Answers are remembered once they are final: 2xx and 4xx. A 5xx before anything was
 * endorsed forgets the key so the client can try again; after endorsement the signed
 * transaction is kept, and startup recovery finishes it (see recovery.ts).
 */
export function idempotent(store: IdempotencyStore, logger: Logger, handle: Route['handle']): Route['handle'] {
    return async (req: Request, res: Response): Promise<void> => {
        const key = req.get('idempotency-key');
        if (key === undefined || !KEY.test(key)) {
            throw new AppError('VALIDATION_FAILED', 'every write needs an Idempotency-Key header of 8-128 characters A-Z a-z 0-9 _ -', 'Idempotency-Key');
        }
        const scope = (res.locals.principal as { actor?: string } | undefined)?.actor ?? String(res.locals.role);
        const fingerprint = fingerprintOf(req);
        const { record, created } = await store.begin(scope, key, fingerprint);
        if (!created) {
            replayOrRefuse(record, fingerprint, res);
            return;
        }
        // An object, not a let: the observer sets it from a callback the compiler cannot follow.
        const progress = { endorsed: false };
        // The Fabric adapter awaits both before it goes on: the endorsed transaction is stored before the orderer has it.
        const observer: SubmissionObserver = {
            transactionCreated: (txId: string): Promise<void> => {
                noteTransaction(res, txId);
                return store.recordTransaction(scope, key, txId, null);
            },
            transactionEndorsed: (txId: string, signed: Uint8Array): Promise<void> => {
                progress.endorsed = true;
                return store.recordTransaction(scope, key, txId, Buffer.from(signed));
            },
        };
        rememberFinalAnswer(res, store, scope, key, logger);
        // The route passes this observer to the ledger with its write (submissionOf).
        observeSubmissions(res, observer);
        try {
            await handle(req, res);
        } catch (err) {
            const status = err instanceof AppError ? err.status : 500;
            if (status >= 500 && !progress.endorsed) {
                await store.forget(scope, key);
            } else if (status >= 500) {
                logger.warn('write left pending after endorsement; recovery will finish it', { requestId: requestIdOf(res), txId: transactionOf(res) });
            }
            throw err;
        }
    };
}

function fingerprintOf(req: Request): string {
    return createHash('sha256')
        .update(JSON.stringify([req.method, req.baseUrl + req.path, req.body ?? null]))
        .digest('hex');
}

function replayOrRefuse(record: { fingerprint: string; state: string; status: number | null; body: string | null; txId: string | null }, fingerprint: string, res: Response): void {
    if (record.fingerprint !== fingerprint) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request');
    }
    if (record.state === 'pending') {
        const where = record.txId === null ? '' : `; follow /v1/submissions/${record.txId}`;
        throw new AppError('IDEMPOTENCY_IN_PROGRESS', `the first request with this Idempotency-Key is still being processed${where}`);
    }
    res.status(record.status ?? 200)
        .set('Idempotent-Replayed', 'true')
        .type(record.status !== null && record.status >= 400 ? 'application/problem+json' : 'application/json')
        .send(record.body ?? '');
}

/**
 * Captures the body the route or the error handler sends, and stores it when final. The
 * answer leaves only once it is stored, so a retry that follows it is always replayed.
 */
function rememberFinalAnswer(res: Response, store: IdempotencyStore, scope: string, key: string, logger: Logger): void {
    const send = res.send.bind(res);
    res.send = (body?: unknown): Response => {
        const status = res.statusCode;
        if (status >= 500) {
            return send(body);
        }
        store.finish(scope, key, status, typeof body === 'string' ? body : JSON.stringify(body ?? null)).then(
            () => send(body),
            (err: unknown) => {
                // The answer still goes out; a retry then finds the request pending, as after a crash.
                logger.error('answer of a write not remembered', { requestId: requestIdOf(res), txId: transactionOf(res), error: String(err) });
                send(body);
            },
        );
        return res;
    };
}
