import { expect } from 'chai';
import { DEFAULT_RULES } from '../../../src/aml/ledger/rule-sets';
import { AmlWorld } from './aml-world';

describe('a rule set with amount thresholds adopted by a majority', () => {
    // Regression, found on the real network: the proposal kept the parsed rules (bigint
    // thresholds) and execution, which parses them again, refused them.
    it('when the default rules plus a new one are proposed and a second bank approves, then the new version is adopted', async () => {
        const world = await AmlWorld.start();
        const rules = [...DEFAULT_RULES, { id: 'velocity-cny', kind: 'velocity', windowSeconds: 3600, maxCount: 3, currency: 'CNY', action: 'hold', reviewers: 'payer-bank' }];
        await world.adoptRules(rules);
        const versions = await world.corridor.evaluate<Array<{ version: number; rules: Array<{ id: string; threshold?: string }> }>>('Bank3MSP', (ctx) =>
            world.corridor.compliance.ListRuleSets(ctx),
        );
        const latest = versions[versions.length - 1];
        expect(latest?.version).to.equal(2);
        expect(latest?.rules.find((rule) => rule.id === 'large-eur')?.threshold).to.equal('1500000');
        expect(latest?.rules.map((rule) => rule.id)).to.include('velocity-cny');
    });
});
