import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import { canonicalize, encode } from '../core/codec';
import { fail } from '../core/errors';
import { txTime } from '../core/fabric-store';
import { parseJsonArgument, readRecord, requireRole, writeRecord } from './tx-context';

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

const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const INPUT_FIELDS = ['id', 'kind', 'title', 'body', 'effectiveAt'];
const NOTICE_OBJECT = 'notice';

export function parseNoticeInput(value: unknown): NoticeInput {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return fail('INVALID_ARGUMENT', 'notice must be a JSON object');
    }
    const input = value as Record<string, unknown>;
    const extra = Object.keys(input).filter((key) => !INPUT_FIELDS.includes(key));
    if (extra.length > 0) {
        fail('INVALID_ARGUMENT', `unknown field ${extra[0]}`);
    }
    const { id, kind, title, body, effectiveAt } = input;
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
        fail('INVALID_ARGUMENT', 'id must be 1-64 characters of A-Z a-z 0-9 . _ -');
    }
    if (typeof kind !== 'string' || !(NOTICE_KINDS as readonly string[]).includes(kind)) {
        fail('INVALID_ARGUMENT', `kind must be one of ${NOTICE_KINDS.join(', ')}`);
    }
    requireText(title, 'title', 120);
    requireText(body, 'body', 2000);
    if (typeof effectiveAt !== 'string' || !ISO_INSTANT.test(effectiveAt) || Number.isNaN(Date.parse(effectiveAt))) {
        fail('INVALID_ARGUMENT', 'effectiveAt must be an ISO 8601 UTC instant');
    }
    return { id, kind: kind as NoticeKind, title: title as string, body: body as string, effectiveAt };
}

function requireText(value: unknown, name: string, maxLength: number): void {
    if (typeof value !== 'string' || value.trim().length === 0 || value.length > maxLength) {
        fail('INVALID_ARGUMENT', `${name} must be 1-${maxLength} characters`);
    }
}

@Info({ title: 'NoticeContract', description: 'Consortium maintenance and upgrade notices' })
export class NoticeContract extends Contract {
    constructor() {
        super('Notice');
    }

    /** Publishes a notice; re-sending an identical notice returns the stored one. */
    @Transaction()
    public async Publish(ctx: Context, noticeJson: string): Promise<string> {
        const msp = requireRole(ctx, 'governance');
        const input = parseNoticeInput(parseJsonArgument(noticeJson, 'notice'));
        const key = ctx.stub.createCompositeKey(NOTICE_OBJECT, [input.id]);
        const existing = (await readRecord(ctx, key)) as Notice | undefined;
        if (existing !== undefined) {
            const conflicting = INPUT_FIELDS.find(
                (field) => existing[field as keyof NoticeInput] !== input[field as keyof NoticeInput],
            );
            if (conflicting !== undefined || existing.publishedBy !== msp) {
                fail('ALREADY_EXISTS', `notice ${input.id} exists with a different ${conflicting ?? 'publisher'}`);
            }
            return canonicalize(existing);
        }
        const notice: Notice = { ...input, publishedBy: msp, publishedAt: txTime(ctx), txId: ctx.stub.getTxID() };
        await writeRecord(ctx, key, notice);
        ctx.stub.setEvent('NoticePublished', encode(notice));
        return canonicalize(notice);
    }

    @Transaction(false)
    public async Get(ctx: Context, id: string): Promise<string> {
        if (!ID_PATTERN.test(id)) {
            fail('INVALID_ARGUMENT', 'id must be 1-64 characters of A-Z a-z 0-9 . _ -');
        }
        const notice = await readRecord(ctx, ctx.stub.createCompositeKey(NOTICE_OBJECT, [id]));
        if (notice === undefined) {
            fail('NOT_FOUND', `notice ${id} does not exist`);
        }
        return canonicalize(notice);
    }

    @Transaction(false)
    public async List(ctx: Context): Promise<string> {
        const notices: unknown[] = [];
        for await (const entry of ctx.stub.getStateByPartialCompositeKey(NOTICE_OBJECT, [])) {
            notices.push(JSON.parse(Buffer.from(entry.value).toString('utf8')));
        }
        return canonicalize(notices);
    }
}
