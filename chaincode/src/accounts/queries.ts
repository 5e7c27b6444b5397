import { fail } from '../core/errors';
import { requireAddress } from './address';
import { historyPage, HistoryEntry, MAX_PAGE_SIZE } from './history';
import { requireAccount } from './accounts';
import { KEYED_OBJECTS, OBJECT } from '../core/keys';
import { Payment } from '../payments/payments';
import { Refund } from '../payments/refunds';
import { KeyModification, LedgerStore } from '../core/store';

/** Read-only views: open to every channel member, the regulator included. */

export interface HistoryPage {
    entries: Array<HistoryEntry & { status: string }>;
    bookmark: string;
}

const PAGE_SIZE = /^[1-9][0-9]{0,2}$/;
const BOOKMARK_LIMIT = 512;

export function parsePageSize(value: unknown): number {
    if (typeof value !== 'string' || !PAGE_SIZE.test(value) || Number(value) > MAX_PAGE_SIZE) {
        return fail('INVALID_ARGUMENT', `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    }
    return Number(value);
}

/** A page of an account's history, each entry with the current status of what it refers to. */
export async function accountHistory(store: LedgerStore, address: unknown, pageSize: unknown, bookmark: unknown): Promise<HistoryPage> {
    const account = await requireAccount(store, requireAddress(address, 'address'), 'the');
    const size = parsePageSize(pageSize);
    if (typeof bookmark !== 'string' || bookmark.length > BOOKMARK_LIMIT) {
        fail('INVALID_ARGUMENT', `bookmark must be a string of at most ${BOOKMARK_LIMIT} characters`);
    }
    const page = await historyPage(store, account.address, size, bookmark as string);
    const entries: HistoryPage['entries'] = [];
    for (const record of page.records) {
        const entry = record.value as HistoryEntry;
        entries.push({ ...entry, status: await currentStatus(store, entry) });
    }
    return { entries, bookmark: page.bookmark };
}

async function currentStatus(store: LedgerStore, entry: HistoryEntry): Promise<string> {
    if (entry.kind === 'payment' || entry.kind === 'conversion-in' || entry.kind === 'conversion-out' || entry.kind === 'fx-fee') {
        return ((await store.get(store.key(OBJECT.payment, [entry.id]))) as Payment).status;
    }
    if (entry.kind === 'refund') {
        return ((await store.get(store.key(OBJECT.refund, [entry.id]))) as Refund).status;
    }
    return 'settled';
}

/** The audit trail of one ledger key: every committed value with its transaction and time. */
export async function keyHistory(store: LedgerStore, objectType: unknown, attributesJson: unknown): Promise<KeyModification[]> {
    if (typeof objectType !== 'string' || KEYED_OBJECTS[objectType] === undefined) {
        return fail('INVALID_ARGUMENT', `objectType must be one of ${Object.keys(KEYED_OBJECTS).join(', ')}`);
    }
    const attributes = parseAttributes(attributesJson);
    if (attributes.length !== KEYED_OBJECTS[objectType]) {
        fail('INVALID_ARGUMENT', `${objectType} keys have ${KEYED_OBJECTS[objectType]} attributes`);
    }
    return store.history(store.key(objectType, attributes));
}

function parseAttributes(text: unknown): string[] {
    let value: unknown;
    try {
        value = JSON.parse(String(text));
    } catch {
        return fail('INVALID_ARGUMENT', 'attributes is not valid JSON');
    }
    const valid = Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0 && item.length <= 128 && !item.includes('\u0000'));
    if (!valid) {
        fail('INVALID_ARGUMENT', 'attributes must be an array of 1-128 character strings');
    }
    return value as string[];
}
