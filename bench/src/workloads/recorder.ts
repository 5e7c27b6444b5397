import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TxStatus } from '@hyperledger/caliper-core';
import { REPORTS } from '../paths';

export interface Sample {
    ok: boolean;
    start: number;
    end: number;
}

/** Keeps every transaction's start, end and outcome, for percentiles Caliper does not report. */
export class Recorder {
    private readonly samples: Sample[] = [];

    record(status: TxStatus): void {
        this.samples.push({ ok: status.GetStatus() === 'success', start: status.GetTimeCreate(), end: status.GetTimeFinal() });
    }

    write(label: string, worker: number): void {
        const dir = join(REPORTS, label);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `worker-${worker}.json`), JSON.stringify(this.samples));
    }
}
