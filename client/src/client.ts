import { Transport, type ClientOptions } from './transport.js';
import { Accounts, Compliance, Fx, Governance, Notices, Payments, Refunds, SupplyLedger } from './resources/ledger.js';
import { Auth, Me, Staff } from './resources/people.js';
import { Explorer, Operations, Queries } from './resources/queries.js';
import { Iso20022 } from './resources/iso20022.js';
import { Webhooks } from './resources/webhooks.js';

/**
 * One bank gateway, every resource of its REST API grouped by what it is about:
 *
 *     const bank = new CorridorClient({ baseUrl: 'http://127.0.0.1:3001', token: apiKey });
 *     const account = await bank.accounts.get(address);
 */
export class CorridorClient {
    readonly transport: Transport;
    readonly accounts: Accounts;
    readonly payments: Payments;
    readonly refunds: Refunds;
    readonly fx: Fx;
    readonly compliance: Compliance;
    /** Members, proposals and the key history (governance of the consortium). */
    readonly governance: Governance;
    readonly notices: Notices;
    readonly supply: SupplyLedger;
    /** Transactions and statements from the gateway's index. */
    readonly queries: Queries;
    /** Blocks, transactions and submissions as the peers hold them. */
    readonly explorer: Explorer;
    readonly iso20022: Iso20022;
    readonly webhooks: Webhooks;
    readonly auth: Auth;
    /** A signed-in customer's own resources (/v1/me…): use `asSession(token)` first. */
    readonly me: Me;
    readonly staff: Staff;
    /** Health, the OpenAPI document and metrics. */
    readonly operations: Operations;

    constructor(options: ClientOptions | Transport) {
        this.transport = options instanceof Transport ? options : new Transport(options);
        const t = this.transport;
        this.accounts = new Accounts(t);
        this.payments = new Payments(t);
        this.refunds = new Refunds(t);
        this.fx = new Fx(t);
        this.compliance = new Compliance(t);
        this.governance = new Governance(t);
        this.notices = new Notices(t);
        this.supply = new SupplyLedger(t);
        this.queries = new Queries(t);
        this.explorer = new Explorer(t);
        this.iso20022 = new Iso20022(t);
        this.webhooks = new Webhooks(t);
        this.auth = new Auth(t);
        this.me = new Me(t);
        this.staff = new Staff(t);
        this.operations = new Operations(t);
    }

    /** The same gateway as a person whose session token this is. */
    asSession(token: string): CorridorClient {
        return new CorridorClient(this.transport.withToken(token));
    }
}
