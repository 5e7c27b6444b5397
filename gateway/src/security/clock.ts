/** Time source, injected so that expiry and lockout are testable. */
export interface Clock {
    now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
