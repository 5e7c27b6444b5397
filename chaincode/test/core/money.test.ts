import { expect } from 'chai';
import { formatDecimal, parseMinorUnits } from '../../src/core/money';

describe('money', () => {
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
        expect(formatDecimal(5n, 'USD')).to.equal('0.05');
        expect(formatDecimal(123456n, 'KWD')).to.equal('123.456');
        expect(formatDecimal(42n, 'JPY')).to.equal('42');
        expect(formatDecimal(-1050n, 'EUR')).to.equal('-10.50');
    });
});
