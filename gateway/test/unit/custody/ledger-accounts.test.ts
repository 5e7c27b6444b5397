import { generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { expect } from 'chai';
import sinon from 'sinon';
import request from 'supertest';
import { signingBytes, parsePublicKey, verifySignature, deriveAddress } from '@corridor/chaincode/api';
import { AppError } from '../../../src/errors';
import { customerLedgerOn } from '../../../src/custody/customer-ledger';
import { addressOf } from '../../../src/custody/ledger-account-service';
import { sha256Hex } from '../../../src/security/secret-token';
import { bearer, stubLedger, testApp, type LedgerStub } from '../../support/test-app';
import { testCustomers } from '../customers/customer-fixtures';
import { accountView, balanceRecord, paymentRecord, supplyRecord } from '../../support/ledger-records';

const identity = {
    legalName: 'Grace Brewster Hopper',
    dateOfBirth: '1906-12-09',
    nationality: 'US',
    address: '1 Navy Yard, Washington',
    idDocument: { type: 'passport', number: 'P7654321', issuingCountry: 'US', expiresOn: '2031-01-01' },
    documentRefs: ['doc:passport-scan-7'],
};

type FakeAccount = ReturnType<typeof accountView>;

/** A ledger stub that keeps accounts like the chaincode: address from the key, one bank per account. */
function fakeLedger(): { ledger: LedgerStub; accounts: Map<string, FakeAccount>; submitted: { tx: string; args: string[] }[] } {
    const ledger = stubLedger();
    const accounts = new Map<string, FakeAccount>();
    const submitted: { tx: string; args: string[] }[] = [];
    let n = 0;
    ledger.submit.callsFake(async (tx: string, args: string[]) => {
        submitted.push({ tx, args });
        const txId = `tx-${++n}`;
        const result = (value: unknown) => ({ result: JSON.stringify(value), txId, blockNumber: String(10 + n) });
        const record = ({ nextSequence: _next, ...account }: FakeAccount) => result(account);
        if (tx === 'Accounts:OpenAccount') {
            const body = JSON.parse(args[0] as string) as { publicKey: string; holderRef: string; kycTier: number };
            const address = addressOf(body.publicKey);
            if (accounts.has(address)) {
                throw new AppError('ALREADY_EXISTS', `account ${address} is already open`);
            }
            const account = accountView({ publicKey: body.publicKey, address, holderRef: body.holderRef, kycTier: body.kycTier as FakeAccount['kycTier'], highRisk: false, txId });
            accounts.set(address, account);
            return record(account);
        }
        const account = accounts.get(args[0] as string);
        if (tx === 'Accounts:SetKycTier' && account) {
            account.kycTier = Number(args[1]) as FakeAccount['kycTier'];
            return record(account);
        }
        if (tx === 'Accounts:SetHighRisk' && account) {
            account.highRisk = args[1] === 'true';
            return record(account);
        }
        if (tx === 'Payments:SubmitPayment') {
            const instruction = JSON.parse(args[0] as string) as { payer: string };
            (accounts.get(instruction.payer) as FakeAccount).nextSequence += 1;
            return result(paymentRecord(instruction));
        }
        if (tx === 'Accounts:Mint') {
            return result(supplyRecord(JSON.parse(args[0] as string) as Record<string, unknown>));
        }
        throw new Error(`unexpected ${tx}`);
    });
    ledger.evaluate.callsFake(async (tx: string, address: string) => {
        const account = accounts.get(address);
        if (account === undefined) {
            throw new AppError('ACCOUNT_NOT_FOUND', `no account ${address}`);
        }
        if (tx === 'Accounts:GetAccount') {
            return JSON.stringify(account);
        }
        if (tx === 'Accounts:GetBalances') {
            return JSON.stringify([balanceRecord()]);
        }
        throw new Error(`unexpected ${tx}`);
    });
    return { ledger, accounts, submitted };
}

async function world() {
    const fake = fakeLedger();
    const customers = await testCustomers({ ledger: customerLedgerOn(fake.ledger), bankMspId: 'Bank1MSP' });
    const w = await testApp(fake.ledger, customers);
    return { ...w, ...fake };
}

type World = Awaited<ReturnType<typeof world>>;

async function myId(w: World): Promise<string> {
    return (await request(w.app).get('/v1/me').set('Authorization', bearer('customer'))).body.id as string;
}

/** A second signed-in customer of the same bank, for "not your account" cases. */
async function anotherCustomer(w: World): Promise<string> {
    const id = randomUUID();
    const at = w.customers.clock.now().toISOString();
    const token = `session-other-${randomBytes(16).toString('hex')}`;
    await w.customers.store.insertUser({
        id, role: 'customer', name: 'Other', phone: null, email: `${id}@corridor.example`, phoneVerified: false, emailVerified: true,
        passwordHash: 'x', agreements: null, createdAt: at, updatedAt: at,
    });
    await w.customers.store.insertSession({
        id: randomBytes(16).toString('hex'), userId: id, tokenHash: sha256Hex(token), createdAt: at, lastSeenAt: at,
        expiresAt: new Date(w.customers.clock.now().getTime() + 3_600_000).toISOString(), revokedAt: null, clientAddress: '127.0.0.1',
    });
    return `Bearer ${token}`;
}

function post(w: World, path: string, auth: string, body: unknown, key: string | null = randomUUID()) {
    const call = request(w.app).post(path).set('Authorization', auth);
    return (key === null ? call : call.set('Idempotency-Key', key)).send(body as object);
}

describe('customers: ledger accounts and payments from their own account', () => {
    it('when a customer sets a custodial key, then the bank opens a tier-0 ledger account with a keyed holder reference and remembers its address', async () => {
        const w = await world();
        const id = await myId(w);
        const res = await post(w, '/v1/me/wallet-key', bearer('customer'), { mode: 'custodial' }, null);
        expect(res.status, res.text).to.equal(201);
        const open = w.submitted.find((s) => s.tx === 'Accounts:OpenAccount');
        const body = JSON.parse(open?.args[0] as string);
        expect(body.kycTier).to.equal(0);
        expect(body.holderRef).to.match(/^[0-9a-f]{64}$/).and.not.equal(sha256Hex(id));
        expect(body.holderRef).to.equal(w.customers.module.ledgerAccounts.holderRefOf(id));
        expect(res.body.account.address).to.equal(deriveAddress(parsePublicKey(res.body.publicKey)));
        expect((await w.customers.store.getLedgerAccount(id))?.address).to.equal(res.body.account.address);
        const mine = await request(w.app).get('/v1/me/account').set('Authorization', bearer('customer'));
        expect(mine.status, mine.text).to.equal(200);
        expect(mine.body).to.deep.include({ address: res.body.account.address, kycTier: 0, nextSequence: 1 });
        expect(mine.body.balances).to.deep.equal([balanceRecord()]);
    });

    it('when the ledger is down as the key is set, then the key is kept, the answer says so, and POST /v1/me/account opens it later, once', async () => {
        const w = await world();
        w.ledger.submit.onFirstCall().rejects(new AppError('LEDGER_UNAVAILABLE', 'down'));
        const res = await post(w, '/v1/me/wallet-key', bearer('customer'), { mode: 'custodial' }, null);
        expect(res.status, res.text).to.equal(201);
        expect(res.body.account).to.deep.equal({ address: null, code: 'LEDGER_UNAVAILABLE', retry: 'POST /v1/me/account' });
        expect((await request(w.app).get('/v1/me/account').set('Authorization', bearer('customer'))).status).to.equal(404);
        const opened = await post(w, '/v1/me/account', bearer('customer'), {});
        expect(opened.status, opened.text).to.equal(201);
        expect(opened.body.address).to.equal(addressOf(res.body.publicKey));
        const again = await post(w, '/v1/me/account', bearer('customer'), {});
        expect([again.status, again.body.address]).to.deep.equal([201, opened.body.address]);
        expect(w.accounts.size).to.equal(1);
    });

    it('when the account was opened but the answer lost, then opening again adopts it only because this bank holds it for this customer', async () => {
        const w = await world();
        const id = await myId(w);
        await w.customers.module.wallets.createCustodial(id, '127.0.0.1');
        const key = await w.customers.store.getWalletKey(id);
        await w.ledger.submit('Accounts:OpenAccount', [JSON.stringify({ publicKey: key?.publicKey, holderRef: w.customers.module.ledgerAccounts.holderRefOf(id), kycTier: 0 })]);
        const opened = await post(w, '/v1/me/account', bearer('customer'), {});
        expect(opened.status, opened.text).to.equal(201);
        (w.accounts.get(opened.body.address) as FakeAccount).bank = 'Bank2MSP';
        await w.customers.store.db.run('DELETE FROM ledger_accounts');
        const foreign = await post(w, '/v1/me/account', bearer('customer'), {});
        expect([foreign.status, foreign.body.code]).to.deep.equal([409, 'ALREADY_EXISTS']);
    });

    it('when compliance approves the KYC of a customer with an account, then the ledger tier and risk flag change; without an account, the approved tier is used at opening', async () => {
        const w = await world();
        const id = await myId(w);
        await post(w, '/v1/me/wallet-key', bearer('customer'), { mode: 'custodial' }, null);
        await request(w.app).post('/v1/me/kyc').set('Authorization', bearer('customer')).send(identity);
        const decided = await request(w.app).post(`/v1/kyc/${id}/decision`).set('Authorization', bearer('compliance_officer')).send({ decision: 'approve', reason: 'documents checked', tier: 2, highRisk: true });
        expect(decided.status, decided.text).to.equal(200);
        const address = (await w.customers.store.getLedgerAccount(id))?.address as string;
        expect(w.submitted.filter((s) => s.tx !== 'Accounts:OpenAccount')).to.deep.equal([
            { tx: 'Accounts:SetKycTier', args: [address, '2'] },
            { tx: 'Accounts:SetHighRisk', args: [address, 'true', 'KYC review'] },
        ]);

        const later = await world();
        const laterId = await myId(later);
        await request(later.app).post('/v1/me/kyc').set('Authorization', bearer('customer')).send(identity);
        await request(later.app).post(`/v1/kyc/${laterId}/decision`).set('Authorization', bearer('compliance_officer')).send({ decision: 'approve', reason: 'ok', tier: 1, highRisk: false });
        expect(later.submitted).to.deep.equal([]);
        await post(later, '/v1/me/wallet-key', bearer('customer'), { mode: 'custodial' }, null);
        expect(JSON.parse(later.submitted[0]?.args[0] as string).kycTier).to.equal(1);
    });

    it('when the ledger refuses the tier, then the approval is not recorded', async () => {
        const w = await world();
        const id = await myId(w);
        await post(w, '/v1/me/wallet-key', bearer('customer'), { mode: 'custodial' }, null);
        await request(w.app).post('/v1/me/kyc').set('Authorization', bearer('customer')).send(identity);
        w.ledger.submit.rejects(new AppError('LEDGER_UNAVAILABLE', 'down'));
        const decided = await request(w.app).post(`/v1/kyc/${id}/decision`).set('Authorization', bearer('compliance_officer')).send({ decision: 'approve', reason: 'ok', tier: 2, highRisk: false });
        expect(decided.status).to.equal(503);
        expect((await w.customers.store.getKyc(id))?.status).to.equal('submitted');
    });

    it('when a custodial customer pays, then the gateway signs the instruction with the next sequence, the chaincode code verifies it, and a retry with the same key pays once', async () => {
        const w = await world();
        const key = await post(w, '/v1/me/wallet-key', bearer('customer'), { mode: 'custodial' }, null);
        const payee = addressOf(generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64'));
        const body = { paymentId: 'p-1', payee, amount: '10.00', currency: 'EUR', purpose: 'GDDS', reference: 'rent' };
        const res = await post(w, '/v1/me/payments', bearer('customer'), body, 'idem-key-0001');
        expect(res.status, res.text).to.equal(201);
        const sent = JSON.parse(w.submitted.find((s) => s.tx === 'Payments:SubmitPayment')?.args[0] as string) as Record<string, unknown>;
        expect(sent).to.include({ ...body, payer: key.body.account.address, sequence: 1 });
        expect(Date.parse(sent.expiresAt as string) - w.customers.clock.now().getTime()).to.equal(15 * 60 * 1000);
        const { signature, ...unsigned } = sent;
        expect(verifySignature(parsePublicKey(key.body.publicKey), signingBytes(unsigned), signature as string)).to.equal(true);
        const replay = await post(w, '/v1/me/payments', bearer('customer'), body, 'idem-key-0001');
        expect([replay.status, replay.headers['idempotent-replayed']]).to.deep.equal([201, 'true']);
        expect(w.submitted.filter((s) => s.tx === 'Payments:SubmitPayment')).to.have.length(1);
        const second = await post(w, '/v1/me/payments', bearer('customer'), { ...body, paymentId: 'p-2' });
        expect(JSON.parse(w.submitted.at(-1)?.args[0] as string).sequence).to.equal(2);
        expect(second.status).to.equal(201);
    });

    it('when a customer pays without an Idempotency-Key, then 400 and nothing reaches the ledger', async () => {
        const w = await world();
        await post(w, '/v1/me/wallet-key', bearer('customer'), { mode: 'custodial' }, null);
        const res = await post(w, '/v1/me/payments', bearer('customer'), { paymentId: 'p-1', payee: 'cx' + 'a'.repeat(48), amount: '1.00', currency: 'EUR', purpose: 'GDDS' }, null);
        expect([res.status, res.body.field]).to.deep.equal([400, 'Idempotency-Key']);
        expect(w.submitted.filter((s) => s.tx === 'Payments:SubmitPayment')).to.deep.equal([]);
    });

    it('when a self-custody customer asks the gateway to pay for them, then it refuses to sign and nothing is signed or sent', async () => {
        const w = await world();
        const pair = generateKeyPairSync('ed25519');
        const publicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
        await post(w, '/v1/me/wallet-key', bearer('customer'), { mode: 'self_custody', publicKey }, null);
        const signFor = sinon.spy(w.customers.module.wallets, 'signFor');
        const res = await post(w, '/v1/me/payments', bearer('customer'), { paymentId: 'p-1', payee: 'cx' + 'a'.repeat(48), amount: '1.00', currency: 'EUR', purpose: 'GDDS' });
        expect([res.status, res.body.code]).to.deep.equal([403, 'FORBIDDEN']);
        expect(res.body.detail).to.match(/never signs/);
        expect(signFor.called).to.equal(false);
        expect(w.submitted.filter((s) => s.tx === 'Payments:SubmitPayment')).to.deep.equal([]);
    });

    it('when a self-custody customer sends an instruction signed outside the gateway, then it is forwarded byte for byte as signed', async () => {
        const w = await world();
        const pair = generateKeyPairSync('ed25519');
        const publicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
        const key = await post(w, '/v1/me/wallet-key', bearer('customer'), { mode: 'self_custody', publicKey }, null);
        const unsigned = { paymentId: 'p-9', payer: key.body.account.address, payee: 'cx' + 'b'.repeat(48), amount: '2.50', currency: 'EUR', purpose: 'GDDS', sequence: 1, expiresAt: '2026-03-02T10:00:00.000Z' };
        const instruction = { ...unsigned, signature: sign(null, signingBytes(unsigned), pair.privateKey).toString('base64') };
        const res = await post(w, '/v1/me/payments', bearer('customer'), instruction);
        expect(res.status, res.text).to.equal(201);
        expect(JSON.parse(w.submitted.at(-1)?.args[0] as string)).to.deep.equal(instruction);
    });

    it('when a custodial customer sends an instruction of their own with a signature, then 400: the bank holds the key and signs', async () => {
        const w = await world();
        const key = await post(w, '/v1/me/wallet-key', bearer('customer'), { mode: 'custodial' }, null);
        const res = await post(w, '/v1/me/payments', bearer('customer'), {
            paymentId: 'p-s', payer: key.body.account.address, payee: 'cx' + 'b'.repeat(48), amount: '1.00', currency: 'EUR', purpose: 'GDDS', sequence: 1, expiresAt: '2026-03-02T10:00:00.000Z', signature: 'AAAA',
        });
        expect([res.status, res.body.code, res.body.field]).to.deep.equal([400, 'VALIDATION_FAILED', 'signature']);
        expect(w.submitted.filter((s) => s.tx === 'Payments:SubmitPayment')).to.deep.equal([]);
    });

    it("when a customer's instruction names another customer's account as payer, then 403 before the ledger", async () => {
        const w = await world();
        const pair = generateKeyPairSync('ed25519');
        await post(w, '/v1/me/wallet-key', bearer('customer'), { mode: 'self_custody', publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64') }, null);
        const other = await anotherCustomer(w);
        const theirs = await post(w, '/v1/me/wallet-key', other, { mode: 'custodial' }, null);
        const unsigned = { paymentId: 'p-x', payer: theirs.body.account.address, payee: 'cx' + 'b'.repeat(48), amount: '2.50', currency: 'EUR', purpose: 'GDDS', sequence: 1, expiresAt: '2026-03-02T10:00:00.000Z' };
        const res = await post(w, '/v1/me/payments', bearer('customer'), { ...unsigned, signature: sign(null, signingBytes(unsigned), pair.privateKey).toString('base64') });
        expect([res.status, res.body.code, res.body.field]).to.deep.equal([403, 'FORBIDDEN', 'payer']);
        expect(w.submitted.filter((s) => s.tx === 'Payments:SubmitPayment')).to.deep.equal([]);
    });

    it("when a customer tries the staff account routes on another customer's address, then 403: customers only ever see their own account", async () => {
        const w = await world();
        const other = await anotherCustomer(w);
        const theirs = await post(w, '/v1/me/wallet-key', other, { mode: 'custodial' }, null);
        for (const path of [`/v1/accounts/${theirs.body.account.address}`, `/v1/accounts/${theirs.body.account.address}/balances`]) {
            const res = await request(w.app).get(path).set('Authorization', bearer('customer'));
            expect([res.status, res.body.code], path).to.deep.equal([403, 'FORBIDDEN']);
        }
        const mine = await request(w.app).get('/v1/me/account').set('Authorization', bearer('customer'));
        expect([mine.status, mine.body.code]).to.deep.equal([404, 'NOT_FOUND']);
    });

    it('when a teller of bank 1 tops up an account of bank 2, then 403 UNAUTHORIZED before anything is endorsed; an account of bank 1 is topped up', async () => {
        const w = await world();
        const theirs = await post(w, '/v1/me/wallet-key', bearer('customer'), { mode: 'custodial' }, null);
        const address = theirs.body.account.address as string;
        (w.accounts.get(address) as FakeAccount).bank = 'Bank2MSP';
        const refused = await post(w, '/v1/top-ups', bearer('teller'), { reference: 'SEPA-1', address, currency: 'EUR', amount: '10.00' });
        expect([refused.status, refused.body.code]).to.deep.equal([403, 'UNAUTHORIZED']);
        expect(w.submitted.filter((s) => s.tx === 'Accounts:Mint')).to.deep.equal([]);
        (w.accounts.get(address) as FakeAccount).bank = 'Bank1MSP';
        const done = await post(w, '/v1/top-ups', bearer('teller'), { reference: 'SEPA-2', address, currency: 'EUR', amount: '10.00' });
        expect(done.status, done.text).to.equal(201);
        expect(w.submitted.filter((s) => s.tx === 'Accounts:Mint')).to.have.length(1);
    });

    it('when the gateway derives an address, then it is the chaincode\'s own derivation', () => {
        for (let i = 0; i < 20; i++) {
            const pair = i % 2 === 0 ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
            const spki = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
            expect(addressOf(spki)).to.equal(deriveAddress(parsePublicKey(spki)));
        }
    });
});
