import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import { evaluated, jsonArgument, submitted } from './transaction';
import { cancelHeld, expireHeld, rejectHeld, settleHeld, submitPayment } from '../payments/payments';
import { readPayment, readRefund } from '../payments/records';
import { approveRefund, declineRefund, requestRefund } from '../payments/refunds';

/** Signed payment instructions, holds and refunds. */
@Info({ title: 'PaymentsContract', description: 'Payment instructions, two-phase payments and refunds' })
export class PaymentsContract extends Contract {
    constructor() {
        super('Payments');
    }

    /** A payer-signed instruction (see ledger/instruction.ts), submitted by the payer's bank. */
    @Transaction()
    public async SubmitPayment(ctx: Context, instructionJson: string): Promise<string> {
        return submitted(ctx, 'payments', (store, caller) => submitPayment(store, caller, jsonArgument(instructionJson, 'instruction')));
    }

    /** Releases a held payment to the payee: the payer's bank, after review or on the payer's request. */
    @Transaction()
    public async SettlePayment(ctx: Context, paymentId: string): Promise<string> {
        return submitted(ctx, 'payments', (store, caller) => settleHeld(store, caller, paymentId));
    }

    @Transaction()
    public async RejectPayment(ctx: Context, paymentId: string, reason: string): Promise<string> {
        return submitted(ctx, 'payments', (store, caller) => rejectHeld(store, caller, paymentId, reason));
    }

    /** {"paymentId", "signature"}: the payer's signature over {"action":"cancel","paymentId"}. */
    @Transaction()
    public async CancelPayment(ctx: Context, cancellationJson: string): Promise<string> {
        return submitted(ctx, 'payments', (store, caller) => cancelHeld(store, caller, jsonArgument(cancellationJson, 'cancellation')));
    }

    @Transaction()
    public async ExpirePayment(ctx: Context, paymentId: string): Promise<string> {
        return submitted(ctx, 'payments', (store, caller) => expireHeld(store, caller, paymentId));
    }

    /** {"refundId", "paymentId", "amount", "reason", "evidenceRef", "note"?}, by the payer's bank. */
    @Transaction()
    public async RequestRefund(ctx: Context, refundJson: string): Promise<string> {
        return submitted(ctx, 'payments', (store, caller) => requestRefund(store, caller, jsonArgument(refundJson, 'refund')));
    }

    @Transaction()
    public async ApproveRefund(ctx: Context, refundId: string): Promise<string> {
        return submitted(ctx, 'payments', (store, caller) => approveRefund(store, caller, refundId));
    }

    @Transaction()
    public async DeclineRefund(ctx: Context, refundId: string, reason: string): Promise<string> {
        return submitted(ctx, 'payments', (store, caller) => declineRefund(store, caller, refundId, reason));
    }

    @Transaction(false)
    public async GetPayment(ctx: Context, paymentId: string): Promise<string> {
        return evaluated(ctx, (store) => readPayment(store, paymentId));
    }

    @Transaction(false)
    public async GetRefund(ctx: Context, refundId: string): Promise<string> {
        return evaluated(ctx, (store) => readRefund(store, refundId));
    }
}
