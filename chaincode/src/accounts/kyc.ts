import { currencyExponent } from '../core/amount';

/**
 * KYC tiers and their sending limits. Tier 0 (identity not yet verified) may receive
 * but not send. Limits are whole major units of the payment's currency, the same
 * figure for every currency: a deliberate simplification until the consortium sets
 * per-currency limits by proposal.
 */

export const KYC_TIERS = [0, 1, 2, 3] as const;
export type KycTier = (typeof KYC_TIERS)[number];

interface TierLimit {
    perPayment: bigint;
    perDay: bigint;
}

const LIMITS: Readonly<Record<KycTier, TierLimit>> = {
    0: { perPayment: 0n, perDay: 0n },
    1: { perPayment: 1_000n, perDay: 2_500n },
    2: { perPayment: 10_000n, perDay: 50_000n },
    3: { perPayment: 1_000_000n, perDay: 5_000_000n },
};

/** The tier's limits in minor units of the currency. */
export function tierLimits(tier: KycTier, currency: string): TierLimit {
    const scale = 10n ** BigInt(currencyExponent(currency));
    const limit = LIMITS[tier];
    return { perPayment: limit.perPayment * scale, perDay: limit.perDay * scale };
}

export function isKycTier(value: unknown): value is KycTier {
    return (KYC_TIERS as readonly unknown[]).includes(value);
}
