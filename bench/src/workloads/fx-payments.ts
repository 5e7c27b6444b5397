import { createPrivateKey, KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { WorkloadModuleBase, type TxStatus } from '@hyperledger/caliper-core';
import { ACCOUNTS_FILE, type BenchAccount, type BenchAccounts } from '../prepare-accounts';
import { Recorder } from './recorder';

interface Payer {
    account: BenchAccount;
    key: KeyObject;
    nextSequence: number;
}

/**
 * Cross-currency payments through one provider's liquidity (its hot keys): each
 * iteration asks bank 2 for a firm USD->CNY quote for 1.00 USD, then submits the
 * payer's signed instruction carrying it. The recorded latency and throughput are the
 * payments'; the quote is a transaction of its own before each one.
 */
class FxPaymentWorkload extends WorkloadModuleBase {
    private readonly recorder = new Recorder();
    private payers: Payer[] = [];
    private payees: BenchAccount[] = [];
    private sent = 0;
    /** Quote and payment ids must be new on every run: the ledger keeps every earlier run's. */
    private readonly run = Date.now().toString(36);

    override async initializeWorkloadModule(...args: Parameters<WorkloadModuleBase['initializeWorkloadModule']>): Promise<void> {
        await super.initializeWorkloadModule(...args);
        const accounts = JSON.parse(readFileSync(ACCOUNTS_FILE, 'utf8')) as BenchAccounts;
        this.payees = accounts.fxPayees;
        this.payers = accounts.fxPayers
            .filter((_, index) => index % this.totalWorkers === this.workerIndex)
            .map((account) => ({ account, key: createPrivateKey(account.privateKeyPem), nextSequence: 0 }));
        for (const payer of this.payers) {
            payer.nextSequence = await this.sequenceOf(payer);
        }
    }

    override async submitTransaction(): Promise<void> {
        const index = this.sent++;
        const payer = this.payers[index % this.payers.length] as Payer;
        const payee = this.payees[(index * 7 + this.workerIndex) % this.payees.length] as BenchAccount;
        const id = `bench-fx-${this.run}-${this.workerIndex}-${index}`;
        const quoted = await this.send('Fx:RequestQuote', [
            JSON.stringify({ quoteId: id, payer: payer.account.address, provider: 'Bank2MSP', sourceCurrency: 'USD', targetCurrency: 'CNY', sourceAmount: '1.00', lifetimeSeconds: 300 }),
        ]);
        if (quoted.GetStatus() !== 'success') {
            this.recorder.record(quoted);
            return;
        }
        const quote = JSON.parse(Buffer.from(result(quoted)).toString('utf8')) as { display: { debitTotal: string } };
        const unsigned = {
            paymentId: id,
            payer: payer.account.address,
            payee: payee.address,
            amount: quote.display.debitTotal,
            currency: 'USD',
            targetCurrency: 'CNY',
            quoteId: id,
            purpose: 'GDDS',
            sequence: payer.nextSequence,
            expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        };
        const signature = sign(null, Buffer.from(canonicalJson(unsigned)), payer.key).toString('base64');
        const paid = await this.send('Payments:SubmitPayment', [JSON.stringify({ ...unsigned, signature })]);
        this.recorder.record(paid);
        payer.nextSequence = paid.GetStatus() === 'success' ? payer.nextSequence + 1 : await this.sequenceOf(payer);
    }

    override async cleanupWorkloadModule(): Promise<void> {
        this.recorder.write(String(this.roundArguments.label), this.workerIndex);
    }

    private send(contractFunction: string, contractArguments: string[], readOnly = false): Promise<TxStatus> {
        return this.sutAdapter.sendRequests({ contractId: 'corridor', contractFunction, contractArguments, invokerIdentity: 'User1', invokerMspId: 'Bank2MSP', readOnly });
    }

    private async sequenceOf(payer: Payer): Promise<number> {
        const status = await this.send('Accounts:GetAccount', [payer.account.address], true);
        return (JSON.parse(Buffer.from(result(status)).toString('utf8')) as { nextSequence: number }).nextSequence;
    }
}

function result(status: TxStatus): Uint8Array {
    return (status as unknown as { GetResult(): Uint8Array }).GetResult();
}

function canonicalJson(value: Record<string, unknown>): string {
    return JSON.stringify(Object.fromEntries(Object.keys(value).sort().map((key) => [key, value[key]])));
}

export function createWorkloadModule(): WorkloadModuleBase {
    return new FxPaymentWorkload();
}
