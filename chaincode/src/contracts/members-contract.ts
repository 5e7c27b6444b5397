import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import { fail } from '../core/errors';
import { evaluated, jsonArgument, submitted } from './transaction';
import { initConsortium, listMembers, readMember } from '../members/members';
import { propose, readProposal, vote } from '../members/proposals';
import { keyHistory } from '../core/key-history';
import { requireId } from '../core/validation';
// Registers the 'aml-rule-set' proposal kind beside the member kinds.
import '../aml/ledger/rule-set-proposal';

/** The consortium: founding, members, majority-approved changes, and the audit trail of keys. */
@Info({ title: 'MembersContract', description: 'Consortium members, proposals and key audit trail' })
export class MembersContract extends Contract {
    constructor() {
        super('Members');
    }

    /** Once per ledger, by a founding bank: {"members": [member, ...]}. */
    @Transaction()
    public async InitConsortium(ctx: Context, consortiumJson: string): Promise<string> {
        return submitted(ctx, 'org-admin', (store, caller) => initConsortium(store, caller, jsonArgument(consortiumJson, 'consortium')));
    }

    /** {"proposalId", "kind": "admit-member" | "update-member" | ..., "payload"}; counts as the proposer's approval. */
    @Transaction()
    public async ProposeChange(ctx: Context, proposalJson: string): Promise<string> {
        return submitted(ctx, 'governance', (store, caller) => propose(store, caller, jsonArgument(proposalJson, 'proposal')));
    }

    @Transaction()
    public async ApproveProposal(ctx: Context, proposalId: string): Promise<string> {
        return submitted(ctx, 'governance', (store, caller) => vote(store, caller, proposalId, true));
    }

    @Transaction()
    public async RejectProposal(ctx: Context, proposalId: string): Promise<string> {
        return submitted(ctx, 'governance', (store, caller) => vote(store, caller, proposalId, false));
    }

    @Transaction(false)
    public async GetProposal(ctx: Context, proposalId: string): Promise<string> {
        return evaluated(ctx, (store) => readProposal(store, requireId(proposalId, 'proposalId')));
    }

    @Transaction(false)
    public async ListMembers(ctx: Context): Promise<string> {
        return evaluated(ctx, (store) => listMembers(store));
    }

    @Transaction(false)
    public async GetMember(ctx: Context, mspId: string): Promise<string> {
        return evaluated(ctx, async (store) => {
            const member = await readMember(store, requireId(mspId, 'mspId'));
            return member ?? fail('NOT_FOUND', `${mspId} is not a member`);
        });
    }

    /** Every committed version of one key, e.g. ("corridor.account", '["cx..."]'), for auditors. */
    @Transaction(false)
    public async GetKeyHistory(ctx: Context, objectType: string, attributesJson: string): Promise<string> {
        return evaluated(ctx, (store) => keyHistory(store, objectType, attributesJson));
    }
}
