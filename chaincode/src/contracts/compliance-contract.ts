import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import { evaluated, evaluatedBy, jsonArgument, submitted } from './transaction';
import { alertsOf, paymentTrail, reviewPayment, reviewQueue } from '../aml/ledger/reviews';
import { listRuleSets, ruleSetVersion } from '../aml/ledger/rule-sets';
import '../aml/ledger/rule-set-proposal';

/** The consortium's AML rules, the review of held payments, alerts and the audit trail. */
@Info({ title: 'ComplianceContract', description: 'AML rule sets, payment reviews and alerts' })
export class ComplianceContract extends Contract {
    constructor() {
        super('Compliance');
    }

    /** {"paymentId","action": "release" | "reject" | "escalate","reason"}, by a reviewing bank. */
    @Transaction()
    public async ReviewPayment(ctx: Context, stepJson: string): Promise<string> {
        return submitted(ctx, 'compliance', (store, caller) => reviewPayment(store, caller, jsonArgument(stepJson, 'review step')));
    }

    /** version "1", "2", ...: one version of the rule set with who approved it and when. */
    @Transaction(false)
    public async GetRuleSet(ctx: Context, version: string): Promise<string> {
        return evaluated(ctx, (store) => ruleSetVersion(store, version));
    }

    /** Every version, oldest first. */
    @Transaction(false)
    public async ListRuleSets(ctx: Context): Promise<string> {
        return evaluated(ctx, (store) => listRuleSets(store));
    }

    /** A bank's review queue (openOnly "true" | "false"): the bank itself or the regulator. */
    @Transaction(false)
    public async GetReviewQueue(ctx: Context, mspId: string, openOnly: string): Promise<string> {
        return evaluatedBy(ctx, (store, caller) => reviewQueue(store, caller, mspId, openOnly));
    }

    /** Alerts on a bank's payments; pageSize "1"-"100", bookmark "" first: the bank itself or the regulator; mspId "*": every alert, regulator only. */
    @Transaction(false)
    public async ListAlerts(ctx: Context, mspId: string, pageSize: string, bookmark: string): Promise<string> {
        return evaluatedBy(ctx, (store, caller) => alertsOf(store, caller, mspId, pageSize, bookmark));
    }

    /** The payment, its screening, alerts, review and every version of its record: its two banks or the regulator. */
    @Transaction(false)
    public async GetPaymentTrail(ctx: Context, paymentId: string): Promise<string> {
        return evaluatedBy(ctx, (store, caller) => paymentTrail(store, caller, paymentId));
    }
}
