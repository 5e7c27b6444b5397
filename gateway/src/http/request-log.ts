import type { Response } from 'express';

/**
 * The ledger transaction a request made, kept on the response so every log line of the
 * request can name it beside the request id. A request that retried after a conflict
 * names its last transaction, the one whose outcome the client received.
 */
export function noteTransaction(res: Response, txId: string): void {
    res.locals.txId = txId;
}

export function transactionOf(res: Response): string | undefined {
    const txId: unknown = res.locals.txId;
    return typeof txId === 'string' ? txId : undefined;
}
