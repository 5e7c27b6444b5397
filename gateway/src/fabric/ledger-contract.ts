import { TRANSACTIONS, type Transaction } from '@corridor/chaincode/api';
import type { Ledger, SubmitOptions } from './ledger-client';

/** A committed write: the chaincode's decoded answer and the transaction that made it. */
export interface Committed<R> {
    value: R;
    txId: string;
    blockNumber: string;
}

/** A submitted transaction resolves to its commit, an evaluated one to its answer. */
export type Call<T> = T extends Transaction<infer P, infer R, infer S> ? (...params: P) => Promise<S extends true ? Committed<R> : R> : never;

export type LedgerContract = { [G in keyof typeof TRANSACTIONS]: { [K in keyof (typeof TRANSACTIONS)[G]]: Call<(typeof TRANSACTIONS)[G][K]> } };

/**
 * The gateway's one way to call the chaincode, e.g. `contract.payments.submit(instruction)`:
 * every call is a transaction of the contract the chaincode exports
 * (@corridor/chaincode/api TRANSACTIONS), which names it, encodes its arguments and decodes
 * its answer, so no transaction-name string and no cast of an answer lives elsewhere, and
 * a contract change the gateway does not follow fails to compile. A client made for one
 * request carries that request's submission options (its idempotency observer).
 */
export function ledgerContract(ledger: Ledger, submission: SubmitOptions = {}): LedgerContract {
    return Object.fromEntries(
        Object.entries(TRANSACTIONS).map(([group, transactions]) => [
            group,
            Object.fromEntries(Object.entries(transactions).map(([name, transaction]) => [name, invoke(ledger, transaction as Transaction<unknown[], unknown>, submission)])),
        ]),
    ) as LedgerContract;
}

/** One entry of the table as a call, for helpers handed an entry (`TRANSACTIONS.payments.settle`) rather than a name. */
export function invoke<T extends Transaction<never, unknown>>(ledger: Ledger, transaction: T, submission: SubmitOptions = {}): Call<T> {
    const entry = transaction as unknown as Transaction<unknown[], unknown>;
    const call = async (...params: unknown[]): Promise<unknown> => {
        const args = entry.args(...params);
        if (!entry.submit) {
            return entry.decode(await ledger.evaluate(entry.name, ...args));
        }
        const { result, txId, blockNumber } = await ledger.submit(entry.name, args, submission);
        return { value: entry.decode(result), txId, blockNumber };
    };
    return call as Call<T>;
}
