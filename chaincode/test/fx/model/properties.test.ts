import { expect } from 'chai';
import fc from 'fast-check';
import {
    convert, createQuote, customerSide, executeQuote, FeeSchedule, FxQuote, FxRate, parseQuote, QuoteUse, reserveQuote, voidQuote,
} from '../../../src/fx/model';
import { ErrorCode } from '../../../src/core/errors';
import { canonicalize } from '../../../src/core/codec';
import { currencyExponent } from '../../../src/core/amount';
import { NOW } from './fixtures';

const CURRENCIES = ['USD', 'JPY', 'KWD', 'EUR', 'BHD', 'KRW'];

const pairArb = fc.tuple(fc.constantFrom(...CURRENCIES), fc.constantFrom(...CURRENCIES)).filter(([a, b]) => a !== b);

const rateArb = fc
    .record({
        pair: pairArb,
        bid: fc.bigInt({ min: 1n, max: 10n ** 13n }),
        spreadBasisPoints: fc.bigInt({ min: 0n, max: 1_000n }),
    })
    .map(({ pair: [base, quote], bid, spreadBasisPoints }): FxRate => ({
        // Within parseRate's limit: ask - bid <= 10% of bid.
        id: 'rate-p', provider: 'FxBankMSP', base, quote, bid, ask: bid + (bid * spreadBasisPoints) / 10_000n,
        validFrom: '2026-11-28T10:00:00.000Z', validUntil: '2026-11-28T11:00:00.000Z',
    }));

const scenarioArb = fc.record({
    rate: rateArb,
    sellBase: fc.boolean(),
    fixSource: fc.boolean(),
    amount: fc.bigInt({ min: 1n, max: 10n ** 12n }),
    fixed: fc.bigInt({ min: 0n, max: 10_000n }),
    basisPoints: fc.integer({ min: 0, max: 1000 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** The quote of a scenario, or undefined when the amount converts to nothing (a rejected quote). */
function quoteOf(s: Scenario, id = 'q'): FxQuote | undefined {
    const [source, target] = s.sellBase ? [s.rate.base, s.rate.quote] : [s.rate.quote, s.rate.base];
    const fees: FeeSchedule = { currency: source, fixed: s.fixed, basisPoints: s.basisPoints };
    const amounts = s.fixSource ? { sourceAmount: s.amount } : { targetAmount: s.amount };
    try {
        return createQuote(
            { id, provider: 'FxBankMSP', payer: 'payer', sourceCurrency: source, targetCurrency: target, lifetimeSeconds: 60, ...amounts },
            s.rate, fees, NOW,
        );
    } catch (err) {
        expect((err as Error).message).to.match(/^INVALID_ARGUMENT: (the amount is too small|the quote exceeds)/);
        return undefined;
    }
}

/** Exact value comparison: target * den * 10^es versus source * num * 10^et, all integers. */
function scaledSides(quote: FxQuote, rate: FxRate): { paidFor: bigint; delivered: bigint; unit: bigint } {
    const { ratio } = customerSide(rate, quote.sourceCurrency, quote.targetCurrency);
    const es = 10n ** BigInt(currencyExponent(quote.sourceCurrency));
    const et = 10n ** BigInt(currencyExponent(quote.targetCurrency));
    return {
        paidFor: quote.sourceAmount * ratio.numerator * et,
        delivered: quote.targetAmount * ratio.denominator * es,
        unit: ratio.denominator * es,
    };
}

describe('fx properties', () => {
    it('when many random conversions settle, then every currency nets to zero across payer, liquidity, payee and fee accounts', () => {
        fc.assert(
            fc.property(fc.array(scenarioArb, { minLength: 1, maxLength: 25 }), (scenarios) => {
                const balances = new Map<string, bigint>();
                const expectedPayer = new Map<string, bigint>();
                scenarios.forEach((s, i) => {
                    const quote = quoteOf(s, `q${i}`);
                    if (quote === undefined) {
                        return;
                    }
                    const accounts = {
                        payer: `payer-${i % 3}`, payee: `payee-${i % 4}`, providerSource: `fx-${quote.sourceCurrency}`,
                        providerTarget: `fx-${quote.targetCurrency}`, fee: `fees-${quote.sourceCurrency}`,
                    };
                    const use = { payer: 'payer', paymentId: `p${i}`, at: NOW, availableLiquidity: quote.targetAmount };
                    for (const m of executeQuote(quote, use, accounts).movements) {
                        expect(m.amount > 0n).to.equal(true);
                        const debit = `${m.currency}:${m.from}`;
                        const credit = `${m.currency}:${m.to}`;
                        balances.set(debit, (balances.get(debit) ?? 0n) - m.amount);
                        balances.set(credit, (balances.get(credit) ?? 0n) + m.amount);
                    }
                    const key = `${quote.sourceCurrency}:${accounts.payer}`;
                    expectedPayer.set(key, (expectedPayer.get(key) ?? 0n) - quote.debitTotal);
                });
                const perCurrency = new Map<string, bigint>();
                for (const [key, value] of balances) {
                    const currency = key.slice(0, 3);
                    perCurrency.set(currency, (perCurrency.get(currency) ?? 0n) + value);
                }
                for (const [currency, total] of perCurrency) {
                    expect(total, currency).to.equal(0n);
                }
                for (const [key, debit] of expectedPayer) {
                    expect(balances.get(key), key).to.equal(debit);
                }
            }),
            { numRuns: 300 },
        );
    });

    it('when a quote is priced, then rounding never favours the customer and costs at most one minor unit', () => {
        fc.assert(
            fc.property(scenarioArb, (s) => {
                const quote = quoteOf(s);
                if (quote === undefined) {
                    return;
                }
                const { paidFor, delivered, unit } = scaledSides(quote, s.rate);
                // The payee never receives more than the source paid for at the applied rate.
                expect(delivered <= paidFor).to.equal(true);
                if (quote.fixedSide === 'source') {
                    // ...and loses less than one target minor unit to rounding.
                    expect(paidFor - delivered < unit).to.equal(true);
                } else {
                    expect(quote.targetAmount).to.equal(s.amount);
                    // One source minor unit less would not pay for the delivery.
                    const { ratio } = customerSide(s.rate, quote.sourceCurrency, quote.targetCurrency);
                    const perSourceUnit = ratio.numerator * 10n ** BigInt(currencyExponent(quote.targetCurrency));
                    expect(paidFor - perSourceUnit < delivered).to.equal(true);
                }
                // The fee is at least the exact fixed-plus-percentage fee, and less than one unit above it.
                const exactFeeTimes10k = quote.feeFixed * 10_000n + quote.sourceAmount * BigInt(quote.feeBasisPoints);
                expect(quote.fee * 10_000n >= exactFeeTimes10k).to.equal(true);
                expect(quote.fee * 10_000n - exactFeeTimes10k < 10_000n).to.equal(true);
                expect(quote.debitTotal).to.equal(quote.sourceAmount + quote.fee);
                expect(quote.spreadCost >= 0n).to.equal(true);
                // What is stored reads back as the same quote, its arithmetic re-checked.
                expect(parseQuote(JSON.parse(canonicalize(quote)))).to.deep.equal(quote);
            }),
            { numRuns: 1000 },
        );
    });

    it('when converting in any mode, then down <= half-even <= up and up is at most one above down', () => {
        fc.assert(
            fc.property(
                pairArb, fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 15n }),
                ([from, to], amount, numerator, denominator) => {
                    const ratio = { numerator, denominator };
                    const down = convert(amount, from, to, ratio, 'down');
                    const even = convert(amount, from, to, ratio, 'half-even');
                    const up = convert(amount, from, to, ratio, 'up');
                    expect(down <= even && even <= up && up - down <= 1n).to.equal(true);
                },
            ),
            { numRuns: 500 },
        );
    });

    type Op = { kind: 'execute' | 'reserve' | 'void'; paymentId: string };
    const opArb: fc.Arbitrary<Op> = fc.record({
        kind: fc.constantFrom('execute' as const, 'reserve' as const, 'void' as const),
        paymentId: fc.constantFrom('p1', 'p2', 'p3'),
    });

    it('when any sequence of reserve, execute and void is applied, then a quote executes at most once and never after a void', () => {
        fc.assert(
            fc.property(scenarioArb, fc.array(opArb, { maxLength: 12 }), (s, ops) => {
                let quote = quoteOf(s);
                if (quote === undefined) {
                    return;
                }
                let executions = 0;
                let voided = false;
                for (const op of ops) {
                    const use: QuoteUse = { payer: 'payer', paymentId: op.paymentId, at: NOW, availableLiquidity: quote.targetAmount };
                    try {
                        if (op.kind === 'execute') {
                            quote = executeQuote(quote, use, { payer: 'a', payee: 'b', providerSource: 'c', providerTarget: 'd', fee: 'e' }).quote;
                            executions += 1;
                            expect(voided).to.equal(false);
                        } else if (op.kind === 'reserve') {
                            quote = reserveQuote(quote, use);
                        } else {
                            quote = voidQuote(quote, op.paymentId, NOW);
                            voided = true;
                        }
                    } catch (err) {
                        const code = (err as Error).message.split(':')[0] as ErrorCode;
                        expect(code).to.equal('QUOTE_ALREADY_USED');
                    }
                }
                expect(executions <= 1).to.equal(true);
            }),
            { numRuns: 500 },
        );
    });
});
