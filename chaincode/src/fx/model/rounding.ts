import { fail } from '../../core/errors';

/**
 * The rounding modes money may be rounded with. Every division of an amount names
 * one of them at the call site, so the direction is a decision, never an accident.
 * - down: toward zero (the floor, amounts are never negative here)
 * - up: away from zero (the ceiling)
 * - half-even: to the nearest, ties to the even neighbour (banker's rounding)
 */
export const ROUNDING_MODES = ['down', 'up', 'half-even'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** numerator / denominator rounded with the named mode; both non-negative, denominator positive. */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
    if (numerator < 0n || denominator <= 0n) {
        return fail('INVALID_ARGUMENT', 'division needs a non-negative numerator and a positive denominator');
    }
    const quotient = numerator / denominator;
    const remainder = numerator % denominator;
    if (remainder === 0n) {
        return quotient;
    }
    switch (mode) {
        case 'down':
            return quotient;
        case 'up':
            return quotient + 1n;
        case 'half-even': {
            const twice = remainder * 2n;
            if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) {
                return quotient + 1n;
            }
            return quotient;
        }
        default:
            return fail('INVALID_ARGUMENT', `unknown rounding mode ${String(mode)}`);
    }
}
