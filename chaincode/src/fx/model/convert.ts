import { currencyExponent, isCurrency } from '../../core/amount';
import { fail } from '../../core/errors';
import { divideRounded, RoundingMode } from './rounding';

/**
 * An exchange ratio: how many major units of the target currency one major unit of
 * the source currency buys, as an exact fraction. Rates are never floating point.
 */
export interface ExchangeRatio {
    readonly numerator: bigint;
    readonly denominator: bigint;
}

/**
 * Converts minor units of `from` into minor units of `to` at `ratio`, rounding with
 * `mode`. The exponents of both currencies are folded into the one division, so
 * USD (2) to JPY (0) or to KWD (3) loses nothing before the single rounding step.
 */
export function convert(amount: bigint, from: string, to: string, ratio: ExchangeRatio, mode: RoundingMode): bigint {
    if (!isCurrency(from) || !isCurrency(to)) {
        return fail('INVALID_ARGUMENT', 'convert needs two known currencies');
    }
    if (amount < 0n) {
        return fail('INVALID_ARGUMENT', 'convert needs a non-negative amount');
    }
    if (ratio.numerator <= 0n || ratio.denominator <= 0n) {
        return fail('INVALID_ARGUMENT', 'convert needs a positive ratio');
    }
    const numerator = amount * ratio.numerator * 10n ** BigInt(currencyExponent(to));
    const denominator = ratio.denominator * 10n ** BigInt(currencyExponent(from));
    return divideRounded(numerator, denominator, mode);
}

/** The ratio that undoes `ratio` (target back to source). */
export function invertRatio(ratio: ExchangeRatio): ExchangeRatio {
    return { numerator: ratio.denominator, denominator: ratio.numerator };
}
