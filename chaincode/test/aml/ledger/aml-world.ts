import { Corridor, Holder } from '../../support/corridor-fixture';

/** Alice (Bank1, EUR, tier 3) and bob (Bank2): the default rule set holds over 15,000.00 EUR. */
export class AmlWorld {
    private proposals = 0;

    constructor(
        readonly corridor: Corridor,
        readonly alice: Holder,
        readonly bob: Holder,
    ) {}

    static async start(): Promise<AmlWorld> {
        const corridor = await Corridor.founded();
        const alice = await corridor.openHolder('Bank1MSP', 3);
        const bob = await corridor.openHolder('Bank2MSP', 3);
        await corridor.topUp(alice, '100000.00');
        return new AmlWorld(corridor, alice, bob);
    }

    /** Proposes a new rule set; returns the proposal as the ledger holds it after the proposer's vote. */
    async proposeRules(rules: unknown[], by = 'Bank1MSP'): Promise<{ proposalId: string; status: string }> {
        const proposalId = `aml-${++this.proposals}`;
        const body = JSON.stringify({ proposalId, kind: 'aml-rule-set', payload: { rules } });
        return this.corridor.submit(by, (ctx) => this.corridor.members.ProposeChange(ctx, body));
    }

    /** Adopts a rule set with Bank1 and Bank2: a majority of three banks. */
    async adoptRules(rules: unknown[]): Promise<void> {
        const { proposalId } = await this.proposeRules(rules);
        await this.corridor.submit('Bank2MSP', (ctx) => this.corridor.members.ApproveProposal(ctx, proposalId));
    }

    async review(paymentId: string, action: string, reason: string, by = 'Bank1MSP'): Promise<{ review: { status: string; approvals: string[]; history: unknown[] }; payment: Record<string, unknown> }> {
        return this.corridor.submit(by, (ctx) => this.corridor.compliance.ReviewPayment(ctx, JSON.stringify({ paymentId, action, reason })));
    }

    async queue(msp: string, reader = msp, openOnly = 'true'): Promise<Array<{ paymentId: string; status: string }>> {
        return this.corridor.evaluate(reader, (ctx) => this.corridor.compliance.GetReviewQueue(ctx, msp, openOnly));
    }

    async alerts(msp: string, reader = msp): Promise<Array<{ id: string; ruleId: string; paymentId: string; kind: string }>> {
        const page = await this.corridor.evaluate<{ alerts: Array<{ id: string; ruleId: string; paymentId: string; kind: string }> }>(reader, (ctx) =>
            this.corridor.compliance.ListAlerts(ctx, msp, '100', ''));
        return page.alerts;
    }
}
