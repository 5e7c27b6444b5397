import { WorkloadModuleBase } from '@hyperledger/caliper-core';
import { BANKS, mspOf } from '../paths';
import { Recorder } from './recorder';

/** (c) The ceiling: Bench:Noop, submitted through the banks' peers in turn. */
class NoopWorkload extends WorkloadModuleBase {
    private readonly recorder = new Recorder();
    private sent = 0;

    override async submitTransaction(): Promise<void> {
        const bank = BANKS[(this.workerIndex + this.sent++) % BANKS.length] ?? 'bank1';
        this.recorder.record(
            await this.sutAdapter.sendRequests({
                contractId: 'corridor',
                contractFunction: 'Bench:Noop',
                contractArguments: [],
                invokerIdentity: 'Gateway',
                invokerMspId: mspOf(bank),
                readOnly: false,
            }),
        );
    }

    override async cleanupWorkloadModule(): Promise<void> {
        this.recorder.write(String(this.roundArguments.label), this.workerIndex);
    }
}

export function createWorkloadModule(): WorkloadModuleBase {
    return new NoopWorkload();
}
