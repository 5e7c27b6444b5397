import { expect } from 'chai';
import { alertId, alertsFor, evaluate } from '../../../src/aml/model';
import { AT, context, payment, ruleSet } from './fixtures';

describe('aml alerts', () => {
    it('when rules fire, then each raises one alert whose id derives from the payment and the rule', () => {
        const held = payment({ amount: 1_000_001n, payee: 'acct-watched' });
        const alerts = alertsFor(evaluate(ruleSet, held, context()), held);
        expect(alerts).to.deep.equal([
            {
                id: 'pay-1:usd-over-10k', paymentId: 'pay-1', ruleId: 'usd-over-10k', ruleSetVersion: 3, kind: 'amount-threshold',
                severity: 'medium', action: 'hold', detail: 'amount 1000001 USD is over the threshold 1000000',
                payer: 'acct-a', payee: 'acct-watched', raisedAt: AT,
            },
            {
                id: 'pay-1:watched', paymentId: 'pay-1', ruleId: 'watched', ruleSetVersion: 3, kind: 'watched-address',
                severity: 'medium', action: 'allow', detail: 'payee on the watched list',
                payer: 'acct-a', payee: 'acct-watched', raisedAt: AT,
            },
        ]);
    });

    it('when the same payment is evaluated again, then the same alert ids come out', () => {
        const held = payment({ amount: 1_000_001n });
        const ids = () => alertsFor(evaluate(ruleSet, held, context()), held).map((alert) => alert.id);
        expect(ids()).to.deep.equal(ids());
        expect(alertId('pay-1', 'usd-over-10k')).to.equal('pay-1:usd-over-10k');
    });

    it('when no rule fires, then there is no alert', () => {
        expect(alertsFor(evaluate(ruleSet, payment(), context()), payment())).to.deep.equal([]);
    });
});
