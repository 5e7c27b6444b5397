import * as grpc from '@grpc/grpc-js';
import { connect, Contract, Gateway, Identity, Network, Signer, signers } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Config } from '../config';
import { AppError, parseLedgerError } from '../errors';
import { blockNumberOf, BlockInfo, decodeBlock, decodeProcessedTransaction, TransactionInfo } from './block-decoder';

/**
 * What a caller may learn while its write is submitted: the transaction id before
 * anything is sent, and the endorsed transaction's bytes before they go to the orderer.
 * The idempotency layer stores both, so a gateway that dies mid-submission can finish
 * the same transaction after a restart instead of creating a second one.
 */
export interface SubmissionObserver {
    /** Awaited before endorsement. */
    transactionCreated(txId: string): Promise<void>;
    /** Awaited before the transaction goes to the orderer. */
    transactionEndorsed(txId: string, signedBytes: Uint8Array): Promise<void>;
}

export interface SubmitOptions {
    /** Told about every transaction this submission creates and endorses (a retry makes a new one). */
    observer?: SubmissionObserver | undefined;
}

/** What the use cases need from the ledger; the HTTP layer never sees Fabric types. */
export interface Ledger {
    submit(transaction: string, args: readonly string[], options?: SubmitOptions): Promise<SubmitResult>;
    evaluate(transaction: string, ...args: string[]): Promise<string>;
    blockHeight(): Promise<bigint>;
    chaincodeReachable(): Promise<boolean>;
    transaction(txId: string): Promise<TransactionInfo>;
    /** Sends an already endorsed transaction again; its id cannot commit twice. */
    resubmit(endorsedTransaction: Uint8Array): Promise<SubmitResult>;
    block(number: bigint): Promise<BlockInfo>;
    close(): void;
}

export interface SubmitResult {
    result: string;
    txId: string;
    blockNumber: string;
}

const DEADLINES = { evaluate: 5_000, endorse: 15_000, submit: 5_000, commitStatus: 20_000 };

/** Attempts per write: a timeout retries the same transaction, an MVCC conflict or a split endorsement a new one. */
const ATTEMPTS = 3;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_ABORTED = 10;
const GRPC_UNAVAILABLE = 14;
const CONFLICT_CODES = new Set([11, 12]); // MVCC_READ_CONFLICT, PHANTOM_READ_CONFLICT

/** The commit did not show up within the deadline; the transaction may still commit. */
export class CommitPendingError extends Error {
    constructor(readonly txId: string) {
        super(`transaction ${txId} was sent; its commit is not confirmed yet`);
        this.name = 'CommitPendingError';
    }
}

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
    return new FabricLedger(client, gateway, gateway.getNetwork(config.channel), config.chaincode, signer);
}

class FabricLedger implements Ledger {
    private readonly contract: Contract;
    private readonly qscc: Contract;

    constructor(
        private readonly client: grpc.Client,
        private readonly gateway: Gateway,
        private readonly network: Network,
        chaincode: string,
        private readonly signer: Signer,
    ) {
        this.contract = network.getContract(chaincode);
        this.qscc = network.getContract('qscc');
    }

    async submit(transaction: string, args: readonly string[], { observer }: SubmitOptions = {}): Promise<SubmitResult> {
        try {
            for (let attempt = 1; ; attempt++) {
                const proposal = this.contract.newProposal(transaction, { arguments: [...args] });
                const txId = proposal.getTransactionId();
                await observer?.transactionCreated(txId);
                let endorsed;
                try {
                    endorsed = await retryOnTimeout(() => proposal.endorse());
                } catch (err) {
                    if (endorsersDisagreed(err) && attempt < ATTEMPTS) {
                        continue;
                    }
                    throw err;
                }
                await observer?.transactionEndorsed(txId, endorsed.getBytes());
                const submitted = await retryOnTimeout(() => endorsed.submit());
                const status = await awaitCommit(txId, () => submitted.getStatus());
                if (status.successful) {
                    return { result: Buffer.from(submitted.getResult()).toString('utf8'), txId, blockNumber: status.blockNumber.toString() };
                }
                if (!CONFLICT_CODES.has(status.code) || attempt >= ATTEMPTS) {
                    throw new AppError('CONFLICT', `transaction ${txId} was invalidated with code ${status.code}`);
                }
            }
        } catch (err) {
            throw toAppError(err);
        }
    }

    async resubmit(endorsedTransaction: Uint8Array): Promise<SubmitResult> {
        try {
            // Stored after endorsement, before the client signed the envelope: sign it again.
            // The transaction id lives in the proposal, so it stays the same.
            const digest = this.gateway.newSignedTransaction(endorsedTransaction, new Uint8Array()).getDigest();
            const transaction = this.gateway.newSignedTransaction(endorsedTransaction, await this.signer(digest));
            const txId = transaction.getTransactionId();
            const submitted = await retryOnTimeout(() => transaction.submit());
            const status = await awaitCommit(txId, () => submitted.getStatus());
            if (!status.successful) {
                throw new AppError('CONFLICT', `transaction ${txId} was invalidated with code ${status.code}`);
            }
            return { result: Buffer.from(submitted.getResult()).toString('utf8'), txId, blockNumber: status.blockNumber.toString() };
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

function grpcCode(err: unknown): number | undefined {
    return (err as { code?: number }).code;
}

/**
 * The endorsing peers returned different results: one had committed a block the other
 * had not yet, so they read different versions of a key that changes often (an FX
 * provider's liquidity lane). Nothing reached the orderer; a new proposal may try again.
 */
export function endorsersDisagreed(err: unknown): boolean {
    const details = (err as { details?: { message?: unknown }[] }).details ?? [];
    return grpcCode(err) === GRPC_ABORTED && details.some((detail) => String(detail.message).includes('ProposalResponsePayloads do not match'));
}

async function retryOnTimeout<T>(send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await send();
        } catch (err) {
            const code = grpcCode(err);
            if ((code !== GRPC_DEADLINE_EXCEEDED && code !== GRPC_UNAVAILABLE) || attempt >= ATTEMPTS) {
                throw err;
            }
        }
    }
}

async function awaitCommit<T>(txId: string, status: () => Promise<T>): Promise<T> {
    try {
        return await status();
    } catch (err) {
        if (grpcCode(err) === GRPC_DEADLINE_EXCEEDED) {
            throw new CommitPendingError(txId);
        }
        throw err;
    }
}

/** qscc reports a missing block or transaction as a generic failure mentioning it. */
function notFoundOr(err: unknown, detail: string): Error {
    const text = [String((err as { message?: unknown } | null | undefined)?.message), ...((err as { details?: { message: string }[] }).details ?? []).map((d) => d.message)].join(' ');
    return /not found|no such|out of range|failed to get/i.test(text) ? new AppError('NOT_FOUND', detail) : toAppError(err);
}

/** Turns a Fabric client error into the chaincode's coded error, or LEDGER_UNAVAILABLE. */
function toAppError(err: unknown): Error {
    if (err instanceof AppError || err instanceof CommitPendingError) {
        return err;
    }
    const messages = [String((err as { message?: unknown } | null | undefined)?.message ?? err)];
    const details = (err as { details?: { message: string }[] }).details ?? [];
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
