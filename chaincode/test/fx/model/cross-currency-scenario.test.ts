import { expect } from 'chai';
import { AmlRuleSet, applyReviewStep, evaluate, parseRuleSet, Review, openReview, ReviewAction } from '../../../src/aml/model';
import { createQuote, executeQuote, FxQuote, FxRate, Movement, parseRate, reserveQuote, selectRate, voidQuote } from '../../../src/fx/model';

/**
 * A USD to CNY corridor replayed one event per line against a small model ledger:
 * firm quotes, AML evaluation, holds with review, and the liquidity of one provider.
 * Each line states what must come out; a failed step must change no balance.
 */
const usdCny: FxRate = parseRate({
    id: 'usd-cny-1000', provider: 'FxBankMSP', base: 'USD', quote: 'CNY', bid: '7100000000', ask: '7200000000',
    validFrom: '2026-11-28T10:00:00.000Z', validUntil: '2026-11-28T11:00:00.000Z',
});
const rules: AmlRuleSet = parseRuleSet({
    version: 1,
    rules: [{ id: 'usd-over-10k', kind: 'amount-threshold', currency: 'USD', threshold: '10000.00', action: 'hold', reviewers: 'payer-bank' }],
});
const accounts = { payer: 'alice', payee: 'bob', providerSource: 'fx-usd', providerTarget: 'fx-cny', fee: 'fx-fees' };

type Event =
    | ['quote', string, string, bigint]
    | ['pay', string, string, string, string]
    | ['review', string, ReviewAction, string, string];

const at = (time: string): string => `2026-11-28T${time}.000Z`;

class Corridor {
    readonly balances = new Map<string, bigint>([['USD:alice', 10_000_000n], ['CNY:fx-cny', 20_000_000n]]);
    readonly quotes = new Map<string, FxQuote>();
    readonly reviews = new Map<string, { review: Review; quoteId: string }>();

    run(event: Event): string {
        const before = new Map(this.balances);
        try {
            return this.apply(event);
        } catch (err) {
            expect([...this.balances]).to.deep.equal([...before]);
            return (err as Error).message.split(':')[0] ?? '';
        }
    }

    private apply(event: Event): string {
        switch (event[0]) {
            case 'quote': {
                const [, id, time, sourceAmount] = event;
                const rate = selectRate([usdCny], 'FxBankMSP', 'USD', 'CNY', at(time));
                const request = { id, provider: 'FxBankMSP', payer: 'alice', sourceCurrency: 'USD', targetCurrency: 'CNY', sourceAmount, lifetimeSeconds: 120 };
                const quote = createQuote(request, rate, { currency: 'USD', fixed: 100n, basisPoints: 25 }, at(time));
                this.quotes.set(id, quote);
                return `${quote.debitTotal} USD -> ${quote.targetAmount} CNY`;
            }
            case 'pay': {
                const [, paymentId, quoteId, time, payer] = event;
                const quote = this.quotes.get(quoteId)!;
                const use = { payer, paymentId, at: at(time), availableLiquidity: this.balance('CNY:fx-cny') };
                const payment = { id: paymentId, payer, payee: 'bob', currency: 'USD', amount: quote.debitTotal, at: at(time), target: { currency: 'CNY', amount: quote.targetAmount } };
                const verdict = evaluate(rules, payment, { payerKycTier: 2, payerHighRisk: false, payeeHighRisk: false, recent: [] });
                if (verdict.decision === 'hold') {
                    this.quotes.set(quoteId, reserveQuote(quote, use));
                    this.reviews.set(paymentId, { review: openReview(paymentId, verdict.reviewers!, 'Bank1MSP', 'Bank2MSP', at(time)), quoteId });
                    return 'held';
                }
                return this.settle(quoteId, use);
            }
            case 'review': {
                const [, paymentId, action, msp, time] = event;
                const held = this.reviews.get(paymentId)!;
                const review = applyReviewStep(held.review, { action, reviewerMsp: msp, reason: 'checked', at: at(time) });
                const quote = this.quotes.get(held.quoteId)!;
                let outcome: string = review.status;
                if (review.status === 'released') {
                    outcome = this.settle(held.quoteId, { payer: quote.payer, paymentId, at: at(time), availableLiquidity: this.balance('CNY:fx-cny') });
                } else if (review.status === 'rejected') {
                    this.quotes.set(held.quoteId, voidQuote(quote, paymentId, at(time)));
                }
                this.reviews.set(paymentId, { ...held, review });
                return outcome;
            }
            default:
                return 'unknown event';
        }
    }

    private settle(quoteId: string, use: { payer: string; paymentId: string; at: string; availableLiquidity: bigint }): string {
        const { quote, movements } = executeQuote(this.quotes.get(quoteId)!, use, accounts);
        this.post(movements);
        this.quotes.set(quoteId, quote);
        return 'settled';
    }

    /** All movements or none, and no balance below zero. */
    private post(movements: readonly Movement[]): void {
        const next = new Map(this.balances);
        for (const m of movements) {
            next.set(`${m.currency}:${m.from}`, (next.get(`${m.currency}:${m.from}`) ?? 0n) - m.amount);
            next.set(`${m.currency}:${m.to}`, (next.get(`${m.currency}:${m.to}`) ?? 0n) + m.amount);
        }
        if ([...next.values()].some((balance) => balance < 0n)) {
            throw new Error('INSUFFICIENT_FUNDS: a balance would go below zero');
        }
        this.balances.clear();
        for (const [key, value] of next) {
            this.balances.set(key, value);
        }
    }

    balance(key: string): bigint {
        return this.balances.get(key) ?? 0n;
    }

    total(currency: string): bigint {
        return [...this.balances].filter(([key]) => key.startsWith(`${currency}:`)).reduce((sum, [, value]) => sum + value, 0n);
    }
}

describe('fx and aml: a USD to CNY corridor replayed event by event', () => {
    it('when quotes are paid, expire, are replayed, held, released, rejected and outgrow liquidity, then each line gives its outcome and value is conserved', () => {
        const corridor = new Corridor();
        const script: Array<[Event, string]> = [
            [['quote', 'q1', '10:05:00', 100_000n], '100350 USD -> 710000 CNY'],     // 1 000.00 USD + 3.50 fee -> 7 100.00 CNY
            [['pay', 'p1', 'q1', '10:06:00', 'alice'], 'settled'],
            [['pay', 'p1-again', 'q1', '10:06:10', 'alice'], 'QUOTE_ALREADY_USED'],
            [['quote', 'q2', '10:10:00', 100_000n], '100350 USD -> 710000 CNY'],
            [['pay', 'p2', 'q2', '10:12:00', 'alice'], 'QUOTE_EXPIRED'],            // lifetime 120 s: expiry is exclusive
            [['quote', 'q3', '10:20:00', 1_500_000n], '1503850 USD -> 10650000 CNY'],
            [['pay', 'p3-mallory', 'q3', '10:20:30', 'mallory'], 'QUOTE_PAYER_MISMATCH'],
            [['pay', 'p3', 'q3', '10:20:30', 'alice'], 'held'],                     // over 10 000.00 USD
            [['review', 'p3', 'release', 'Bank2MSP', '10:21:00'], 'UNAUTHORIZED'],  // the payee's bank does not review
            [['review', 'p3', 'release', 'Bank1MSP', '10:21:00'], 'settled'],       // the reserved quote settles within its life
            [['quote', 'q4', '10:30:00', 1_500_000n], '1503850 USD -> 10650000 CNY'],
            [['pay', 'p4', 'q4', '10:30:10', 'alice'], 'INSUFFICIENT_LIQUIDITY'],   // 8 640 000 CNY minor units left
            [['quote', 'q5', '10:40:00', 1_200_000n], '1203100 USD -> 8520000 CNY'],
            [['pay', 'p5', 'q5', '10:40:10', 'alice'], 'held'],
            [['review', 'p5', 'reject', 'Bank1MSP', '10:41:00'], 'rejected'],
            [['pay', 'p5-retry', 'q5', '10:41:10', 'alice'], 'QUOTE_ALREADY_USED'],  // a voided quote stays dead
            [['quote', 'q6', '11:00:00', 100_000n], 'RATE_EXPIRED'],
        ];
        for (const [event, expected] of script) {
            expect(corridor.run(event), event.join(' ')).to.equal(expected);
        }
        expect(corridor.balance('USD:alice')).to.equal(10_000_000n - 100_350n - 1_503_850n);
        expect(corridor.balance('CNY:bob')).to.equal(710_000n + 10_650_000n);
        expect(corridor.balance('USD:fx-fees')).to.equal(350n + 3_850n);
        expect(corridor.total('USD')).to.equal(10_000_000n);
        expect(corridor.total('CNY')).to.equal(20_000_000n);
    });
});
