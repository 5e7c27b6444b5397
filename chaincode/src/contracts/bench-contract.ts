import { Context, Contract, Info, Transaction } from 'fabric-contract-api';
import { requireRole } from './tx-context';

/**
 * The network's own ceiling for benchmarks: a transaction that reads and writes
 * nothing, so its cost is endorsement, ordering and validation alone.
 */
@Info({ title: 'BenchContract', description: 'No-op transaction for measuring the network ceiling' })
export class BenchContract extends Contract {
    constructor() {
        super('Bench');
    }

    @Transaction()
    public async Noop(ctx: Context): Promise<string> {
        requireRole(ctx, 'payments');
        return '';
    }
}
