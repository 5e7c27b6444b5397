import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
    sent: number;
    committed: number;
    tps: number;
    p50: number;
    p95: number;
    p99: number;
    blockTransactions: number;
    mvccInvalidated: number;
    mvccShare: number;
}

const GATEWAY = 'http://127.0.0.1:3001';

function apiKey(): string {
    const keys = JSON.parse(readFileSync(join(ROOT, '.fabric', 'gateway', 'bank1', 'api-keys.json'), 'utf8')) as { admin: string };
    return keys.admin;
}

async function getJson(path: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await fetch(GATEWAY + path, { headers: { Authorization: `Bearer ${apiKey()}` } });
    if (!res.ok) {
        throw new Error(`${path}: HTTP ${res.status}`);
    }
    return res.json();
}

export async function height(): Promise<number> {
    return Number((await getJson('/health')).blockHeight);
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
        const block = await getJson(`/v1/explorer/blocks/${n}`);
        codes.push(...(block.transactions as Array<{ validationCode: string }>).map((t) => t.validationCode));
    }
    return codes;
}

async function figures(label: string, from: number, to: number): Promise<RoundFigures> {
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
        sent: samples.length,
        committed: committed.length,
        tps: Math.round((committed.length / seconds) * 10) / 10,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        blockTransactions: codes.length,
        mvccInvalidated: mvcc,
        mvccShare: codes.length === 0 ? 0 : Math.round((mvcc / codes.length) * 10000) / 100,
    };
}

function printTable(rounds: RoundFigures[]): void {
    const ceiling = rounds.find((r) => r.label === 'noop')?.tps;
    console.log('\nround          sent  committed     TPS  % of noop  p50 ms  p95 ms  p99 ms  MVCC-invalidated');
    for (const r of rounds) {
        const share = ceiling ? `${Math.round((r.tps / ceiling) * 100)}%` : '-';
        console.log(
            `${r.label.padEnd(12)} ${String(r.sent).padStart(6)} ${String(r.committed).padStart(10)} ${r.tps.toFixed(1).padStart(7)} ` +
                `${share.padStart(10)} ${String(r.p50).padStart(7)} ${String(r.p95).padStart(7)} ${String(r.p99).padStart(7)}  ` +
                `${r.mvccInvalidated}/${r.blockTransactions} (${r.mvccShare}%)`,
        );
    }
}

async function main(): Promise<void> {
    const summaryPath = join(REPORTS, 'summary.json');
    const summary: RoundFigures[] = existsSync(summaryPath) ? JSON.parse(readFileSync(summaryPath, 'utf8')) : [];
    const [command, label, from, to] = process.argv.slice(2);
    if (command === 'height') {
        console.log(await height());
    } else if (command === 'round' && label && from && to) {
        const round = await figures(label, Number(from), Number(to));
        writeFileSync(summaryPath, JSON.stringify([...summary.filter((r) => r.label !== label), round], null, 2));
        printTable([round]);
    } else if (command === 'table') {
        printTable(summary);
    } else {
        throw new Error('usage: report height | round LABEL FROM TO | table');
    }
}

main().catch((err: unknown) => {
    console.error(String(err));
    process.exit(1);
});
