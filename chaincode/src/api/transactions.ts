import type { Account } from '../accounts/account';
import { ACCOUNT_SHAPE } from '../accounts/account';
import type { BalanceView } from '../accounts/balances';
import type { HistoryEntry, HistoryPage } from '../accounts/history';
import { decodeHistoryEntry } from '../accounts/history';
import type { ReviewOutcome, PaymentTrail } from '../aml/ledger/reviews';
import type { RuleSetVersion } from '../aml/ledger/rule-sets';
import { decodeRuleSetVersion } from '../aml/ledger/rule-sets';
import type { QueueEntry } from '../aml/ledger/screen';
import { decodeAlert, decodeQueueEntry } from '../aml/ledger/screen';
import type { AmlAlert, Review } from '../aml/model';
import { parseReview } from '../aml/model';
import type { AccountsContract } from '../contracts/accounts-contract';
import type { BenchContract } from '../contracts/bench-contract';
import type { ComplianceContract } from '../contracts/compliance-contract';
import type { FxContract } from '../contracts/fx-contract';
import type { MembersContract } from '../contracts/members-contract';
import type { NoticeContract } from '../contracts/notice-contract';
import type { PaymentsContract } from '../contracts/payments-contract';
import { canonicalize } from '../core/codec';
import { anything, bool, decodeRecord, decodeShape, instant, integer, requireShape, shaped, text } from '../core/decode';
import { fail } from '../core/errors';
import type { KeyModification } from '../core/store';
import type { LiquidityMovement, LiquidityView } from '../fx/ledger/liquidity';
import { decodeLiquidityMovement } from '../fx/ledger/liquidity';
import type { StoredFees } from '../fx/ledger/quotes';
import type { PublishedRate } from '../fx/ledger/rates';
import { decodePublishedRate } from '../fx/ledger/rates';
import type { FxQuote, FxRate } from '../fx/model';
import { parseQuote, parseRate } from '../fx/model';
import type { Member } from '../members/members';
import { decodeMember } from '../members/members';
import type { Notice } from '../members/notices';
import { decodeNotice } from '../members/notices';
import type { Proposal } from '../members/proposals';
import { decodeProposal } from '../members/proposals';
import type { SignedInstruction } from '../payments/instruction';
import type { Payment, Refund } from '../payments/records';
import { decodePayment, decodeRefund } from '../payments/records';
import type { Supply, SupplyRecord } from '../supply/supply';
import { decodeSupply, decodeSupplyRecord } from '../supply/supply';

/**
 * Every transaction of the chaincode, as a client calls it: its name ("Payments:SubmitPayment"),
 * whether it is submitted or only evaluated, how its arguments become the strings Fabric
 * carries, and a decoder that validates the answer. Each entry is checked against the
 * contract class at compile time (the method must exist and take exactly the arguments
 * the entry encodes), so a contract change the gateway does not follow fails to compile.
 * The contract classes are imported as types only: nothing here loads Fabric at runtime.
 */

/** A value as it travels in JSON: the codec writes bigints as decimal strings. */
export type Wire<T> = T extends bigint ? string : T extends readonly (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

/** The string arguments a contract method takes after its context. */
type ArgsOf<C, M extends keyof C> = C[M] extends (ctx: never, ...args: infer A) => Promise<string> ? A : never;

export interface Transaction<P extends unknown[], R, S extends boolean = boolean> {
    /** "Contract:Function", what Fabric's gateway submits or evaluates. */
    readonly name: string;
    /** Submitted (endorsed, ordered, committed) or only evaluated on one peer. */
    readonly submit: S;
    readonly args: (...params: P) => string[];
    /** Parses and validates the chaincode's answer; throws STORED_RECORD_INVALID when it has another shape. */
    readonly decode: (result: string) => R;
}

function of<C>(contract: string) {
    return <M extends keyof C & string, P extends unknown[], R, const S extends boolean>(
        method: M,
        submit: S,
        args: (...params: P) => ArgsOf<C, M>,
        decode: (value: unknown) => R,
    ): Transaction<P, R, S> => ({
        name: `${contract}:${method}`,
        submit,
        args: (...params: P): string[] => [...(args(...params) as unknown as string[])],
        decode: (result: string) => decodeRecord(`answer of ${contract}:${method}`, () => decode(parseAnswer(result))),
    });
}

function parseAnswer(result: string): unknown {
    try {
        return JSON.parse(result);
    } catch {
        return fail('INVALID_ARGUMENT', 'the answer is not JSON');
    }
}

/** The arguments as a tuple, so that their number is checked against the contract method. */
function tuple<T extends string[]>(...values: T): T {
    return values;
}

/** Object arguments travel as canonical JSON, the one encoding the chaincode writes. */
const json = (value: unknown): string => canonicalize(value);
const list = <T>(decode: (value: unknown) => T) => (value: unknown): T[] => {
    if (!Array.isArray(value)) {
        return fail('INVALID_ARGUMENT', 'the answer must be a list');
    }
    return value.map(decode);
};
const page = <K extends string, T>(key: K, decode: (value: unknown) => T) => (value: unknown): Record<K, T[]> & { bookmark: string } => {
    const fields = requireShape<Record<string, unknown>>(value, 'page', { required: { [key]: anything, bookmark: text } });
    return { [key]: list(decode)(fields[key]), bookmark: fields.bookmark as string } as Record<K, T[]> & { bookmark: string };
};

const balanceView = (value: unknown): BalanceView => requireShape(value, 'balance', { required: { currency: text, available: text, reserved: text, pendingCredits: integer(0, Number.MAX_SAFE_INTEGER) } });
const accountView = (value: unknown): Account & { nextSequence: number } =>
    requireShape(value, 'account', { required: { ...ACCOUNT_SHAPE.required, nextSequence: integer(1, Number.MAX_SAFE_INTEGER) }, optional: ACCOUNT_SHAPE.optional });
const historyEntry = (value: unknown): HistoryEntry & { status: string } => {
    const { status, ...entry } = requireShape<HistoryEntry & { status: string }>(value, 'history entry', { required: { status: text }, optional: { kind: anything, id: anything, direction: anything, counterparty: anything, amount: anything, currency: anything, time: anything, txId: anything } });
    return { ...decodeHistoryEntry(entry), status };
};
const quoteView = (value: unknown): Wire<FxQuote> & { display: Record<string, string> } => {
    const { display, ...quote } = requireShape<Wire<FxQuote> & { display: Record<string, string> }>(value, 'quote', { required: { display: shaped({ required: { sourceAmount: text, fee: text, debitTotal: text, targetAmount: text, spreadCost: text } }) }, optional: Object.fromEntries(QUOTE_FIELDS.map((field) => [field, anything])) });
    parseQuote(quote);
    return { ...quote, display };
};
const QUOTE_FIELDS = ['id', 'provider', 'payer', 'sourceCurrency', 'targetCurrency', 'fixedSide', 'rateId', 'rateSide', 'appliedRate', 'bid', 'ask', 'sourceAmount', 'feeFixed', 'feeBasisPoints', 'fee', 'debitTotal', 'targetAmount', 'spreadCost', 'quotedAt', 'expiresAt', 'status', 'paymentId', 'usedAt'];
const fxRate = (value: unknown): Wire<FxRate> => {
    parseRate(value);
    return value as Wire<FxRate>;
};
const liquidityView = (value: unknown): LiquidityView => requireShape(value, 'liquidity', { required: { currency: text, available: text, reserved: text, pendingCredits: integer(0, Number.MAX_SAFE_INTEGER), low: bool }, optional: { watermark: text } });
const review = (value: unknown): Review => parseReview(value);
const keyModification = (value: unknown): KeyModification => requireShape(value, 'key modification', { required: { txId: text, time: instant, isDelete: bool }, optional: { value: anything } });
const nothing = (value: unknown): '' => (value === '' ? '' : fail('INVALID_ARGUMENT', 'the answer must be empty'));

export type Cancellation = { paymentId: string; signature: string };
export type JsonArgument = Record<string, unknown>;

const accounts = of<AccountsContract>('Accounts');
const payments = of<PaymentsContract>('Payments');
const fx = of<FxContract>('Fx');
const members = of<MembersContract>('Members');
const compliance = of<ComplianceContract>('Compliance');
const notices = of<NoticeContract>('Notice');
const bench = of<BenchContract>('Bench');

export const TRANSACTIONS = {
    accounts: {
        open: accounts('OpenAccount', true, (account: JsonArgument) => tuple(json(account)), (value) => decodeShape<Account>('account', value, ACCOUNT_SHAPE)),
        freeze: accounts('FreezeAccount', true, (address: string, reason: string) => tuple(address, reason), (value) => decodeShape<Account>('account', value, ACCOUNT_SHAPE)),
        unfreeze: accounts('UnfreezeAccount', true, (address: string, reason: string) => tuple(address, reason), (value) => decodeShape<Account>('account', value, ACCOUNT_SHAPE)),
        close: accounts('CloseAccount', true, (address: string, reason: string) => tuple(address, reason), (value) => decodeShape<Account>('account', value, ACCOUNT_SHAPE)),
        setKycTier: accounts('SetKycTier', true, (address: string, kycTier: number) => tuple(address, String(kycTier)), (value) => decodeShape<Account>('account', value, ACCOUNT_SHAPE)),
        setHighRisk: accounts('SetHighRisk', true, (address: string, highRisk: boolean, reason: string) => tuple(address, String(highRisk), reason), (value) => decodeShape<Account>('account', value, ACCOUNT_SHAPE)),
        rollUpCredits: accounts('RollUpCredits', true, (address: string, currency: string) => tuple(address, currency), (value) => requireShape<{ address: string; currency: string; available: string; reserved: string }>(value, 'balance', { required: { address: text, currency: text, available: text, reserved: text } })),
        mint: accounts('Mint', true, (mint: JsonArgument) => tuple(json(mint)), decodeSupplyRecord),
        burn: accounts('Burn', true, (burn: JsonArgument) => tuple(json(burn)), decodeSupplyRecord),
        get: accounts('GetAccount', false, (address: string) => tuple(address), accountView),
        balances: accounts('GetBalances', false, (address: string) => tuple(address), list(balanceView)),
        history: accounts('GetAccountHistory', false, (address: string, pageSize: number, bookmark: string) => tuple(address, String(pageSize), bookmark), (value): HistoryPage => page('entries', historyEntry)(value)),
        rollUpSupply: accounts('RollUpSupply', true, (currency: string) => tuple(currency), decodeSupply),
        supply: accounts('GetSupply', false, (currency: string) => tuple(currency), decodeSupply),
        listSupply: accounts('ListSupply', false, () => tuple(), list(decodeSupply)),
    },
    payments: {
        submit: payments('SubmitPayment', true, (instruction: SignedInstruction) => tuple(json(instruction)), decodePayment),
        settle: payments('SettlePayment', true, (paymentId: string) => tuple(paymentId), decodePayment),
        reject: payments('RejectPayment', true, (paymentId: string, reason: string) => tuple(paymentId, reason), decodePayment),
        cancel: payments('CancelPayment', true, (cancellation: Cancellation) => tuple(json(cancellation)), decodePayment),
        expire: payments('ExpirePayment', true, (paymentId: string) => tuple(paymentId), decodePayment),
        requestRefund: payments('RequestRefund', true, (refund: JsonArgument) => tuple(json(refund)), decodeRefund),
        approveRefund: payments('ApproveRefund', true, (refundId: string) => tuple(refundId), decodeRefund),
        declineRefund: payments('DeclineRefund', true, (refundId: string, reason: string) => tuple(refundId, reason), decodeRefund),
        get: payments('GetPayment', false, (paymentId: string) => tuple(paymentId), decodePayment),
        getRefund: payments('GetRefund', false, (refundId: string) => tuple(refundId), decodeRefund),
    },
    fx: {
        publishRate: fx('PublishRate', true, (rate: JsonArgument) => tuple(json(rate)), (value): Wire<PublishedRate> => decodePublishedRate(value) as unknown as Wire<PublishedRate>),
        setFeeSchedule: fx('SetFeeSchedule', true, (fees: JsonArgument) => tuple(json(fees)), (value) => requireShape<StoredFees>(value, 'fee schedule', { required: { provider: text, currency: text, fixed: text, basisPoints: integer(0, 10_000), time: instant, txId: text } })),
        requestQuote: fx('RequestQuote', true, (request: JsonArgument) => tuple(json(request)), quoteView),
        fundLiquidity: fx('FundLiquidity', true, (fund: JsonArgument) => tuple(json(fund)), (value): LiquidityMovement => decodeLiquidityMovement(value)),
        defundLiquidity: fx('DefundLiquidity', true, (defund: JsonArgument) => tuple(json(defund)), (value): LiquidityMovement => decodeLiquidityMovement(value)),
        setWatermark: fx('SetLiquidityWatermark', true, (watermark: JsonArgument) => tuple(json(watermark)), (value) => requireShape<{ provider: string; currency: string; watermark: string }>(value, 'watermark', { required: { provider: text, currency: text, watermark: text } })),
        rollUpLiquidity: fx('RollUpLiquidity', true, (currency: string) => tuple(currency), liquidityView),
        quote: fx('GetQuote', false, (quoteId: string) => tuple(quoteId), quoteView),
        rates: fx('GetRates', false, (provider: string, base: string, quote: string) => tuple(provider, base, quote), list(fxRate)),
        rateHistory: fx('GetRateHistory', false, (provider: string, base: string, quote: string, pageSize: number, bookmark: string) => tuple(provider, base, quote, String(pageSize), bookmark), (value) => page('rates', (rate): Wire<PublishedRate> => decodePublishedRate(rate) as unknown as Wire<PublishedRate>)(value)),
        liquidity: fx('GetLiquidity', false, (provider: string) => tuple(provider), list(liquidityView)),
    },
    members: {
        initConsortium: members('InitConsortium', true, (consortium: JsonArgument) => tuple(json(consortium)), list(decodeMember)),
        propose: members('ProposeChange', true, (proposal: JsonArgument) => tuple(json(proposal)), decodeProposal),
        approve: members('ApproveProposal', true, (proposalId: string) => tuple(proposalId), decodeProposal),
        reject: members('RejectProposal', true, (proposalId: string) => tuple(proposalId), decodeProposal),
        proposal: members('GetProposal', false, (proposalId: string) => tuple(proposalId), decodeProposal),
        list: members('ListMembers', false, () => tuple(), list(decodeMember)),
        get: members('GetMember', false, (mspId: string) => tuple(mspId), (value): Member => decodeMember(value)),
        // The attributes travel as the JSON array the caller gave: the chaincode parses and
        // checks them itself, so its refusal reaches the caller with its own code.
        keyHistory: members('GetKeyHistory', false, (objectType: string, attributesJson: string) => tuple(objectType, attributesJson), list(keyModification)),
    },
    compliance: {
        review: compliance('ReviewPayment', true, (step: JsonArgument) => tuple(json(step)), (value): ReviewOutcome => {
            const fields = requireShape<Record<string, unknown>>(value, 'review outcome', { required: { review: anything, payment: anything } });
            return { review: review(fields.review), payment: decodePayment(fields.payment) };
        }),
        ruleSet: compliance('GetRuleSet', false, (version: number) => tuple(String(version)), (value): RuleSetVersion => decodeRuleSetVersion(value).record),
        ruleSets: compliance('ListRuleSets', false, () => tuple(), list((value): RuleSetVersion => decodeRuleSetVersion(value).record)),
        queue: compliance('GetReviewQueue', false, (mspId: string, openOnly: boolean) => tuple(mspId, String(openOnly)), list((value): QueueEntry => decodeQueueEntry(value))),
        alerts: compliance('ListAlerts', false, (mspId: string, pageSize: number, bookmark: string) => tuple(mspId, String(pageSize), bookmark), (value) => page('alerts', (alert): AmlAlert => decodeAlert(alert))(value)),
        trail: compliance('GetPaymentTrail', false, (paymentId: string) => tuple(paymentId), (value): PaymentTrail => {
            const fields = requireShape<Record<string, unknown>>(value, 'payment trail', { required: { payment: anything, alerts: anything, versions: anything }, optional: { review: anything } });
            return {
                payment: decodePayment(fields.payment),
                ...(fields.review !== undefined ? { review: review(fields.review) } : {}),
                alerts: list(decodeAlert)(fields.alerts),
                versions: list(keyModification)(fields.versions),
            };
        }),
    },
    notices: {
        publish: notices('Publish', true, (notice: JsonArgument) => tuple(json(notice)), (value): Notice => decodeNotice(value)),
        get: notices('Get', false, (id: string) => tuple(id), (value): Notice => decodeNotice(value)),
        list: notices('List', false, () => tuple(), list(decodeNotice)),
    },
    bench: {
        noop: bench('Noop', true, () => tuple(), nothing),
    },
} as const;

/** A transaction's answer type, e.g. ResultOf<typeof TRANSACTIONS.payments.submit>. */
export type ResultOf<T> = T extends Transaction<never, infer R> ? R : never;
/** A transaction's parameters before encoding. */
export type ParamsOf<T> = T extends Transaction<infer P, unknown> ? P : never;

export type { SignedInstruction };
export type { Account, AmlAlert, BalanceView, HistoryEntry, HistoryPage, LiquidityMovement, LiquidityView, Member, Notice, Payment, PaymentTrail, Proposal, QueueEntry, Refund, Review, ReviewOutcome, RuleSetVersion, StoredFees, Supply, SupplyRecord };
