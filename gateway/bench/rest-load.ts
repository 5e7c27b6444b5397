import { buildInstruction, signInstruction, signingKeyOf, type SigningKey } from '@corridor/client';
import { randomInt, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { toDecimal } from '../src/index/minor-units';
import { balancesOf, BANKS, call, circulating, HOME_CURRENCY, prepareAccounts, ROOT, type Bank, type BenchAccount } from './rest-network';

/**
 * `npm run bench:rest`: the REST load test of issue 5. Against the running dev network it
 * prepares funded accounts through the gateways, then for BENCH_SECONDS (30) keeps
 * BENCH_IN_FLIGHT (60) signed payments in flight through POST /v1/payments, each payer
 * owned by one in-flight slot so no payer races itself. BENCH_BANKS (bank1,bank2,bank3)
 * names the payers' banks; the default, all three, is Caliper's random round (customers of
 * the three banks paying payees of all three banks). It prints accepted and committed
 * payments per second, latency percentiles and errors by code next to the last Caliper
 * run of the same network (bench/reports/summary.json). Money only moves by valid
 * payments between the benchmark's own accounts, so their sum must not change.
 */

const SECONDS = positive('BENCH_SECONDS', 30);
const IN_FLIGHT = positive('BENCH_IN_FLIGHT', 60);
const PAYEES = positive('BENCH_PAYEES', 30);
const PAYER_BANKS = payerBanks(process.env.BENCH_BANKS ?? BANKS.join(','));
/** Beyond the run, the time the slowest request may take to come back. */
const DRAIN_MS = 70_000;

function positive(name: string, fallback: number): number {
    const value = Number(process.env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 1) {
        throw new Error(`${name} must be a positive whole number`);
    }
    return value;
}

function payerBanks(list: string): Bank[] {
    const banks = list.split(',');
    if (banks.length === 0 || !banks.every((bank) => (BANKS as readonly string[]).includes(bank))) {
        throw new Error(`BENCH_BANKS must list some of ${BANKS.join(',')}`);
    }
    return banks as Bank[];
}

function log(line: string): void {
    console.log(`[bench:rest] ${line}`);
}

interface Outcome {
    /** 201: committed; 202: sent, commit not seen in time; anything else refused or failed. */
    status: number;
    code: string;
    ms: number;
}

interface Payer {
    account: BenchAccount;
    key: SigningKey;
    nextSequence: number;
}

async function ledgerSequence(account: BenchAccount): Promise<number> {
    const reply = await call(account.bank, 'GET', `/v1/accounts/${account.address}`);
    if (reply.status !== 200) {
        throw new Error(`account ${account.address}: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
    return (reply.body as { nextSequence: number }).nextSequence;
}

/** One signed 1.00 payment in the payer's home currency, timed from send to answer. */
async function pay(payer: Payer, payee: BenchAccount, run: string, n: number): Promise<Outcome> {
    const unsigned = buildInstruction({
        paymentId: `bench-rest-${run}-${n}`,
        payer: payer.account.address,
        payee: payee.address,
        amount: '1.00',
        currency: HOME_CURRENCY[payer.account.bank],
        purpose: 'GDDS',
        sequence: payer.nextSequence,
    });
    const instruction = signInstruction(unsigned, payer.key);
    const started = process.hrtime.bigint();
    try {
        const reply = await call(payer.account.bank, 'POST', '/v1/payments', instruction, randomUUID());
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        return { status: reply.status, code: reply.status < 300 ? 'OK' : String((reply.body as { code?: string } | undefined)?.code ?? reply.status), ms };
    } catch (err) {
        return { status: 0, code: (err as Error).name === 'TimeoutError' ? 'CLIENT_TIMEOUT' : 'NETWORK_ERROR', ms: Number(process.hrtime.bigint() - started) / 1e6 };
    }
}

/** One in-flight slot: its own payer, one payment after another until the deadline. */
async function slot(payer: Payer, payees: BenchAccount[], deadline: number, run: string, counter: { n: number }, outcomes: Outcome[]): Promise<void> {
    while (Date.now() < deadline) {
        const outcome = await pay(payer, payees[randomInt(payees.length)] as BenchAccount, run, counter.n++);
        outcomes.push(outcome);
        if (outcome.status === 201 || outcome.status === 202) {
            payer.nextSequence += 1;
        } else {
            payer.nextSequence = await ledgerSequence(payer.account).catch(() => payer.nextSequence);
        }
    }
}

function percentile(sorted: number[], p: number): number {
    if (sorted.length === 0) {
        return NaN;
    }
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

interface CaliperRound {
    label: string;
    tps: number;
    p50: number;
    p95: number;
    p99: number;
}

function caliperFigures(): { rounds: CaliperRound[]; written: Date } | undefined {
    const path = join(ROOT, 'bench', 'reports', 'summary.json');
    if (!existsSync(path)) {
        return undefined;
    }
    return { rounds: JSON.parse(readFileSync(path, 'utf8')) as CaliperRound[], written: statSync(path).mtime };
}

async function moneyOf(accounts: BenchAccount[]): Promise<Map<string, bigint>> {
    const sums = new Map<string, bigint>();
    for (const account of accounts) {
        for (const [currency, amount] of (await balancesOf(account)) ?? new Map<string, bigint>()) {
            sums.set(currency, (sums.get(currency) ?? 0n) + amount);
        }
    }
    return sums;
}

function report(outcomes: Outcome[], seconds: number): number {
    const accepted = outcomes.filter((o) => o.status === 201 || o.status === 202);
    const committed = outcomes.filter((o) => o.status === 201);
    const latencies = accepted.map((o) => o.ms).sort((a, b) => a - b);
    const errors = new Map<string, number>();
    for (const o of outcomes.filter((x) => x.code !== 'OK')) {
        errors.set(`${o.status} ${o.code}`, (errors.get(`${o.status} ${o.code}`) ?? 0) + 1);
    }
    // Counts of payments per second, never amounts: the money check below stays in bigint minor units.
    const perSecond = (count: number): string => (count / seconds).toFixed(1);
    log(`sent ${outcomes.length} payments in ${seconds.toFixed(1)} s`);
    log(`accepted payments/s   ${perSecond(accepted.length)}  (${accepted.length}: 201 committed and 202 sent, commit not yet seen)`);
    log(`committed payments/s  ${perSecond(committed.length)}  (${committed.length} answered 201)`);
    log(`latency of accepted   p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`);
    log(`errors by code        ${errors.size === 0 ? 'none' : [...errors].map(([code, n]) => `${code}: ${n}`).join(', ')}`);
    return committed.length / seconds;
}

/** The round of that label with the median throughput, or undefined when there is none. */
function medianRound(rounds: CaliperRound[], label: string): CaliperRound | undefined {
    const own = rounds.filter((r) => r.label === label).sort((a, b) => a.tps - b.tps);
    return own[Math.floor((own.length - 1) / 2)];
}

function compareWithCaliper(committedPerSecond: number): void {
    const caliper = caliperFigures();
    if (caliper === undefined) {
        log('no Caliper figures: run `npm run bench:ledger` (ROUNDS="noop random" is enough) to get bench/reports/summary.json');
        return;
    }
    // With REPEAT and the no-ops around every round there are several of each: their median.
    const random = medianRound(caliper.rounds, 'random');
    const noop = medianRound(caliper.rounds, 'noop');
    log(`Caliper, same network (bench/reports/summary.json of ${caliper.written.toISOString()}):`);
    for (const round of [noop, random].filter((r): r is CaliperRound => r !== undefined)) {
        log(`  ${round.label.padEnd(6)} ${round.tps.toFixed(1)} TPS, p50 ${round.p50} ms, p95 ${round.p95} ms, p99 ${round.p99} ms`);
    }
    if (random !== undefined) {
        const share = committedPerSecond / random.tps;
        const sameWorkload = PAYER_BANKS.length === BANKS.length;
        const like = sameWorkload ? 'the same workload' : `not the same workload: Caliper's payers are customers of all three banks, these are ${PAYER_BANKS.join(', ')}'s (leave BENCH_BANKS unset for like with like)`;
        log(`REST committed / Caliper random: ${(share * 100).toFixed(0)}% (${like})`);
        if (sameWorkload) {
            const cost = share >= 1 ? 'nothing measurable: REST is at or above the Caliper figure' : `${((1 - share) * 100).toFixed(0)}% of the ledger's payment ceiling`;
            log(`the gateway costs ${cost} (goal: under 20%)`);
        }
    }
    if (noop !== undefined) {
        log(`REST committed / Caliper noop (the network's ceiling): ${((committedPerSecond / noop.tps) * 100).toFixed(0)}%`);
    }
}

function sameMoney(before: Map<string, bigint>, after: Map<string, bigint>): boolean {
    const currencies = new Set([...before.keys(), ...after.keys()]);
    return [...currencies].every((c) => (before.get(c) ?? 0n) === (after.get(c) ?? 0n));
}

function show(sums: Map<string, bigint>): string {
    return [...sums].map(([currency, amount]) => `${currency} ${toDecimal(amount, currency)}`).join(', ');
}

async function main(): Promise<void> {
    const hardStop = setTimeout(() => {
        console.error('[bench:rest] did not finish in time; stopping');
        process.exit(2);
    }, (SECONDS + 600) * 1000 + DRAIN_MS);
    hardStop.unref();
    log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (the network runs on the same cores)`);
    const accounts = await prepareAccounts(PAYER_BANKS, IN_FLIGHT, PAYEES, log);
    const everyone = [...accounts.payers, ...accounts.payees];
    const payers: Payer[] = [];
    for (const account of accounts.payers) {
        payers.push({ account, key: signingKeyOf(account.privateKeyPem), nextSequence: await ledgerSequence(account) });
    }
    const [moneyBefore, supplyBefore] = [await moneyOf(everyone), await circulating()];
    const payerHomes = PAYER_BANKS.map((bank) => `${bank} ${HOME_CURRENCY[bank]}`).join(', ');
    log(`${IN_FLIGHT} in flight for ${SECONDS} s: ${payers.length} payers (${payerHomes}), ${accounts.payees.length} payees over all three banks`);
    const run = Date.now().toString(36);
    const outcomes: Outcome[] = [];
    const started = Date.now();
    const counter = { n: 0 };
    await Promise.all(payers.map((payer) => slot(payer, accounts.payees, started + SECONDS * 1000, run, counter, outcomes)));
    const elapsed = (Date.now() - started) / 1000;
    compareWithCaliper(report(outcomes, elapsed));
    const [moneyAfter, supplyAfter] = [await moneyOf(everyone), await circulating()];
    log(`money of the bench accounts: before ${show(moneyBefore)}; after ${show(moneyAfter)}: ${sameMoney(moneyBefore, moneyAfter) ? 'conserved' : 'NOT CONSERVED'}`);
    log(`circulating supply: before ${show(supplyBefore)}; after ${show(supplyAfter)}${sameMoney(supplyBefore, supplyAfter) ? ': unchanged' : ' (changed: someone else minted or redeemed meanwhile)'}`);
    if (!sameMoney(moneyBefore, moneyAfter)) {
        process.exitCode = 1;
    }
}

main().catch((err: unknown) => {
    console.error(`[bench:rest] ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
});
