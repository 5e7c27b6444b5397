import { expect } from 'chai';
import { DEFAULT_RULES } from '../../../src/aml/ledger/rule-sets';
import { expectCode } from '../../support/corridor-fixture';
import { compositeKey } from '../../support/memory-ledger';
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
        expect(latest?.rules.find((rule) => rule.id === 'large-eur')?.threshold).to.equal('15000.00');
        expect(latest?.rules.map((rule) => rule.id)).to.include('velocity-cny');
    });

    it('when a rule set was stored with minor-unit amounts (before the one convention), then it is read, screened with and returned in major units', async () => {
        const world = await AmlWorld.start();
        const legacy = DEFAULT_RULES.map((rule) => (rule.id === 'large-eur' ? { ...rule, threshold: '1500000' } : rule));
        const current = compositeKey('corridor.aml-current', []);
        const stored = world.corridor.ledger.read(current) as Record<string, unknown>;
        world.corridor.ledger.overwrite(current, { ...stored, rules: legacy });
        world.corridor.ledger.overwrite(compositeKey('corridor.aml-rule-set', ['0000000001']), { ...stored, rules: legacy });
        const versions = await world.corridor.evaluate<Array<{ rules: Array<{ id: string; threshold?: string }> }>>('Bank3MSP', (ctx) => world.corridor.compliance.ListRuleSets(ctx));
        expect(versions[0]?.rules.find((rule) => rule.id === 'large-eur')?.threshold).to.equal('15000.00');
        expect((await world.corridor.pay(world.alice, world.bob, '15000.00')).status).to.equal('settled');
        expect((await world.corridor.pay(world.alice, world.bob, '15000.01')).status).to.equal('held');
    });

    it('when a proposal carries a threshold in major units with too many decimals, then INVALID_ARGUMENT', async () => {
        const world = await AmlWorld.start();
        const rules = [{ id: 'large-usd-2', kind: 'amount-threshold', currency: 'USD', threshold: '15000.001', action: 'hold', reviewers: 'payer-bank' }];
        await expectCode(world.adoptRules(rules), 'INVALID_ARGUMENT', 'threshold');
    });
});
