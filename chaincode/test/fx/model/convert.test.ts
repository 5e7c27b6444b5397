import { expect } from 'chai';
import { convert, divideRounded, invertRatio } from '../../../src/fx/model';
import { expectCode } from './fixtures';

describe('fx divideRounded', () => {
    it('when the division is exact, then every mode gives the same quotient', () => {
        for (const mode of ['down', 'up', 'half-even'] as const) {
            expect(divideRounded(12n, 4n, mode)).to.equal(3n);
        }
    });

    it('when rounding down or up, then the quotient is the floor or the ceiling', () => {
        expect(divideRounded(7n, 4n, 'down')).to.equal(1n);
        expect(divideRounded(5n, 4n, 'up')).to.equal(2n);
        expect(divideRounded(1n, 1_000_000n, 'up')).to.equal(1n);
    });

    it('when rounding half-even, then ties go to the even neighbour and the rest to the nearest', () => {
        expect(divideRounded(5n, 2n, 'half-even')).to.equal(2n);
        expect(divideRounded(7n, 2n, 'half-even')).to.equal(4n);
        expect(divideRounded(5n, 4n, 'half-even')).to.equal(1n);
        expect(divideRounded(7n, 4n, 'half-even')).to.equal(2n);
        expect(divideRounded(0n, 3n, 'half-even')).to.equal(0n);
    });

    it('when the numerator is negative, the denominator not positive or the mode unknown, then INVALID_ARGUMENT', () => {
        expectCode(() => divideRounded(-1n, 2n, 'down'), 'INVALID_ARGUMENT');
        expectCode(() => divideRounded(1n, 0n, 'down'), 'INVALID_ARGUMENT');
        expectCode(() => divideRounded(1n, 2n, 'ceiling' as never), 'INVALID_ARGUMENT', 'unknown rounding mode');
    });
});

describe('fx convert', () => {
    const at150 = { numerator: 150n, denominator: 1n };

    it('when converting USD (exponent 2) to JPY (exponent 0), then cents fold into yen exactly', () => {
        expect(convert(10_000n, 'USD', 'JPY', at150, 'down')).to.equal(15_000n);
        expect(convert(1n, 'USD', 'JPY', at150, 'down')).to.equal(1n); // 1.5 yen
        expect(convert(1n, 'USD', 'JPY', at150, 'up')).to.equal(2n);
        expect(convert(1n, 'USD', 'JPY', at150, 'half-even')).to.equal(2n);
        expect(convert(3n, 'USD', 'JPY', at150, 'half-even')).to.equal(4n); // 4.5 -> 4
    });

    it('when converting JPY to USD, then yen become cents with the named rounding', () => {
        const inverse = invertRatio({ numerator: 151n, denominator: 1n });
        expect(convert(15_100n, 'JPY', 'USD', inverse, 'down')).to.equal(10_000n);
        expect(convert(15_101n, 'JPY', 'USD', inverse, 'down')).to.equal(10_000n);
        expect(convert(15_101n, 'JPY', 'USD', inverse, 'up')).to.equal(10_001n);
    });

    it('when converting USD (2) to KWD (3), then the extra decimal is kept', () => {
        const usdKwd = { numerator: 306_000_000n, denominator: 1_000_000_000n };
        expect(convert(10_000n, 'USD', 'KWD', usdKwd, 'down')).to.equal(30_600n);
        expect(convert(1n, 'USD', 'KWD', usdKwd, 'down')).to.equal(3n); // 3.06 fils
        expect(convert(1n, 'USD', 'KWD', usdKwd, 'up')).to.equal(4n);
    });

    it('when the amount is zero, then the result is zero', () => {
        expect(convert(0n, 'USD', 'JPY', at150, 'up')).to.equal(0n);
    });

    it('when the amount is the largest accepted, then bigint keeps every digit', () => {
        expect(convert(10n ** 18n, 'USD', 'KWD', { numerator: 3n, denominator: 7n }, 'down')).to.equal(4_285_714_285_714_285_714n);
    });

    it('when a currency is unknown, the amount negative or the ratio not positive, then INVALID_ARGUMENT', () => {
        expectCode(() => convert(1n, 'XXX', 'JPY', at150, 'down'), 'INVALID_ARGUMENT', 'known currencies');
        expectCode(() => convert(-1n, 'USD', 'JPY', at150, 'down'), 'INVALID_ARGUMENT', 'non-negative');
        expectCode(() => convert(1n, 'USD', 'JPY', { numerator: 0n, denominator: 1n }, 'down'), 'INVALID_ARGUMENT', 'positive ratio');
        expectCode(() => convert(1n, 'USD', 'JPY', { numerator: 1n, denominator: 0n }, 'down'), 'INVALID_ARGUMENT', 'positive ratio');
    });
});
