import { StoredActivity } from '../screening/activity';
import { payerStateKey } from './keys';
import { LedgerStore } from './store';

/**
 * What changes with every payment the holder sends, kept apart from the account record:
 * a payee's status is read by every payment into it, so if its own payouts rewrote the
 * account record they would invalidate all payments into it endorsed meanwhile.
 *
 * The account's rolled-up balances live here too (balances.ts): every payment reads and
 * writes both its payer's sequence and its payer's balance, so one key saves a read and a
 * write per payment, and the conflicts stay what they were (the sequence serialises a
 * payer's debits anyway; credits remain blind keys of their own). An FX provider's
 * liquidity, which has no sequence, keeps its balance keys and lanes.
 */
export interface PayerState {
    /** The sequence number the holder's next payment instruction must carry. */
    nextSequence: number;
    /** Today's (UTC) sent totals per currency, for the KYC daily limit. */
    outflow: { day: string; totals: Record<string, string> };
    /** Payments sent inside the AML rule set's longest window (screening/activity.ts). */
    sent?: StoredActivity[];
    /** Rolled-up balance per currency in major units: spendable, and held for held payments. */
    balances?: Record<string, { available: string; reserved: string }>;
}

/**
 * The payer states this transaction wrote. A Fabric transaction does not read its own
 * writes, and two parts of one transaction (the payment's sequence and its debit) change
 * this key: each update starts from the other's result, so the last write has both.
 */
const written = new WeakMap<LedgerStore, Map<string, PayerState>>();

export async function readPayerState(store: LedgerStore, address: string): Promise<PayerState> {
    const own = written.get(store)?.get(address);
    if (own !== undefined) {
        return own;
    }
    const stored = (await store.get(payerStateKey(store, address))) as PayerState | undefined;
    return stored ?? { nextSequence: 1, outflow: { day: '', totals: {} } };
}

/** Changes the fields given and keeps the others, including what this transaction wrote before. */
export async function updatePayerState(store: LedgerStore, address: string, change: Partial<PayerState>): Promise<void> {
    const next = { ...(await readPayerState(store, address)), ...change };
    const states = written.get(store) ?? new Map<string, PayerState>();
    states.set(address, next);
    written.set(store, states);
    await store.put(payerStateKey(store, address), next);
}
