import { expect } from 'chai';
import { exhausted, retryDelayMs, type RetryPolicy } from '../../../src/webhooks/backoff';

const policy: RetryPolicy = { baseMs: 1_000, capMs: 60_000, maxAttempts: 5 };

describe('webhook retry backoff', () => {
    it('when attempts fail in a row, then the step doubles from the base: with no jitter drawn, waits are half the step', () => {
        expect([1, 2, 3, 4].map((a) => retryDelayMs(a, policy, () => 0))).to.deep.equal([500, 1_000, 2_000, 4_000]);
        expect([1, 2, 3, 4].map((a) => retryDelayMs(a, policy, () => 0.999999))).to.deep.equal([999, 1_999, 3_999, 7_999]);
    });

    it('when the step would pass the cap, then it stays at the cap, even after very many attempts', () => {
        expect(retryDelayMs(7, policy, () => 0)).to.equal(30_000);
        expect(retryDelayMs(10_000, policy, () => 0.999999)).to.be.below(60_000);
    });

    it('for every attempt up to 200 and draws across [0, 1), the wait lies between half the capped step and the capped step', () => {
        for (let attempt = 1; attempt <= 200; attempt++) {
            for (const draw of [0, 0.001, 0.25, 0.5, 0.75, 0.999999]) {
                const step = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
                const wait = retryDelayMs(attempt, policy, () => draw);
                expect(wait, `attempt ${attempt}, draw ${draw}`).to.be.at.least(Math.floor(step / 2)).and.below(step);
            }
        }
    });

    it('when the last allowed attempt fails, then the policy is exhausted; one before, it is not', () => {
        expect(exhausted(4, policy)).to.equal(false);
        expect(exhausted(5, policy)).to.equal(true);
    });
});
