// The part of Caliper's workload API this benchmark uses; Caliper ships no types.
declare module '@hyperledger/caliper-core' {
    export interface TxStatus {
        GetID(): string;
        GetStatus(): 'success' | 'failed' | 'created';
        IsCommitted(): boolean;
        GetTimeCreate(): number;
        GetTimeFinal(): number;
    }

    export interface FabricRequest {
        contractId: string;
        contractFunction: string;
        contractArguments: string[];
        invokerIdentity: string;
        invokerMspId: string;
        readOnly: boolean;
        timeout?: number;
    }

    export interface SutAdapter {
        sendRequests(request: FabricRequest): Promise<TxStatus>;
    }

    export class WorkloadModuleBase {
        protected workerIndex: number;
        protected totalWorkers: number;
        protected roundIndex: number;
        protected roundArguments: Record<string, unknown>;
        protected sutAdapter: SutAdapter;
        initializeWorkloadModule(
            workerIndex: number,
            totalWorkers: number,
            roundIndex: number,
            roundArguments: Record<string, unknown>,
            sutAdapter: SutAdapter,
            sutContext: unknown,
        ): Promise<void>;
        submitTransaction(): Promise<void>;
        cleanupWorkloadModule(): Promise<void>;
    }
}
