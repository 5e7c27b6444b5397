import { AppError } from '../errors';
import type { PaymentRecord } from './message-parts';

/**
 * Who may read which message, decided on the payment record: no HTTP here. The routes
 * turn the caller into a Viewer; these functions refuse what it may not see.
 */

/** Who reads a message: the regulator everything, a bank's back office its own bank's payments, a customer their own account's. */
export type Viewer = { kind: 'all' } | { kind: 'bank'; mspId: string } | { kind: 'account'; address: string };

/** The payment's accounts the viewer may be notified of: payer (debit) first, then payee (credit). */
function visibleSides(viewer: Viewer, payment: PaymentRecord): string[] {
    const sides = [
        { address: payment.payer, bank: payment.payerBank },
        { address: payment.payee, bank: payment.payeeBank },
    ];
    return sides
        .filter((side) => viewer.kind === 'all' || (viewer.kind === 'bank' ? side.bank === viewer.mspId : side.address === viewer.address))
        .map((side) => side.address);
}

export function requireVisible(viewer: Viewer, payment: PaymentRecord): void {
    if (visibleSides(viewer, payment).length === 0) {
        const whose = viewer.kind === 'bank' ? `bank ${viewer.mspId}` : 'your account';
        throw new AppError('FORBIDDEN', `payment ${payment.paymentId} is not a payment of ${whose}`);
    }
}

/**
 * The account a camt.054 goes to: the one named, if the viewer may see it, else the only
 * side of the payment the viewer stands on. A viewer on both sides (the regulator, a bank
 * paying between its own customers) names the account.
 */
export function notifiedAccount(viewer: Viewer, payment: PaymentRecord, named: string | undefined): string {
    requireVisible(viewer, payment);
    const sides = visibleSides(viewer, payment);
    if (named !== undefined) {
        if (named !== payment.payer && named !== payment.payee) {
            throw new AppError('ISO20022_NOT_APPLICABLE', `account ${named.slice(0, 10)}... is neither payer nor payee of ${payment.paymentId}`, 'account');
        }
        if (!sides.includes(named)) {
            throw new AppError('FORBIDDEN', `the ${named === payment.payer ? 'payer' : 'payee'} account of ${payment.paymentId} is not yours to read`);
        }
        return named;
    }
    const [only, other] = sides;
    if (only === undefined || other !== undefined) {
        throw new AppError('VALIDATION_FAILED', `name the account: the payer's for the debit notification, the payee's for the credit`, 'account');
    }
    return only;
}
