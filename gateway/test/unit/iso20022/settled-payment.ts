import { BankDirectory, type PaymentRecord } from '../../../src/iso20022/message-parts';
import { paymentRecord } from '../../support/ledger-records';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { wallet } from './pain001-fixture';

/** The consortium's member banks, as network/consortium.json states them. */
const consortium = JSON.parse(readFileSync(resolve(__dirname, '..', '..', '..', '..', '..', 'network', 'consortium.json'), 'utf8')) as { members: { mspId: string; bic: string; legalName: string; country: string }[] };
export const BANKS = new BankDirectory(consortium.members.map(({ mspId, bic, legalName, country }) => ({ mspId, bic, legalName, country })));

export const PAYER = wallet('payer').address;
export const PAYEE = wallet('payee').address;

/** A payment of 120.50 EUR from bank 1 (Germany) to bank 2 (United States), settled. */
export function settledPayment(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
    const record = paymentRecord({}, {
        paymentId: 'E2E-1',
        txId: 'a'.repeat(64),
        time: '2026-11-18T10:00:00Z',
        payer: PAYER,
        payee: PAYEE,
        payerBank: 'Bank1MSP',
        payeeBank: 'Bank2MSP',
        amount: '120.50',
        currency: 'EUR',
        reference: 'Invoice 42 <& co>',
        purpose: 'GDDS',
        status: 'settled',
        history: [{ status: 'settled', time: '2026-11-18T10:00:00Z', txId: 'a'.repeat(64) }],
    });
    return { ...record, ...overrides };
}
