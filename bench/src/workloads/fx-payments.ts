import { createPrivateKey, KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { WorkloadModuleBase, type TxStatus } from '@hyperledger/caliper-core';
import { LIQUIDITY_LANES, liquidityLane, signingBytes } from '@corridor/chaincode/api';
import { ACCOUNTS_FILE, type BenchAccount, type BenchAccounts } from '../prepare-accounts';
import { Recorder } from './recorder';

interface Payer {
    account: BenchAccount;
    key: KeyObject;
    nextSequence: number;
}


/**
 * Cross-currency payments through one provider's liquidity (its hot keys): USD customers
 * of bank 2 pay CNY customers of bank 3 through bank 2's CNY liquidity, each payment
 * carrying a firm quote. A customer asks for the quote before committing to pay, so
 * the quotes are requested while the workload initialises (not measured) and the round
 * measures the payments. Like a gateway spreading concurrent quotes, each worker picks
 * quote ids whose liquidity lanes follow each other round-robin over its own half of
 * the lanes, so payments in flight together deliver from different lanes.
 */
class FxPaymentWorkload extends WorkloadModuleBase {
    private readonly recorder = new Recorder();
    private payers: Payer[] = [];
    private payees: BenchAccount[] = [];
    private quotes: Array<{ id: string; debitTotal: string } | undefined> = [];
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
        const lanes = [...Array(LIQUIDITY_LANES).keys()].filter((lane) => lane % this.totalWorkers === this.workerIndex);
        const count = Math.ceil(Number(this.roundArguments.payments) / this.totalWorkers);
        for (let first = 0; first < count; first += QUOTE_BATCH) {
            const batch = [...Array(Math.min(QUOTE_BATCH, count - first)).keys()].map((offset) => first + offset);
            const issued = await Promise.all(batch.map((index) => this.requestQuote(index, lanes[index % lanes.length] as number)));
            issued.forEach((quote, offset) => (this.quotes[first + offset] = quote));
        }
    }

    override async submitTransaction(): Promise<void> {
        const index = this.sent++;
        const payer = this.payers[index % this.payers.length] as Payer;
        const payee = this.payees[(index * 7 + this.workerIndex) % this.payees.length] as BenchAccount;
        const quote = this.quotes[index];
        if (quote === undefined) {
            throw new Error(`no quote was issued for payment ${index}`);
        }
        const unsigned = {
            paymentId: quote.id,
            payer: payer.account.address,
            payee: payee.address,
            amount: quote.debitTotal,
            currency: 'USD',
            targetCurrency: 'CNY',
            quoteId: quote.id,
            purpose: 'GDDS',
            sequence: payer.nextSequence,
            expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        };
        const signature = sign(null, signingBytes(unsigned), payer.key).toString('base64');
        const paid = await this.send('Payments:SubmitPayment', [JSON.stringify({ ...unsigned, signature })]);
        this.recorder.record(paid);
        payer.nextSequence = paid.GetStatus() === 'success' ? payer.nextSequence + 1 : await this.sequenceOf(payer);
    }

    override async cleanupWorkloadModule(): Promise<void> {
        this.recorder.write(String(this.roundArguments.label), this.workerIndex);
    }

    /** A quote for payment `index` of this worker, its id chosen to land on `lane`; undefined if refused. */
    private async requestQuote(index: number, lane: number): Promise<{ id: string; debitTotal: string } | undefined> {
        const payer = this.payers[index % this.payers.length] as Payer;
        let id = '';
        for (let attempt = 0; id === '' || liquidityLane(id) !== lane; attempt += 1) {
            id = `bench-fx-${this.run}-${this.workerIndex}-${index}-${attempt}`;
        }
        const quoted = await this.send('Fx:RequestQuote', [
            JSON.stringify({ quoteId: id, payer: payer.account.address, provider: 'Bank2MSP', sourceCurrency: 'USD', targetCurrency: 'CNY', sourceAmount: '1.00', lifetimeSeconds: 3600 }),
        ]);
        if (quoted.GetStatus() !== 'success') {
            return undefined;
        }
        return { id, debitTotal: (JSON.parse(Buffer.from(result(quoted)).toString('utf8')) as { display: { debitTotal: string } }).display.debitTotal };
    }

    private send(contractFunction: string, contractArguments: string[], readOnly = false): Promise<TxStatus> {
        return this.sutAdapter.sendRequests({ contractId: 'corridor', contractFunction, contractArguments, invokerIdentity: 'Gateway', invokerMspId: 'Bank2MSP', readOnly });
    }

    private async sequenceOf(payer: Payer): Promise<number> {
        const status = await this.send('Accounts:GetAccount', [payer.account.address], true);
        return (JSON.parse(Buffer.from(result(status)).toString('utf8')) as { nextSequence: number }).nextSequence;
    }
}

/** Quotes requested at once while initialising. */
const QUOTE_BATCH = 30;

function result(status: TxStatus): Uint8Array {
    return (status as unknown as { GetResult(): Uint8Array }).GetResult();
}

export function createWorkloadModule(): WorkloadModuleBase {
    return new FxPaymentWorkload();
}
