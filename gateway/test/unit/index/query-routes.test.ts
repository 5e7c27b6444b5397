import { expect } from 'chai';
import request from 'supertest';
import type express from 'express';
import { randomBytes, randomUUID } from 'node:crypto';
import { createQueryModule } from '../../../src/queries/query-module';
import type { SqlIndexStore } from '../../../src/index/sql-index-store';
import { bearer, stubLedger, testApp } from '../../support/test-app';
import { SESSION_TOKENS, testCustomers, type TestCustomers } from '../customers/customer-fixtures';
import { address, ALICE, applyAll, BANK_OF, BOB, CAROL, Chain, DAN, STORES } from './ledger-fixtures';

/**
 * The query routes over a real index (SQLite in memory) filled from a chain of events.
 * The app is bank 1's gateway (Bank1MSP): its admin sees movements touching Bank1MSP
 * accounts, the auditor everything.
 */
function chain(): Chain {
    const c = new Chain();
    c.open(ALICE);
    c.open(BOB);
    c.open(CAROL);
    c.open(DAN);
    c.mint(ALICE, '500.00');
    c.mint(CAROL, '300.00', 'EUR');
    for (let i = 0; i < 120; i++) {
        c.pay(`bulk-${String(i).padStart(3, '0')}`, ALICE, BOB, '1.00');
    }
    c.pay('cross-1', ALICE, CAROL, '25.00');
    c.pay('incoming-1', CAROL, ALICE, '40.00');
    c.pay('elsewhere-1', CAROL, DAN, '7.00');
    const held = c.pay('held-1', ALICE, CAROL, '3.00', { hold: true });
    c.close(held, 'PaymentExpired');
    c.pay('=HYPERLINK("http://evil")', ALICE, CAROL, '2.00');
    return c;
}

describe('transaction query, export and statement routes', function () {
    this.timeout(30_000);
    let app: express.Express;
    let store: SqlIndexStore;
    let blocks: Chain;

    before(async () => {
        const opened = await STORES[0]!.open();
        store = opened.store;
        blocks = chain();
        await applyAll(store, blocks.blocks);
        const built = await testApp(stubLedger(), undefined, undefined, createQueryModule(store, randomBytes(32)));
        app = built.app;
        // The seeded customer's ledger account is Alice's.
        const session = await built.customers.module.sessions.authenticate(SESSION_TOKENS.customer);
        await built.customers.module.store.insertLedgerAccount({ userId: session?.userId as string, address: ALICE, holderRef: 'a'.repeat(64), openedAt: '2026-11-01T00:00:00Z', txId: 'f'.repeat(64) });
    });

    after(async () => {
        await store.close();
    });

    const get = (path: string, role: 'admin' | 'auditor' | 'customer' = 'admin'): request.Test => request(app).get(path).set('Authorization', bearer(role));

    it('when bank 1 lists with no filter, then it gets the newest 20 of its own movements and a cursor', async () => {
        const res = await get('/v1/transactions');
        expect(res.status, res.text).to.equal(200);
        expect(res.body.items).to.have.length(20);
        expect(res.body.items[0]).to.include({ serialNumber: '=HYPERLINK("http://evil")', type: 'remittance', amount: '2.00', currency: 'EUR', status: 'succeeded', direction: 'out', account: ALICE, counterparty: CAROL, counterpartyBank: 'Bank2MSP' });
        expect(res.body.items.map((i: { serialNumber: string }) => i.serialNumber)).to.not.include('elsewhere-1');
        expect(res.body.nextCursor).to.be.a('string');
    });

    it('when the regulator lists, then it sees payments between other banks too', async () => {
        const res = await get('/v1/transactions?serialNumber=elsewhere-1', 'auditor');
        expect(res.body.items).to.have.length(1);
        expect(res.body.items[0]).to.include({ type: 'remittance', account: CAROL, counterparty: DAN });
        const bank1 = await get('/v1/transactions?serialNumber=elsewhere-1');
        expect(bank1.body.items).to.deep.equal([]);
    });

    it('when bank 1 filters by type, then receipts are seen from its side and transfers stay inside it', async () => {
        const receipts = await get('/v1/transactions?type=receipt');
        expect(receipts.body.items.map((i: { serialNumber: string }) => i.serialNumber)).to.deep.equal(['incoming-1']);
        expect(receipts.body.items[0]).to.include({ direction: 'in', account: ALICE, counterparty: CAROL });
        const transfers = await get('/v1/transactions?type=transfer&limit=100');
        expect(transfers.body.items).to.have.length(100);
        expect(transfers.body.items.every((i: { type: string }) => i.type === 'transfer')).to.equal(true);
    });

    it('when status, amount range and counterparty filters combine, then only rows meeting all remain', async () => {
        const failed = await get('/v1/transactions?status=failed');
        expect(failed.body.items.map((i: { serialNumber: string; state: string }) => [i.serialNumber, i.state])).to.deep.equal([['held-1', 'expired']]);
        const range = await get('/v1/transactions?currency=EUR&minAmount=3&maxAmount=40.00&sort=amount');
        expect(range.body.items.map((i: { amount: string }) => i.amount)).to.deep.equal(['3.00', '25.00', '40.00']);
        const withCarol = await get(`/v1/transactions?counterparty=${CAROL}&type=remittance&sort=time`);
        expect(withCarol.body.items.map((i: { serialNumber: string }) => i.serialNumber)).to.deep.equal(['cross-1', 'held-1', '=HYPERLINK("http://evil")']);
    });

    it('when pages are followed to the end, then every row comes once and the last page has no cursor', async () => {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
            const res: request.Response = await get(`/v1/transactions?type=transfer&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
            expect(res.status, res.text).to.equal(200);
            seen.push(...res.body.items.map((i: { serialNumber: string }) => i.serialNumber));
            cursor = res.body.nextCursor;
            pages++;
        } while (cursor !== null);
        expect(pages).to.equal(3);
        expect(seen).to.have.length(120);
        expect(new Set(seen).size).to.equal(120);
    });

    it('when limit is 100 it is served; 101, 0 or not a number are refused naming limit', async () => {
        expect((await get('/v1/transactions?limit=100')).status).to.equal(200);
        for (const limit of ['101', '0', 'ten', '-1', '1e2']) {
            const res = await get(`/v1/transactions?limit=${limit}`);
            expect(res.status, limit).to.equal(400);
            expect(res.body).to.include({ code: 'VALIDATION_FAILED', field: 'limit' });
        }
    });

    it('when a cursor is edited, forged, or reused with other filters or by another caller, then it is refused', async () => {
        const first = await get('/v1/transactions?type=transfer&limit=5');
        const cursor = first.body.nextCursor as string;
        const [body, mac] = cursor.split('.') as [string, string];
        const forgedBody = Buffer.from(JSON.stringify({ v: '2000-01-01T00:00:00.000Z', k: 'payment:x' })).toString('base64url');
        const flipped = `${body.slice(0, -1)}${body.endsWith('A') ? 'B' : 'A'}`;
        const attempts = [
            `/v1/transactions?type=transfer&limit=5&cursor=${forgedBody}.${mac}`,
            `/v1/transactions?type=transfer&limit=5&cursor=${flipped}.${mac}`,
            `/v1/transactions?type=transfer&limit=5&cursor=${body}`,
            `/v1/transactions?type=receipt&limit=5&cursor=${cursor}`,
            `/v1/transactions?type=transfer&limit=5&cursor=${'x'.repeat(2049)}`,
        ];
        for (const path of attempts) {
            const res = await get(path);
            expect(res.status, path).to.equal(400);
            expect(res.body.field, path).to.equal('cursor');
        }
        const auditor = await get(`/v1/transactions?type=transfer&limit=5&cursor=${cursor}`, 'auditor');
        expect(auditor.status).to.equal(400);
        const good = await get(`/v1/transactions?type=transfer&limit=5&cursor=${cursor}`);
        expect(good.status).to.equal(200);
    });

    it('when filters are malformed or carry injection attempts, then each is a 400 naming the field', async () => {
        const cases: [string, string][] = [
            ['type=payment', 'type'],
            ['type=transfer;DROP TABLE transactions', 'type'],
            ['status=settled', 'status'],
            ["serialNumber=p-1' OR '1'='1", 'serialNumber'],
            ['counterparty=cx123', 'counterparty'],
            ['account=<script>', 'account'],
            ['from=yesterday', 'from'],
            ['from=2026-02-30T00:00:00Z', 'from'],
            ['from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'to'],
            ['minAmount=5', 'currency'],
            ['currency=EUR&minAmount=1.001', 'minAmount'],
            ['currency=EUR&minAmount=9&maxAmount=1', 'minAmount'],
            ['currency=XXX', 'currency'],
            ['sort=payer', 'sort'],
            ['type=transfer&type=receipt', 'type'],
            ['unknown=1', 'unknown'],
        ];
        for (const [query, field] of cases) {
            const res = await get(`/v1/transactions?${query}`);
            expect(res.status, query).to.equal(400);
            expect(res.body.code, query).to.equal('VALIDATION_FAILED');
            expect(res.body.field, query).to.equal(field);
        }
    });

    it('when the detail is asked by serial number or transaction id, then both parties, block and status history come back', async () => {
        const bySerial = await get('/v1/transactions/held-1');
        expect(bySerial.status, bySerial.text).to.equal(200);
        expect(bySerial.body).to.include({ serialNumber: 'held-1', state: 'expired', status: 'failed' });
        expect(bySerial.body.payer).to.deep.equal({ address: ALICE, bank: 'Bank1MSP' });
        expect(bySerial.body.payee).to.deep.equal({ address: CAROL, bank: 'Bank2MSP' });
        expect(bySerial.body.history.map((h: { state: string }) => h.state)).to.deep.equal(['held', 'expired']);
        expect(bySerial.body.block.hash).to.match(/^h\d+$/);
        const byId = await get(`/v1/transactions/${bySerial.body.id}`);
        expect(byId.body.serialNumber).to.equal('held-1');
    });

    it('when bank 1 asks for a payment between two other banks, then it is not found; the regulator gets it', async () => {
        expect((await get('/v1/transactions/elsewhere-1')).status).to.equal(404);
        expect((await get('/v1/transactions/elsewhere-1', 'auditor')).status).to.equal(200);
    });

    it('when a query is exported, then the CSV has a header, every row, and formula cells defused', async () => {
        const res = await get('/v1/transactions/export?sort=time').buffer(true).parse((r, done) => {
            let text = '';
            r.on('data', (chunk: Buffer) => (text += chunk.toString()));
            r.on('end', () => { done(null, text); });
        });
        expect(res.status).to.equal(200);
        expect(res.headers['content-type']).to.match(/^text\/csv/);
        const lines = (res.body as string).trimEnd().split('\r\n');
        expect(lines[0]).to.equal('id,serialNumber,type,time,amount,currency,targetAmount,targetCurrency,status,state,direction,account,counterparty,counterpartyBank');
        // Bank 1 sees 2 top-ups? no: one top-up (Alice), 120 transfers, cross-1, incoming-1, held-1, the formula payment.
        expect(lines).to.have.length(1 + 1 + 120 + 4);
        const evil = lines.find((l) => l.includes('HYPERLINK')) as string;
        expect(evil).to.contain(`"'=HYPERLINK(""http://evil"")"`);
    });

    it('when an account statement is asked for a range, then opening + entries = closing and the closing matches the balance', async () => {
        const times = blocks.blocks.map((b) => b.transactions[0]?.time).filter((t): t is string => t !== null && t !== undefined);
        const from = times[50] as string;
        const to = '2100-01-01T00:00:00Z';
        let cursor: string | null = null;
        let moved = 0n;
        let opening = '';
        let closing = '';
        do {
            const res: request.Response = await get(`/v1/statements?account=${ALICE}&from=${from}&to=${to}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
            expect(res.status, res.text).to.equal(200);
            const eur = res.body.currencies.find((c: { currency: string }) => c.currency === 'EUR');
            opening = eur.opening.balance;
            closing = eur.closing.balance;
            for (const entry of res.body.entries) {
                moved += BigInt(entry.amount.replace('.', ''));
            }
            cursor = res.body.nextCursor;
        } while (cursor !== null);
        expect(BigInt(opening.replace('.', '')) + moved).to.equal(BigInt(closing.replace('.', '')));
        // 500 - 120 - 25 + 40 - 2 (the hold expired and came back)
        expect(closing).to.equal('393.00');
    });

    it('when bank 1 asks for bank 2 or for a bank 2 account, then it is refused; the regulator must name one', async () => {
        const range = 'from=2026-01-01&to=2100-01-01';
        expect((await get(`/v1/statements?bank=Bank2MSP&${range}`)).status).to.equal(403);
        expect((await get(`/v1/statements?account=${CAROL}&${range}`)).status).to.equal(403);
        expect((await get(`/v1/statements?${range}`, 'auditor')).body.field).to.equal('bank');
        expect((await get(`/v1/statements?bank=Bank2MSP&${range}`, 'auditor')).status).to.equal(200);
        expect((await get(`/v1/statements?account=${ALICE}&bank=Bank1MSP&${range}`)).status).to.equal(400);
        expect((await get('/v1/statements?from=2026-01-01')).body.field).to.equal('to');
        expect((await get(`/v1/statements?account=cx${'0'.repeat(48)}&${range}`)).status).to.equal(404);
    });

    it('when the bank statement is limited to 1000 entries a page, then 1001 is refused', async () => {
        const range = 'from=2026-01-01&to=2100-01-01';
        expect((await get(`/v1/statements?${range}&limit=1000`)).status).to.equal(200);
        expect((await get(`/v1/statements?${range}&limit=1001`)).body.field).to.equal('limit');
    });

    it('when the statement is printed, then the HTML has balances, every entry, and escaped ledger text', async () => {
        const res = await get(`/v1/statements/print?from=2026-01-01&to=2100-01-01`);
        expect(res.status).to.equal(200);
        expect(res.headers['content-type']).to.match(/^text\/html/);
        expect(res.headers['content-security-policy']).to.contain("default-src 'none'");
        expect(res.text).to.contain('Bank Bank1MSP, all accounts');
        expect(res.text).to.not.contain('"http://evil"');
        expect(res.text).to.contain('=HYPERLINK(&#34;http://evil&#34;)');
        const rows = res.text.split('\n').filter((l) => l.startsWith('<tr><td>2026')).length;
        expect(res.text).to.contain(`<p>${rows} entries.</p>`);
    });

    it('when a customer lists, then only movements of their own account come back, seen from it', async () => {
        const res = await get('/v1/transactions?limit=100&type=remittance,receipt', 'customer');
        expect(res.status, res.text).to.equal(200);
        expect(res.body.items.map((i: { serialNumber: string; type: string }) => `${i.type}:${i.serialNumber}`)).to.have.members([
            'remittance:cross-1', 'receipt:incoming-1', 'remittance:held-1', 'remittance:=HYPERLINK("http://evil")',
        ]);
        expect(res.body.items.every((i: { account: string }) => i.account === ALICE)).to.equal(true);
        const own = await get(`/v1/transactions?account=${ALICE}&limit=1`, 'customer');
        expect(own.status).to.equal(200);
    });

    it("when a customer names another account, another bank or another's transaction, then it is refused or not found", async () => {
        expect((await get(`/v1/transactions?account=${CAROL}`, 'customer')).status).to.equal(403);
        expect((await get(`/v1/transactions/export?account=${CAROL}`, 'customer')).status).to.equal(403);
        expect((await get('/v1/transactions/elsewhere-1', 'customer')).status).to.equal(404);
        expect((await get('/v1/transactions/cross-1', 'customer')).status).to.equal(200);
        expect((await get(`/v1/statements?account=${CAROL}&from=2026-01-01&to=2100-01-01`, 'customer')).status).to.equal(403);
        expect((await get('/v1/statements?bank=Bank1MSP&from=2026-01-01&to=2100-01-01', 'customer')).status).to.equal(403);
    });

    it("when a customer asks for a statement, then it is their own account's", async () => {
        const res = await get('/v1/statements?from=2026-01-01&to=2100-01-01&limit=1', 'customer');
        expect(res.status, res.text).to.equal(200);
        expect(res.body.owner).to.deep.equal({ account: ALICE, bank: 'Bank1MSP' });
        expect(res.body.currencies[0].closing.balance).to.equal('393.00');
    });

    it('when a customer without a ledger account asks, then there is nothing to show yet', async () => {
        const { app: fresh } = await testApp(stubLedger(), undefined, undefined, createQueryModule(store, randomBytes(32)));
        const res = await request(fresh).get('/v1/transactions').set('Authorization', bearer('customer'));
        expect(res.status).to.equal(404);
    });

    it('when health is asked, then the index lag is the channel height minus the next block to read', async () => {
        const ledger = stubLedger();
        ledger.blockHeight.resolves(BigInt(blocks.blocks.length + 3));
        const { app: withHeight } = await testApp(ledger, undefined, undefined, createQueryModule(store, randomBytes(32)));
        const res = await request(withHeight).get('/health');
        expect(res.body.indexLag).to.equal('3');
    });
});

const ERIN = address('erin');
const FRANK = address('frank');

describe('transaction query by counterparty name (this bank\'s customers, through the blind index)', function () {
    this.timeout(30_000);
    let app: express.Express;
    let store: SqlIndexStore;
    let customers: TestCustomers;

    /** A customer of bank 1 with a ledger account, straight into the customer store. */
    async function customerNamed(name: string, address: string): Promise<void> {
        const id = randomUUID();
        const at = '2026-11-01T00:00:00Z';
        await customers.store.insertUser({ id, role: 'customer', name, phone: null, email: `${id}@corridor.example`, phoneVerified: false, emailVerified: true, passwordHash: 'x', agreements: null, createdAt: at, updatedAt: at });
        await customers.store.insertLedgerAccount({ userId: id, address, holderRef: 'b'.repeat(64), openedAt: at, txId: 'e'.repeat(64) });
    }

    before(async () => {
        store = (await STORES[0]!.open()).store;
        BANK_OF[ERIN] = 'Bank1MSP';
        BANK_OF[FRANK] = 'Bank1MSP';
        const c = chain();
        c.open(ERIN);
        c.open(FRANK);
        c.mint(ERIN, '50.00');
        c.mint(FRANK, '50.00');
        c.pay('twin-1', ALICE, ERIN, '5.00');
        c.pay('twin-2', FRANK, ALICE, '0.50');
        c.pay('twin-3', ERIN, BOB, '30.00');
        c.pay('twin-4', ALICE, FRANK, '12.00');
        c.pay('twin-5', FRANK, ERIN, '1.00');
        await applyAll(store, c.blocks);
        customers = await testCustomers();
        app = (await testApp(stubLedger(), customers, undefined, createQueryModule(store, randomBytes(32), customers.store))).app;
        const session = await customers.module.sessions.authenticate(SESSION_TOKENS.customer);
        await customers.store.insertLedgerAccount({ userId: session?.userId as string, address: ALICE, holderRef: 'a'.repeat(64), openedAt: '2026-11-01T00:00:00Z', txId: 'f'.repeat(64) });
        await customerNamed('Bob Brown', BOB);
        // Two customers of one name: their movements are merged into one ordered list.
        await customerNamed('Pat Twin', ERIN);
        await customerNamed('Pat  TWIN', FRANK);
    });

    after(async () => {
        await store.close();
    });

    const get = (path: string, role: 'admin' | 'auditor' | 'customer' = 'admin'): request.Test => request(app).get(path).set('Authorization', bearer(role));

    /** Every row of a query, page by page, as serial numbers. */
    async function everything(query: string, role: 'admin' | 'customer' = 'admin'): Promise<{ serialNumber: string; amount: string; counterparty: string; account: string }[]> {
        const items = [];
        let cursor: string | null = null;
        do {
            const res: request.Response = await get(`/v1/transactions?${query}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, role);
            expect(res.status, res.text).to.equal(200);
            items.push(...res.body.items);
            cursor = res.body.nextCursor;
        } while (cursor !== null);
        return items;
    }

    it('when bank 1 asks by a customer\'s name in another case and spacing, then it gets exactly that customer\'s movements, as by their address', async () => {
        const byName = await everything('counterpartyName=%20bob%20%20BROWN');
        const byAddress = await everything(`counterparty=${BOB}`);
        // Alice's 120 transfers and Erin's payment to Bob.
        expect(byName).to.have.length(121);
        expect(byName).to.deep.equal(byAddress);
    });

    it('when a name belongs to two customers, then the movements of both come once each, in the asked order, across pages', async () => {
        const byName = await everything('counterpartyName=Pat%20Twin&sort=amount');
        const keys = (items: { serialNumber: string }[]): string[] => items.map((i) => i.serialNumber).sort();
        const union = [...new Set([...keys(await everything(`counterparty=${ERIN}`)), ...keys(await everything(`counterparty=${FRANK}`))])].sort();
        // The five payments, twin-5 between the two only once, and the two top-ups.
        expect(keys(byName)).to.have.length(7).and.include.members(['twin-1', 'twin-2', 'twin-3', 'twin-4', 'twin-5']);
        expect(keys(byName)).to.deep.equal(union);
        const amounts = byName.map((i) => Number(i.amount));
        expect(amounts).to.deep.equal([...amounts].sort((a, b) => a - b));
    });

    it("when no customer of this bank has the name (another bank's customers are not known here), or name and address disagree, then the result is empty, not an error", async () => {
        for (const query of ['counterpartyName=Nobody%20Known', 'counterpartyName=Carol', `counterpartyName=Bob%20Brown&counterparty=${ERIN}`]) {
            const res = await get(`/v1/transactions?${query}`);
            expect([res.status, res.body.items, res.body.nextCursor], res.text).to.deep.equal([200, [], null]);
        }
        const csv = await get('/v1/transactions/export?counterpartyName=Nobody%20Known');
        expect(csv.status).to.equal(200);
        expect(csv.text.trim().split('\n')).to.have.length(1);
    });

    it('when a customer asks by name, then only their own movements with that customer come back, never their own name as a counterparty, and naming another account is still refused', async () => {
        const mine = await everything('counterpartyName=Bob%20Brown', 'customer');
        expect(mine).to.have.length(120);
        expect(mine.every((i) => i.account === ALICE && i.counterparty === BOB)).to.equal(true);
        const own = await get('/v1/transactions?counterpartyName=Seeded%20customer', 'customer');
        expect(own.body.items).to.deep.equal([]);
        const twin = await everything('counterpartyName=Pat%20Twin', 'customer');
        expect(twin.map((i) => i.serialNumber).sort()).to.deep.equal(['twin-1', 'twin-2', 'twin-4']);
        const other = await get(`/v1/transactions?counterpartyName=Bob%20Brown&account=${BOB}`, 'customer');
        expect([other.status, other.body.code]).to.deep.equal([403, 'FORBIDDEN']);
    });

    it('when a name stands for 20 customers it is served; for 21, or blank, or 201 characters long, it is refused naming counterpartyName', async () => {
        for (let i = 0; i < 20; i++) {
            await customerNamed('Common Name', address(`common-${i}`));
        }
        expect((await get('/v1/transactions?counterpartyName=Common%20Name')).status).to.equal(200);
        await customerNamed('Common Name', address('common-20'));
        for (const name of ['Common%20Name', '%20%20', 'x'.repeat(201)]) {
            const res = await get(`/v1/transactions?counterpartyName=${name}`);
            expect([res.status, res.body.field], res.text).to.deep.equal([400, 'counterpartyName']);
        }
        expect((await get(`/v1/transactions?counterpartyName=${'x'.repeat(200)}`)).status).to.equal(200);
    });

    it('when the gateway runs without a customer directory, then a name filter is refused rather than ignored', async () => {
        const bare = (await testApp(stubLedger(), undefined, undefined, createQueryModule(store, randomBytes(32)))).app;
        const res = await request(bare).get('/v1/transactions?counterpartyName=Bob%20Brown').set('Authorization', bearer('admin'));
        expect([res.status, res.body.field]).to.deep.equal([400, 'counterpartyName']);
    });
});

describe('amount filters over converted payments, and the inclusive to bound (issue 15)', function () {
    this.timeout(30_000);
    let app: express.Express;
    let store: SqlIndexStore;
    let fxInTime = '';

    before(async () => {
        const c = new Chain();
        c.open(ALICE);
        c.open(CAROL);
        c.open(DAN);
        c.mint(CAROL, '300.00');
        for (const currency of ['USD', 'CNY']) {
            c.tx({ name: 'LiquidityFunded', payload: { movement: 'fund', provider: 'Bank3MSP', reference: `l-${currency}`, currency, amount: '1000.00', by: 'Bank3MSP', supply: {} } });
        }
        // Carol (bank 2) pays 10.10 EUR, fee included; Alice (bank 1) is credited 11.00 USD.
        const fxIn = c.pay('fx-in', CAROL, ALICE, '10.10', { fx: { quoteId: 'q-in', provider: 'Bank3MSP', targetCurrency: 'USD', targetAmount: '11.00' } });
        fxInTime = c.time;
        // A distractor: the same figures in the other currencies.
        c.pay('plain-eur', CAROL, ALICE, '11.00');
        // Alice pays 5.05 USD on; Dan (bank 3) is credited 35.00 CNY.
        c.pay('fx-out', ALICE, DAN, '5.05', { currency: 'USD', fx: { quoteId: 'q-out', provider: 'Bank3MSP', targetCurrency: 'CNY', targetAmount: '35.00' } });
        // Alice gives 5.50 USD back; Carol gets 5.05 EUR back.
        c.refund(fxIn, 'r-fx-in', '5.05', 'RefundApproved', { refundTargetCurrency: 'USD', refundTargetAmount: '5.50' });
        const opened = await STORES[0]!.open();
        store = opened.store;
        await applyAll(store, c.blocks);
        app = (await testApp(stubLedger(), undefined, undefined, createQueryModule(store, randomBytes(32)))).app;
    });

    after(async () => {
        await store.close();
    });

    const serials = async (path: string, role: 'admin' | 'auditor' = 'admin'): Promise<string[]> => {
        const res = await request(app).get(path).set('Authorization', bearer(role));
        expect(res.status, res.text).to.equal(200);
        return res.body.items.map((i: { serialNumber: string }) => i.serialNumber);
    };

    it("when the payee's bank filters by what its customer received, then the converted receipt is found in the credited currency, not by the payer's debit", async () => {
        expect(await serials('/v1/transactions?type=receipt&currency=USD&minAmount=11.00&maxAmount=11.00')).to.deep.equal(['fx-in']);
        expect(await serials('/v1/transactions?type=receipt&currency=EUR&minAmount=10.10&maxAmount=10.10')).to.deep.equal([]);
        // Only the plain payment is an 11.00 EUR receipt.
        expect(await serials('/v1/transactions?type=receipt&currency=EUR&minAmount=11&maxAmount=11')).to.deep.equal(['plain-eur']);
    });

    it("when the payer's bank filters, then its customer's debit counts (source plus fee), not the payee's credit", async () => {
        expect(await serials('/v1/transactions?type=remittance&currency=USD&minAmount=5.05&maxAmount=5.05')).to.deep.equal(['fx-out']);
        expect(await serials('/v1/transactions?currency=CNY')).to.deep.equal([]);
    });

    it("when a converted payment is refunded, then the payee's bank finds the refund by what its customer gave back", async () => {
        expect(await serials('/v1/transactions?type=refund&currency=USD&minAmount=5.50&maxAmount=5.50')).to.deep.equal(['r-fx-in']);
        expect(await serials('/v1/transactions?type=refund&currency=EUR')).to.deep.equal([]);
    });

    it('when the regulator filters, then it sees the debit, and the credit once it names the payee account', async () => {
        expect(await serials('/v1/transactions?type=remittance&currency=EUR&minAmount=10.10&maxAmount=10.10', 'auditor')).to.deep.equal(['fx-in']);
        expect(await serials(`/v1/transactions?account=${ALICE}&currency=USD&minAmount=11.00&maxAmount=11.00&type=receipt`, 'auditor')).to.deep.equal(['fx-in']);
    });

    it('when sorted by amount, then pages follow the amount the filter compares, each row once', async () => {
        const all = await serials('/v1/transactions?sort=amount&limit=100');
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
            const res: request.Response = await request(app)
                .get(`/v1/transactions?sort=amount&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
                .set('Authorization', bearer('admin'));
            paged.push(...res.body.items.map((i: { serialNumber: string }) => i.serialNumber));
            cursor = res.body.nextCursor;
        } while (cursor !== null);
        expect(paged).to.deep.equal(all);
        // fx-out 5.05 USD, the refund 5.50 USD, then fx-in (11.00 USD) and plain-eur (11.00 EUR).
        expect(all.slice(0, 2)).to.deep.equal(['fx-out', 'r-fx-in']);
        expect(all).to.have.length(4);
    });

    it('when to is the instant of a transaction, then /v1/transactions includes it; one millisecond before, it does not', async () => {
        const before = new Date(Date.parse(fxInTime) - 1).toISOString();
        expect(await serials(`/v1/transactions?serialNumber=fx-in&to=${fxInTime}`)).to.deep.equal(['fx-in']);
        expect(await serials(`/v1/transactions?serialNumber=fx-in&to=${before}`)).to.deep.equal([]);
        expect(await serials(`/v1/transactions?serialNumber=fx-in&from=${fxInTime}&to=${fxInTime}`)).to.deep.equal(['fx-in']);
    });

    it('when to is a date, then it covers that whole day in /v1/transactions and /v1/statements alike', async () => {
        const day = fxInTime.slice(0, 10);
        const previous = new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);
        expect(await serials(`/v1/transactions?serialNumber=fx-in&from=${day}&to=${day}`)).to.deep.equal(['fx-in']);
        expect(await serials(`/v1/transactions?serialNumber=fx-in&to=${previous}`)).to.deep.equal([]);
        const statement = async (to: string): Promise<request.Response> => request(app).get(`/v1/statements?account=${ALICE}&from=2020-01-01&to=${to}`).set('Authorization', bearer('admin'));
        const sameDay = await statement(day);
        expect(sameDay.status, sameDay.text).to.equal(200);
        expect(sameDay.body.to).to.equal(`${day}T23:59:59.999Z`);
        expect(sameDay.body.entries.length).to.be.greaterThan(0);
        expect((await statement(previous)).body.entries).to.deep.equal([]);
    });

    it('when to is the booking instant of an entry, then /v1/statements includes it and its closing balance; one millisecond before, it does not', async () => {
        const all = await request(app).get(`/v1/statements?account=${ALICE}&from=2020-01-01&to=2100-01-01`).set('Authorization', bearer('admin'));
        const first = all.body.entries[0] as { booked: string; currency: string; balanceAfter: string };
        const at = await request(app).get(`/v1/statements?account=${ALICE}&from=2020-01-01&to=${first.booked}`).set('Authorization', bearer('admin'));
        expect(at.body.entries.map((e: { booked: string }) => e.booked)).to.include(first.booked);
        expect(at.body.currencies.find((c: { currency: string }) => c.currency === first.currency).closing.balance).to.equal(first.balanceAfter);
        const before = new Date(Date.parse(first.booked) - 1).toISOString();
        const justBefore = await request(app).get(`/v1/statements?account=${ALICE}&from=2020-01-01&to=${before}`).set('Authorization', bearer('admin'));
        expect(justBefore.body.entries).to.deep.equal([]);
    });

    it('when from is after to it is refused naming to; from equal to to is one instant, served', async () => {
        const res = await request(app).get(`/v1/transactions?from=2026-11-02&to=2026-11-01`).set('Authorization', bearer('admin'));
        expect(res.status).to.equal(400);
        expect(res.body).to.include({ code: 'VALIDATION_FAILED', field: 'to' });
        expect((await request(app).get(`/v1/statements?account=${ALICE}&from=2026-11-01T09:00:00Z&to=2026-11-01T09:00:00Z`).set('Authorization', bearer('admin'))).status).to.equal(200);
    });
});
