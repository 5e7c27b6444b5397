import * as grpc from '@grpc/grpc-js';
import { connect, type Identity, type Network, type Signer, signers } from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';
import { createHash, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Config } from '../config';
import type { BlockSource, BlockStream } from '../index/index-listener';
import type { ChainEvent, IndexedBlock, IndexedTransaction } from '../index/index-model';
import { validationCodeName } from './block-decoder';

/**
 * The index's view of the channel: full blocks from the peer's deliver service, decoded
 * into valid transactions and our chaincode's events. Whole blocks (rather than the
 * per-event stream) give each event its transaction index and let the store commit a
 * block's rows, its hash and the checkpoint in one database transaction.
 */
export class FabricBlockSource implements BlockSource {
    constructor(
        private readonly network: Network,
        private readonly chaincode: string,
    ) {}

    async blocks(start: bigint): Promise<BlockStream> {
        // The store's checkpoint is the start block; it already names the first block not committed.
        const events = await this.network.getBlockEvents({ startBlock: start });
        const chaincode = this.chaincode;
        return {
            close: () => { events.close(); },
            async *[Symbol.asyncIterator]() {
                for await (const block of events) {
                    yield decodeIndexedBlock(block, chaincode);
                }
            },
        };
    }
}

/** Its own gRPC connection with the gateway's identity, so the long-lived stream never competes with requests. */
export async function connectBlockSource(config: Config): Promise<{ source: FabricBlockSource; close(): void }> {
    const client = new grpc.Client(config.peerEndpoint, grpc.credentials.createSsl(await readFile(config.peerTlsCaPath)), {
        'grpc.ssl_target_name_override': config.peerHostAlias,
        'grpc.keepalive_time_ms': 60_000,
    });
    const identity: Identity = { mspId: config.mspId, credentials: await readFile(config.certPath) };
    const signer: Signer = signers.newPrivateKeySigner(createPrivateKey(await readFile(config.keyPath)));
    const gateway = connect({ client, identity, signer });
    return {
        source: new FabricBlockSource(gateway.getNetwork(config.channel), config.chaincode),
        close() {
            gateway.close();
            client.close();
        },
    };
}

export function decodeIndexedBlock(block: common.Block, chaincode: string): IndexedBlock {
    const header = block.getHeader();
    if (header === undefined) {
        throw new Error('block without header');
    }
    const flags = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
    const transactions = (block.getData()?.getDataList_asU8() ?? []).map((data, index) => decodeTransaction(data, index, flags[index], chaincode));
    return {
        number: BigInt(header.getNumber()),
        hash: blockHash(header),
        previousHash: Buffer.from(header.getPreviousHash_asU8()).toString('hex'),
        dataHash: Buffer.from(header.getDataHash_asU8()).toString('hex'),
        transactions,
    };
}

function decodeTransaction(data: Uint8Array, index: number, flag: number | undefined, chaincode: string): IndexedTransaction {
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(data).getPayload_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
    const stamp = channelHeader.getTimestamp();
    const valid = flag === peer.TxValidationCode.VALID;
    const endorser = channelHeader.getType() === common.HeaderType.ENDORSER_TRANSACTION;
    return {
        index,
        txId: channelHeader.getTxId(),
        valid,
        validationCode: validationCodeName(flag ?? -1),
        time: stamp ? new Date(stamp.getSeconds() * 1000 + Math.floor(stamp.getNanos() / 1e6)).toISOString() : null,
        events: valid && endorser ? chaincodeEvents(payload, chaincode) : [],
    };
}

function chaincodeEvents(payload: common.Payload, chaincode: string): ChainEvent[] {
    const events: ChainEvent[] = [];
    for (const action of peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()) {
        const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
        if (endorsed === undefined) {
            continue;
        }
        const response = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
        const bytes = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8()).getEvents_asU8();
        if (bytes.length === 0) {
            continue;
        }
        const event = peer.ChaincodeEvent.deserializeBinary(bytes);
        if (event.getChaincodeId() !== chaincode || event.getEventName() === '') {
            continue;
        }
        const parsed = JSON.parse(Buffer.from(event.getPayload_asU8()).toString('utf8')) as unknown;
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
            throw new Error(`event ${event.getEventName()} of ${event.getTxId()} is not a JSON object`);
        }
        events.push({ name: event.getEventName(), payload: parsed as Record<string, unknown> });
    }
    return events;
}

/**
 * Fabric's block hash: SHA-256 over the ASN.1 DER of SEQUENCE { INTEGER number,
 * OCTET STRING previousHash, OCTET STRING dataHash } (protoutil.BlockHeaderBytes).
 */
export function blockHash(header: common.BlockHeader): string {
    const der = derSequence([
        derInteger(BigInt(header.getNumber())),
        derTagged(0x04, header.getPreviousHash_asU8()),
        derTagged(0x04, header.getDataHash_asU8()),
    ]);
    return createHash('sha256').update(der).digest('hex');
}

function derLength(length: number): Buffer {
    if (length < 0x80) {
        return Buffer.from([length]);
    }
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
        bytes.unshift(rest % 256);
    }
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function derTagged(tag: number, content: Uint8Array): Buffer {
    return Buffer.concat([Buffer.from([tag]), derLength(content.length), Buffer.from(content)]);
}

function derInteger(value: bigint): Buffer {
    let hex = value.toString(16);
    if (hex.length % 2 === 1) {
        hex = `0${hex}`;
    }
    let bytes = Buffer.from(hex, 'hex');
    if ((bytes[0] ?? 0) & 0x80) {
        bytes = Buffer.concat([Buffer.from([0]), bytes]); // non-negative: a leading 0 when the top bit is set
    }
    return derTagged(0x02, bytes);
}

function derSequence(parts: Buffer[]): Buffer {
    return derTagged(0x30, Buffer.concat(parts));
}
