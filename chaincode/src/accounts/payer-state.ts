import { StoredActivity } from '../aml/ledger/activity';
import { readStoredAmount, requireCurrency } from '../core/amount';
import { Check, decodeShape, integer, listOf, shaped, text } from '../core/decode';
import { fail } from '../core/errors';
import { type Account, ACCOUNT_SHAPE } from './account';
import { payerStateKey } from '../core/keys';
import { LedgerStore } from '../core/store';

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
 *
 * It also holds a copy of the account record, which every payment needs for the payer's
 * key, status, tier and risk flag: the payment then reads one key for its payer, not two.
 * accounts.ts writes the record and the copy together (writeAccount), and a change of
 * the account conflicts with the payer's payments in flight through this key just as it
 * did through the record. Accounts opened before the copy existed get it with their
 * first payment, which reads the record itself.
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
    /** The account record as accounts.ts last wrote it. */
    account?: Account;
}

/** The payer state with what this transaction already changed in it (LedgerStore.latest). */
export async function readPayerState(store: LedgerStore, address: string): Promise<PayerState> {
    const stored = await store.latestDecoded(payerStateKey(store, address), decodePayerState);
    return stored ?? { nextSequence: 1, outflow: { day: '', totals: {} } };
}

/**
 * Changes the fields `change` returns for the current state and keeps the others,
 * including what this transaction wrote before; the state is read once.
 */
export async function updatePayerState(store: LedgerStore, address: string, change: (state: PayerState) => Partial<PayerState>): Promise<void> {
    const state = await readPayerState(store, address);
    await store.put(payerStateKey(store, address), { ...state, ...change(state) });
}

/** An object keyed by currency, each value checked in that currency. */
function perCurrency(check: (value: unknown, currency: string, name: string) => void): Check {
    return (value, name) => {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
            return fail('INVALID_ARGUMENT', `${name} must be an object keyed by currency`);
        }
        for (const [code, item] of Object.entries(value)) {
            check(item, requireCurrency(code, name), `${name}.${code}`);
        }
    };
}

const amountTuple: Check = (value, name) => {
    if (!Array.isArray(value) || value.length !== 4 || !value.every((item) => typeof item === 'string')) {
        fail('INVALID_ARGUMENT', `${name} must be [paymentId, at, currency, amount]`);
    }
};

export function decodePayerState(value: unknown): PayerState {
    return decodeShape('payer state', value, {
        required: {
            nextSequence: integer(1, Number.MAX_SAFE_INTEGER),
            outflow: shaped({ required: { day: text, totals: perCurrency((amount, code, name) => readStoredAmount(amount, code, name)) } }),
        },
        optional: {
            sent: listOf(amountTuple),
            balances: perCurrency((balance, code, name) => {
                const fields = balance as { available?: unknown; reserved?: unknown };
                shaped({ required: { available: text, reserved: text } })(balance, name, {});
                readStoredAmount(fields.available, code, `${name}.available`);
                readStoredAmount(fields.reserved, code, `${name}.reserved`);
            }),
            account: shaped(ACCOUNT_SHAPE),
        },
    });
}
