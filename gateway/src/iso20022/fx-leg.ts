import { convert, divideRounded, invertRatio, RATE_SCALE, type ExchangeRatio, type PaymentFx as LedgerPaymentFx } from '@corridor/chaincode/api';
import { AppError } from '../errors';
import { readLedgerAmount } from './amounts';

/**
 * The FX leg of a cross-currency payment, as ISO 20022 states it: the instructed amount
 * in the payer's currency, the settled amount in the payee's, the exchange rate between
 * them and the provider's fee. Read from the payment record alone and checked against
 * the ledger's own conversion code, so a message never states a conversion the ledger
 * did not make.
 */

/**
 * What Payments:GetPayment records of a conversion, and rateSide, which is not in the
 * payment record: it comes from the quote (Fx:GetQuote), which the payer's bank, the
 * provider and the regulator may read. bid: the source is the rate's base; ask: its quote.
 */
export type PaymentFx = LedgerPaymentFx & { rateSide?: 'bid' | 'ask' };

export interface FxLeg {
    sourceCurrency: string;
    sourceAmount: string;
    fee: string;
    targetCurrency: string;
    targetAmount: string;
    provider: string;
    /** Major units of the target per major unit of the source, as a BaseOneRate. */
    exchangeRate: string;
    /** False when the rate does not fit a BaseOneRate and was rounded half-even to fit. */
    exact: boolean;
}

/** BaseOneRate: xs:decimal with at most 11 digits, 10 of them after the point. */
const RATE_DIGITS = 11;
const RATE_FRACTION_DIGITS = 10;
const SCALED_RATE = /^[1-9][0-9]{0,21}$/;

function notStatable(detail: string): AppError {
    return new AppError('ISO20022_NOT_APPLICABLE', detail, 'fx.appliedRate');
}

/**
 * The ratio the ledger applied, source to target: the bid as it is when the source is the
 * rate's base, one over the ask when it is the rate's quote. The payment record keeps the
 * scaled rate but not which of the two it was; the quote does (rateSide). Without it both
 * readings are tried with the ledger's convert() and rounding (a source-fixed quote rounds
 * the target down, a target-fixed one the source up). For all but tiny amounts exactly one
 * reproduces the recorded amounts; when both do and they differ, nothing is stated rather
 * than perhaps the wrong rate.
 */
function appliedRatio(fx: PaymentFx, sourceCurrency: string, source: bigint, target: bigint): ExchangeRatio {
    if (!SCALED_RATE.test(fx.appliedRate)) {
        throw new Error(`payment fx.appliedRate ${fx.appliedRate.slice(0, 24)} is not a scaled rate`);
    }
    const rate = BigInt(fx.appliedRate);
    const bid = { numerator: rate, denominator: RATE_SCALE };
    const ask = { numerator: RATE_SCALE, denominator: rate };
    const readings = fx.rateSide === 'bid' ? [bid] : fx.rateSide === 'ask' ? [ask] : rate === RATE_SCALE ? [bid] : [bid, ask];
    const fitting = readings.filter(
        (ratio) =>
            convert(source, sourceCurrency, fx.targetCurrency, ratio, 'down') === target ||
            convert(target, fx.targetCurrency, sourceCurrency, invertRatio(ratio), 'up') === source,
    );
    const [only, other] = fitting;
    if (only === undefined) {
        throw new Error(`payment fx: rate ${fx.appliedRate} does not turn ${fx.sourceAmount} ${sourceCurrency} into ${fx.targetAmount} ${fx.targetCurrency}`);
    }
    if (other !== undefined) {
        throw notStatable(
            `rate ${fx.rateId} converts ${fx.sourceAmount} ${sourceCurrency} into ${fx.targetAmount} ${fx.targetCurrency} read as bid or as ask; ` +
                'the payment does not say which and this bank may not read its quote (the payer\'s bank, the provider and the regulator may)',
        );
    }
    return only;
}

/** The ratio as a BaseOneRate: exact when it fits, else rounded half-even to the digits the type allows. */
export function baseOneRate(ratio: ExchangeRatio): { text: string; exact: boolean } {
    const whole = ratio.numerator / ratio.denominator;
    const wholeDigits = whole === 0n ? 0 : whole.toString().length;
    const fractionDigits = Math.min(RATE_FRACTION_DIGITS, RATE_DIGITS - wholeDigits);
    const tooLarge = (): AppError =>
        notStatable(`the exchange rate ${ratio.numerator}/${ratio.denominator} does not fit an ISO 20022 BaseOneRate (${RATE_DIGITS} digits, ${RATE_FRACTION_DIGITS} decimals)`);
    if (fractionDigits < 0) {
        throw tooLarge();
    }
    const scale = 10n ** BigInt(fractionDigits);
    const scaled = divideRounded(ratio.numerator * scale, ratio.denominator, 'half-even');
    const digits = scaled.toString().padStart(fractionDigits + 1, '0');
    const text = fractionDigits === 0 ? digits : `${digits.slice(0, -fractionDigits)}.${digits.slice(-fractionDigits)}`.replace(/\.?0+$/, '');
    // A carry (9.99999999996 -> 10) can add a digit; leading zeros are not digits of the value.
    if (scaled === 0n || text.replace('.', '').replace(/^0+/, '').length > RATE_DIGITS) {
        throw tooLarge();
    }
    return { text, exact: scaled * ratio.denominator === ratio.numerator * scale };
}

/** The FX leg of a converted payment; its amounts must add up to what the payer was debited. */
export function fxLegOf(payment: { paymentId: string; amount: string; currency: string; fx: PaymentFx }): FxLeg {
    const { fx, currency } = payment;
    const source = readLedgerAmount(fx.sourceAmount, currency);
    const fee = readLedgerAmount(fx.fee, currency);
    const target = readLedgerAmount(fx.targetAmount, fx.targetCurrency);
    if (source + fee !== readLedgerAmount(payment.amount, currency)) {
        throw new Error(`payment ${payment.paymentId}: source ${fx.sourceAmount} plus fee ${fx.fee} is not the amount ${payment.amount} debited`);
    }
    const rate = baseOneRate(appliedRatio(fx, currency, source, target));
    return {
        sourceCurrency: currency,
        sourceAmount: fx.sourceAmount,
        fee: fx.fee,
        targetCurrency: fx.targetCurrency,
        targetAmount: fx.targetAmount,
        provider: fx.provider,
        exchangeRate: rate.text,
        exact: rate.exact,
    };
}
