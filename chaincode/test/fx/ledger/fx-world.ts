import { Corridor, Holder, signBytes } from '../../support/corridor-fixture';
import { signingBytes } from '../../../src/payments/instruction';

/**
 * A USD -> CNY corridor on the in-memory ledger: Bank2 (issues USD) is the FX provider,
 * Bank3 (issues CNY) funded Bank2's CNY liquidity, alice banks with Bank2 in USD and bob
 * with Bank3. USD/CNY is 7.10 bid / 7.20 ask, and Bank2 charges 1.00 USD + 25 bp.
 */
export class FxWorld {
    private quotes = 0;
    private funds = 0;

    constructor(
        readonly corridor: Corridor,
        readonly alice: Holder,
        readonly bob: Holder,
        readonly carol: Holder,
    ) {}

    static async start(options: { cnyLiquidity?: string; aliceUsd?: string } = {}): Promise<FxWorld> {
        const corridor = await Corridor.founded();
        const alice = await corridor.openHolder('Bank2MSP', 3);
        const bob = await corridor.openHolder('Bank3MSP', 3, 'p256');
        const carol = await corridor.openHolder('Bank2MSP', 3);
        const world = new FxWorld(corridor, alice, bob, carol);
        await corridor.topUp(alice, options.aliceUsd ?? '5000.00', 'USD');
        await world.publishRate('usd-cny-1', '7100000000', '7200000000');
        await corridor.submit('Bank2MSP', (ctx) => corridor.fx.SetFeeSchedule(ctx, JSON.stringify({ currency: 'USD', fixed: '1.00', basisPoints: 25 })));
        if (options.cnyLiquidity !== '0') {
            await world.fund('CNY', options.cnyLiquidity ?? '100000.00');
        }
        return world;
    }

    async publishRate(id: string, bid: string, ask: string, hours = 12, provider = 'Bank2MSP'): Promise<Record<string, unknown>> {
        const { corridor } = this;
        const validFrom = corridor.now();
        const validUntil = new Date(Date.parse(validFrom) + hours * 3600_000).toISOString();
        const rate = { id, base: 'USD', quote: 'CNY', bid, ask, validFrom, validUntil };
        return corridor.submit(provider, (ctx) => corridor.fx.PublishRate(ctx, JSON.stringify(rate)));
    }

    async fund(currency: string, amount: string, provider = 'Bank2MSP'): Promise<Record<string, unknown>> {
        const issuer = { USD: 'Bank2MSP', CNY: 'Bank3MSP', EUR: 'Bank1MSP' }[currency] as string;
        const body = JSON.stringify({ reference: `lq-${++this.funds}`, provider, currency, amount });
        return this.corridor.submit(issuer, (ctx) => this.corridor.fx.FundLiquidity(ctx, body));
    }

    quoteRequest(payer: Holder, overrides: Record<string, unknown> = {}): Record<string, unknown> {
        return {
            quoteId: `q-${++this.quotes}`,
            payer: payer.address,
            provider: 'Bank2MSP',
            sourceCurrency: 'USD',
            targetCurrency: 'CNY',
            sourceAmount: '100.00',
            lifetimeSeconds: 600,
            ...overrides,
        };
    }

    async quote(payer: Holder = this.alice, overrides: Record<string, unknown> = {}): Promise<Quote> {
        const request = this.quoteRequest(payer, overrides);
        return this.corridor.submit<Quote>(payer.bank, (ctx) => this.corridor.fx.RequestQuote(ctx, JSON.stringify(request)));
    }

    /** A signed cross-currency instruction paying exactly the quote's debit total. */
    instruction(payer: Holder, payee: Holder, quote: Quote, overrides: Record<string, unknown> = {}): Record<string, unknown> {
        const unsigned = { ...this.corridor.instruction(payer, payee, quote.display.debitTotal, { currency: 'USD', targetCurrency: 'CNY', quoteId: quote.id, ...overrides }) };
        delete unsigned.signature;
        return { ...unsigned, signature: signBytes(payer.privateKey, signingBytes(unsigned)) };
    }

    async payWith(quote: Quote, overrides: Record<string, unknown> = {}, payer: Holder = this.alice, payee: Holder = this.bob): Promise<Record<string, unknown>> {
        const instruction = this.instruction(payer, payee, quote, overrides);
        const payment = await this.corridor.submit(payer.bank, (ctx) => this.corridor.payments.SubmitPayment(ctx, JSON.stringify(instruction)));
        payer.nextSequence += 1;
        return payment;
    }

    async liquidity(provider = 'Bank2MSP', reader = provider): Promise<Array<{ currency: string; available: string; reserved: string; watermark?: string; low: boolean }>> {
        return this.corridor.evaluate(reader, (ctx) => this.corridor.fx.GetLiquidity(ctx, provider));
    }

    async liquidityIn(currency: string, provider = 'Bank2MSP'): Promise<{ available: string; reserved: string }> {
        return (await this.liquidity(provider)).find((view) => view.currency === currency) ?? { available: '0', reserved: '0' };
    }

    async getQuote(quoteId: string, reader = 'RegulatorMSP'): Promise<Quote> {
        return this.corridor.evaluate<Quote>(reader, (ctx) => this.corridor.fx.GetQuote(ctx, quoteId));
    }
}

export interface Quote {
    id: string;
    status: string;
    payer: string;
    provider: string;
    paymentId?: string;
    expiresAt: string;
    sourceAmount: string;
    fee: string;
    debitTotal: string;
    targetAmount: string;
    display: { sourceAmount: string; fee: string; debitTotal: string; targetAmount: string; spreadCost: string };
}
