import { TRANSACTIONS, type Account, type AmlAlert, type BalanceView, type HistoryEntry, type LiquidityMovement, type LiquidityView, type Member, type Notice, type Payment, type PaymentTrail, type Proposal, type QueueEntry, type Refund, type ReviewOutcome, type RuleSetVersion, type SignedInstruction, type StoredFees, type Supply, type SupplyRecord, type ResultOf } from '@corridor/chaincode/api';
import { paginate } from '../paging.js';
import { signCancellation, type SigningKey } from '../signing.js';
import type { Transport } from '../transport.js';
import { gatewayObject, ledgerRecord, path, read, write, type WriteOptions, type Written } from './calls.js';

/**
 * The resources whose answers are ledger records. Each is decoded by the chaincode's own
 * decoder from the contract (@corridor/chaincode/api), so the client and the ledger share
 * one definition of a Payment, an Account or a quote.
 */

export type AccountView = ResultOf<typeof TRANSACTIONS.accounts.get>;
export type FxQuoteView = ResultOf<typeof TRANSACTIONS.fx.quote>;
export type FxRateView = ResultOf<typeof TRANSACTIONS.fx.rates>[number];
export type PublishedRateView = ResultOf<typeof TRANSACTIONS.fx.publishRate>;
export type HistoryItem = HistoryEntry & { status: string };

export interface OpenAccountInput {
    /** SPKI PEM or base64 DER, Ed25519 or P-256 (SigningKey.publicKeyPem). */
    publicKey: string;
    /** SHA-256 hex of the bank's own holder reference; never personal data. */
    holderRef: string;
    kycTier: number;
}

export interface MoneyMovementInput {
    /** The bank transfer's reference: the same reference is the same movement. */
    reference: string;
    address: string;
    currency: string;
    /** Major units, "10.50". */
    amount: string;
}

const decode = {
    account: ledgerRecord(TRANSACTIONS.accounts.open),
    accountView: ledgerRecord(TRANSACTIONS.accounts.get),
    balances: ledgerRecord(TRANSACTIONS.accounts.balances),
    history: ledgerRecord(TRANSACTIONS.accounts.history),
    balance: ledgerRecord(TRANSACTIONS.accounts.rollUpCredits),
    supplyRecord: ledgerRecord(TRANSACTIONS.accounts.mint),
    supply: ledgerRecord(TRANSACTIONS.accounts.supply),
    supplies: ledgerRecord(TRANSACTIONS.accounts.listSupply),
    payment: ledgerRecord(TRANSACTIONS.payments.get),
    refund: ledgerRecord(TRANSACTIONS.payments.getRefund),
    rate: ledgerRecord(TRANSACTIONS.fx.publishRate),
    rates: ledgerRecord(TRANSACTIONS.fx.rates),
    rateHistory: ledgerRecord(TRANSACTIONS.fx.rateHistory),
    fees: ledgerRecord(TRANSACTIONS.fx.setFeeSchedule),
    quote: ledgerRecord(TRANSACTIONS.fx.quote),
    movement: ledgerRecord(TRANSACTIONS.fx.fundLiquidity),
    watermark: ledgerRecord(TRANSACTIONS.fx.setWatermark),
    liquidityView: ledgerRecord(TRANSACTIONS.fx.rollUpLiquidity),
    liquidity: ledgerRecord(TRANSACTIONS.fx.liquidity),
    members: ledgerRecord(TRANSACTIONS.members.list),
    member: ledgerRecord(TRANSACTIONS.members.get),
    proposal: ledgerRecord(TRANSACTIONS.members.proposal),
    keyHistory: ledgerRecord(TRANSACTIONS.members.keyHistory),
    review: ledgerRecord(TRANSACTIONS.compliance.review),
    queue: ledgerRecord(TRANSACTIONS.compliance.queue),
    alerts: ledgerRecord(TRANSACTIONS.compliance.alerts),
    ruleSets: ledgerRecord(TRANSACTIONS.compliance.ruleSets),
    ruleSet: ledgerRecord(TRANSACTIONS.compliance.ruleSet),
    trail: ledgerRecord(TRANSACTIONS.compliance.trail),
    notice: ledgerRecord(TRANSACTIONS.notices.get),
    notices: ledgerRecord(TRANSACTIONS.notices.list),
};

export class Accounts {
    constructor(private readonly t: Transport) {}

    open(input: OpenAccountInput, options?: WriteOptions): Promise<Written<'account', Account>> {
        return write(this.t, 'POST', '/v1/accounts', { key: 'account', decode: decode.account, body: input }, options);
    }

    get(address: string): Promise<AccountView> {
        return read(this.t, path`/v1/accounts/${address}`, decode.accountView);
    }

    async balances(address: string): Promise<BalanceView[]> {
        const body = gatewayObject<{ balances: unknown }>(await this.t.json('GET', path`/v1/accounts/${address}/balances`));
        return decode.balances(body.balances);
    }

    /** The account's history, newest first, across every page. */
    history(address: string, pageSize = 50): AsyncGenerator<HistoryItem, void, undefined> {
        return paginate(async (bookmark) => {
            const page = await read(this.t, path`/v1/accounts/${address}/history`, decode.history, { pageSize, bookmark });
            return { items: page.entries, next: page.bookmark };
        });
    }

    freeze(address: string, reason: string, options?: WriteOptions): Promise<Written<'account', Account>> {
        return this.status(address, 'freeze', reason, options);
    }

    unfreeze(address: string, reason: string, options?: WriteOptions): Promise<Written<'account', Account>> {
        return this.status(address, 'unfreeze', reason, options);
    }

    close(address: string, reason: string, options?: WriteOptions): Promise<Written<'account', Account>> {
        return this.status(address, 'close', reason, options);
    }

    setKycTier(address: string, kycTier: number, options?: WriteOptions): Promise<Written<'account', Account>> {
        return write(this.t, 'PUT', path`/v1/accounts/${address}/kyc-tier`, { key: 'account', decode: decode.account, body: { kycTier }, reread: () => this.get(address) }, options);
    }

    setHighRisk(address: string, highRisk: boolean, reason: string, options?: WriteOptions): Promise<Written<'account', Account>> {
        return write(this.t, 'PUT', path`/v1/accounts/${address}/high-risk`, { key: 'account', decode: decode.account, body: { highRisk, reason }, reread: () => this.get(address) }, options);
    }

    rollUpCredits(address: string, currency: string, options?: WriteOptions): Promise<Written<'balance', ResultOf<typeof TRANSACTIONS.accounts.rollUpCredits>>> {
        return write(this.t, 'POST', path`/v1/accounts/${address}/roll-ups`, { key: 'balance', decode: decode.balance, body: { currency } }, options);
    }

    topUp(movement: MoneyMovementInput, options?: WriteOptions): Promise<Written<'topUp', SupplyRecord>> {
        return write(this.t, 'POST', '/v1/top-ups', { key: 'topUp', decode: decode.supplyRecord, body: movement }, options);
    }

    withdraw(movement: MoneyMovementInput, options?: WriteOptions): Promise<Written<'withdrawal', SupplyRecord>> {
        return write(this.t, 'POST', '/v1/withdrawals', { key: 'withdrawal', decode: decode.supplyRecord, body: movement }, options);
    }

    private status(address: string, action: string, reason: string, options?: WriteOptions): Promise<Written<'account', Account>> {
        return write(this.t, 'POST', `${path`/v1/accounts/${address}`}/${action}`, { key: 'account', decode: decode.account, body: { reason }, reread: () => this.get(address) }, options);
    }
}

export class Payments {
    constructor(private readonly t: Transport) {}

    /** Submits an instruction signed by the payer (see signInstruction); the payment id makes a retry safe too. */
    submit(instruction: SignedInstruction, options?: WriteOptions): Promise<Written<'payment', Payment>> {
        return write(this.t, 'POST', '/v1/payments', { key: 'payment', decode: decode.payment, body: instruction, reread: () => this.get(instruction.paymentId) }, options);
    }

    get(paymentId: string): Promise<Payment> {
        return read(this.t, path`/v1/payments/${paymentId}`, decode.payment);
    }

    settle(paymentId: string, options?: WriteOptions): Promise<Written<'payment', Payment>> {
        return this.action(paymentId, 'settle', undefined, options);
    }

    reject(paymentId: string, reason: string, options?: WriteOptions): Promise<Written<'payment', Payment>> {
        return this.action(paymentId, 'reject', { reason }, options);
    }

    /** Cancels a held payment; the payer's key signs the cancellation. */
    cancel(paymentId: string, payer: SigningKey | { signature: string }, options?: WriteOptions): Promise<Written<'payment', Payment>> {
        const signature = 'signature' in payer ? payer.signature : signCancellation(paymentId, payer);
        return this.action(paymentId, 'cancel', { signature }, options);
    }

    expire(paymentId: string, options?: WriteOptions): Promise<Written<'payment', Payment>> {
        return this.action(paymentId, 'expire', undefined, options);
    }

    /**
     * Polls the payment until `done` holds (by default: it left the states that still
     * move on their own), for at most `timeoutMs`.
     */
    async waitFor(paymentId: string, done: (payment: Payment) => boolean = (p) => p.status !== 'submitted', timeoutMs = 30_000, intervalMs = 250): Promise<Payment> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const payment = await this.get(paymentId);
            if (done(payment) || Date.now() > deadline) {
                return payment;
            }
            await new Promise((resolve) => setTimeout(resolve, intervalMs));
        }
    }

    private action(paymentId: string, action: string, body: unknown, options?: WriteOptions): Promise<Written<'payment', Payment>> {
        return write(this.t, 'POST', `${path`/v1/payments/${paymentId}`}/${action}`, { key: 'payment', decode: decode.payment, body, reread: () => this.get(paymentId) }, options);
    }
}

export interface RefundInput {
    refundId: string;
    paymentId: string;
    amount: string;
    reason: 'wrong-payee' | 'cancelled-by-user' | 'not-delivered' | 'duplicate' | 'other';
    /** SHA-256 hex of the supporting material the bank keeps. */
    evidenceRef: string;
    note?: string;
}

export class Refunds {
    constructor(private readonly t: Transport) {}

    request(input: RefundInput, options?: WriteOptions): Promise<Written<'refund', Refund>> {
        return write(this.t, 'POST', '/v1/refunds', { key: 'refund', decode: decode.refund, body: input, reread: () => this.get(input.refundId) }, options);
    }

    get(refundId: string): Promise<Refund> {
        return read(this.t, path`/v1/refunds/${refundId}`, decode.refund);
    }

    approve(refundId: string, options?: WriteOptions): Promise<Written<'refund', Refund>> {
        return write(this.t, 'POST', `${path`/v1/refunds/${refundId}`}/approve`, { key: 'refund', decode: decode.refund, reread: () => this.get(refundId) }, options);
    }

    decline(refundId: string, reason: string, options?: WriteOptions): Promise<Written<'refund', Refund>> {
        return write(this.t, 'POST', `${path`/v1/refunds/${refundId}`}/decline`, { key: 'refund', decode: decode.refund, body: { reason }, reread: () => this.get(refundId) }, options);
    }
}

export interface RateInput {
    id: string;
    base: string;
    quote: string;
    /** Scaled integers (RATE_SCALE), as decimal strings. */
    bid: string;
    ask: string;
    validFrom: string;
    validUntil: string;
}

export interface QuoteInput {
    quoteId: string;
    payer: string;
    provider: string;
    sourceCurrency: string;
    targetCurrency: string;
    /** One of the two: what the payer sends, or what the payee must receive. */
    sourceAmount?: string;
    targetAmount?: string;
    lifetimeSeconds: number;
}

export class Fx {
    constructor(private readonly t: Transport) {}

    publishRate(rate: RateInput, options?: WriteOptions): Promise<Written<'rate', PublishedRateView>> {
        return write(this.t, 'POST', '/v1/fx/rates', { key: 'rate', decode: decode.rate, body: rate }, options);
    }

    rates(provider: string, base: string, quote: string): Promise<FxRateView[]> {
        return read(this.t, '/v1/fx/rates', decode.rates, { provider, base, quote });
    }

    rateHistory(provider: string, base: string, quote: string, pageSize = 50): AsyncGenerator<PublishedRateView, void, undefined> {
        return paginate(async (bookmark) => {
            const page = await read(this.t, '/v1/fx/rate-history', decode.rateHistory, { provider, base, quote, pageSize, bookmark });
            return { items: page.rates, next: page.bookmark };
        });
    }

    setFeeSchedule(fees: { currency: string; fixed: string; basisPoints: number }, options?: WriteOptions): Promise<Written<'feeSchedule', StoredFees>> {
        return write(this.t, 'PUT', '/v1/fx/fee-schedule', { key: 'feeSchedule', decode: decode.fees, body: fees }, options);
    }

    requestQuote(input: QuoteInput, options?: WriteOptions): Promise<Written<'quote', FxQuoteView>> {
        return write(this.t, 'POST', '/v1/fx/quotes', { key: 'quote', decode: decode.quote, body: input, reread: () => this.quote(input.quoteId) }, options);
    }

    quote(quoteId: string): Promise<FxQuoteView> {
        return read(this.t, path`/v1/fx/quotes/${quoteId}`, decode.quote);
    }

    fund(funding: { reference: string; provider: string; currency: string; amount: string }, options?: WriteOptions): Promise<Written<'liquidity', LiquidityMovement>> {
        return write(this.t, 'POST', '/v1/fx/liquidity/fundings', { key: 'liquidity', decode: decode.movement, body: funding }, options);
    }

    defund(defunding: { reference: string; currency: string; amount: string }, options?: WriteOptions): Promise<Written<'liquidity', LiquidityMovement>> {
        return write(this.t, 'POST', '/v1/fx/liquidity/defundings', { key: 'liquidity', decode: decode.movement, body: defunding }, options);
    }

    rollUpLiquidity(currency: string, options?: WriteOptions): Promise<Written<'liquidity', LiquidityView>> {
        return write(this.t, 'POST', '/v1/fx/liquidity/roll-ups', { key: 'liquidity', decode: decode.liquidityView, body: { currency } }, options);
    }

    setWatermark(watermark: { currency: string; amount: string }, options?: WriteOptions): Promise<Written<'watermark', ResultOf<typeof TRANSACTIONS.fx.setWatermark>>> {
        return write(this.t, 'PUT', '/v1/fx/liquidity/watermark', { key: 'watermark', decode: decode.watermark, body: watermark }, options);
    }

    liquidity(provider: string): Promise<LiquidityView[]> {
        return read(this.t, path`/v1/fx/liquidity/${provider}`, decode.liquidity);
    }
}

export class Compliance {
    constructor(private readonly t: Transport) {}

    review(step: { paymentId: string; action: 'release' | 'reject' | 'escalate'; reason: string }, options?: WriteOptions): Promise<Written<'review', ReviewOutcome>> {
        return write(this.t, 'POST', '/v1/compliance/reviews', { key: 'review', decode: decode.review, body: step }, options);
    }

    reviewQueue(openOnly = true): Promise<QueueEntry[]> {
        return read(this.t, '/v1/compliance/review-queue', decode.queue, { openOnly });
    }

    alerts(pageSize = 50): AsyncGenerator<AmlAlert, void, undefined> {
        return paginate(async (bookmark) => {
            const page = await read(this.t, '/v1/compliance/alerts', decode.alerts, { pageSize, bookmark });
            return { items: page.alerts, next: page.bookmark };
        });
    }

    ruleSets(): Promise<RuleSetVersion[]> {
        return read(this.t, '/v1/compliance/rule-sets', decode.ruleSets);
    }

    ruleSet(version: number): Promise<RuleSetVersion> {
        return read(this.t, path`/v1/compliance/rule-sets/${version}`, decode.ruleSet);
    }

    trail(paymentId: string): Promise<PaymentTrail> {
        return read(this.t, `${path`/v1/compliance/payments/${paymentId}`}/trail`, decode.trail);
    }
}

export interface ProposalInput {
    proposalId: string;
    kind: 'admit-member' | 'update-member' | 'aml-rule-set';
    payload: Record<string, unknown>;
}

/** The consortium: members, proposals to change it, and the ledger's key history for audits. */
export class Governance {
    constructor(private readonly t: Transport) {}

    async members(): Promise<Member[]> {
        const body = gatewayObject<{ items?: unknown }>(await this.t.json('GET', '/v1/members'));
        return decode.members(body.items);
    }

    member(mspId: string): Promise<Member> {
        return read(this.t, path`/v1/members/${mspId}`, decode.member);
    }

    propose(input: ProposalInput, options?: WriteOptions): Promise<Written<'proposal', Proposal>> {
        return write(this.t, 'POST', '/v1/proposals', { key: 'proposal', decode: decode.proposal, body: input, reread: () => this.proposal(input.proposalId) }, options);
    }

    proposal(proposalId: string): Promise<Proposal> {
        return read(this.t, path`/v1/proposals/${proposalId}`, decode.proposal);
    }

    approve(proposalId: string, options?: WriteOptions): Promise<Written<'proposal', Proposal>> {
        return write(this.t, 'POST', `${path`/v1/proposals/${proposalId}`}/approve`, { key: 'proposal', decode: decode.proposal, reread: () => this.proposal(proposalId) }, options);
    }

    reject(proposalId: string, options?: WriteOptions): Promise<Written<'proposal', Proposal>> {
        return write(this.t, 'POST', `${path`/v1/proposals/${proposalId}`}/reject`, { key: 'proposal', decode: decode.proposal, reread: () => this.proposal(proposalId) }, options);
    }

    async keyHistory(objectType: string, attributes: string[]): Promise<ResultOf<typeof TRANSACTIONS.members.keyHistory>> {
        const body = gatewayObject<{ items: unknown }>(await this.t.json('GET', '/v1/audit/key-history', { query: { objectType, attributes: JSON.stringify(attributes) } }));
        return decode.keyHistory(body.items);
    }
}

export interface NoticeInput {
    id: string;
    kind: 'routine' | 'emergency';
    title: string;
    body: string;
    effectiveAt: string;
}

export class Notices {
    constructor(private readonly t: Transport) {}

    async list(): Promise<Notice[]> {
        const body = gatewayObject<{ items: unknown }>(await this.t.json('GET', '/v1/notices'));
        return decode.notices(body.items);
    }

    get(id: string): Promise<Notice> {
        return read(this.t, path`/v1/notices/${id}`, decode.notice);
    }

    publish(notice: NoticeInput, options?: WriteOptions): Promise<Written<'notice', Notice>> {
        return write(this.t, 'POST', '/v1/notices', { key: 'notice', decode: decode.notice, body: notice, reread: () => this.get(notice.id) }, options);
    }
}

export class SupplyLedger {
    constructor(private readonly t: Transport) {}

    async list(): Promise<Supply[]> {
        const body = gatewayObject<{ items?: unknown }>(await this.t.json('GET', '/v1/supply'));
        return decode.supplies(body.items);
    }

    get(currency: string): Promise<Supply> {
        return read(this.t, path`/v1/supply/${currency}`, decode.supply);
    }

    rollUp(currency: string, options?: WriteOptions): Promise<Written<'supply', Supply>> {
        return write(this.t, 'POST', '/v1/supply/roll-ups', { key: 'supply', decode: decode.supply, body: { currency }, reread: () => this.get(currency) }, options);
    }
}
