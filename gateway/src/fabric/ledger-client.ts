import * as grpc from '@grpc/grpc-js';
import { connect, Contract, Gateway, Identity, Network, Signer, signers } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Config } from '../config';
import { AppError, parseLedgerError } from '../errors';
import { blockNumberOf, BlockInfo, decodeBlock, decodeProcessedTransaction, TransactionInfo } from './block-decoder';

/** What the use cases need from the ledger; the HTTP layer never sees Fabric types. */
export interface Ledger {
    submit(transaction: string, ...args: string[]): Promise<SubmitResult>;
    evaluate(transaction: string, ...args: string[]): Promise<string>;
    blockHeight(): Promise<bigint>;
    chaincodeReachable(): Promise<boolean>;
    transaction(txId: string): Promise<TransactionInfo>;
    block(number: bigint): Promise<BlockInfo>;
    close(): void;
}

export interface SubmitResult {
    result: string;
    txId: string;
    blockNumber: string;
}

const DEADLINES = { evaluate: 5_000, endorse: 15_000, submit: 5_000, commitStatus: 60_000 };

export async function connectLedger(config: Config): Promise<Ledger> {
    const tlsRootCert = await readFile(config.peerTlsCaPath);
    const client = new grpc.Client(config.peerEndpoint, grpc.credentials.createSsl(tlsRootCert), {
        'grpc.ssl_target_name_override': config.peerHostAlias,
    });
    const identity: Identity = { mspId: config.mspId, credentials: await readFile(config.certPath) };
    const signer: Signer = signers.newPrivateKeySigner(createPrivateKey(await readFile(config.keyPath)));
    const gateway = connect({
        client,
        identity,
        signer,
        evaluateOptions: () => ({ deadline: Date.now() + DEADLINES.evaluate }),
        endorseOptions: () => ({ deadline: Date.now() + DEADLINES.endorse }),
        submitOptions: () => ({ deadline: Date.now() + DEADLINES.submit }),
        commitStatusOptions: () => ({ deadline: Date.now() + DEADLINES.commitStatus }),
    });
    return new FabricLedger(client, gateway, gateway.getNetwork(config.channel), config.chaincode);
}

class FabricLedger implements Ledger {
    private readonly contract: Contract;
    private readonly qscc: Contract;

    constructor(
        private readonly client: grpc.Client,
        private readonly gateway: Gateway,
        private readonly network: Network,
        chaincode: string,
    ) {
        this.contract = network.getContract(chaincode);
        this.qscc = network.getContract('qscc');
    }

    async submit(transaction: string, ...args: string[]): Promise<SubmitResult> {
        try {
            const proposal = this.contract.newProposal(transaction, { arguments: args });
            const endorsed = await proposal.endorse();
            const submitted = await endorsed.submit();
            const status = await submitted.getStatus();
            if (!status.successful) {
                throw new AppError('CONFLICT', `transaction ${status.transactionId} was invalidated with code ${status.code}`);
            }
            return {
                result: Buffer.from(submitted.getResult()).toString('utf8'),
                txId: status.transactionId,
                blockNumber: status.blockNumber.toString(),
            };
        } catch (err) {
            throw toAppError(err);
        }
    }

    async evaluate(transaction: string, ...args: string[]): Promise<string> {
        try {
            return Buffer.from(await this.contract.evaluateTransaction(transaction, ...args)).toString('utf8');
        } catch (err) {
            throw toAppError(err);
        }
    }

    async blockHeight(): Promise<bigint> {
        const bytes = await this.qscc.evaluateTransaction('GetChainInfo', this.network.getName());
        return BigInt(common.BlockchainInfo.deserializeBinary(bytes).getHeight());
    }

    async chaincodeReachable(): Promise<boolean> {
        try {
            // The contract API's own metadata transaction: answered by the chaincode server itself.
            await this.contract.evaluateTransaction('org.hyperledger.fabric:GetMetadata');
            return true;
        } catch {
            return false;
        }
    }

    async transaction(txId: string): Promise<TransactionInfo> {
        const channel = this.network.getName();
        try {
            const [processed, block] = await Promise.all([
                this.qscc.evaluateTransaction('GetTransactionByID', channel, txId),
                this.qscc.evaluateTransaction('GetBlockByTxID', channel, txId),
            ]);
            return decodeProcessedTransaction(processed, blockNumberOf(block));
        } catch (err) {
            throw notFoundOr(err, `transaction ${txId} is not on channel ${channel}`);
        }
    }

    async block(number: bigint): Promise<BlockInfo> {
        const channel = this.network.getName();
        try {
            return decodeBlock(await this.qscc.evaluateTransaction('GetBlockByNumber', channel, number.toString()));
        } catch (err) {
            throw notFoundOr(err, `block ${number} is not on channel ${channel}`);
        }
    }

    close(): void {
        this.gateway.close();
        this.client.close();
    }
}

/** qscc reports a missing block or transaction as a generic failure mentioning it. */
function notFoundOr(err: unknown, detail: string): Error {
    const text = [String((err as Error)?.message), ...((err as { details?: Array<{ message: string }> }).details ?? []).map((d) => d.message)].join(' ');
    return /not found|no such|out of range|failed to get/i.test(text) ? new AppError('NOT_FOUND', detail) : toAppError(err);
}

/** Turns a Fabric client error into the chaincode's coded error, or LEDGER_UNAVAILABLE. */
function toAppError(err: unknown): Error {
    if (err instanceof AppError) {
        return err;
    }
    const messages = [String((err as Error)?.message ?? err)];
    const details = (err as { details?: Array<{ message: string }> }).details ?? [];
    messages.push(...details.map((d) => d.message));
    for (const message of messages) {
        const coded = parseLedgerError(message);
        if (coded) {
            return coded;
        }
    }
    const unavailable = new AppError('LEDGER_UNAVAILABLE', 'the ledger did not answer; try again');
    unavailable.cause = err;
    return unavailable;
}
