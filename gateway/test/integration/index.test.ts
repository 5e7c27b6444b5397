import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { apiKey, call, eventually, networkScript, ORGS, pidOf, uniqueId, type Org } from '../support/network';
import { TestWallet } from '../support/wallet';

/**
 * The off-chain index on the real network: every gateway indexes the channel's blocks;
 * what bank 1 writes shows up in bank 2's index and the regulator's with the same
 * history, statements equal Accounts:GetBalances to the minor unit, and an index whose
 * gateway was killed resumes without losing or double-counting anything.
 */

interface Entry { amount: string }

async function openAccount(org: Org, wallet: TestWallet): Promise<void> {
    const res = await call(org, 'POST', '/v1/accounts', { publicKey: wallet.publicKeyPem, holderRef: wallet.holderRef(), kycTier: 2 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    wallet.address = res.body.account.address;
}

async function pay(wallet: TestWallet, fields: Parameters<TestWallet['instruction']>[0]): Promise<{ txId: string; blockNumber: string }> {
    const account = await call('bank1', 'GET', `/v1/accounts/${wallet.address}`);
    const res = await call('bank1', 'POST', '/v1/payments', wallet.instruction(fields, account.body.nextSequence as number));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return { txId: res.body.txId, blockNumber: res.body.blockNumber };
}

/** Minor units of a decimal string, exactly. */
function minor(amount: string): bigint {
    const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
    const value = BigInt(whole + fraction.padEnd(2, '0'));
    return amount.startsWith('-') ? -value : value;
}

/** Waits until the gateway's index has every block the channel had when we asked. */
async function indexCaughtUp(org: Org): Promise<void> {
    await eventually(async () => {
        const health = await call(org, 'GET', '/health');
        return health.body.indexLag === '0' ? true : undefined;
    }, 60_000);
}

/** The ledger's balances (Accounts:GetBalances through the gateway), by currency, in minor units. */
async function ledgerBalances(org: Org, address: string): Promise<Record<string, { available: bigint; reserved: bigint }>> {
    const res = await call(org, 'GET', `/v1/accounts/${address}/balances`);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return Object.fromEntries(
        (res.body.balances as { currency: string; available: string; reserved: string }[]).map((b) => [b.currency, { available: minor(b.available), reserved: minor(b.reserved) }]),
    );
}

/** The whole statement of an account, every page, checked to add up. */
async function statement(org: Org, address: string): Promise<Record<string, { available: bigint; reserved: bigint; entries: number }>> {
    const result: Record<string, { available: bigint; reserved: bigint; entries: number }> = {};
    let cursor: string | null = null;
    const moved: Record<string, bigint> = {};
    let opening: Record<string, bigint> = {};
    do {
        const res: { status: number; body: any } = await call(org, 'GET', `/v1/statements?account=${address}&from=2020-01-01&to=2100-01-01&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`); // eslint-disable-line @typescript-eslint/no-explicit-any
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        opening = Object.fromEntries(res.body.currencies.map((c: { currency: string; opening: { balance: string } }) => [c.currency, minor(c.opening.balance)]));
        for (const c of res.body.currencies as { currency: string; closing: { available: string; reserved: string } }[]) {
            result[c.currency] = { available: minor(c.closing.available), reserved: minor(c.closing.reserved), entries: result[c.currency]?.entries ?? 0 };
        }
        for (const entry of res.body.entries as (Entry & { currency: string })[]) {
            moved[entry.currency] = (moved[entry.currency] ?? 0n) + minor(entry.amount);
            (result[entry.currency] as { entries: number }).entries++;
        }
        cursor = res.body.nextCursor;
    } while (cursor !== null);
    for (const [currency, closing] of Object.entries(result)) {
        expect((opening[currency] ?? 0n) + (moved[currency] ?? 0n), `${currency}: opening + entries`).to.equal(closing.available + closing.reserved);
    }
    return result;
}

describe('the off-chain index on the real network', function () {
    this.timeout(300_000);
    const alice = new TestWallet('alice-index'); // customer of bank 1 (EUR issuer)
    const bob = new TestWallet('bob-index'); // customer of bank 2
    const run = uniqueId('idx');
    let settled: { txId: string; blockNumber: string };

    before(async () => {
        await openAccount('bank1', alice);
        await openAccount('bank2', bob);
        const top = await call('bank1', 'POST', '/v1/top-ups', { reference: `SEPA-${run}`, address: alice.address, currency: 'EUR', amount: '300.00' });
        expect(top.status, JSON.stringify(top.body)).to.equal(201);
        settled = await pay(alice, { paymentId: `${run}-1`, payee: bob.address, amount: '100.00', currency: 'EUR' });
        await pay(alice, { paymentId: `${run}-2`, payee: bob.address, amount: '50.00', currency: 'EUR', hold: true });
        expect((await call('bank1', 'POST', `/v1/payments/${run}-2/settle`)).status).to.equal(200);
        await pay(alice, { paymentId: `${run}-3`, payee: bob.address, amount: '30.00', currency: 'EUR', hold: true });
        expect((await call('bank1', 'POST', `/v1/payments/${run}-3/reject`, { reason: 'payee not confirmed' })).status).to.equal(200);
        await pay(alice, { paymentId: `${run}-4`, payee: bob.address, amount: '20.00', currency: 'EUR', hold: true }); // stays held
        const refund = await call('bank1', 'POST', '/v1/refunds', {
            refundId: `${run}-r1`, paymentId: `${run}-1`, amount: '40.00', reason: 'wrong-payee', evidenceRef: createHash('sha256').update(run).digest('hex'),
        });
        expect(refund.status, JSON.stringify(refund.body)).to.equal(201);
        expect((await call('bank2', 'POST', `/v1/refunds/${run}-r1/approve`)).status).to.equal(200);
        await Promise.all(ORGS.map(indexCaughtUp));
    });

    it('when bank 1 pays, then bank 2 and the regulator index the payment with the same status history', async () => {
        const views = await Promise.all(['bank1', 'bank2', 'regulator'].map(async (org) => (await call(org as Org, 'GET', `/v1/transactions/${run}-2`)).body));
        for (const view of views) {
            expect(view.history.map((h: { state: string }) => h.state)).to.deep.equal(['held', 'settled']);
            expect(view.history).to.deep.equal(views[0].history);
            expect(view).to.include({ serialNumber: `${run}-2`, amount: '50.00', currency: 'EUR', status: 'succeeded' });
        }
        expect(views[0]).to.include({ type: 'remittance', direction: 'out' });
        expect(views[1]).to.include({ type: 'receipt', direction: 'in' });
        const refunded = (await call('bank2', 'GET', `/v1/transactions/${run}-1`)).body;
        expect(refunded.history.map((h: { state: string }) => h.state)).to.deep.equal(['settled', 'refund-requested', 'partly-refunded']);
        expect(refunded.refunded).to.equal('40.00');
    });

    it('when bank 3 lists transactions, then a payment between banks 1 and 2 is not in its view', async () => {
        const res = await call('bank3', 'GET', `/v1/transactions?serialNumber=${run}-1`);
        expect(res.status).to.equal(200);
        expect(res.body.items).to.deep.equal([]);
        expect((await call('regulator', 'GET', `/v1/transactions?serialNumber=${run}-1`)).body.items).to.have.length(1);
    });

    it('when filters select the run, then status and type filters split it as the ledger does', async () => {
        const mine = async (query: string): Promise<string[]> =>
            ((await call('bank1', 'GET', `/v1/transactions?account=${alice.address}&sort=time&${query}`)).body.items as { serialNumber: string }[]).map((i) => i.serialNumber);
        expect(await mine('status=pending')).to.deep.equal([`${run}-4`]);
        expect(await mine('status=failed')).to.deep.equal([`${run}-3`]);
        expect(await mine('type=refund')).to.deep.equal([`${run}-r1`]);
        expect(await mine('type=top-up')).to.deep.equal([`Bank1MSP:SEPA-${run}`]);
        expect(await mine('type=remittance&currency=EUR&minAmount=50&maxAmount=100')).to.deep.equal([`${run}-1`, `${run}-2`]);
    });

    it('when to is the instant of a payment, then /v1/transactions includes it (to is inclusive); one millisecond earlier it does not', async () => {
        const detail = await call('bank1', 'GET', `/v1/transactions/${run}-1`);
        const time = detail.body.time as string;
        const earlier = new Date(Date.parse(time) - 1).toISOString();
        const listed = async (to: string): Promise<string[]> =>
            ((await call('bank1', 'GET', `/v1/transactions?serialNumber=${run}-1&to=${to}`)).body.items as { serialNumber: string }[]).map((i) => i.serialNumber);
        expect(await listed(time)).to.deep.equal([`${run}-1`]);
        expect(await listed(earlier)).to.deep.equal([]);
    });

    it("when a statement is drawn from each gateway's index, then its closing balances equal Accounts:GetBalances to the minor unit", async () => {
        // alice: 300 - 100 - 50 - 20 (held) + 40 = 170 available, 20 reserved; bob: 100 + 50 - 40 = 110.
        const expected = { [alice.address]: { available: 17000n, reserved: 2000n }, [bob.address]: { available: 11000n, reserved: 0n } };
        for (const [org, address] of [['bank1', alice.address], ['bank2', bob.address], ['regulator', alice.address], ['regulator', bob.address]] as [Org, string][]) {
            const fromIndex = await statement(org, address);
            const ledger = await ledgerBalances(org, address);
            expect(fromIndex.EUR).to.include(expected[address]);
            expect({ available: fromIndex.EUR?.available, reserved: fromIndex.EUR?.reserved }, `${org} ${address}`).to.deep.equal(ledger.EUR);
        }
    });

    it("when the regulator's index is compared with the ledger for the last 30 accounts that moved money, then every balance matches", async () => {
        const recent = await call('regulator', 'GET', '/v1/transactions?limit=100');
        const addresses = new Set<string>();
        for (const item of recent.body.items as { account: string | null; counterparty: string | null }[]) {
            for (const address of [item.account, item.counterparty]) {
                if (address !== null && address.startsWith('cx') && addresses.size < 30) {
                    addresses.add(address);
                }
            }
        }
        expect(addresses.size).to.be.greaterThan(1);
        for (const address of addresses) {
            // Other suites may be paying on the same network: compare once the index has caught up with the read.
            await eventually(async () => {
                const [fromIndex, ledger] = await Promise.all([statement('regulator', address), ledgerBalances('regulator', address)]);
                const indexed = Object.fromEntries(Object.entries(fromIndex).map(([c, b]) => [c, { available: b.available, reserved: b.reserved }]));
                return JSON.stringify(indexed, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) === JSON.stringify(ledger, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ? true : undefined;
            }, 20_000);
        }
    });

    it("when the regulator sums every bank's statement per currency, then it equals the circulating supply on the ledger", async () => {
        // Per currency, all balances and reservations (liquidity accounts included) = issued - redeemed.
        await eventually(async () => {
            const supply = await call('regulator', 'GET', '/v1/supply');
            expect(supply.status, JSON.stringify(supply.body)).to.equal(200);
            const circulating = Object.fromEntries((supply.body.items as { currency: string; circulating: string }[]).map((s) => [s.currency, minor(s.circulating)]));
            const held: Record<string, bigint> = {};
            for (const bank of ['Bank1MSP', 'Bank2MSP', 'Bank3MSP']) {
                const res = await call('regulator', 'GET', `/v1/statements?bank=${bank}&from=2020-01-01&to=2100-01-01&limit=1`);
                for (const c of res.body.currencies as { currency: string; closing: { balance: string } }[]) {
                    held[c.currency] = (held[c.currency] ?? 0n) + minor(c.closing.balance);
                }
            }
            const text = (o: Record<string, bigint>): string => JSON.stringify(Object.entries(o).sort().map(([c, v]) => [c, v.toString()]));
            return text(held) === text(circulating) ? true : undefined;
        }, 20_000);
    });

    it("when the index records a block, then its hash is the next block's previous hash on the channel", async () => {
        const detail = (await call('bank1', 'GET', `/v1/transactions/${settled.txId}`)).body;
        expect(detail.block.number).to.equal(settled.blockNumber);
        const next = await call('bank1', 'GET', `/v1/explorer/blocks/${BigInt(settled.blockNumber) + 1n}`);
        expect(next.status).to.equal(200);
        expect(detail.block.hash).to.equal(next.body.previousHash);
    });

    it('when a gateway is killed and payments commit meanwhile, then after up its index resumes: nothing lost, nothing twice', async () => {
        const before = await statement('bank2', bob.address);
        process.kill(pidOf('gateway-bank2'), 'SIGKILL');
        await pay(alice, { paymentId: `${run}-while-down-1`, payee: bob.address, amount: '7.00', currency: 'EUR' });
        await pay(alice, { paymentId: `${run}-while-down-2`, payee: bob.address, amount: '3.00', currency: 'EUR' });
        const up = await networkScript('up');
        expect(up.code, up.output).to.equal(0);
        await indexCaughtUp('bank2');
        const after = await statement('bank2', bob.address);
        expect((after.EUR?.available ?? 0n) - (before.EUR?.available ?? 0n)).to.equal(1000n);
        expect(after.EUR?.entries).to.equal((before.EUR?.entries ?? 0) + 2);
        expect({ available: after.EUR?.available, reserved: after.EUR?.reserved }).to.deep.equal((await ledgerBalances('bank2', bob.address)).EUR);
        const listed = await call('bank2', 'GET', `/v1/transactions?account=${bob.address}&type=receipt&sort=time`);
        expect(listed.body.items.map((i: { serialNumber: string }) => i.serialNumber).slice(-2)).to.deep.equal([`${run}-while-down-1`, `${run}-while-down-2`]);
    });

    it('when the bank exports its view as CSV, then the run is in it', async () => {
        const res = await fetch(`http://127.0.0.1:3001/v1/transactions/export?account=${alice.address}`, { headers: { Authorization: `Bearer ${apiKey('bank1')}` } });
        expect(res.status).to.equal(200);
        const lines = (await res.text()).trimEnd().split('\r\n');
        expect(lines.length).to.be.greaterThan(7);
        expect(lines.some((l) => l.includes(`${run}-while-down-2`))).to.equal(true);
    });
});
