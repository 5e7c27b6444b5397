import { expect } from 'chai';
import { checkRatePublishable, customerSide, FxRate, MAX_RATE, parseRate, RATE_SCALE, selectRate } from '../../../src/fx/model';
import { expectCode, NOW, rateWire, usdJpy } from './fixtures';

describe('fx rate validation', () => {
    it('when a rate is well formed, then it parses with bid and ask as bigint', () => {
        expect(parseRate(rateWire())).to.deep.equal(usdJpy);
    });

    it('when parsing, then the input is not mutated', () => {
        const wire = rateWire();
        const copy = JSON.stringify(wire);
        parseRate(wire);
        expect(JSON.stringify(wire)).to.equal(copy);
    });

    it('when ask equals bid, then the rate is accepted (zero spread)', () => {
        expect(parseRate({ ...rateWire(), ask: '150000000000' }).ask).to.equal(150_000_000_000n);
    });

    it('when the scaled rate is at the maximum it is accepted, and one past it is rejected', () => {
        expect(parseRate({ ...rateWire(), bid: (MAX_RATE - 1n).toString(), ask: MAX_RATE.toString() }).ask).to.equal(MAX_RATE);
        expectCode(() => parseRate({ ...rateWire(), ask: (MAX_RATE + 1n).toString() }), 'INVALID_ARGUMENT', 'ask exceeds');
    });

    it('when the spread is exactly 10% of bid it is accepted, and one scaled unit more is rejected', () => {
        expect(parseRate({ ...rateWire(), ask: '165000000000' }).ask).to.equal(165_000_000_000n);
        expectCode(() => parseRate({ ...rateWire(), ask: '165000000001' }), 'INVALID_ARGUMENT', 'at most 1000 basis points');
    });

    it('when the window is exactly 24 hours it is accepted, and one millisecond more is rejected', () => {
        const day = { validFrom: '2026-11-28T00:00:00.000Z', validUntil: '2026-11-29T00:00:00.000Z' };
        expect(parseRate({ ...rateWire(), ...day }).validUntil).to.equal(day.validUntil);
        expectCode(() => parseRate({ ...rateWire(), ...day, validUntil: '2026-11-29T00:00:00.001Z' }), 'INVALID_ARGUMENT', '24 hours');
    });

    const bad: Array<[string, Record<string, unknown>, string]> = [
        ['ask below bid', { ask: '149999999999' }, 'ask must be at least bid'],
        ['a zero bid', { bid: '0' }, 'bid must be'],
        ['a negative ask', { ask: '-1' }, 'ask must be'],
        ['a decimal bid', { bid: '150.5' }, 'bid must be'],
        ['a numeric bid', { bid: 150 }, 'bid must be'],
        ['the same currency twice', { quote: 'USD' }, 'different'],
        ['an unknown currency', { base: 'XXX' }, 'known currencies'],
        ['validUntil equal to validFrom', { validUntil: usdJpy.validFrom }, 'after validFrom'],
        ['validUntil before validFrom', { validUntil: '2026-11-28T09:00:00.000Z' }, 'after validFrom'],
        ['a non-UTC time', { validFrom: '2026-11-28 10:00' }, 'validFrom must be'],
        ['an id with spaces', { id: 'a b' }, 'id must be'],
        ['an empty provider', { provider: '' }, 'provider must be'],
        ['an unknown field', { mid: '1' }, 'unknown field mid'],
    ];
    for (const [name, change, detail] of bad) {
        it(`when the rate has ${name}, then INVALID_ARGUMENT`, () => {
            expectCode(() => parseRate({ ...rateWire(), ...change }), 'INVALID_ARGUMENT', detail);
        });
    }

    it('when the rate is not an object, then INVALID_ARGUMENT', () => {
        for (const value of [null, [], 'rate', 3]) {
            expectCode(() => parseRate(value), 'INVALID_ARGUMENT', 'JSON object');
        }
    });

    it('when a rate is published while valid or ahead of time, then it is publishable', () => {
        checkRatePublishable(usdJpy, NOW);
        checkRatePublishable(usdJpy, '2026-11-27T10:00:00.000Z'); // exactly 24 h ahead
    });

    it('when a rate is published at or after its expiry, then RATE_EXPIRED', () => {
        expectCode(() => checkRatePublishable(usdJpy, usdJpy.validUntil), 'RATE_EXPIRED');
    });

    it('when a rate is published more than 24 hours ahead, then INVALID_ARGUMENT', () => {
        expectCode(() => checkRatePublishable(usdJpy, '2026-11-27T09:59:59.999Z'), 'INVALID_ARGUMENT', '24 hours before');
    });
});

describe('fx rate selection', () => {
    const later: FxRate = { ...usdJpy, id: 'rate-usd-jpy-2', bid: 149_000_000_000n, validFrom: '2026-11-28T10:20:00.000Z', validUntil: '2026-11-28T11:20:00.000Z' };
    const otherProvider: FxRate = { ...usdJpy, id: 'rate-other', provider: 'OtherMSP', validFrom: '2026-11-28T10:25:00.000Z' };

    it('when several rates are valid, then the latest validFrom of the asked provider wins', () => {
        expect(selectRate([usdJpy, later, otherProvider], 'FxBankMSP', 'USD', 'JPY', NOW).id).to.equal('rate-usd-jpy-2');
    });

    it('when two valid rates start at the same time, then the smallest id wins whatever the order', () => {
        const twin = { ...usdJpy, id: 'rate-usd-jpy-0' };
        expect(selectRate([usdJpy, twin], 'FxBankMSP', 'USD', 'JPY', NOW).id).to.equal('rate-usd-jpy-0');
        expect(selectRate([twin, usdJpy], 'FxBankMSP', 'USD', 'JPY', NOW).id).to.equal('rate-usd-jpy-0');
    });

    it('when converting the other way round, then the same pair is found', () => {
        expect(selectRate([usdJpy], 'FxBankMSP', 'JPY', 'USD', NOW).id).to.equal(usdJpy.id);
    });

    it('when the time equals validFrom, then the rate is used; at validUntil it is expired', () => {
        expect(selectRate([usdJpy], 'FxBankMSP', 'USD', 'JPY', usdJpy.validFrom).id).to.equal(usdJpy.id);
        expect(selectRate([usdJpy], 'FxBankMSP', 'USD', 'JPY', '2026-11-28T10:59:59.999Z').id).to.equal(usdJpy.id);
        expectCode(() => selectRate([usdJpy], 'FxBankMSP', 'USD', 'JPY', usdJpy.validUntil), 'RATE_EXPIRED');
    });

    it('when a newer rate has expired but an older one is still valid, then the valid one is used', () => {
        const shortLived = { ...usdJpy, id: 'short', validFrom: '2026-11-28T10:10:00.000Z', validUntil: '2026-11-28T10:20:00.000Z' };
        expect(selectRate([shortLived, usdJpy], 'FxBankMSP', 'USD', 'JPY', NOW).id).to.equal(usdJpy.id);
    });

    it('when the provider has no rate for the pair, then RATE_NOT_FOUND', () => {
        expectCode(() => selectRate([usdJpy], 'FxBankMSP', 'USD', 'EUR', NOW), 'RATE_NOT_FOUND');
        expectCode(() => selectRate([usdJpy], 'OtherMSP', 'USD', 'JPY', NOW), 'RATE_NOT_FOUND');
        expectCode(() => selectRate([], 'FxBankMSP', 'USD', 'JPY', NOW), 'RATE_NOT_FOUND');
    });

    it('when the only rate is not valid yet, then RATE_NOT_FOUND', () => {
        expectCode(() => selectRate([usdJpy], 'FxBankMSP', 'USD', 'JPY', '2026-11-28T09:59:59.999Z'), 'RATE_NOT_FOUND', 'valid yet');
    });

    it('when the time is malformed, then INVALID_ARGUMENT', () => {
        expectCode(() => selectRate([usdJpy], 'FxBankMSP', 'USD', 'JPY', 'yesterday'), 'INVALID_ARGUMENT');
    });

    it('when the customer sells base, then the bid applies; buying base, the ask', () => {
        expect(customerSide(usdJpy, 'USD', 'JPY')).to.deep.equal({ side: 'bid', ratio: { numerator: usdJpy.bid, denominator: RATE_SCALE } });
        expect(customerSide(usdJpy, 'JPY', 'USD')).to.deep.equal({ side: 'ask', ratio: { numerator: RATE_SCALE, denominator: usdJpy.ask } });
        expectCode(() => customerSide(usdJpy, 'USD', 'EUR'), 'INVALID_ARGUMENT', 'not for');
    });
});
