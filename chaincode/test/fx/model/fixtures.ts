import { expect } from 'chai';
import { FeeSchedule, FxRate, QuoteRequest } from '../../../src/fx/model';

/** USD/JPY 150.00 bid / 151.00 ask, valid for one hour. */
export const usdJpy: FxRate = {
    id: 'rate-usd-jpy-1',
    provider: 'FxBankMSP',
    base: 'USD',
    quote: 'JPY',
    bid: 150_000_000_000n,
    ask: 151_000_000_000n,
    validFrom: '2026-11-28T10:00:00.000Z',
    validUntil: '2026-11-28T11:00:00.000Z',
};

export const usdFees: FeeSchedule = { currency: 'USD', fixed: 100n, basisPoints: 25 };
export const noFees = (currency: string): FeeSchedule => ({ currency, fixed: 0n, basisPoints: 0 });

export const NOW = '2026-11-28T10:30:00.000Z';

export function request(overrides: Partial<QuoteRequest> = {}): QuoteRequest {
    return {
        id: 'quote-1',
        provider: 'FxBankMSP',
        payer: 'payer-a',
        sourceCurrency: 'USD',
        targetCurrency: 'JPY',
        sourceAmount: 10_000n,
        lifetimeSeconds: 60,
        ...overrides,
    };
}

export function rateWire(rate: FxRate = usdJpy): Record<string, unknown> {
    return { ...rate, bid: rate.bid.toString(), ask: rate.ask.toString() };
}

export function expectCode(action: () => unknown, code: string, detail = ''): void {
    try {
        action();
    } catch (err) {
        expect((err as Error).message).to.match(new RegExp(`^${code}: .*${detail}`));
        return;
    }
    expect.fail(`expected ${code}`);
}
