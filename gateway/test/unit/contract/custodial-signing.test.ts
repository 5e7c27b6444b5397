import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { deriveAddress, isSignedBy, parseInstruction, parsePublicKey, TRANSACTIONS } from '@corridor/chaincode/api';
import { customerLedgerOn } from '../../../src/custody/customer-ledger';
import { bearer, stubLedger, testApp } from '../../support/test-app';
import { testCustomers } from '../customers/customer-fixtures';
import { accountRecord, accountView, paymentRecord } from '../../support/ledger-records';

/**
 * One canonical JSON: the gateway signs a custodial payment with the contract's signing
 * bytes, and the instruction it sends is accepted by the chaincode's own code path for
 * SubmitPayment (parseInstruction, then isSignedBy with the payer's stored key), imported
 * from the shared module, not copied.
 */
describe('a custodial payment signed in the gateway, checked by the chaincode\'s code', () => {
    async function world() {
        const ledger = stubLedger();
        const submitted: { tx: string; args: string[] }[] = [];
        const accounts = new Map<string, ReturnType<typeof accountView>>();
        ledger.submit.callsFake(async (tx: string, ...args: string[]) => {
            submitted.push({ tx, args });
            if (tx === TRANSACTIONS.accounts.open.name) {
                const body = JSON.parse(args[0] as string) as { publicKey: string; holderRef: string; kycTier: number };
                const address = deriveAddress(parsePublicKey(body.publicKey));
                const account = accountRecord({ publicKey: body.publicKey, address, holderRef: body.holderRef, txId: 'tx-1' });
                accounts.set(address, { ...account, nextSequence: 1 });
                return { result: JSON.stringify(account), txId: 'tx-1', blockNumber: '1' };
            }
            if (tx === TRANSACTIONS.payments.submit.name) {
                return { result: JSON.stringify(paymentRecord(JSON.parse(args[0] as string) as Record<string, unknown>)), txId: 'tx-2', blockNumber: '2' };
            }
            throw new Error(`unexpected ${tx}`);
        });
        ledger.evaluate.callsFake(async (tx: string, address: string) => {
            const account = accounts.get(address);
            if (tx === TRANSACTIONS.accounts.get.name && account !== undefined) {
                return JSON.stringify(account);
            }
            throw new Error(`unexpected ${tx}`);
        });
        const customers = await testCustomers({ ledger: customerLedgerOn(ledger), bankMspId: 'Bank1MSP' });
        return { ...(await testApp(ledger, customers)), submitted };
    }

    it('when a custodial customer pays, then the instruction the gateway sends parses and verifies as SubmitPayment would, and a changed one does not', async () => {
        const w = await world();
        const key = await request(w.app).post('/v1/me/wallet-key').set('Authorization', bearer('customer')).send({ mode: 'custodial' });
        expect(key.status, key.text).to.equal(201);
        const payee = deriveAddress(parsePublicKey(generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString()));
        const body = { paymentId: 'p-1', payee, amount: '10.00', currency: 'EUR', purpose: 'GDDS', reference: 'rent' };
        const paid = await request(w.app).post('/v1/me/payments').set('Authorization', bearer('customer')).set('Idempotency-Key', randomUUID()).send(body);
        expect(paid.status, paid.text).to.equal(201);
        const [sent] = w.submitted.filter((s) => s.tx === TRANSACTIONS.payments.submit.name).map((s) => JSON.parse(s.args[0] as string) as Record<string, unknown>);
        const holder = parsePublicKey(key.body.publicKey as string);
        expect(isSignedBy(parseInstruction(sent), holder)).to.equal(true);
        expect(isSignedBy(parseInstruction({ ...sent, amount: '10.01' }), holder)).to.equal(false);
        expect(isSignedBy(parseInstruction({ ...sent, reference: 'Rent' }), holder)).to.equal(false);
    });
});
