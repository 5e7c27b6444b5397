import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { call, eventually, ORGS, uniqueId, type Org } from '../support/network';
import { TestWallet } from '../support/wallet';

type Balances = Record<string, { available: string; reserved: string }>;

async function balances(org: Org, address: string): Promise<Balances> {
    const res = await call(org, 'GET', `/v1/accounts/${address}/balances`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return Object.fromEntries((res.body.balances as { currency: string; available: string; reserved: string }[]).map((b) => [b.currency, b]));
}

async function openAccount(org: Org, wallet: TestWallet): Promise<void> {
    const res = await call(org, 'POST', '/v1/accounts', { publicKey: wallet.publicKeyPem, holderRef: wallet.holderRef(), kycTier: 2 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    wallet.address = res.body.account.address;
}

type InstructionFields = Parameters<TestWallet['instruction']>[0];

/** Signs with the payer account's next sequence, read from the ledger. */
async function signed(wallet: TestWallet, fields: InstructionFields): Promise<Record<string, unknown>> {
    const account = await call('bank1', 'GET', `/v1/accounts/${wallet.address}`);
    return wallet.instruction(fields, account.body.nextSequence as number);
}

function evidence(text: string): string {
    return createHash('sha256').update(text).digest('hex');
}

async function euroCirculating(): Promise<number> {
    const res = await call('regulator', 'GET', '/v1/supply/EUR');
    return res.status === 200 ? Number(res.body.circulating) : 0;
}

/** Every bank and the regulator answer the same for the same payment. */
async function seenAlikeEverywhere(paymentId: string, status: string): Promise<Record<string, unknown>> {
    const copies = await Promise.all(
        ORGS.map((org) =>
            eventually(async () => {
                const res = await call(org, 'GET', `/v1/payments/${paymentId}`);
                return res.status === 200 && res.body.status === status ? res.body : undefined;
            }),
        ),
    );
    for (const copy of copies) {
        expect(copy).to.deep.equal(copies[0]);
    }
    return copies[0] as Record<string, unknown>;
}

describe('payments between customers of two banks, on the real network', function () {
    this.timeout(180_000);
    const alice = new TestWallet('alice'); // customer of bank 1, which issues EUR
    const bob = new TestWallet('bob'); // customer of bank 2
    const run = uniqueId('pay');
    let circulatingBefore: number;

    before(async () => {
        circulatingBefore = await euroCirculating();
        await openAccount('bank1', alice);
        await openAccount('bank2', bob);
    });

    it('when bank 1 tops up its customer, then the EUR supply and her balance grow by the same amount', async () => {
        const res = await call('bank1', 'POST', '/v1/top-ups', { reference: `SEPA-${run}`, address: alice.address, currency: 'EUR', amount: '500.00' });
        expect(res.status, JSON.stringify(res.body)).to.equal(201);
        expect((await balances('bank1', alice.address)).EUR).to.include({ available: '500.00', reserved: '0.00' });
        expect(await euroCirculating()).to.equal(circulatingBefore + 500);
    });

    it('when alice pays bob across banks, then it settles and every gateway shows the same payment', async () => {
        const res = await call('bank1', 'POST', '/v1/payments', await signed(alice, { paymentId: `${run}-1`, payee: bob.address, amount: '100.00', currency: 'EUR' }));
        expect(res.status, JSON.stringify(res.body)).to.equal(201);
        expect(res.body.payment).to.include({ status: 'settled', payerBank: 'Bank1MSP', payeeBank: 'Bank2MSP' });
        const payment = await seenAlikeEverywhere(`${run}-1`, 'settled');
        expect(payment.txId).to.equal(res.body.txId);
        expect((await balances('bank1', alice.address)).EUR?.available).to.equal('400.00');
        expect((await balances('bank3', bob.address)).EUR?.available).to.equal('100.00');
    });

    it('when bob\'s bank rolls up his pending credit, then his balance stays 100.00 with nothing pending, and another bank may not do it', async () => {
        expect((await balances('bank2', bob.address)).EUR).to.include({ available: '100.00', pendingCredits: 1 });
        const refused = await call('bank1', 'POST', `/v1/accounts/${bob.address}/roll-ups`, { currency: 'EUR' });
        expect(refused.status, JSON.stringify(refused.body)).to.equal(403);
        expect(refused.body.code).to.equal('UNAUTHORIZED');
        expect((await balances('bank2', bob.address)).EUR).to.include({ available: '100.00', pendingCredits: 1 });
        const rolled = await call('bank2', 'POST', `/v1/accounts/${bob.address}/roll-ups`, { currency: 'EUR' });
        expect(rolled.status, JSON.stringify(rolled.body)).to.equal(200);
        expect(rolled.body.balance).to.deep.equal({ address: bob.address, currency: 'EUR', available: '100.00', reserved: '0.00' });
        expect((await balances('regulator', bob.address)).EUR).to.include({ available: '100.00', reserved: '0.00', pendingCredits: 0 });
    });

    it('when a held payment is released, then the reservation moves to bob', async () => {
        const held = await call('bank1', 'POST', '/v1/payments', await signed(alice, { paymentId: `${run}-2`, payee: bob.address, amount: '50.00', currency: 'EUR', hold: true }));
        expect(held.body.payment?.status, JSON.stringify(held.body)).to.equal('held');
        expect((await balances('bank1', alice.address)).EUR).to.include({ available: '350.00', reserved: '50.00' });
        const settled = await call('bank1', 'POST', `/v1/payments/${run}-2/settle`);
        expect(settled.status, JSON.stringify(settled.body)).to.equal(200);
        await seenAlikeEverywhere(`${run}-2`, 'settled');
        expect((await balances('bank1', alice.address)).EUR).to.include({ available: '350.00', reserved: '0.00' });
        expect((await balances('bank2', bob.address)).EUR?.available).to.equal('150.00');
    });

    it('when a held payment is rejected, then the reserved funds return to alice', async () => {
        await call('bank1', 'POST', '/v1/payments', await signed(alice, { paymentId: `${run}-3`, payee: bob.address, amount: '30.00', currency: 'EUR', hold: true }));
        const rejected = await call('bank1', 'POST', `/v1/payments/${run}-3/reject`, { reason: 'customer could not confirm the payee' });
        expect(rejected.status, JSON.stringify(rejected.body)).to.equal(200);
        await seenAlikeEverywhere(`${run}-3`, 'rejected');
        expect((await balances('bank1', alice.address)).EUR).to.include({ available: '350.00', reserved: '0.00' });
    });

    it('when alice cancels a held payment with her signature, then the reserved funds return to her', async () => {
        await call('bank1', 'POST', '/v1/payments', await signed(alice, { paymentId: `${run}-4`, payee: bob.address, amount: '20.00', currency: 'EUR', hold: true }));
        const signature = alice.signBytes({ action: 'cancel', paymentId: `${run}-4` });
        const cancelled = await call('bank1', 'POST', `/v1/payments/${run}-4/cancel`, { signature });
        expect(cancelled.status, JSON.stringify(cancelled.body)).to.equal(200);
        await seenAlikeEverywhere(`${run}-4`, 'cancelled');
        expect((await balances('bank1', alice.address)).EUR).to.include({ available: '350.00', reserved: '0.00' });
    });

    it('when bank 1 asks a partial refund for a wrong payee and bank 2 approves, then 40.00 returns to alice', async () => {
        const requested = await call('bank1', 'POST', '/v1/refunds', {
            refundId: `${run}-r1`, paymentId: `${run}-1`, amount: '40.00', reason: 'wrong-payee', evidenceRef: evidence(`case-${run}`),
        });
        expect(requested.status, JSON.stringify(requested.body)).to.equal(201);
        const approved = await call('bank2', 'POST', `/v1/refunds/${run}-r1/approve`);
        expect(approved.status, JSON.stringify(approved.body)).to.equal(200);
        const payment = await seenAlikeEverywhere(`${run}-1`, 'partly-refunded');
        expect(payment.refunded).to.equal('40.00');
        expect((await balances('bank1', alice.address)).EUR?.available).to.equal('390.00');
        expect((await balances('bank2', bob.address)).EUR?.available).to.equal('110.00');
    });

    it('when a refund would exceed what was paid, then it is refused and nothing moves', async () => {
        const res = await call('bank1', 'POST', '/v1/refunds', {
            refundId: `${run}-r2`, paymentId: `${run}-1`, amount: '60.01', reason: 'other', evidenceRef: evidence(`case-${run}`),
        });
        expect(res.body.code, JSON.stringify(res.body)).to.equal('REFUND_EXCEEDS_PAYMENT');
        expect((await balances('bank1', alice.address)).EUR?.available).to.equal('390.00');
    });

    describe('when an instruction is bad, then it is refused with its code and balances stay', () => {
        const cases: [string, () => Promise<{ status: number; body: { code: string } }>, string][] = [
            ['replayed', async () => call('bank1', 'POST', '/v1/payments', { ...(await replayable()) }), 'DUPLICATE_REQUEST'],
            ['with a forged signature', async () => {
                const forged = await signed(alice, { paymentId: `${run}-forged`, payee: bob.address, amount: '1.00', currency: 'EUR' });
                return call('bank1', 'POST', '/v1/payments', { ...forged, amount: '300.00' });
            }, 'BAD_SIGNATURE'],
            ['over the balance', async () => call('bank1', 'POST', '/v1/payments', await signed(alice, { paymentId: `${run}-big`, payee: bob.address, amount: '9000.00', currency: 'EUR' })), 'INSUFFICIENT_FUNDS'],
            ['submitted by a bank that does not serve the payer', async () => call('bank2', 'POST', '/v1/payments', await signed(alice, { paymentId: `${run}-b2`, payee: bob.address, amount: '1.00', currency: 'EUR' })), 'UNAUTHORIZED'],
            ['to a mistyped address', async () => call('bank1', 'POST', '/v1/payments', await signed(alice, { paymentId: `${run}-typo`, payee: bob.address.slice(0, -1) + (bob.address.endsWith('0') ? '1' : '0'), amount: '1.00', currency: 'EUR' })), 'INVALID_ADDRESS'],
        ];
        let firstInstruction: Record<string, unknown> | undefined;
        async function replayable(): Promise<Record<string, unknown>> {
            firstInstruction ??= await signed(alice, { paymentId: `${run}-once`, payee: bob.address, amount: '1.00', currency: 'EUR' });
            const first = await call('bank1', 'POST', '/v1/payments', firstInstruction);
            expect(first.status, JSON.stringify(first.body)).to.equal(201);
            return firstInstruction;
        }
        for (const [name, send, code] of cases) {
            it(name, async () => {
                const before = await balances('bank1', alice.address);
                const res = await send();
                expect(res.body.code, JSON.stringify(res.body)).to.equal(code);
                const after = await balances('bank1', alice.address);
                // The replay case pays 1.00 once, on purpose, before replaying it.
                const expected = name === 'replayed' ? (Number(before.EUR?.available) - 1).toFixed(2) : before.EUR?.available;
                expect(after.EUR?.available).to.equal(expected);
            });
        }

        it('minting a currency the bank does not issue', async () => {
            const res = await call('bank2', 'POST', '/v1/top-ups', { reference: `X-${run}`, address: bob.address, currency: 'EUR', amount: '5.00' });
            expect(res.body.code).to.equal('UNAUTHORIZED');
        });

        it('the regulator writing anything', async () => {
            const res = await call('regulator', 'POST', '/v1/top-ups', { reference: `R-${run}`, address: alice.address, currency: 'EUR', amount: '5.00' });
            expect(res.status).to.equal(403);
        });
    });

    it('then EUR is conserved: circulating supply grew by exactly what the two accounts hold', async () => {
        const a = await balances('regulator', alice.address);
        const b = await balances('regulator', bob.address);
        const held = Number(a.EUR?.available) + Number(a.EUR?.reserved) + Number(b.EUR?.available) + Number(b.EUR?.reserved);
        expect(held).to.equal(500);
        expect(await euroCirculating()).to.equal(circulatingBefore + 500);
    });
});

describe('top-ups of one currency at once, on the real network', function () {
    this.timeout(180_000);
    const run = uniqueId('par');
    const wallets = Array.from({ length: 8 }, (_, i) => new TestWallet(`topup-${i}`));
    const amount = (i: number): string => `${i + 1}.00`;
    let circulatingBefore: number;

    before(async () => {
        circulatingBefore = await euroCirculating();
        await Promise.all(wallets.map((wallet) => openAccount('bank1', wallet)));
    });

    it('when bank 1 sends eight top-ups together, then every one commits (no conflict on the supply) and the supply grows by their sum', async () => {
        const results = await Promise.all(
            wallets.map((wallet, i) => call('bank1', 'POST', '/v1/top-ups', { reference: `SEPA-${run}-${i}`, address: wallet.address, currency: 'EUR', amount: amount(i) })),
        );
        expect(results.map((res) => res.status), JSON.stringify(results.map((res) => res.body))).to.deep.equal(Array(8).fill(201));
        for (const [i, wallet] of wallets.entries()) {
            expect((await balances('bank1', wallet.address)).EUR).to.include({ available: amount(i) });
        }
        expect(await euroCirculating()).to.equal(circulatingBefore + 36);
    });

    it('when bank 1 rolls the EUR supply up, then the totals stay as they were; bank 2 may not', async () => {
        const before = await call('regulator', 'GET', '/v1/supply/EUR');
        const rolled = await call('bank1', 'POST', '/v1/supply/roll-ups', { currency: 'EUR' });
        expect(rolled.status, JSON.stringify(rolled.body)).to.equal(200);
        expect(rolled.body.supply).to.include({ issued: before.body.issued, redeemed: before.body.redeemed, circulating: before.body.circulating });
        const refused = await call('bank2', 'POST', '/v1/supply/roll-ups', { currency: 'EUR' });
        expect(refused.status).to.equal(403);
        expect(refused.body.code).to.equal('UNAUTHORIZED');
    });

    it('then the eight withdrawals together leave the accounts empty and the supply where it began', async () => {
        const results = await Promise.all(
            wallets.map((wallet, i) => call('bank1', 'POST', '/v1/withdrawals', { reference: `WD-${run}-${i}`, address: wallet.address, currency: 'EUR', amount: amount(i) })),
        );
        expect(results.map((res) => res.status), JSON.stringify(results.map((res) => res.body))).to.deep.equal(Array(8).fill(201));
        expect(await euroCirculating()).to.equal(circulatingBefore);
    });
});
