import { LedgerStore } from './store';

/**
 * The key layout of the payment ledger. Every object type has its own composite-key
 * prefix; the hot-account design (see balances.ts) depends on which keys a transaction
 * reads and which it only writes.
 */
export const OBJECT = {
    consortium: 'corridor.consortium',
    member: 'corridor.member',
    proposal: 'corridor.proposal',
    account: 'corridor.account',
    payerState: 'corridor.payer-state',
    balance: 'corridor.balance',
    credit: 'corridor.credit',
    supply: 'corridor.supply',
    supplyDelta: 'corridor.supply-delta',
    mint: 'corridor.mint',
    burn: 'corridor.burn',
    payment: 'corridor.payment',
    refund: 'corridor.refund',
    accountHistory: 'corridor.account-history',
    amlCurrent: 'corridor.aml-current',
    amlRuleSet: 'corridor.aml-rule-set',
    amlPairs: 'corridor.aml-pairs',
    amlAlert: 'corridor.aml-alert',
    amlAlertByBank: 'corridor.aml-alert-by-bank',
    amlReview: 'corridor.aml-review',
    amlQueue: 'corridor.aml-queue',
    fxRate: 'corridor.fx-rate',
    fxRateByPair: 'corridor.fx-rate-by-pair',
    fxLiveRates: 'corridor.fx-live-rates',
    fxFees: 'corridor.fx-fees',
    fxQuote: 'corridor.fx-quote',
    fxLiquidity: 'corridor.fx-liquidity',
    fxWatermark: 'corridor.fx-watermark',
} as const;

export type ObjectType = (typeof OBJECT)[keyof typeof OBJECT];

export const KEYED_OBJECTS: Readonly<Record<string, number>> = {
    [OBJECT.consortium]: 0,
    [OBJECT.member]: 1,
    [OBJECT.proposal]: 1,
    [OBJECT.account]: 1,
    [OBJECT.payerState]: 1,
    [OBJECT.balance]: 2,
    [OBJECT.supply]: 1,
    [OBJECT.mint]: 2,
    [OBJECT.burn]: 2,
    [OBJECT.payment]: 1,
    [OBJECT.refund]: 1,
    [OBJECT.amlCurrent]: 0,
    [OBJECT.amlRuleSet]: 1,
    [OBJECT.amlAlert]: 1,
    [OBJECT.amlReview]: 1,
    [OBJECT.fxRate]: 2,
    [OBJECT.fxLiveRates]: 2,
    [OBJECT.fxFees]: 2,
    [OBJECT.fxQuote]: 1,
    [OBJECT.fxLiquidity]: 2,
    [OBJECT.fxWatermark]: 2,
};

export function accountKey(store: LedgerStore, address: string): string {
    return store.key(OBJECT.account, [address]);
}

/** Lane 0 is the account's balance; FX liquidity also has lanes 1.. (exchange/liquidity.ts). */
export function balanceKey(store: LedgerStore, address: string, currency: string, lane = 0): string {
    return store.key(OBJECT.balance, lane === 0 ? [address, currency] : [address, currency, String(lane).padStart(2, '0')]);
}

export function paymentKey(store: LedgerStore, paymentId: string): string {
    return store.key(OBJECT.payment, [paymentId]);
}

export function refundKey(store: LedgerStore, refundId: string): string {
    return store.key(OBJECT.refund, [refundId]);
}

export function supplyKey(store: LedgerStore, currency: string): string {
    return store.key(OBJECT.supply, [currency]);
}

export function memberKey(store: LedgerStore, mspId: string): string {
    return store.key(OBJECT.member, [mspId]);
}

/** The address of an FX provider's liquidity account is this prefix and the provider's MSP id. */
export const LIQUIDITY_PREFIX = 'liquidity:';

export function payerStateKey(store: LedgerStore, address: string): string {
    return store.key(OBJECT.payerState, [address]);
}
