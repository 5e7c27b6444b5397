import { expect } from 'chai';
import { checkQuoteUsable, createQuote, executeQuote, FxQuote, postings, debitOf, QuoteUse, reserveQuote, settlementMovements, voidQuote } from '../../../src/fx/model';
import { expectCode, noFees, NOW, request, usdFees, usdJpy } from './fixtures';

const accounts = { payer: 'payer-a', payee: 'payee-b', providerSource: 'fx-usd', providerTarget: 'fx-jpy', fee: 'fx-fees-usd' };

function use(overrides: Partial<QuoteUse> = {}): QuoteUse {
    return { payer: 'payer-a', paymentId: 'pay-1', at: '2026-11-28T10:30:30.000Z', availableLiquidity: 1_000_000n, ...overrides };
}

describe('fx quote settlement', () => {
    let quote: FxQuote;
    beforeEach(() => {
        quote = createQuote(request(), usdJpy, usdFees, NOW);
    });

    it('when a valid quote is executed, then it is used once and settles as three same-currency movements', () => {
        const result = executeQuote(quote, use(), accounts);
        expect(result.quote).to.deep.include({ status: 'used', paymentId: 'pay-1', usedAt: '2026-11-28T10:30:30.000Z' });
        expect(result.movements).to.deep.equal([
            { kind: 'principal', from: 'payer-a', to: 'fx-usd', currency: 'USD', amount: 10_000n },
            { kind: 'delivery', from: 'fx-jpy', to: 'payee-b', currency: 'JPY', amount: 15_000n },
            { kind: 'fee', from: 'payer-a', to: 'fx-fees-usd', currency: 'USD', amount: 125n },
        ]);
        expect(quote.status).to.equal('open'); // the input is not mutated
    });

    it('when the movements are netted, then the payer loses the debit total, the payee gains the delivery and each currency sums to zero', () => {
        const movements = settlementMovements(quote, accounts);
        const net = new Map(postings(movements).map((posting) => [`${posting.currency}:${posting.account}`, posting.credit - posting.debit]));
        expect(debitOf(movements, 'payer-a', 'USD')).to.equal(quote.debitTotal);
        expect(debitOf(movements, 'fx-jpy', 'JPY')).to.equal(quote.targetAmount);
        expect(debitOf(movements, 'payee-b', 'JPY')).to.equal(0n);
        expect(net.get('USD:payer-a')).to.equal(-quote.debitTotal);
        expect(net.get('JPY:payee-b')).to.equal(quote.targetAmount);
        for (const currency of ['USD', 'JPY']) {
            const sum = [...net].filter(([key]) => key.startsWith(`${currency}:`)).reduce((total, [, value]) => total + value, 0n);
            expect(sum, currency).to.equal(0n);
        }
    });

    it('when the fee is zero, then there is no fee movement', () => {
        const free = createQuote(request(), usdJpy, noFees('USD'), NOW);
        expect(settlementMovements(free, accounts).map((m) => m.kind)).to.deep.equal(['principal', 'delivery']);
    });

    it('when a used quote is executed again, then QUOTE_ALREADY_USED and nothing is returned', () => {
        const { quote: used } = executeQuote(quote, use(), accounts);
        expectCode(() => executeQuote(used, use(), accounts), 'QUOTE_ALREADY_USED', 'used by payment pay-1');
        expectCode(() => executeQuote(used, use({ paymentId: 'pay-2' }), accounts), 'QUOTE_ALREADY_USED');
    });

    it('when another payer presents the quote, then QUOTE_PAYER_MISMATCH', () => {
        expectCode(() => executeQuote(quote, use({ payer: 'payer-z' }), accounts), 'QUOTE_PAYER_MISMATCH');
    });

    it('when the quote is used one millisecond before expiry it settles; at expiry, QUOTE_EXPIRED', () => {
        executeQuote(quote, use({ at: '2026-11-28T10:30:59.999Z' }), accounts);
        expectCode(() => executeQuote(quote, use({ at: quote.expiresAt }), accounts), 'QUOTE_EXPIRED');
    });

    it('when liquidity equals the delivery it settles; one minor unit less, INSUFFICIENT_LIQUIDITY', () => {
        executeQuote(quote, use({ availableLiquidity: 15_000n }), accounts);
        expectCode(() => executeQuote(quote, use({ availableLiquidity: 14_999n }), accounts), 'INSUFFICIENT_LIQUIDITY');
    });

    it('when several checks fail, then the code follows precedence: payer, used, expired, liquidity', () => {
        const { quote: used } = executeQuote(quote, use(), accounts);
        const everythingWrong = use({ payer: 'payer-z', at: '2026-11-28T12:00:00.000Z', availableLiquidity: 0n });
        expectCode(() => checkQuoteUsable(used, everythingWrong), 'QUOTE_PAYER_MISMATCH');
        expectCode(() => checkQuoteUsable(used, { ...everythingWrong, payer: 'payer-a' }), 'QUOTE_ALREADY_USED');
        expectCode(() => checkQuoteUsable(quote, { ...everythingWrong, payer: 'payer-a' }), 'QUOTE_EXPIRED');
    });

    it('when a held payment reserves the quote, then only that payment can execute it, before expiry', () => {
        const reserved = reserveQuote(quote, use());
        expect(reserved).to.deep.include({ status: 'reserved', paymentId: 'pay-1' });
        expectCode(() => executeQuote(reserved, use({ paymentId: 'pay-2' }), accounts), 'QUOTE_ALREADY_USED', 'reserved');
        expectCode(() => reserveQuote(reserved, use({ paymentId: 'pay-2' })), 'QUOTE_ALREADY_USED', 'reserved');
        expectCode(() => executeQuote(reserved, use({ at: quote.expiresAt }), accounts), 'QUOTE_EXPIRED');
        expect(executeQuote(reserved, use(), accounts).quote.status).to.equal('used');
    });

    it('when the held payment is rejected, then the reservation is voided and the quote is never usable again', () => {
        const voided = voidQuote(reserveQuote(quote, use()), 'pay-1', '2026-11-28T10:30:40.000Z');
        expect(voided).to.deep.include({ status: 'void', paymentId: 'pay-1' });
        expectCode(() => executeQuote(voided, use(), accounts), 'QUOTE_ALREADY_USED', 'void');
        expectCode(() => voidQuote(voided, 'pay-1', NOW), 'QUOTE_ALREADY_USED');
        expectCode(() => voidQuote(quote, 'pay-1', NOW), 'QUOTE_ALREADY_USED', 'not reserved');
    });
});
