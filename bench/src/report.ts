import { CorridorClient } from '@corridor/client';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GROUPS, machineTime, type CpuSnapshot, type MachineTime, snapshot } from './machine-time';
import { REPORTS, ROOT } from './paths';
import type { Sample } from './workloads/recorder';

/**
 * Figures of one benchmark round: committed transactions per second and latency
 * percentiles from every worker's samples, and the share of transactions that the
 * peers invalidated (MVCC_READ_CONFLICT, PHANTOM_READ_CONFLICT), read from the blocks
 * the round produced through bank 1's block explorer.
 */

interface RoundFigures {
    label: string;
    /** Which repetition of the rounds (REPEAT) this one belongs to, from 1. */
    repetition: number;
    /** Its position in the repetition, from 1: the no-ops sit in the slots around every other round. */
    slot: number;
    sent: number;
    committed: number;
    tps: number;
    p50: number;
    p95: number;
    p99: number;
    blockTransactions: number;
    mvccInvalidated: number;
    mvccShare: number;
    /** CPU per committed transaction by process group, when run.sh took a snapshot before the round. */
    machine?: MachineTime;
}

function apiKey(): string {
    const keys = JSON.parse(readFileSync(join(ROOT, '.fabric', 'gateway', 'bank1', 'api-keys.json'), 'utf8')) as { admin: string };
    return keys.admin;
}

/** Bank 1's gateway through the SDK. */
function gateway(): CorridorClient {
    return new CorridorClient({ baseUrl: 'http://127.0.0.1:3001', token: apiKey() });
}

export async function height(): Promise<number> {
    // Through the retrying call, which throws on a degraded gateway's 503 as before.
    return Number((await gateway().transport.json('GET', '/health') as { blockHeight: string | null }).blockHeight);
}

function percentile(sorted: number[], p: number): number {
    if (sorted.length === 0) {
        return 0;
    }
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function validationCodes(from: number, to: number): Promise<string[]> {
    const codes: string[] = [];
    for (let n = from; n < to; n++) {
        const block = await gateway().explorer.block(n);
        codes.push(...block.transactions.map((t) => t.validationCode));
    }
    return codes;
}

async function figures(label: string, repetition: number, slot: number, from: number, to: number): Promise<RoundFigures> {
    // Before this script reads the round's blocks through a gateway, which costs CPU too.
    const after = snapshot();
    const beforePath = join(REPORTS, `${label}.cpu.json`);
    const before = existsSync(beforePath) ? (JSON.parse(readFileSync(beforePath, 'utf8')) as CpuSnapshot) : undefined;
    const dir = join(REPORTS, label);
    const samples = readdirSync(dir)
        .filter((file) => file.startsWith('worker-'))
        .flatMap((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as Sample[]);
    const committed = samples.filter((s) => s.ok);
    const latencies = committed.map((s) => s.end - s.start).sort((a, b) => a - b);
    const seconds = (Math.max(...samples.map((s) => s.end)) - Math.min(...samples.map((s) => s.start))) / 1000;
    const codes = await validationCodes(from, to);
    const mvcc = codes.filter((code) => code === 'MVCC_READ_CONFLICT' || code === 'PHANTOM_READ_CONFLICT').length;
    return {
        label,
        repetition,
        slot,
        sent: samples.length,
        committed: committed.length,
        tps: Math.round((committed.length / seconds) * 10) / 10,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        blockTransactions: codes.length,
        mvccInvalidated: mvcc,
        mvccShare: codes.length === 0 ? 0 : Math.round((mvcc / codes.length) * 10000) / 100,
        ...(before === undefined ? {} : { machine: machineTime(before, after, committed.length) }),
    };
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A round's throughput as a share of the mean of the no-op rounds right before and after it, in per cent. */
function shareOfNoop(round: RoundFigures, rounds: RoundFigures[]): number | undefined {
    const ceilings = rounds
        .filter((r) => r.label === 'noop' && r.repetition === round.repetition && Math.abs(r.slot - round.slot) === 1)
        .map((r) => r.tps);
    return ceilings.length === 0 ? undefined : (round.tps / (ceilings.reduce((sum, tps) => sum + tps, 0) / ceilings.length)) * 100;
}

function printTable(rounds: RoundFigures[]): void {
    console.log('\nround        rep    sent  committed     TPS  % of noop  p50 ms  p95 ms  p99 ms  MVCC-invalidated');
    for (const r of rounds) {
        const share = shareOfNoop(r, rounds);
        console.log(
            `${r.label.padEnd(12)} ${String(r.repetition).padStart(3)} ${String(r.sent).padStart(7)} ${String(r.committed).padStart(10)} ${r.tps.toFixed(1).padStart(7)} ` +
                `${(share === undefined ? '-' : `${Math.round(share)}%`).padStart(10)} ${String(r.p50).padStart(7)} ${String(r.p95).padStart(7)} ${String(r.p99).padStart(7)}  ` +
                `${r.mvccInvalidated}/${r.blockTransactions} (${r.mvccShare}%)`,
        );
    }
    printMachineTime(rounds);
    const repetitions = new Set(rounds.map((r) => r.repetition)).size;
    if (repetitions < 2) {
        return;
    }
    // One run moves by 10-20 points: the median of the rounds' own ratios is the figure to quote.
    console.log(`\nmedian of ${repetitions} repetitions: TPS, % of the no-ops around each round, MVCC-invalidated in all`);
    for (const label of [...new Set(rounds.map((r) => r.label))]) {
        const own = rounds.filter((r) => r.label === label);
        const shares = own.map((r) => shareOfNoop(r, rounds)).filter((share): share is number => share !== undefined);
        const invalidated = own.reduce((sum, r) => sum + r.mvccInvalidated, 0);
        const transactions = own.reduce((sum, r) => sum + r.blockTransactions, 0);
        console.log(
            `${label.padEnd(12)} ${median(own.map((r) => r.tps)).toFixed(1).padStart(7)} ${(shares.length === 0 ? '-' : `${Math.round(median(shares))}%`).padStart(6)}` +
                `  (${shares.map((share) => `${Math.round(share)}%`).join(', ') || '-'})  ${invalidated}/${transactions}`,
        );
    }
}

function printMachineTime(rounds: RoundFigures[]): void {
    const measured = rounds.filter((r) => r.machine !== undefined);
    if (measured.length === 0) {
        return;
    }
    const columns = [...GROUPS, 'other', 'total'] as const;
    console.log(`\nCPU ms per committed transaction (other: Caliper, kernel, the rest of the machine)\nround        rep ${columns.map((c) => c.padStart(10)).join('')}`);
    for (const r of measured) {
        console.log(`${r.label.padEnd(12)} ${String(r.repetition).padStart(3)} ${columns.map((c) => (r.machine?.[c] ?? 0).toFixed(1).padStart(10)).join('')}`);
    }
}

async function main(): Promise<void> {
    const summaryPath = join(REPORTS, 'summary.json');
    const summary: RoundFigures[] = existsSync(summaryPath) ? JSON.parse(readFileSync(summaryPath, 'utf8')) : [];
    const [command, label, repetition, slot, from, to] = process.argv.slice(2);
    if (command === 'height') {
        console.log(await height());
    } else if (command === 'cpu') {
        console.log(JSON.stringify(snapshot()));
    } else if (command === 'round' && label && repetition && slot && from && to) {
        const round = await figures(label, Number(repetition), Number(slot), Number(from), Number(to));
        const others = summary.filter((r) => r.repetition !== round.repetition || r.slot !== round.slot);
        writeFileSync(summaryPath, JSON.stringify([...others, round], null, 2));
        printTable([round]);
    } else if (command === 'table') {
        printTable(summary);
    } else {
        throw new Error('usage: report height | cpu | round LABEL REPETITION SLOT FROM TO | table');
    }
}

main().catch((err: unknown) => {
    console.error(String(err));
    process.exit(1);
});
