import { CorridorClient } from '@corridor/client';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BANKS, GENERATED, ROOT, type Bank } from './paths';

/**
 * Opens the benchmark's accounts through the banks' REST gateways: PAYERS funded
 * customers spread over the three banks, each in its bank's currency (EUR, USD, CNY),
 * so that, like the no-op round, the load passes through every bank's peer; payees
 * spread over the three banks, and
 * one merchant of bank 2 that every payment of the hot round pays. Keys are test
 * keys written to the git-ignored .generated folder.
 */

export interface BenchAccount {
    address: string;
    bank: Bank;
    privateKeyPem: string;
}

export interface BenchPayer extends BenchAccount {
    /** The currency its bank issues, which it was topped up in. */
    currency: string;
}

export interface BenchAccounts {
    payers: BenchPayer[];
    payees: BenchAccount[];
    merchant: BenchAccount;
    /** USD customers of bank 2 who pay CNY customers of bank 3 through bank 2's liquidity. */
    fxPayers: BenchAccount[];
    fxPayees: BenchAccount[];
}

export const ACCOUNTS_FILE = join(GENERATED, 'accounts.json');
const PAYERS = Number(process.env.BENCH_PAYERS ?? 100);
const PAYEES = 30;
const PORTS: Record<Bank, number> = { bank1: 3001, bank2: 3002, bank3: 3003 };
const CURRENCY: Record<Bank, string> = { bank1: 'EUR', bank2: 'USD', bank3: 'CNY' };

function apiKey(bank: Bank): string {
    return (JSON.parse(readFileSync(join(ROOT, '.fabric', 'gateway', bank, 'api-keys.json'), 'utf8')) as { admin: string }).admin;
}

/** The SDK's client of a bank's gateway; a refused call throws its CorridorError (code, status, detail). */
function gateway(bank: Bank): CorridorClient {
    return new CorridorClient({ baseUrl: `http://127.0.0.1:${PORTS[bank]}`, token: apiKey(bank) });
}

async function open(bank: Bank, name: string): Promise<BenchAccount> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const opened = await gateway(bank).accounts.open({
        publicKey: publicKeyPem,
        holderRef: createHash('sha256').update(`bench:${name}:${publicKeyPem}`).digest('hex'),
        kycTier: 2,
    });
    return { address: opened.account.address, bank, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** Runs `task` over `items`, `width` at a time: each opening waits for its block. */
async function inBatches<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = [];
    for (let i = 0; i < items.length; i += width) {
        results.push(...(await Promise.all(items.slice(i, i + width).map(task))));
    }
    return results;
}

/**
 * Tops the payer up through its bank, which then folds the top-up's credit into the
 * balance, as a bank does in quiet periods: the rounds then measure steady-state
 * payments, not a first debit that has to range-read and delete its credit keys.
 */
async function fund(payer: BenchAccount, currency: string, run: string): Promise<void> {
    await gateway(payer.bank).accounts.topUp({ reference: `BENCH-${run}-${payer.address.slice(2, 14)}`, address: payer.address, currency, amount: '10000.00' });
    await gateway(payer.bank).accounts.rollUpCredits(payer.address, currency);
}

async function main(): Promise<void> {
    const run = Date.now().toString(36);
    const payers: BenchPayer[] = await inBatches([...Array(PAYERS).keys()], 25, async (i) => {
        const bank = BANKS[i % BANKS.length] as Bank;
        return { ...(await open(bank, `payer-${run}-${i}`)), currency: CURRENCY[bank] };
    });
    const payees = await inBatches([...Array(PAYEES).keys()], 15, (i) => open(BANKS[i % BANKS.length] as Bank, `payee-${run}-${i}`));
    const merchant = await open('bank2', `merchant-${run}`);
    // Each mint writes its own supply delta, so top-ups of one currency run together.
    await inBatches(payers, 25, (payer) => fund(payer, payer.currency, run));
    const fxPayers = await inBatches([...Array(PAYERS).keys()], 25, (i) => open('bank2', `fx-payer-${run}-${i}`));
    const fxPayees = await inBatches([...Array(PAYEES).keys()], 15, (i) => open('bank3', `fx-payee-${run}-${i}`));
    await inBatches(fxPayers, 25, (payer) => fund(payer, 'USD', run));
    // Bank 3 issues CNY into bank 2's liquidity.
    await gateway('bank3').fx.fund({ reference: `BENCH-LIQ-${run}`, provider: 'Bank2MSP', currency: 'CNY', amount: '10000000.00' });
    // Spread it over the liquidity lanes, so that concurrent deliveries write different keys.
    await gateway('bank2').fx.rollUpLiquidity('CNY');
    // Bank 2 quotes USD/CNY for 15 minutes (a run takes about five), unless a rate of an
    // earlier run still covers the next ten: a provider may have only 16 live rates per pair.
    const now = Date.now();
    const live = await gateway('bank2').fx.rates('Bank2MSP', 'USD', 'CNY');
    if (!live.some((rate) => Date.parse(rate.validUntil) > now + 600_000)) {
        await gateway('bank2').fx.publishRate({
            id: `bench-usdcny-${run}`, base: 'USD', quote: 'CNY', bid: '7100000000', ask: '7200000000',
            validFrom: new Date(now - 60_000).toISOString(), validUntil: new Date(now + 900_000).toISOString(),
        });
    }
    const accounts: BenchAccounts = { payers, payees, merchant, fxPayers, fxPayees };
    writeFileSync(ACCOUNTS_FILE, JSON.stringify(accounts), { mode: 0o600 });
    console.log(`[bench] opened ${payers.length} funded payers of the three banks and ${fxPayers.length} USD payers for FX, their payees and a merchant`);
}

if (require.main === module) {
    main().catch((err: unknown) => {
        console.error(String(err));
        process.exit(1);
    });
}
