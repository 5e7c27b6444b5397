/** How a failed delivery is retried. */
export interface RetryPolicy {
    /** Delay after the first failure. */
    baseMs: number;
    /** No delay grows past this. */
    capMs: number;
    /** Attempts in all; after the last one fails the delivery is failed for good. */
    maxAttempts: number;
}

/**
 * The wait after failed attempt `attempt` (1 for the first): exponential, capped, with
 * "equal jitter" (half fixed, half random) so endpoints that failed together do not all
 * come back at the same instant, while no wait falls below half its step.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
    const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt - 1, 40));
    return Math.floor(step / 2 + random() * (step / 2));
}

/** Whether attempt `attempt` was the last the policy allows. */
export function exhausted(attempt: number, policy: RetryPolicy): boolean {
    return attempt >= policy.maxAttempts;
}
