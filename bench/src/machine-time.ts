import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';

/**
 * Where a round's machine time went. Every process of the dev network has a pid file in
 * .fabric/run; its CPU time (user + system) comes from /proc/<pid>/stat, the machine's
 * busy time from /proc/stat. Whatever is busy outside the network's processes is
 * "other": Caliper's manager and workers above all, then the kernel and anything else
 * running. Divided by the committed transactions, this shows which part of the network
 * a kind of transaction costs more in than the no-op.
 */

const RUN = join(ROOT, '.fabric', 'run');
/** USER_HZ: the unit of /proc CPU times, 100 per second on Linux. */
const TICKS_PER_SECOND = 100;
export const GROUPS = ['peer', 'orderer', 'chaincode', 'gateway'] as const;
type Group = (typeof GROUPS)[number];

export interface CpuSnapshot {
    /** CPU ticks of each group's processes. */
    groups: Record<Group, number>;
    /** Busy ticks of the whole machine. */
    busy: number;
}

/** Milliseconds of CPU per committed transaction, by group, "other" and in all. */
export type MachineTime = Record<Group | 'other' | 'total', number>;

function processTicks(pid: string): number {
    const stat = `/proc/${pid}/stat`;
    if (!existsSync(stat)) {
        return 0;
    }
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(stat, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return Number(fields[11]) + Number(fields[12]);
}

export function snapshot(): CpuSnapshot {
    const groups = Object.fromEntries(GROUPS.map((group) => [group, 0])) as Record<Group, number>;
    for (const file of existsSync(RUN) ? readdirSync(RUN) : []) {
        const group = GROUPS.find((name) => file.startsWith(name) && file.endsWith('.pid'));
        if (group !== undefined) {
            groups[group] += processTicks(readFileSync(join(RUN, file), 'utf8').trim());
        }
    }
    // cpu user nice system idle iowait irq softirq steal ...
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    const busy = [0, 1, 2, 5, 6].reduce((sum, index) => sum + (cpu[index] ?? 0), 0);
    return { groups, busy };
}

export function machineTime(before: CpuSnapshot, after: CpuSnapshot, committed: number): MachineTime {
    const perTransaction = (ticks: number): number => (committed === 0 ? 0 : Math.round(((ticks * 1000) / TICKS_PER_SECOND / committed) * 10) / 10);
    const spent = GROUPS.map((group) => after.groups[group] - before.groups[group]);
    const busy = after.busy - before.busy;
    const network = spent.reduce((sum, ticks) => sum + ticks, 0);
    return {
        ...(Object.fromEntries(GROUPS.map((group, index) => [group, perTransaction(spent[index] ?? 0)])) as Record<Group, number>),
        other: perTransaction(busy - network),
        total: perTransaction(busy),
    };
}
