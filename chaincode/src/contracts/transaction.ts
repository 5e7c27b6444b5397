import { Context } from 'fabric-contract-api';
import { canonicalize } from '../core/codec';
import { FabricStore } from '../core/fabric-store';
import { LedgerStore } from '../core/store';
import { callerMsp, LedgerRole, parseJsonArgument, requireOrgAdmin, requireRole } from './tx-context';

/**
 * The two shapes every ledger transaction takes. A submitted one refuses the regulator
 * and identities without the transaction's role before touching state, runs the domain
 * use case on a FabricStore for this transaction and returns the result through the
 * codec; an evaluated one only reads.
 */

export async function submitted(ctx: Context, role: LedgerRole | 'org-admin', run: (store: LedgerStore, caller: string) => Promise<unknown>): Promise<string> {
    const caller = role === 'org-admin' ? requireOrgAdmin(ctx) : requireRole(ctx, role);
    return onStore(ctx, (store) => run(store, caller));
}

export async function evaluated(ctx: Context, run: (store: LedgerStore) => Promise<unknown>): Promise<string> {
    return onStore(ctx, run);
}

/** A query whose answer depends on who asks (a bank reads its own, the regulator everything). */
export async function evaluatedBy(ctx: Context, run: (store: LedgerStore, caller: string) => Promise<unknown>): Promise<string> {
    return onStore(ctx, (store) => run(store, callerMsp(ctx)));
}

/** Runs the use case, then sends its writes to the peer; a use case that throws writes nothing. */
async function onStore(ctx: Context, run: (store: LedgerStore) => Promise<unknown>): Promise<string> {
    const store = new FabricStore(ctx);
    const result = await run(store);
    await store.flush();
    return canonicalize(result);
}

export function jsonArgument(text: string, name: string): unknown {
    return parseJsonArgument(text, name);
}
