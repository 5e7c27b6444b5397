import { join } from 'node:path';

export const BENCH = join(__dirname, '..');
export const ROOT = join(BENCH, '..');
export const GENERATED = join(BENCH, '.generated');
export const REPORTS = join(BENCH, 'reports');
export const BANKS = ['bank1', 'bank2', 'bank3'] as const;
export type Bank = (typeof BANKS)[number];

export function mspOf(bank: Bank): string {
    return `Bank${bank.slice(-1)}MSP`;
}
