import { bool, currency, decodeShape, id, instant, listOf, oneOf, text } from '../core/decode';
import { fail } from '../core/errors';
import { requireCurrency } from '../core/amount';
import { requireBoolean, requireId, requireObject, requireOneOf, requireText } from '../core/validation';
import { memberKey, OBJECT } from '../core/keys';
import { installGenesisRuleSet } from '../aml/ledger/rule-sets';
import { LedgerStore } from '../core/store';

/**
 * The consortium's member registry. Member banks write; the regulator reads. Each
 * currency has exactly one issuing member, so "mints only the currencies it issues"
 * has one answer per currency.
 */

export const MEMBER_ROLES = ['bank', 'regulator'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const MEMBER_STATUSES = ['active', 'suspended'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export interface MemberInput {
    mspId: string;
    legalName: string;
    bic: string;
    country: string;
    role: MemberRole;
    /** ISO 4217 codes this member issues as digital currency. */
    currencies: string[];
    /** Whether it provides FX liquidity (used by the FX issue). */
    fxProvider: boolean;
}

export interface Member extends MemberInput {
    status: MemberStatus;
    admittedAt: string;
    updatedAt: string;
    txId: string;
}

const MEMBER_FIELDS = ['mspId', 'legalName', 'bic', 'country', 'role', 'currencies', 'fxProvider'];
const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const COUNTRY = /^[A-Z]{2}$/;
const MAX_CURRENCIES = 16;

export function parseMemberInput(value: unknown): MemberInput {
    const fields = requireObject(value, 'member', MEMBER_FIELDS);
    const mspId = requireId(fields.mspId, 'mspId');
    const legalName = requireText(fields.legalName, 'legalName', 120);
    if (typeof fields.bic !== 'string' || !BIC.test(fields.bic)) {
        fail('INVALID_ARGUMENT', 'bic must be an 8 or 11 character ISO 9362 BIC');
    }
    if (typeof fields.country !== 'string' || !COUNTRY.test(fields.country)) {
        fail('INVALID_ARGUMENT', 'country must be an ISO 3166 alpha-2 code');
    }
    const role = requireOneOf(fields.role, 'role', MEMBER_ROLES);
    const currencies = parseCurrencyList(fields.currencies);
    if (role === 'regulator' && currencies.length > 0) {
        fail('INVALID_ARGUMENT', 'a regulator issues no currency');
    }
    const fxProvider = requireBoolean(fields.fxProvider, 'fxProvider');
    return { mspId, legalName, bic: fields.bic as string, country: fields.country as string, role, currencies, fxProvider };
}

export function decodeMember(value: unknown): Member {
    return decodeShape('member', value, {
        required: {
            mspId: id, legalName: text, bic: text, country: text, role: oneOf(MEMBER_ROLES), currencies: listOf(currency, MAX_CURRENCIES),
            fxProvider: bool, status: oneOf(MEMBER_STATUSES), admittedAt: instant, updatedAt: instant, txId: text,
        },
    });
}

export function parseCurrencyList(value: unknown): string[] {
    if (!Array.isArray(value) || value.length > MAX_CURRENCIES) {
        return fail('INVALID_ARGUMENT', `currencies must be an array of at most ${MAX_CURRENCIES} codes`);
    }
    const codes = value.map((code) => requireCurrency(code, 'currency'));
    if (new Set(codes).size !== codes.length) {
        fail('INVALID_ARGUMENT', 'currencies must not repeat');
    }
    return [...codes].sort();
}

export async function readMember(store: LedgerStore, mspId: string): Promise<Member | undefined> {
    const stored = await store.get(memberKey(store, mspId));
    return stored === undefined ? undefined : decodeMember(stored);
}

export async function listMembers(store: LedgerStore): Promise<Member[]> {
    return (await store.range(OBJECT.member, [])).map((record) => decodeMember(record.value));
}

/**
 * Who the regulator is, in one place: the member the registry lists with the role
 * 'regulator'. It reads everything on the ledger and writes nothing.
 */
export function isRegulator(member: Member | undefined): boolean {
    return member?.role === 'regulator';
}

export async function regulatorMsps(store: LedgerStore): Promise<string[]> {
    return (await listMembers(store)).filter(isRegulator).map((member) => member.mspId);
}

/** The caller must be an active member bank: the regulator and strangers write nothing. */
export async function requireActiveBank(store: LedgerStore, mspId: string): Promise<Member> {
    const member = await readMember(store, mspId);
    if (member === undefined) {
        return fail('UNAUTHORIZED', `${mspId} is not a member of the consortium`);
    }
    if (member.role !== 'bank') {
        fail('UNAUTHORIZED', `${mspId} has read-only access to the ledger`);
    }
    if (member.status !== 'active') {
        fail('UNAUTHORIZED', `${mspId} is suspended`);
    }
    return member;
}

/** Rejects a currency that another member already issues. */
export function requireFreeCurrencies(members: Member[], candidate: MemberInput): void {
    for (const other of members) {
        if (other.mspId === candidate.mspId) {
            continue;
        }
        const clash = candidate.currencies.find((code) => other.currencies.includes(code));
        if (clash !== undefined) {
            fail('CONFLICT', `${clash} is already issued by ${other.mspId}`);
        }
    }
}

export function newMember(input: MemberInput, store: LedgerStore): Member {
    return { ...input, status: 'active', admittedAt: store.txTime, updatedAt: store.txTime, txId: store.txId };
}

/**
 * Creates the founding members. A fresh ledger has nobody to approve the first member,
 * so this runs once, by one of the founding banks, and never again.
 */
export async function initConsortium(store: LedgerStore, caller: string, value: unknown): Promise<Member[]> {
    const fields = requireObject(value, 'consortium', ['members']);
    if (!Array.isArray(fields.members) || fields.members.length === 0 || fields.members.length > 32) {
        fail('INVALID_ARGUMENT', 'members must be an array of 1-32 members');
    }
    const inputs = (fields.members as unknown[]).map(parseMemberInput);
    const founders = foundingMembers(inputs, store);
    if (!founders.some((member) => member.mspId === caller && member.role === 'bank')) {
        fail('UNAUTHORIZED', `${caller} is not a founding member bank`);
    }
    const marker = store.key(OBJECT.consortium, []);
    if ((await store.get(marker)) !== undefined) {
        fail('ALREADY_EXISTS', 'the consortium is already initialised');
    }
    await store.put(marker, { initializedAt: store.txTime, initializedBy: caller, txId: store.txId });
    for (const member of founders) {
        await store.put(memberKey(store, member.mspId), member);
    }
    await installGenesisRuleSet(store, caller);
    store.emit('ConsortiumInitialized', { members: founders, txId: store.txId, time: store.txTime, by: caller });
    return founders;
}

function foundingMembers(inputs: MemberInput[], store: LedgerStore): Member[] {
    const members: Member[] = [];
    for (const input of inputs) {
        if (members.some((member) => member.mspId === input.mspId)) {
            fail('INVALID_ARGUMENT', `member ${input.mspId} is listed twice`);
        }
        const member = newMember(input, store);
        requireFreeCurrencies(members, member);
        members.push(member);
    }
    if (!members.some((member) => member.role === 'bank')) {
        fail('INVALID_ARGUMENT', 'the consortium needs at least one member bank');
    }
    return members;
}
