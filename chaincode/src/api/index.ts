/**
 * @corridor/chaincode/api: the contract between the chaincode and its clients, exported by
 * the chaincode and imported by the gateway, so that neither keeps a copy of the other's
 * rules. Nothing here loads fabric-shim or fabric-contract-api at runtime (a unit test
 * checks it): the gateway imports this module into a process that has no chaincode.
 *
 * - TRANSACTIONS: every transaction's name, arguments and validating result decoder;
 * - the closed set of error codes;
 * - the one amount module and the ISO 4217 table of the currencies the ledger settles;
 * - the ISO 8601 instants the ledger accepts;
 * - canonical JSON, the signing bytes of instructions and cancellations, and the checks
 *   SubmitPayment and CancelPayment make on a signature.
 */
export * from './transactions';
export { ERROR_CODES, LedgerError } from '../core/errors';
export type { ErrorCode } from '../core/errors';
export {
    currencyExponent,
    isCurrency,
    MAX_AMOUNT,
    parseAmount,
    parseMinorUnits,
    readStoredAmount,
    requireCurrency,
    showAmount,
    supportedCurrencies,
} from '../core/amount';
export { ID_PATTERN, ISO_INSTANT, ISO_INSTANT_NANOS, instantMillis, isoInstant } from '../core/validation';
export { canonicalize } from '../core/codec';
export type { Json } from '../core/codec';
export { cancellationBytes, hashOf, isCancellationSignedBy, isSignedBy, parseInstruction, signingBytes, MAX_SEQUENCE } from '../payments/instruction';
export type { PaymentInstruction } from '../payments/instruction';
export { parsePublicKey, verifySignature } from '../accounts/public-key';
export type { HolderKey, KeyAlgorithm } from '../accounts/public-key';
export { deriveAddress, isValidAddress } from '../accounts/address';
export type { PaymentFx } from '../payments/records';
export { LIQUIDITY_LANES, liquidityLane } from '../fx/ledger/liquidity';
export { convert, invertRatio } from '../fx/model/convert';
export type { ExchangeRatio } from '../fx/model/convert';
export { RATE_SCALE } from '../fx/model/rate';
export { divideRounded } from '../fx/model/rounding';
export type { RoundingMode } from '../fx/model/rounding';
export { createQuote } from '../fx/model/quote';
export type { FeeSchedule, FxQuote, QuoteRequest } from '../fx/model/quote';
export type { FxRate } from '../fx/model/rate';
