import type { Clock } from './clock';

export interface RateLimit {
    limit: number;
    windowSeconds: number;
}

/**
 * Fixed-window counters per key (client address, identifier), kept in memory: they
 * protect one gateway process, which is the unit that serves a bank.
 */
export class RateLimiter {
    private readonly windows = new Map<string, { start: number; count: number }>();

    constructor(private readonly clock: Clock) {}

    /** Counts one hit; false when the key is over its limit in the current window. */
    hit(key: string, rule: RateLimit): boolean {
        const now = this.clock.now().getTime();
        const windowMs = rule.windowSeconds * 1000;
        const current = this.windows.get(key);
        if (current === undefined || now - current.start >= windowMs) {
            this.windows.set(key, { start: now, count: 1 });
            this.sweep(now, windowMs);
            return 1 <= rule.limit;
        }
        current.count += 1;
        return current.count <= rule.limit;
    }

    /** Bounds memory: expired windows are dropped once the map grows. */
    private sweep(now: number, windowMs: number): void {
        if (this.windows.size < 10_000) {
            return;
        }
        for (const [key, window] of this.windows) {
            if (now - window.start >= windowMs) {
                this.windows.delete(key);
            }
        }
    }
}
