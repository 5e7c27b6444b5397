import { expect } from 'chai';
import fc from 'fast-check';
import { MAX_AMOUNT, parseAmount, parseMinorUnits, readStoredAmount, requireCurrency, showAmount } from '../../src/core/amount';

describe('payment amounts', () => {
    const cases: Array<[string, unknown, string, string]> = [
        ['zero', '0', 'EUR', 'AMOUNT_NOT_POSITIVE'],
        ['zero with decimals', '0.00', 'EUR', 'AMOUNT_NOT_POSITIVE'],
        ['a negative amount', '-1.00', 'EUR', 'AMOUNT_NOT_POSITIVE'],
        ['three decimals in EUR', '1.001', 'EUR', 'AMOUNT_TOO_PRECISE'],
        ['any decimals in JPY', '1.5', 'JPY', 'AMOUNT_TOO_PRECISE'],
        ['one minor unit past the maximum', '10000000000000000.01', 'EUR', 'AMOUNT_TOO_LARGE'],
        ['a number instead of a string', 10, 'EUR', 'INVALID_ARGUMENT'],
        ['an exponent', '1e3', 'EUR', 'INVALID_ARGUMENT'],
        ['a thousands separator', '1,000.00', 'EUR', 'INVALID_ARGUMENT'],
    ];
    for (const [name, value, currency, code] of cases) {
        it(`when the amount is ${name}, then ${code}`, () => {
            expect(() => parseAmount(value, currency, 'amount')).to.throw(new RegExp(`^${code}: `));
        });
    }

    it('when the amount is exactly the maximum, then it is accepted', () => {
        expect(parseAmount('10000000000000000.00', 'EUR', 'amount')).to.equal(MAX_AMOUNT);
    });

    it('when the maximum is sent in a zero-decimal currency (19 whole digits), then it is accepted', () => {
        // Regression: an earlier parser capped the whole part at 18 digits, found by the property below.
        expect(parseAmount('1000000000000000000', 'JPY', 'amount')).to.equal(MAX_AMOUNT);
        expect(readStoredAmount('1000000000000000000', 'JPY', 'amount')).to.equal(MAX_AMOUNT);
        expect(() => parseAmount('1000000000000000001', 'JPY', 'amount')).to.throw(/^AMOUNT_TOO_LARGE: /);
    });

    it('when a stored amount has the wrong number of decimals, then it is reported as corrupt', () => {
        expect(() => readStoredAmount('1.5', 'EUR', 'balance')).to.throw(/^STORED_RECORD_INVALID: /);
        expect(() => readStoredAmount(150, 'EUR', 'balance')).to.throw(/^STORED_RECORD_INVALID: /);
    });

    it('when a currency is malformed or not settled, then INVALID_ARGUMENT or UNSUPPORTED_CURRENCY', () => {
        expect(() => requireCurrency('eur', 'currency')).to.throw(/^INVALID_ARGUMENT: /);
        expect(() => requireCurrency('XXX', 'currency')).to.throw(/^UNSUPPORTED_CURRENCY: /);
    });

    it('when any minor amount is shown and parsed back, then it is unchanged (property)', () => {
        fc.assert(
            fc.property(fc.bigInt({ min: 1n, max: MAX_AMOUNT }), fc.constantFrom('EUR', 'JPY', 'KWD', 'USD'), (minor, currency) => {
                expect(parseAmount(showAmount(minor, currency), currency, 'amount')).to.equal(minor);
                expect(readStoredAmount(showAmount(minor, currency), currency, 'amount')).to.equal(minor);
            }),
            { numRuns: 500 },
        );
        expect(readStoredAmount('0.00', 'EUR', 'x')).to.equal(0n);
    });
});

describe('minor units', () => {
    it('when an amount is zero, negative, signed, fractional or not a string, then it is rejected', () => {
        for (const bad of ['0', '-5', '+5', '1.5', '1e3', ' 1', '', 5, null]) {
            expect(() => parseMinorUnits(bad, 'amount'), String(bad)).to.throw('INVALID_ARGUMENT');
        }
    });

    it('when an amount is at the maximum it is accepted and one past it is rejected', () => {
        expect(parseMinorUnits('1000000000000000000', 'amount')).to.equal(10n ** 18n);
        expect(() => parseMinorUnits('1000000000000000001', 'amount')).to.throw('exceeds the maximum');
    });

    it('formats minor units with exactly the currency decimals', () => {
        expect(showAmount(5n, 'USD')).to.equal('0.05');
        expect(showAmount(123456n, 'KWD')).to.equal('123.456');
        expect(showAmount(42n, 'JPY')).to.equal('42');
        expect(showAmount(-1050n, 'EUR')).to.equal('-10.50');
    });
});

