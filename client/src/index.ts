/**
 * @corridor/client: a bank back office's client for the Corridor gateway. Record types
 * (Payment, Account, FxQuote…) are the chaincode contract's own, re-exported here.
 */
export { CorridorClient } from './client.js';
export { Transport } from './transport.js';
export type { ClientOptions, Committed, Method, Outcome, Query, Reply, RequestOptions, RetryPolicy } from './transport.js';
export { CLIENT_ERROR_CODES, CorridorError, ERROR_CODES, GATEWAY_ERROR_CODES, isCorridorError, isError } from './errors.js';
export type { ClientErrorCode, ErrorCode, GatewayErrorCode, Problem } from './errors.js';
export { buildInstruction, generateSigningKey, signBytes, signCancellation, signingKeyOf, signInstruction } from './signing.js';
export type { InstructionFields, SigningKey, UnsignedInstruction } from './signing.js';
export { collect, paginate } from './paging.js';
export type { PageOf } from './paging.js';
export { DEFAULT_TOLERANCE_SECONDS, MemorySeenEvents, signWebhook, verifyWebhook, WEBHOOK_EVENT_TYPES, WebhookVerificationError } from './webhooks.js';
export type { SeenEventStore, VerifyOptions, WebhookEvent, WebhookEventType, WebhookRefusal } from './webhooks.js';
export { at, listAt, parseIsoMessage, textAt } from './iso20022.js';
export type { IsoElement, IsoMessage, IsoMessageType, IsoValue } from './iso20022.js';
export type { Decoder, WriteOptions, Written } from './resources/calls.js';
export * from './resources/ledger.js';
export * from './resources/people.js';
export * from './resources/queries.js';
export * from './resources/iso20022.js';
export * from './resources/webhooks.js';
export type { Account, AmlAlert, BalanceView, FxQuote, HistoryEntry, KeyAlgorithm, LiquidityMovement, LiquidityView, Member, Notice, Payment, PaymentTrail, Proposal, QueueEntry, Refund, Review, ReviewOutcome, RuleSetVersion, SignedInstruction, StoredFees, Supply, SupplyRecord } from '@corridor/chaincode/api';
