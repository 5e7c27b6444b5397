import { Context } from 'fabric-contract-api';
import { canonicalize } from './codec';
import { FabricStore } from './ledger/fabric-store';
import { LedgerStore } from './ledger/store';
import { callerMsp, LedgerRole, parseJsonArgument, requireOrgAdmin, requireRole } from './tx-context';

/**
 * The two shapes every ledger transaction takes. A submitted one refuses read-only MSPs
 * and identities without the transaction's role before touching state, runs the domain
 * use case on a FabricStore for this transaction and returns the result through the
 * codec; an evaluated one only reads.
 */

export async function submitted(ctx: Context, role: LedgerRole | 'org-admin', run: (store: LedgerStore, caller: string) => Promise<unknown>): Promise<string> {
    const caller = role === 'org-admin' ? requireOrgAdmin(ctx) : requireRole(ctx, role);
    return canonicalize(await run(new FabricStore(ctx), caller));
}

export async function evaluated(ctx: Context, run: (store: LedgerStore) => Promise<unknown>): Promise<string> {
    return canonicalize(await run(new FabricStore(ctx)));
}

/** A query whose answer depends on who asks (a bank reads its own, the regulator everything). */
export async function evaluatedBy(ctx: Context, run: (store: LedgerStore, caller: string) => Promise<unknown>): Promise<string> {
    return canonicalize(await run(new FabricStore(ctx), callerMsp(ctx)));
}

export function jsonArgument(text: string, name: string): unknown {
    return parseJsonArgument(text, name);
}
