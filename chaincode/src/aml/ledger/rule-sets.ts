import { AmlRuleSet, encodeRules, parseRuleSet } from '../model';
import { fail } from '../../core/errors';
import { decodeRecord } from '../../core/decode';
import { requireId, requireInstant, requireInteger, requireObject, requireText } from '../../core/validation';
import { OBJECT } from '../../core/keys';
import { LedgerStore } from '../../core/store';

/**
 * The consortium's AML rule set on the ledger. Every version is kept under its own key
 * with who proposed and who approved it and when; corridor.aml-current holds a copy of
 * the version in force, so a payment reads one key. A version is never rewritten.
 *
 * Genesis: InitConsortium installs DEFAULT_RULES as version 1, approved by the founding
 * bank that initialised the registry. A ledger founded before AML existed has no stored
 * version; its payments are screened against the same DEFAULT_RULES as version 1 until
 * the first 'aml-rule-set' proposal executes (as version 2).
 */

export interface RuleSetVersion {
    version: number;
    rules: unknown[];
    proposalId: string;
    proposedBy: string;
    approvedBy: string[];
    approvedAt: string;
    txId: string;
}

/** Amounts in major units of the rule's currency, like every amount on the ledger. */
export const DEFAULT_RULES: readonly Record<string, unknown>[] = [
    { id: 'large-eur', kind: 'amount-threshold', currency: 'EUR', threshold: '15000.00', action: 'hold', reviewers: 'payer-bank', description: 'over 15,000.00 EUR' },
    { id: 'large-usd', kind: 'amount-threshold', currency: 'USD', threshold: '15000.00', action: 'hold', reviewers: 'payer-bank', description: 'over 15,000.00 USD' },
    { id: 'large-cny', kind: 'amount-threshold', currency: 'CNY', threshold: '100000.00', action: 'hold', reviewers: 'payer-bank', description: 'over 100,000.00 CNY' },
    { id: 'velocity-hour', kind: 'velocity', windowSeconds: 3600, maxCount: 30, action: 'hold', reviewers: 'payer-bank', description: 'more than 30 payments sent in an hour' },
    { id: 'high-risk-party', kind: 'high-risk', party: 'either', action: 'hold', reviewers: 'both-banks', description: 'a party is flagged high-risk' },
    { id: 'round-trips-day', kind: 'related-parties', windowSeconds: 86400, minRoundTrips: 3, action: 'allow', severity: 'medium', description: 'three round trips between the same accounts in a day' },
];

export const GENESIS_PROPOSAL = 'genesis';

const VERSION_DIGITS = 10;

function versionKey(store: LedgerStore, version: number): string {
    // Zero-padded so the range of versions reads in order.
    return store.key(OBJECT.amlRuleSet, [String(version).padStart(VERSION_DIGITS, '0')]);
}

function currentKey(store: LedgerStore): string {
    return store.key(OBJECT.amlCurrent, []);
}

function genesis(store: LedgerStore, by: string): RuleSetVersion {
    const parsed = parseRuleSet({ version: 1, rules: DEFAULT_RULES });
    return { version: 1, rules: encodeRules(parsed.rules), proposalId: GENESIS_PROPOSAL, proposedBy: by, approvedBy: [by], approvedAt: store.txTime, txId: store.txId };
}

/**
 * Re-validates a stored version: a record that fails is refused, never screened with. A
 * version stored with minor-unit amounts reads in the major units every version is
 * returned in (rule-set.ts ruleAmount).
 */
export function decodeRuleSetVersion(value: unknown): { record: RuleSetVersion; ruleSet: AmlRuleSet } {
    return decodeRecord('AML rule set', () => {
        const fields = requireObject(value, 'rule set version', ['version', 'rules', 'proposalId', 'proposedBy', 'approvedBy', 'approvedAt', 'txId']);
        const ruleSet = parseRuleSet({ version: fields.version, rules: fields.rules });
        if (!Array.isArray(fields.approvedBy)) {
            return fail('INVALID_ARGUMENT', 'approvedBy must be a list of MSP ids');
        }
        const record: RuleSetVersion = {
            version: ruleSet.version,
            rules: encodeRules(ruleSet.rules),
            proposalId: requireId(fields.proposalId, 'proposalId'),
            proposedBy: requireId(fields.proposedBy, 'proposedBy'),
            approvedBy: fields.approvedBy.map((msp) => requireId(msp, 'approvedBy')),
            approvedAt: requireInstant(fields.approvedAt, 'approvedAt'),
            txId: requireText(fields.txId, 'txId', 128),
        };
        return { record, ruleSet };
    });
}

export async function installGenesisRuleSet(store: LedgerStore, founder: string): Promise<void> {
    const record = genesis(store, founder);
    await store.put(versionKey(store, 1), record);
    await store.put(currentKey(store), record);
}

/** The rule set in force: one read of corridor.aml-current. */
export async function currentRuleSet(store: LedgerStore): Promise<AmlRuleSet> {
    const stored = await store.get(currentKey(store));
    return stored === undefined ? parseRuleSet({ version: 1, rules: DEFAULT_RULES }) : decodeRuleSetVersion(stored).ruleSet;
}

/** Writes the next version after a majority approved it. */
export async function adoptRuleSet(store: LedgerStore, rules: unknown[], approval: { proposalId: string; proposedBy: string; approvedBy: string[] }): Promise<RuleSetVersion> {
    const current = await store.get(currentKey(store));
    const version = current === undefined ? 2 : decodeRuleSetVersion(current).record.version + 1;
    const parsed = parseRuleSet({ version, rules });
    const record: RuleSetVersion = { version, rules: encodeRules(parsed.rules), ...approval, approvedBy: [...approval.approvedBy].sort(), approvedAt: store.txTime, txId: store.txId };
    await store.put(versionKey(store, version), record);
    await store.put(currentKey(store), record);
    return record;
}

export async function ruleSetVersion(store: LedgerStore, version: unknown): Promise<RuleSetVersion> {
    const wanted = requireInteger(typeof version === 'string' && /^[0-9]{1,10}$/.test(version) ? Number(version) : version, 'version', 1, 2_147_483_647);
    const stored = await store.get(versionKey(store, wanted));
    if (stored === undefined) {
        if (wanted === 1) {
            return genesis(store, 'built-in');
        }
        return fail('NOT_FOUND', `AML rule set version ${wanted} does not exist`);
    }
    return decodeRuleSetVersion(stored).record;
}

/** Every version, oldest first: the consortium's record of what was in force when. */
export async function listRuleSets(store: LedgerStore): Promise<RuleSetVersion[]> {
    return (await store.range(OBJECT.amlRuleSet, [])).map((record) => decodeRuleSetVersion(record.value).record);
}
