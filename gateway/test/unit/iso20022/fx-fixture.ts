import { canonicalize, createQuote, type FeeSchedule, type FxRate, showAmount, TRANSACTIONS } from '@corridor/chaincode/api';
import type { PaymentFx } from '../../../src/iso20022/fx-leg';
import type { PaymentRecord } from '../../../src/iso20022/message-parts';

/**
 * A converted payment's amount and fx as SubmitPayment records them (chaincode/src/exchange/conversion.ts),
 * from a quote priced by the chaincode itself; rateSide is the quote's, which the record does not hold.
 */
export function convertedPayment(rate: FxRate, fees: FeeSchedule, request: { source: string; target: string; sourceAmount?: bigint; targetAmount?: bigint }): { paymentId: string; amount: string; currency: string; fx: PaymentFx; rateSide: 'bid' | 'ask' } {
    const quote = createQuote(
        { id: 'q-1', provider: rate.provider, payer: 'cx-payer', sourceCurrency: request.source, targetCurrency: request.target, sourceAmount: request.sourceAmount, targetAmount: request.targetAmount, lifetimeSeconds: 60 },
        rate,
        fees,
        '2026-11-18T10:00:00.000Z',
    );
    return {
        paymentId: 'P-1',
        amount: showAmount(quote.debitTotal, quote.sourceCurrency),
        currency: quote.sourceCurrency,
        fx: {
            quoteId: quote.id,
            provider: quote.provider,
            liquidity: `liquidity:${quote.provider}`,
            rateId: quote.rateId,
            appliedRate: quote.appliedRate.toString(),
            sourceAmount: showAmount(quote.sourceAmount, quote.sourceCurrency),
            fee: showAmount(quote.fee, quote.sourceCurrency),
            targetCurrency: quote.targetCurrency,
            targetAmount: showAmount(quote.targetAmount, quote.targetCurrency),
        },
        rateSide: quote.rateSide,
    };
}

export function rate(base: string, quote: string, bid: bigint, ask: bigint): FxRate {
    return { id: `${base}${quote}-1`, provider: 'Bank2MSP', base, quote, bid, ask, validFrom: '2026-11-18T09:00:00.000Z', validUntil: '2026-11-18T12:00:00.000Z' };
}


/**
 * A USD -> CNY payment exactly as Payments:GetPayment returned it on the dev network (read
 * as the regulator): bank 2 converts 100.00 USD at its bid of 7.1 into 710.00 CNY for a
 * customer of bank 3, with no fee in its schedule.
 */
const networkRecord = {
    aml: {
        decision: 'allow',
        fired: [],
        ruleSetVersion: 1,
    },
    amount: '100.00',
    currency: 'USD',
    expiresAt: '2026-11-28T15:29:07.394Z',
    fx: {
        appliedRate: '7100000000',
        fee: '0.00',
        liquidity: 'liquidity:Bank2MSP',
        provider: 'Bank2MSP',
        quoteId: 'iso-mx0ia94l-6524-q',
        rateId: 'usdcny-iso-mx0ia94l-6524',
        sourceAmount: '100.00',
        targetAmount: '710.00',
        targetCurrency: 'CNY',
    },
    history: [
        {
            status: 'submitted',
            time: '2026-11-28T14:29:07.397Z',
            txId: 'beba1c474fb3421e532483ebf304f610da776451f4b944911e6da2d0d1c1b711',
        },
        {
            status: 'settled',
            time: '2026-11-28T14:29:07.397Z',
            txId: 'beba1c474fb3421e532483ebf304f610da776451f4b944911e6da2d0d1c1b711',
        },
    ],
    instructionHash: '20b15bc5e969316025d2897b450828df8dcc0ffab582a1407f380aa9b92753bf',
    payee: 'cx3059f1048cf0b68d4049d3a3083a6888117de6a6045b23f9',
    payeeBank: 'Bank3MSP',
    payer: 'cxd2bface7ef142d229bf857e78be2d329ef4f0ef2c14be098',
    payerBank: 'Bank2MSP',
    paymentId: 'iso-mx0ia94l-6524-fx',
    purpose: 'GDDS',
    quoteId: 'iso-mx0ia94l-6524-q',
    refundPending: '0.00',
    refunded: '0.00',
    sequence: 1,
    signature: '3gJtLdDXHVEUT+UNB0Q6Rabu24hqiztF4ekGPjjIDszo0JzGf5RRTkykelUBmnRQHxOAL7p7qSQWo96xyWYzCg==',
    status: 'settled',
    targetCurrency: 'CNY',
    time: '2026-11-28T14:29:07.397Z',
    txId: 'beba1c474fb3421e532483ebf304f610da776451f4b944911e6da2d0d1c1b711',
};
/** Read the way the gateway reads it: through the contract's decoder. */
export const NETWORK_FX_PAYMENT: PaymentRecord = TRANSACTIONS.payments.get.decode(JSON.stringify(networkRecord));

/** Fx:GetQuote's answer for the network payment's quote: priced by the chaincode (USD to CNY at 7.1), as it travels. */
export function networkQuote(): Record<string, unknown> {
    const priced = createQuote(
        { id: NETWORK_FX_PAYMENT.fx?.quoteId ?? '', provider: 'Bank2MSP', payer: 'cx-payer', sourceCurrency: 'USD', targetCurrency: 'CNY', sourceAmount: 10_000n, lifetimeSeconds: 60 },
        rate('USD', 'CNY', 7_100_000_000n, 7_200_000_000n),
        { currency: 'USD', fixed: 0n, basisPoints: 0 },
        '2026-11-18T10:00:00.000Z',
    );
    const show = (amount: bigint, currency: string): string => showAmount(amount, currency);
    return {
        ...(JSON.parse(canonicalize(priced)) as Record<string, unknown>),
        display: {
            sourceAmount: show(priced.sourceAmount, 'USD'), fee: show(priced.fee, 'USD'), debitTotal: show(priced.debitTotal, 'USD'),
            targetAmount: show(priced.targetAmount, 'CNY'), spreadCost: show(priced.spreadCost, 'USD'),
        },
    };
}
