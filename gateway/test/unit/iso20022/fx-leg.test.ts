import { expect } from 'chai';
import type { FeeSchedule } from '@corridor/chaincode/api';
import { AppError } from '../../../src/errors';
import { baseOneRate, fxLegOf } from '../../../src/iso20022/fx-leg';
import { convertedPayment, rate } from './fx-fixture';

const noFee = (currency: string): FeeSchedule => ({ currency, fixed: 0n, basisPoints: 0 });

function refusal(run: () => unknown): AppError {
    try {
        run();
    } catch (err) {
        expect(err).to.be.instanceOf(AppError);
        return err as AppError;
    }
    throw new Error('nothing was refused');
}

describe('the FX leg of a converted payment', () => {
    const usdCny = rate('USD', 'CNY', 7_100_000_000n, 7_200_000_000n);

    it('when USD converts into CNY on the bid (USD is the rate\'s base), then one USD buys the bid exactly', () => {
        const leg = fxLegOf(convertedPayment(usdCny, { currency: 'USD', fixed: 50n, basisPoints: 25 }, { source: 'USD', target: 'CNY', sourceAmount: 10_000n }));
        expect(leg).to.deep.equal({
            sourceCurrency: 'USD', sourceAmount: '100.00', fee: '0.75', targetCurrency: 'CNY', targetAmount: '710.00', provider: 'Bank2MSP', exchangeRate: '7.1', exact: true,
        });
    });

    it('when CNY converts into USD on the ask, then one CNY buys 1/ask USD, rounded half-even to 10 decimals and marked inexact', () => {
        const leg = fxLegOf(convertedPayment(usdCny, noFee('CNY'), { source: 'CNY', target: 'USD', sourceAmount: 72_000n }));
        expect(leg).to.include({ targetAmount: '100.00', exchangeRate: '0.1388888889', exact: false });
    });

    // Every pair, both directions, both fixed sides, many amounts. With the quote's side the
    // stated rate is always the one the chaincode applied; from the amounts alone it is that
    // rate or, for amounts too small to tell the readings apart, nothing: never another rate.
    const rates = [usdCny, rate('EUR', 'USD', 1_081_200_000n, 1_083_400_000n), rate('USD', 'JPY', 151_250_000_000n, 151_300_000_000n), rate('KWD', 'USD', 3_250_000_000n, 3_260_000_000n)];
    for (const priced of rates) {
        it(`when ${priced.base}/${priced.quote} quotes are priced either way for 1 to 10^7 minor units, then the stated rate is the ratio the chaincode applied or none`, () => {
            let inferred = 0;
            let refused = 0;
            for (const [source, target, expected] of [
                [priced.base, priced.quote, baseOneRate({ numerator: priced.bid, denominator: 1_000_000_000n }).text],
                [priced.quote, priced.base, baseOneRate({ numerator: 1_000_000_000n, denominator: priced.ask }).text],
            ] as const) {
                for (let amount = 1n; amount <= 10_000_000n; amount = amount * 7n + 3n) {
                    for (const side of ['sourceAmount', 'targetAmount'] as const) {
                        let payment;
                        try {
                            payment = convertedPayment(priced, noFee(source), { source, target, [side]: amount });
                        } catch {
                            continue; // too small to convert: the chaincode quotes nothing
                        }
                        const where = `${side} ${amount} ${source}->${target}`;
                        expect(fxLegOf({ ...payment, fx: { ...payment.fx, rateSide: payment.rateSide } }).exchangeRate, where).to.equal(expected);
                        try {
                            expect(fxLegOf(payment).exchangeRate, where).to.equal(expected);
                            inferred++;
                        } catch (err) {
                            expect(err, where).to.be.instanceOf(AppError);
                            refused++;
                        }
                    }
                }
            }
            expect(inferred).to.be.greaterThan(refused * 4);
        });
    }

    it('when the recorded amounts fit neither reading of the rate, then no leg is stated (a ledger bug, not the caller\'s)', () => {
        const payment = convertedPayment(usdCny, noFee('USD'), { source: 'USD', target: 'CNY', sourceAmount: 10_000n });
        expect(() => fxLegOf({ ...payment, fx: { ...payment.fx, targetAmount: '710.01' } })).to.throw(/does not turn/).and.not.to.be.instanceOf(AppError);
        expect(() => fxLegOf({ ...payment, fx: { ...payment.fx, rateSide: 'ask' } })).to.throw(/does not turn/);
        expect(() => fxLegOf({ ...payment, amount: '100.01' })).to.throw(/is not the amount/);
    });

    it('when both readings reproduce the amounts (0.01 USD for 0.003 KWD at 3.25 or 1/3.26) and the quote is not readable, then 409 naming fx.appliedRate; with its side, the rate', () => {
        const payment = convertedPayment(rate('KWD', 'USD', 3_250_000_000n, 3_260_000_000n), noFee('USD'), { source: 'USD', target: 'KWD', targetAmount: 3n });
        expect(payment).to.deep.include({ amount: '0.01', rateSide: 'ask' });
        expect(refusal(() => fxLegOf(payment))).to.include({ code: 'ISO20022_NOT_APPLICABLE', field: 'fx.appliedRate' });
        expect(fxLegOf({ ...payment, fx: { ...payment.fx, rateSide: 'ask' } }).exchangeRate).to.equal('0.3067484663');
    });

    describe('BaseOneRate (11 digits, 10 decimals)', () => {
        // The last field is the expected BaseOneRate text, or 'refused'.
        const cases: [string, bigint, bigint, string][] = [
            ['parity', 1n, 1n, '1'],
            ['ten decimals exactly', 1n, 10_000_000_000n, '0.0000000001'],
            ['past ten decimals, rounded half-even to zero', 1n, 20_000_000_001n, 'refused'],
            ['eleven whole digits', 12_345_678_901n, 1n, '12345678901'],
            ['eleven whole digits and a fraction, rounded half-even', 123_456_789_015n, 10n, '12345678902'],
            ['twelve whole digits', 123_456_789_012n, 1n, 'refused'],
            ['a carry into a twelfth digit', 999_999_999_995n, 10n, 'refused'],
            ['a carry that stays within eleven digits', 99_999_999_999_996n, 10_000_000_000_000n, '10'],
        ];
        for (const [name, numerator, denominator, expected] of cases) {
            it(`when the rate has ${name}, then ${expected === 'refused' ? 'it is refused naming fx.appliedRate' : `it is ${expected}`}`, () => {
                if (expected === 'refused') {
                    expect(refusal(() => baseOneRate({ numerator, denominator }))).to.include({ field: 'fx.appliedRate' });
                } else {
                    expect(baseOneRate({ numerator, denominator }).text).to.equal(expected);
                }
            });
        }
    });
});
