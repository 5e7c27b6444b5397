import { parseRuleSet } from '../model';
import { requireObject } from '../../core/validation';
import { registerProposalKind } from '../../members/proposals';
import { adoptRuleSet } from './rule-sets';

/**
 * Changing the AML rule set is a proposal kind: payload {"rules": [rule, ...]}, the whole
 * new rule set. It is validated when proposed and again when a majority executes it; the
 * version number is assigned at execution (the current version + 1), so two proposals
 * drafted against the same version never collide.
 */
export const AML_RULE_SET_KIND = 'aml-rule-set';

registerProposalKind(AML_RULE_SET_KIND, {
    async check(_store, payload) {
        const fields = requireObject(payload, 'payload', ['rules']);
        parseRuleSet({ version: 1, rules: fields.rules });
        // The rules stay as sent (wire strings): execution parses them again, and a
        // parsed rule (bigint thresholds) would not parse a second time.
        return { rules: fields.rules };
    },
    async apply(store, payload, proposal) {
        const rules = (payload as { rules: unknown[] }).rules;
        await adoptRuleSet(store, rules, { proposalId: proposal.proposalId, proposedBy: proposal.proposedBy, approvedBy: proposal.approvals });
    },
});
