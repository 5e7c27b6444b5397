import { anything, decodeShape, id, instant, listOf, oneOf, text } from '../core/decode';
import { fail } from '../core/errors';
import { requireId, requireObject } from '../core/validation';
import { OBJECT } from '../core/keys';
import {
    listMembers,
    MEMBER_STATUSES,
    Member,
    newMember,
    parseCurrencyList,
    parseMemberInput,
    readMember,
    requireActiveBank,
    requireFreeCurrencies,
} from './members';
import { memberKey } from '../core/keys';
import { LedgerStore } from '../core/store';

/**
 * Consortium changes by majority of the active member banks. The mechanism is generic:
 * a proposal kind names a handler that validates the payload when proposed and applies
 * it once a strict majority has approved. The AML issue registers its rule-set changes
 * as another kind; nothing here knows about members except the two kinds below.
 */

export interface ProposalHandler {
    /** Returns the normalised payload; throws a coded error if it cannot apply now. */
    check(store: LedgerStore, payload: unknown): Promise<unknown>;
    /** Runs once a majority approved; the proposal carries who approved it. */
    apply(store: LedgerStore, payload: unknown, proposal: Proposal): Promise<void>;
}

export type ProposalStatus = 'open' | 'executed' | 'rejected';

export interface Proposal {
    proposalId: string;
    kind: string;
    payload: unknown;
    proposedBy: string;
    proposedAt: string;
    approvals: string[];
    rejections: string[];
    status: ProposalStatus;
    decidedAt?: string;
    txId: string;
}

const HANDLERS = new Map<string, ProposalHandler>();

/** Registered at module load only, so every peer has the same table. */
export function registerProposalKind(kind: string, handler: ProposalHandler): void {
    HANDLERS.set(kind, handler);
}

export function proposalKinds(): string[] {
    return [...HANDLERS.keys()].sort();
}

function handlerFor(kind: unknown): ProposalHandler {
    const handler = typeof kind === 'string' ? HANDLERS.get(kind) : undefined;
    if (handler === undefined) {
        return fail('INVALID_ARGUMENT', `kind must be one of ${proposalKinds().join(', ')}`);
    }
    return handler;
}

export function decodeProposal(value: unknown): Proposal {
    return decodeShape<Proposal>('proposal', value, {
        required: {
            proposalId: id, kind: text, payload: anything, proposedBy: id, proposedAt: instant, approvals: listOf(id), rejections: listOf(id),
            status: oneOf(['open', 'executed', 'rejected']), txId: text,
        },
        optional: { decidedAt: instant },
    });
}

export async function readProposal(store: LedgerStore, proposalId: string): Promise<Proposal> {
    const stored = await store.get(store.key(OBJECT.proposal, [proposalId]));
    if (stored === undefined) {
        return fail('NOT_FOUND', `proposal ${proposalId} does not exist`);
    }
    return decodeProposal(stored);
}

export async function propose(store: LedgerStore, caller: string, value: unknown): Promise<Proposal> {
    await requireActiveBank(store, caller);
    const fields = requireObject(value, 'proposal', ['proposalId', 'kind', 'payload']);
    const proposalId = requireId(fields.proposalId, 'proposalId');
    const handler = handlerFor(fields.kind);
    const payload = await handler.check(store, fields.payload);
    const key = store.key(OBJECT.proposal, [proposalId]);
    if ((await store.get(key)) !== undefined) {
        fail('ALREADY_EXISTS', `proposal ${proposalId} already exists`);
    }
    const proposal: Proposal = {
        proposalId,
        kind: fields.kind as string,
        payload,
        proposedBy: caller,
        proposedAt: store.txTime,
        approvals: [caller],
        rejections: [],
        status: 'open',
        txId: store.txId,
    };
    return decide(store, key, proposal, 'ProposalSubmitted');
}

export async function vote(store: LedgerStore, caller: string, proposalId: string, approve: boolean): Promise<Proposal> {
    await requireActiveBank(store, caller);
    requireId(proposalId, 'proposalId');
    const current = await readProposal(store, proposalId);
    if (current.status !== 'open') {
        fail('INVALID_STATE', `proposal ${proposalId} is ${current.status}`);
    }
    if (current.approvals.includes(caller) || current.rejections.includes(caller)) {
        fail('ALREADY_VOTED', `${caller} has already voted on ${proposalId}`);
    }
    const proposal: Proposal = approve
        ? { ...current, approvals: [...current.approvals, caller].sort() }
        : { ...current, rejections: [...current.rejections, caller].sort() };
    return decide(store, store.key(OBJECT.proposal, [proposalId]), proposal, 'ProposalVoted');
}

/** Executes on a strict majority of active banks; closes as rejected once a majority is out of reach. */
async function decide(store: LedgerStore, key: string, proposal: Proposal, event: string): Promise<Proposal> {
    const banks = (await listMembers(store)).filter((member) => member.role === 'bank' && member.status === 'active');
    const voters = new Set(banks.map((member) => member.mspId));
    const approvals = proposal.approvals.filter((msp) => voters.has(msp)).length;
    const rejections = proposal.rejections.filter((msp) => voters.has(msp)).length;
    let decided = proposal;
    if (approvals * 2 > voters.size) {
        const handler = handlerFor(proposal.kind);
        await handler.apply(store, await handler.check(store, proposal.payload), proposal);
        decided = { ...proposal, status: 'executed', decidedAt: store.txTime };
    } else if (rejections * 2 >= voters.size) {
        decided = { ...proposal, status: 'rejected', decidedAt: store.txTime };
    }
    await store.put(key, decided);
    store.emit(decided.status === 'open' ? event : `Proposal${capitalised(decided.status)}`, {
        proposal: decided,
        txId: store.txId,
        time: store.txTime,
    });
    return decided;
}

function capitalised(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

registerProposalKind('admit-member', {
    async check(store, payload) {
        const input = parseMemberInput(payload);
        if ((await readMember(store, input.mspId)) !== undefined) {
            fail('ALREADY_EXISTS', `${input.mspId} is already a member`);
        }
        requireFreeCurrencies(await listMembers(store), input);
        return input;
    },
    async apply(store, payload) {
        const input = payload as ReturnType<typeof parseMemberInput>;
        await store.put(memberKey(store, input.mspId), newMember(input, store));
    },
});

interface MemberChange {
    mspId: string;
    currencies?: string[];
    fxProvider?: boolean;
    status?: Member['status'];
}

registerProposalKind('update-member', {
    async check(store, payload) {
        const fields = requireObject(payload, 'payload', ['mspId', 'currencies', 'fxProvider', 'status']);
        const mspId = requireId(fields.mspId, 'mspId');
        const member = await readMember(store, mspId);
        if (member === undefined) {
            return fail('NOT_FOUND', `${mspId} is not a member`);
        }
        const change: MemberChange = { mspId };
        if (fields.currencies !== undefined) {
            change.currencies = parseCurrencyList(fields.currencies);
            requireFreeCurrencies(await listMembers(store), { ...member, currencies: change.currencies });
        }
        if (fields.fxProvider !== undefined) {
            if (typeof fields.fxProvider !== 'boolean') {
                fail('INVALID_ARGUMENT', 'fxProvider must be true or false');
            }
            change.fxProvider = fields.fxProvider;
        }
        if (fields.status !== undefined) {
            if (!(MEMBER_STATUSES as readonly unknown[]).includes(fields.status)) {
                fail('INVALID_ARGUMENT', `status must be one of ${MEMBER_STATUSES.join(', ')}`);
            }
            change.status = fields.status as Member['status'];
        }
        return change;
    },
    async apply(store, payload) {
        const change = payload as MemberChange;
        const member = (await readMember(store, change.mspId)) as Member;
        await store.put(memberKey(store, change.mspId), { ...member, ...change, updatedAt: store.txTime, txId: store.txId });
    },
});
