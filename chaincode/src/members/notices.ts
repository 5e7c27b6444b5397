import { decodeRecord } from '../core/decode';
import { fail } from '../core/errors';
import { LedgerStore } from '../core/store';
import { instantMillis, requireId, requireInstant, requireObject, requireOneOf, requireText } from '../core/validation';

/**
 * Consortium notices: member banks announce upgrades and maintenance windows on the
 * ledger (mission 7.1), so every bank and the regulator read the same schedule.
 * It is also the thin end-to-end slice that proves endorsement and visibility.
 */

export const NOTICE_KINDS = ['routine', 'emergency'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface NoticeInput {
    id: string;
    kind: NoticeKind;
    title: string;
    body: string;
    effectiveAt: string;
}

export interface Notice extends NoticeInput {
    publishedBy: string;
    publishedAt: string;
    txId: string;
}

/** Notice ids have never allowed ':' (other ledger ids do). */
const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const INPUT_FIELDS = ['id', 'kind', 'title', 'body', 'effectiveAt'];
const NOTICE_OBJECT = 'notice';

export function parseNoticeInput(value: unknown): NoticeInput {
    const input = requireObject(value, 'notice', INPUT_FIELDS);
    const id = requireId(input.id, 'id', ID_PATTERN);
    const kind = requireOneOf(input.kind, 'kind', NOTICE_KINDS);
    const title = requireText(input.title, 'title', 120);
    const body = requireText(input.body, 'body', 2000);
    instantMillis(input.effectiveAt, 'effectiveAt', 'nanos');
    return { id, kind, title, body, effectiveAt: input.effectiveAt as string };
}

/** A stored notice: the input's checks and the publisher's fields. */
export function decodeNotice(value: unknown): Notice {
    return decodeRecord('notice', () => {
        const fields = requireObject(value, 'notice', [...INPUT_FIELDS, 'publishedBy', 'publishedAt', 'txId']);
        const input = parseNoticeInput(Object.fromEntries(INPUT_FIELDS.filter((key) => key in fields).map((key) => [key, fields[key]])));
        return { ...input, publishedBy: requireId(fields.publishedBy, 'publishedBy'), publishedAt: requireInstant(fields.publishedAt, 'publishedAt'), txId: requireText(fields.txId, 'txId', 128) };
    });
}

function noticeKey(store: LedgerStore, id: string): string {
    return store.key(NOTICE_OBJECT, [id]);
}

/** Publishes a notice; re-sending an identical notice returns the stored one and writes nothing. */
export async function publishNotice(store: LedgerStore, caller: string, value: unknown): Promise<Notice> {
    const input = parseNoticeInput(value);
    const stored = await store.get(noticeKey(store, input.id));
    if (stored !== undefined) {
        const existing = decodeNotice(stored);
        const conflicting = INPUT_FIELDS.find((field) => existing[field as keyof NoticeInput] !== input[field as keyof NoticeInput]);
        if (conflicting !== undefined || existing.publishedBy !== caller) {
            fail('ALREADY_EXISTS', `notice ${input.id} exists with a different ${conflicting ?? 'publisher'}`);
        }
        return existing;
    }
    const notice: Notice = { ...input, publishedBy: caller, publishedAt: store.txTime, txId: store.txId };
    await store.put(noticeKey(store, input.id), notice);
    store.emit('NoticePublished', notice);
    return notice;
}

export async function readNotice(store: LedgerStore, id: unknown): Promise<Notice> {
    const stored = await store.get(noticeKey(store, requireId(id, 'id', ID_PATTERN)));
    if (stored === undefined) {
        return fail('NOT_FOUND', `notice ${String(id)} does not exist`);
    }
    return decodeNotice(stored);
}

export async function listNotices(store: LedgerStore): Promise<Notice[]> {
    return (await store.range(NOTICE_OBJECT, [])).map((record) => decodeNotice(record.value));
}

