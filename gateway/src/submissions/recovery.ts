import type { Ledger } from '../fabric/ledger-client';
import { AppError, problemBody } from '../errors';
import type { Logger } from '../logger';
import type { IdempotencyStore } from './idempotency-store';

/**
 * At start-up, forgets the writes a previous process never sent, and finishes those
 * it endorsed but never saw commit:
 * the same endorsed transaction is sent again (a transaction id commits at most once),
 * and the outcome becomes the answer a retry with the same Idempotency-Key receives.
 */
export async function recoverPendingWrites(store: IdempotencyStore, ledger: Ledger, logger: Logger): Promise<number> {
    // Endorsement changes nothing; only what was sent to the orderer can commit.
    let recovered = await store.forgetUnsent();
    for (const record of await store.pendingWithTransaction()) {
        const signed = record.signedTransaction as Buffer;
        try {
            const outcome = await ledger.resubmit(signed);
            await store.finish(record.scope, record.key, 200, JSON.stringify({ recovered: true, result: JSON.parse(outcome.result || 'null') as unknown, txId: outcome.txId, blockNumber: outcome.blockNumber }));
        } catch (err) {
            const info = await ledger.transaction(record.txId as string).catch(() => undefined);
            if (info?.valid) {
                // It had committed before the crash; resending it was refused as a duplicate.
                await store.finish(record.scope, record.key, 200, JSON.stringify({ recovered: true, txId: info.txId, blockNumber: info.blockNumber }));
            } else if (err instanceof AppError && err.status < 500) {
                await store.finish(record.scope, record.key, err.status, JSON.stringify({ ...problemBody(err), txId: record.txId }));
            } else {
                logger.warn('pending write not recovered yet', { txId: record.txId, error: String(err) });
                continue;
            }
        }
        recovered += 1;
    }
    return recovered;
}
