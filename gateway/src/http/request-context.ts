import type { Response } from 'express';
import type { SubmissionObserver, SubmitOptions } from '../fabric/ledger-client';

/**
 * What one request carries from layer to layer, kept on its response: the observer the
 * idempotency layer wants told about the request's transactions, and the transaction the
 * request made. A route hands the observer to the ledger explicitly (`submissionOf`);
 * nothing below the routes reads the response.
 */
interface RequestContext {
    requestId?: string;
    /** Set by the authorisation guard (auth.ts) once the caller is known. */
    role?: string;
    submission?: SubmissionObserver;
    txId?: string;
}

function contextOf(res: Response): RequestContext {
    return res.locals as RequestContext;
}

export function setRequestId(res: Response, requestId: string): void {
    contextOf(res).requestId = requestId;
}

export function requestIdOf(res: Response): string | undefined {
    return contextOf(res).requestId;
}

export function roleOf(res: Response): string | undefined {
    return contextOf(res).role;
}

/** Set by the idempotency layer before a write route runs. */
export function observeSubmissions(res: Response, observer: SubmissionObserver): void {
    contextOf(res).submission = observer;
}

/** The options a write route passes to `Ledger.submit`: its request's observer, when there is one. */
export function submissionOf(res: Response): SubmitOptions {
    return { observer: contextOf(res).submission };
}

/**
 * The ledger transaction a request made, so every log line of the request can name it
 * beside the request id. A request that retried after a conflict names its last
 * transaction, the one whose outcome the client received.
 */
export function noteTransaction(res: Response, txId: string): void {
    contextOf(res).txId = txId;
}

export function transactionOf(res: Response): string | undefined {
    return contextOf(res).txId;
}
