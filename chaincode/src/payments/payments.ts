import { fail } from '../core/errors';
import { Conversion, executeConversion, prepareConversion, reserveConversion, settleHeldConversion, voidConversion } from '../fx/ledger/conversion';
import { closeQueueEntries, recordScreening, screen, Screening, ScreeningSubject } from '../aml/ledger/screen';
import { readStoredAmount, showAmount } from '../core/amount';
import { Account } from '../accounts/account';
import { requireAccount, requireOwner, requireUsable } from '../accounts/accounts';
import { PayerState, readPayerState, updatePayerState } from '../accounts/payer-state';
import { recordEntry } from '../accounts/history';
import { creditLater, readBalance, takeAvailable, writeBalance } from '../accounts/balances';
import { addMillis, instantMillis, isoInstant, requireId, requireObject, requireText } from '../core/validation';
import { isCancellationSignedBy, isSignedBy, parseInstruction, PaymentInstruction } from './instruction';
import { paymentKey } from '../core/keys';
import { tierLimits } from '../accounts/kyc';
import { requireActiveBank } from '../members/members';
import { LedgerStore } from '../core/store';
import { findPayment, Payment, PaymentStatus, readPayment, StatusChange } from './records';

/**
 * Signed payment instructions and their two-phase lifecycle.
 *
 *   submitted ─┬─> settled ──> (refund-requested <-> partly-refunded) ──> refunded
 *              └─> held ──┬─> settled
 *                         ├─> rejected   (by the payer's bank; an AML hold by its review)
 *                         ├─> cancelled  (by the payer, signed)
 *                         └─> expired    (by anyone, once the hold deadline passed)
 *
 * A held payment's funds move from the payer's available balance to its reserved
 * balance; exactly one of settle, reject, cancel or expire releases the reservation,
 * because each requires the status "held" and leaves another.
 */

/** How long an instruction may be valid, and how long funds may stay held. */
export const MAX_INSTRUCTION_VALIDITY_MS = 7 * 24 * 3600 * 1000;
export const HOLD_DURATION_MS = 7 * 24 * 3600 * 1000;

/** Validates the instruction with the checks in precedence order, then settles or holds it. */
export async function submitPayment(store: LedgerStore, caller: string, value: unknown): Promise<Payment> {
    const instruction = parseInstruction(value);
    if (instruction.payer === instruction.payee) {
        fail('SAME_ACCOUNT', 'payer and payee are the same account');
    }
    const converts = requireConversionShape(instruction);
    await requireActiveBank(store, caller);
    await requireNew(store, instruction);
    // The payer's account comes from the copy in its payer state (payer-state.ts); an
    // account opened before the copy existed is read from its record.
    const state = await readPayerState(store, instruction.payer);
    const payer = state.account ?? (await requireAccount(store, instruction.payer, 'payer'));
    requireOwner(payer, caller);
    if (!isSignedBy(instruction, payer.publicKey)) {
        fail('BAD_SIGNATURE', 'the signature does not match the instruction and the payer key');
    }
    requireTimely(store, instruction);
    requireSequence(state, instruction.sequence);
    requireUsable(payer, 'payer');
    const payee = await requireAccount(store, instruction.payee, 'payee');
    requireUsable(payee, 'payee');
    const outflow = requireWithinKycLimits(store, payer, state, instruction);
    const conversion = converts ? await prepareConversion(store, instruction) : undefined;
    const balance = await takeAvailable(store, payer.address, instruction.currency, instruction.amount);
    const liquidity = conversion === undefined
        ? undefined
        : await takeAvailable(store, conversion.fx.liquidity, conversion.quote.targetCurrency, conversion.delivery, 'INSUFFICIENT_LIQUIDITY', conversion.fx.lane);
    const subject: ScreeningSubject = {
        paymentId: instruction.paymentId, payer, payee, currency: instruction.currency, amount: instruction.amount, sent: state.sent ?? [],
        ...(conversion !== undefined ? { target: { currency: conversion.quote.targetCurrency, amount: conversion.quote.targetAmount } } : {}),
    };
    const { screening, activity } = await screen(store, subject);
    const payment: Payment = { ...newPayment(store, instruction, payer, payee), ...(conversion !== undefined ? { fx: conversion.fx } : {}), aml: screening };
    await updatePayerState(store, payer.address, () => ({ nextSequence: state.nextSequence + 1, outflow, sent: activity.sent, account: payer }));
    await recordScreening(store, subject, screening, activity);
    const hold = holdReason(screening, instruction.hold);
    if (hold !== undefined) {
        await writeBalance(store, { ...balance, reserved: balance.reserved + instruction.amount });
        if (conversion !== undefined && liquidity !== undefined) {
            await writeBalance(store, { ...liquidity, reserved: liquidity.reserved + conversion.delivery });
            await reserveConversion(store, conversion, payer.address, instruction.paymentId);
        }
        return finishSubmission(store, {
            ...payment,
            status: 'held',
            hold: { ...hold, expiresAt: holdDeadline(store, conversion) },
            history: [...payment.history, change(store, 'held', hold.note)],
        });
    }
    await writeBalance(store, balance);
    if (conversion !== undefined && liquidity !== undefined) {
        await writeBalance(store, liquidity);
        await executeConversion(store, conversion.quote, payer.address, payee.address, instruction.paymentId);
    } else {
        await creditLater(store, payee.address, instruction.currency, instruction.amount, `payment:${instruction.paymentId}`);
    }
    return finishSubmission(store, { ...payment, status: 'settled', history: [...payment.history, change(store, 'settled')] });
}

/**
 * A conversion is a targetCurrency other than the currency together with a quoteId;
 * either without the other is malformed. Returns whether the payment converts.
 */
function requireConversionShape(instruction: PaymentInstruction): boolean {
    const converts = instruction.targetCurrency !== undefined && instruction.targetCurrency !== instruction.currency;
    if (converts && instruction.quoteId === undefined) {
        fail('INVALID_ARGUMENT', `converting ${instruction.currency} into ${instruction.targetCurrency} needs a quoteId`);
    }
    if (!converts && instruction.quoteId !== undefined) {
        fail('INVALID_ARGUMENT', 'a quoteId needs a targetCurrency other than the currency');
    }
    return converts;
}

/** The stricter of the AML decision and the payer's own request. */
function holdReason(screening: Screening, payerAsked: boolean): { reason: 'compliance' | 'payer-request'; note: string } | undefined {
    if (screening.decision === 'hold') {
        const rules = screening.fired.filter((rule) => rule.action === 'hold').map((rule) => rule.ruleId);
        return { reason: 'compliance', note: `AML review (rule set ${screening.ruleSetVersion}: ${rules.join(', ')})` };
    }
    return payerAsked ? { reason: 'payer-request', note: 'held at the payer\'s request' } : undefined;
}

/** Funds stay held at most 7 days, and a conversion's no longer than its quote holds. */
function holdDeadline(store: LedgerStore, conversion: Conversion | undefined): string {
    const deadline = addMillis(store.txTime, HOLD_DURATION_MS);
    if (conversion === undefined) {
        return deadline;
    }
    return isoInstant(Math.min(instantMillis(deadline, 'deadline'), instantMillis(conversion.quote.expiresAt, 'expiresAt')));
}

async function requireNew(store: LedgerStore, instruction: PaymentInstruction): Promise<void> {
    const existing = await findPayment(store, instruction.paymentId);
    if (existing === undefined) {
        return;
    }
    if (existing.instructionHash === instruction.instructionHash) {
        fail('DUPLICATE_REQUEST', `payment ${instruction.paymentId} was already recorded in ${existing.txId}`);
    }
    fail('ALREADY_EXISTS', `payment id ${instruction.paymentId} is taken by a different instruction`);
}

function requireTimely(store: LedgerStore, instruction: PaymentInstruction): void {
    if (Date.parse(instruction.expiresAt) <= Date.parse(store.txTime)) {
        fail('INSTRUCTION_EXPIRED', `the instruction expired at ${instruction.expiresAt}`);
    }
    if (Date.parse(instruction.expiresAt) > Date.parse(store.txTime) + MAX_INSTRUCTION_VALIDITY_MS) {
        fail('INVALID_ARGUMENT', 'expiresAt is more than 7 days ahead');
    }
}

function requireSequence(state: PayerState, sequence: number): void {
    if (sequence < state.nextSequence) {
        fail('SEQUENCE_REPLAYED', `sequence ${sequence} was already used; next is ${state.nextSequence}`);
    }
    if (sequence > state.nextSequence) {
        fail('SEQUENCE_GAP', `sequence ${sequence} skips ahead; next is ${state.nextSequence}`);
    }
}

/** Checks the payer's tier limits and returns its outflow totals including this payment. */
function requireWithinKycLimits(store: LedgerStore, payer: Account, state: PayerState, instruction: PaymentInstruction): PayerState['outflow'] {
    const { currency, amount } = instruction;
    const limits = tierLimits(payer.kycTier, currency);
    if (amount > limits.perPayment) {
        fail('KYC_LIMIT_EXCEEDED', `KYC tier ${payer.kycTier} allows at most ${showAmount(limits.perPayment, currency)} ${currency} per payment`);
    }
    const day = store.txTime.slice(0, 10);
    const totals = state.outflow.day === day ? state.outflow.totals : {};
    const sent = totals[currency] === undefined ? 0n : readStoredAmount(totals[currency], currency, 'outflow');
    if (sent + amount > limits.perDay) {
        fail('KYC_LIMIT_EXCEEDED', `KYC tier ${payer.kycTier} allows at most ${showAmount(limits.perDay, currency)} ${currency} per day`);
    }
    return { day, totals: { ...totals, [currency]: showAmount(sent + amount, currency) } };
}

function newPayment(store: LedgerStore, instruction: PaymentInstruction, payer: Account, payee: Account): Payment {
    const zero = showAmount(0n, instruction.currency);
    return {
        paymentId: instruction.paymentId,
        txId: store.txId,
        time: store.txTime,
        payer: payer.address,
        payee: payee.address,
        payerBank: payer.bank,
        payeeBank: payee.bank,
        amount: showAmount(instruction.amount, instruction.currency),
        currency: instruction.currency,
        targetCurrency: instruction.targetCurrency,
        quoteId: instruction.quoteId,
        reference: instruction.reference,
        purpose: instruction.purpose,
        sequence: instruction.sequence,
        expiresAt: instruction.expiresAt,
        instructionHash: instruction.instructionHash,
        signature: instruction.signature,
        status: 'submitted',
        refunded: zero,
        refundPending: zero,
        history: [change(store, 'submitted')],
    };
}

export function change(store: LedgerStore, status: PaymentStatus, note?: string): StatusChange {
    return note === undefined ? { status, time: store.txTime, txId: store.txId } : { status, time: store.txTime, txId: store.txId, note };
}

async function finishSubmission(store: LedgerStore, payment: Payment): Promise<Payment> {
    await store.put(paymentKey(store, payment.paymentId), payment);
    const entry = { kind: 'payment' as const, id: payment.paymentId, amount: payment.amount, currency: payment.currency, time: store.txTime, txId: store.txId };
    await recordEntry(store, payment.payer, { ...entry, direction: 'out', counterparty: payment.payee });
    if (payment.fx === undefined) {
        await recordEntry(store, payment.payee, { ...entry, direction: 'in', counterparty: payment.payer });
    } else {
        const { fx } = payment;
        await recordEntry(store, payment.payee, { ...entry, amount: fx.targetAmount, currency: fx.targetCurrency, direction: 'in', counterparty: payment.payer });
        await recordEntry(store, fx.liquidity, { ...entry, kind: 'conversion-in', amount: fx.sourceAmount, direction: 'in', counterparty: payment.payer });
        if (readStoredAmount(fx.fee, payment.currency, 'fee') > 0n) {
            await recordEntry(store, fx.liquidity, { ...entry, kind: 'fx-fee', amount: fx.fee, direction: 'in', counterparty: payment.payer });
        }
        await recordEntry(store, fx.liquidity, { ...entry, kind: 'conversion-out', amount: fx.targetAmount, currency: fx.targetCurrency, direction: 'out', counterparty: payment.payee });
    }
    store.emit(payment.status === 'held' ? 'PaymentHeld' : 'PaymentSettled', paymentEvent(store, payment));
    return payment;
}

export function paymentEvent(store: LedgerStore, payment: Payment, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        paymentId: payment.paymentId,
        paymentTxId: payment.txId,
        txId: store.txId,
        time: store.txTime,
        payer: payment.payer,
        payee: payment.payee,
        payerBank: payment.payerBank,
        payeeBank: payment.payeeBank,
        amount: payment.amount,
        currency: payment.currency,
        status: payment.status,
        refunded: payment.refunded,
        ...(payment.fx !== undefined
            ? { quoteId: payment.fx.quoteId, provider: payment.fx.provider, targetCurrency: payment.fx.targetCurrency, targetAmount: payment.fx.targetAmount }
            : {}),
        ...(payment.aml !== undefined ? { amlDecision: payment.aml.decision, ruleSetVersion: payment.aml.ruleSetVersion } : {}),
        ...extra,
    };
}

export async function requireHeld(store: LedgerStore, paymentId: unknown): Promise<Payment> {
    const payment = await readPayment(store, paymentId);
    if (payment.status !== 'held') {
        fail('INVALID_STATE', `payment ${payment.paymentId} is ${payment.status}, not held`);
    }
    return payment;
}

function holdDeadlinePassed(store: LedgerStore, payment: Payment): boolean {
    return Date.parse(store.txTime) >= Date.parse(payment.hold?.expiresAt ?? store.txTime);
}

/** Releases a held payment to the payee: after compliance review, or when the payer asks. */
export async function settleHeld(store: LedgerStore, caller: string, paymentId: unknown): Promise<Payment> {
    await requireActiveBank(store, caller);
    const payment = await requireHeld(store, paymentId);
    requireBank(payment.payerBank, caller);
    if (holdDeadlinePassed(store, payment)) {
        fail('HOLD_EXPIRED', `the hold of ${payment.paymentId} expired at ${payment.hold?.expiresAt}`);
    }
    requireNoReview(payment);
    return settleFunds(store, payment);
}

/** An AML hold ends only through its review (Compliance:ReviewPayment), which records who decided and why. */
function requireNoReview(payment: Payment): void {
    if (payment.aml?.decision === 'hold') {
        fail('INVALID_STATE', `payment ${payment.paymentId} is under AML review; release or reject it with ReviewPayment`);
    }
}

/** Pays a held payment out: its reservation goes to the payee (through the provider for a conversion). */
export async function settleFunds(store: LedgerStore, payment: Payment, note?: string): Promise<Payment> {
    requireUsable(await requireAccount(store, payment.payer, 'payer'), 'payer');
    requireUsable(await requireAccount(store, payment.payee, 'payee'), 'payee');
    const amount = readStoredAmount(payment.amount, payment.currency, 'amount');
    const balance = await readBalance(store, payment.payer, payment.currency);
    await writeBalance(store, { ...balance, reserved: balance.reserved - amount });
    if (payment.fx !== undefined) {
        await settleHeldConversion(store, payment.fx, payment.payer, payment.payee, payment.paymentId);
    } else {
        await creditLater(store, payment.payee, payment.currency, amount, `payment:${payment.paymentId}`);
    }
    return close(store, payment, 'settled', 'PaymentSettled', note);
}

export async function rejectHeld(store: LedgerStore, caller: string, paymentId: unknown, reason: unknown): Promise<Payment> {
    const note = requireText(reason, 'reason', 200);
    await requireActiveBank(store, caller);
    const payment = await requireHeld(store, paymentId);
    requireBank(payment.payerBank, caller);
    requireNoReview(payment);
    return release(store, payment, 'rejected', 'PaymentRejected', note);
}

/** The payer cancels a held payment with a signature over {action: cancel, paymentId}. */
export async function cancelHeld(store: LedgerStore, caller: string, value: unknown): Promise<Payment> {
    const fields = requireObject(value, 'cancellation', ['paymentId', 'signature']);
    const paymentId = requireId(fields.paymentId, 'paymentId');
    if (typeof fields.signature !== 'string' || fields.signature.length === 0 || fields.signature.length > 200) {
        fail('INVALID_ARGUMENT', 'signature must be a base64 string of at most 200 characters');
    }
    await requireActiveBank(store, caller);
    const payment = await requireHeld(store, paymentId);
    requireBank(payment.payerBank, caller);
    const payer = await requireAccount(store, payment.payer, 'payer');
    if (!isCancellationSignedBy(paymentId, fields.signature as string, payer.publicKey)) {
        fail('BAD_SIGNATURE', 'the cancellation is not signed by the payer');
    }
    return release(store, payment, 'cancelled', 'PaymentCancelled', 'cancelled by the payer');
}

/** Anyone in the consortium may expire a hold whose deadline passed: funds never stay stuck. */
export async function expireHeld(store: LedgerStore, caller: string, paymentId: unknown): Promise<Payment> {
    await requireActiveBank(store, caller);
    const payment = await requireHeld(store, paymentId);
    if (!holdDeadlinePassed(store, payment)) {
        fail('HOLD_NOT_EXPIRED', `the hold of ${payment.paymentId} runs until ${payment.hold?.expiresAt}`);
    }
    return release(store, payment, 'expired', 'PaymentExpired', 'hold deadline passed');
}

/** Returns the reserved funds to the payer's available balance (and a conversion's liquidity to the provider), once. */
export async function release(store: LedgerStore, payment: Payment, status: PaymentStatus, event: string, note: string): Promise<Payment> {
    const amount = readStoredAmount(payment.amount, payment.currency, 'amount');
    const balance = await readBalance(store, payment.payer, payment.currency);
    await writeBalance(store, { ...balance, reserved: balance.reserved - amount, available: balance.available + amount });
    if (payment.fx !== undefined) {
        await voidConversion(store, payment.fx, payment.paymentId);
    }
    if (payment.aml?.decision === 'hold' && status !== 'rejected') {
        await closeQueueEntries(store, payment, status);
    }
    return close(store, payment, status, event, note);
}

async function close(store: LedgerStore, payment: Payment, status: PaymentStatus, event: string, note?: string): Promise<Payment> {
    const closed: Payment = { ...payment, status, history: [...payment.history, change(store, status, note)] };
    await store.put(paymentKey(store, payment.paymentId), closed);
    store.emit(event, paymentEvent(store, closed));
    return closed;
}

export function requireBank(bank: string, caller: string): void {
    if (bank !== caller) {
        fail('UNAUTHORIZED', `only ${bank} may act on this payment`);
    }
}
