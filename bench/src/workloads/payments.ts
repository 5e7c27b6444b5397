import { createPrivateKey, KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { WorkloadModuleBase } from '@hyperledger/caliper-core';
import { signingBytes } from '@corridor/chaincode/api';
import { mspOf } from '../paths';
import { ACCOUNTS_FILE, type BenchAccount, type BenchAccounts, type BenchPayer } from '../prepare-accounts';
import { Recorder } from './recorder';

interface Payer {
    account: BenchPayer;
    key: KeyObject;
    nextSequence: number;
}

/**
 * (a) payments of 1.00 in the payer's currency from customers of the three banks to
 * random payees of the three banks;
 * (b) with `hot: true`, every payment pays the same merchant. Each worker owns its own
 * payers and uses them in turn, so one payer never has two instructions in flight.
 */
class PaymentWorkload extends WorkloadModuleBase {
    private readonly recorder = new Recorder();
    private payers: Payer[] = [];
    private accounts!: BenchAccounts;
    private sent = 0;
    /** Payment ids must be new on every run: the ledger keeps every earlier run's. */
    private readonly run = Date.now().toString(36);

    override async initializeWorkloadModule(...args: Parameters<WorkloadModuleBase['initializeWorkloadModule']>): Promise<void> {
        await super.initializeWorkloadModule(...args);
        this.accounts = JSON.parse(readFileSync(ACCOUNTS_FILE, 'utf8')) as BenchAccounts;
        this.payers = this.accounts.payers
            .filter((_, index) => index % this.totalWorkers === this.workerIndex)
            .map((account) => ({ account, key: createPrivateKey(account.privateKeyPem), nextSequence: 0 }));
        for (const payer of this.payers) {
            payer.nextSequence = await this.ledgerSequence(payer);
        }
    }

    override async submitTransaction(): Promise<void> {
        const index = this.sent++;
        const payer = this.payers[index % this.payers.length] as Payer;
        const payees = this.accounts.payees;
        const payee = this.roundArguments.hot ? this.accounts.merchant : (payees[(index * 7 + this.workerIndex) % payees.length] as BenchAccount);
        const unsigned = {
            paymentId: `bench-${this.roundArguments.label}-${this.run}-${this.workerIndex}-${index}`,
            payer: payer.account.address,
            payee: payee.address,
            amount: '1.00',
            currency: payer.account.currency,
            purpose: 'GDDS',
            sequence: payer.nextSequence,
            expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        };
        const signature = sign(null, signingBytes(unsigned), payer.key).toString('base64');
        const status = await this.sutAdapter.sendRequests({
            contractId: 'corridor',
            contractFunction: 'Payments:SubmitPayment',
            contractArguments: [JSON.stringify({ ...unsigned, signature })],
            invokerIdentity: 'Gateway',
            invokerMspId: mspOf(payer.account.bank),
            readOnly: false,
        });
        this.recorder.record(status);
        payer.nextSequence = status.GetStatus() === 'success' ? payer.nextSequence + 1 : await this.ledgerSequence(payer);
    }

    override async cleanupWorkloadModule(): Promise<void> {
        this.recorder.write(String(this.roundArguments.label), this.workerIndex);
    }

    private async ledgerSequence(payer: Payer): Promise<number> {
        const status = await this.sutAdapter.sendRequests({
            contractId: 'corridor',
            contractFunction: 'Accounts:GetAccount',
            contractArguments: [payer.account.address],
            invokerIdentity: 'Gateway',
            invokerMspId: mspOf(payer.account.bank),
            readOnly: true,
        });
        const result = (status as unknown as { GetResult(): Uint8Array }).GetResult();
        return (JSON.parse(Buffer.from(result).toString('utf8')) as { nextSequence: number }).nextSequence;
    }
}

export function createWorkloadModule(): WorkloadModuleBase {
    return new PaymentWorkload();
}
