import { expect } from 'chai';
import { canonicalize } from '../../../src/core/codec';
import { computeFee, createQuote, FxQuote, parseQuote } from '../../../src/fx/model';
import { expectCode, noFees, NOW, request, usdFees, usdJpy } from './fixtures';

describe('fx firm quotes', () => {
    it('when a source amount is quoted, then rate, spread, fee, debit, delivery and expiry are fixed', () => {
        const quote = createQuote(request(), usdJpy, usdFees, NOW);
        expect(quote).to.deep.include({
            fixedSide: 'source',
            rateId: usdJpy.id,
            rateSide: 'bid',
            appliedRate: usdJpy.bid,
            sourceAmount: 10_000n, // 100.00 USD converted
            fee: 125n, // 1.00 fixed + 25 bp of 100.00
            debitTotal: 10_125n,
            targetAmount: 15_000n, // JPY at the 150.00 bid
            spreadCost: 50n, // 15 050 JPY at the 150.50 mid
            quotedAt: NOW,
            expiresAt: '2026-11-28T10:31:00.000Z',
            status: 'open',
        });
    });

    it('when a target amount is quoted, then the payee gets exactly it and the source is rounded up', () => {
        const quote = createQuote(request({ sourceAmount: undefined, targetAmount: 15_001n }), usdJpy, usdFees, NOW);
        expect(quote).to.deep.include({ fixedSide: 'target', targetAmount: 15_001n, sourceAmount: 10_001n, fee: 126n, debitTotal: 10_127n });
    });

    it('when the customer buys base (JPY to USD), then the ask applies and cents are rounded down', () => {
        const quote = createQuote(request({ sourceCurrency: 'JPY', targetCurrency: 'USD', sourceAmount: 15_101n }), usdJpy, noFees('JPY'), NOW);
        expect(quote).to.deep.include({ rateSide: 'ask', appliedRate: usdJpy.ask, targetAmount: 10_000n, fee: 0n, debitTotal: 15_101n, spreadCost: 34n });
    });

    it('when the quote lifetime would outlast the rate, then the quote expires with the rate', () => {
        const quote = createQuote(request(), usdJpy, usdFees, '2026-11-28T10:59:30.000Z');
        expect(quote.expiresAt).to.equal(usdJpy.validUntil);
    });

    it('when the rate has expired at quote time, then RATE_EXPIRED', () => {
        expectCode(() => createQuote(request(), usdJpy, usdFees, usdJpy.validUntil), 'RATE_EXPIRED');
    });

    it('when the rate is not valid yet at quote time, then RATE_NOT_FOUND', () => {
        expectCode(() => createQuote(request(), usdJpy, usdFees, '2026-11-28T09:00:00.000Z'), 'RATE_NOT_FOUND');
    });

    it('when the rate belongs to another provider or another pair, then INVALID_ARGUMENT', () => {
        expectCode(() => createQuote(request({ provider: 'OtherMSP' }), usdJpy, usdFees, NOW), 'INVALID_ARGUMENT', 'another provider');
        expectCode(() => createQuote(request({ targetCurrency: 'EUR' }), usdJpy, usdFees, NOW), 'INVALID_ARGUMENT', 'not for');
    });

    it('when the fee schedule is in another currency than the source, then INVALID_ARGUMENT', () => {
        expectCode(() => createQuote(request(), usdJpy, noFees('JPY'), NOW), 'INVALID_ARGUMENT', 'source currency');
    });

    it('when the amount converts to nothing, then INVALID_ARGUMENT', () => {
        expectCode(
            () => createQuote(request({ sourceCurrency: 'JPY', targetCurrency: 'USD', sourceAmount: 1n }), usdJpy, noFees('JPY'), NOW),
            'INVALID_ARGUMENT',
            'too small',
        );
    });

    it('when the debit total or the delivery would pass the maximum amount, then INVALID_ARGUMENT', () => {
        expectCode(() => createQuote(request({ sourceAmount: 10n ** 18n }), usdJpy, noFees('USD'), NOW), 'INVALID_ARGUMENT', 'maximum');
        const jpyToUsd = request({ sourceCurrency: 'JPY', targetCurrency: 'USD', sourceAmount: 10n ** 18n });
        expect(createQuote(jpyToUsd, usdJpy, noFees('JPY'), NOW).debitTotal).to.equal(10n ** 18n);
        const oneYenFee = { currency: 'JPY', fixed: 1n, basisPoints: 0 };
        expectCode(() => createQuote(jpyToUsd, usdJpy, oneYenFee, NOW), 'INVALID_ARGUMENT', 'maximum');
    });

    it('when the fee percentage has a remainder, then it is rounded up; a whole one is exact', () => {
        expect(computeFee(10_001n, { currency: 'USD', fixed: 0n, basisPoints: 25 })).to.equal(26n);
        expect(computeFee(10_000n, { currency: 'USD', fixed: 0n, basisPoints: 25 })).to.equal(25n);
        expect(computeFee(1n, { currency: 'USD', fixed: 0n, basisPoints: 1 })).to.equal(1n);
        expect(computeFee(0n, { currency: 'USD', fixed: 7n, basisPoints: 1 })).to.equal(7n);
    });
});

describe('fx quote records read back from state', () => {
    const stored = (quote: FxQuote): Record<string, unknown> => JSON.parse(canonicalize(quote)) as Record<string, unknown>;
    const quote = createQuote(request(), usdJpy, usdFees, NOW);

    it('when a quote goes through the codec and back, then it parses to the same quote, in every status', () => {
        expect(parseQuote(stored(quote))).to.deep.equal(quote);
        const targetFixed = createQuote(request({ sourceAmount: undefined, targetAmount: 15_001n }), usdJpy, usdFees, NOW);
        expect(parseQuote(stored(targetFixed))).to.deep.equal(targetFixed);
        const used = { ...quote, status: 'used' as const, paymentId: 'pay-1', usedAt: NOW };
        expect(parseQuote(stored(used))).to.deep.equal(used);
        const reserved = { ...quote, status: 'reserved' as const, paymentId: 'pay-1' };
        expect(parseQuote(stored(reserved))).to.deep.equal(reserved);
    });

    const tampered: Array<[string, Record<string, unknown>, string]> = [
        ['a delivery larger than the rate gives', { targetAmount: '15001' }, 'do not match its rate'],
        ['a fee below the schedule', { fee: '124', debitTotal: '10124' }, 'fee or debit total'],
        ['a debit total that is not source plus fee', { debitTotal: '10124' }, 'fee or debit total'],
        ['an applied rate that is neither bid nor ask', { appliedRate: '150500000000' }, 'rates are inconsistent'],
        ['an ask below the bid', { ask: '149000000000' }, 'rates are inconsistent'],
        ['an expiry before the quote time', { expiresAt: '2026-11-28T10:29:00.000Z' }, 'after quotedAt'],
        ['a used status without payment', { status: 'used', usedAt: NOW }, 'paymentId'],
        ['an open status with a payment', { paymentId: 'pay-1' }, 'paymentId'],
        ['a used status without usedAt', { status: 'used', paymentId: 'pay-1' }, 'usedAt'],
        ['an unknown status', { status: 'spent' }, 'status'],
        ['an unknown side', { rateSide: 'mid' }, 'rateSide'],
        ['the same currency twice', { targetCurrency: 'USD' }, 'currencies'],
        ['a numeric amount', { sourceAmount: 10000 }, 'sourceAmount'],
        ['an unknown field', { note: 'x' }, 'unknown field'],
    ];
    for (const [name, change, detail] of tampered) {
        it(`when a stored quote has ${name}, then INVALID_ARGUMENT`, () => {
            expectCode(() => parseQuote({ ...stored(quote), ...change }), 'INVALID_ARGUMENT', detail);
        });
    }
});
