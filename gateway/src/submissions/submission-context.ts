import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What a write request lets the Fabric adapter report while it submits: the
 * transaction id before anything is sent, and the endorsed transaction's bytes
 * before they go to the orderer. The idempotency layer stores both, so a gateway
 * that dies mid-submission can finish the same transaction after a restart instead
 * of creating a second one.
 */
export interface SubmissionObserver {
    transactionCreated(txId: string): void;
    transactionEndorsed(txId: string, signedBytes: Uint8Array): void;
}

const storage = new AsyncLocalStorage<SubmissionObserver>();

export function withSubmissionObserver<T>(observer: SubmissionObserver, run: () => Promise<T>): Promise<T> {
    return storage.run(observer, run);
}

export function currentObserver(): SubmissionObserver | undefined {
    return storage.getStore();
}
