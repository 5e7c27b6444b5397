import { TRANSACTIONS, type Transaction } from '@corridor/chaincode/api';
import type { Ledger, SubmitOptions } from './ledger-client';

/** A committed write: the chaincode's decoded answer and the transaction that made it. */
export interface Committed<R> {
    value: R;
    txId: string;
    blockNumber: string;
}

/** A submitted transaction resolves to its commit, an evaluated one to its answer. */
type Call<T> = T extends Transaction<infer P, infer R, infer S> ? (...params: P) => Promise<S extends true ? Committed<R> : R> : never;

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
    const call = (transaction: Transaction<unknown[], unknown>) => async (...params: unknown[]): Promise<unknown> => {
        const args = transaction.args(...params);
        if (!transaction.submit) {
            return transaction.decode(await ledger.evaluate(transaction.name, ...args));
        }
        const { result, txId, blockNumber } = await ledger.submit(transaction.name, args, submission);
        return { value: transaction.decode(result), txId, blockNumber };
    };
    return Object.fromEntries(
        Object.entries(TRANSACTIONS).map(([group, transactions]) => [
            group,
            Object.fromEntries(Object.entries(transactions).map(([name, transaction]) => [name, call(transaction as Transaction<unknown[], unknown>)])),
        ]),
    ) as LedgerContract;
}
