import { common, msp, peer } from '@hyperledger/fabric-protos';

/** What the explorer shows of one transaction, decoded from Fabric's protobufs. */
export interface TransactionInfo {
    txId: string;
    blockNumber: string;
    validationCode: string;
    valid: boolean;
    creatorMsp: string;
    endorsers: string[];
    timestamp: string | null;
}

export interface BlockInfo {
    number: string;
    dataHash: string;
    previousHash: string;
    transactions: { txId: string; creatorMsp: string; validationCode: string }[];
}

const VALIDATION_CODE_NAMES = new Map<number, string>(
    Object.entries(peer.TxValidationCode).map(([name, code]) => [code as number, name]),
);

export function validationCodeName(code: number): string {
    return VALIDATION_CODE_NAMES.get(code) ?? `UNKNOWN_${code}`;
}

interface EnvelopeInfo {
    txId: string;
    creatorMsp: string;
    endorsers: string[];
    timestamp: string | null;
}

export function decodeEnvelope(envelope: common.Envelope): EnvelopeInfo {
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const header = payload.getHeader();
    const channelHeader = common.ChannelHeader.deserializeBinary(header?.getChannelHeader_asU8() ?? new Uint8Array());
    const signatureHeader = common.SignatureHeader.deserializeBinary(header?.getSignatureHeader_asU8() ?? new Uint8Array());
    const time = channelHeader.getTimestamp();
    return {
        txId: channelHeader.getTxId(),
        creatorMsp: mspOf(signatureHeader.getCreator_asU8()),
        endorsers: channelHeader.getType() === common.HeaderType.ENDORSER_TRANSACTION ? endorsersOf(payload) : [],
        timestamp: time ? new Date(time.getSeconds() * 1000 + Math.floor(time.getNanos() / 1e6)).toISOString() : null,
    };
}

function endorsersOf(payload: common.Payload): string[] {
    const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
    const endorsers = new Set<string>();
    for (const action of transaction.getActionsList()) {
        const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
        for (const endorsement of actionPayload.getAction()?.getEndorsementsList() ?? []) {
            endorsers.add(mspOf(endorsement.getEndorser_asU8()));
        }
    }
    return [...endorsers].sort();
}

function mspOf(serializedIdentity: Uint8Array): string {
    return msp.SerializedIdentity.deserializeBinary(serializedIdentity).getMspid();
}

export function decodeProcessedTransaction(bytes: Uint8Array, blockNumber: bigint): TransactionInfo {
    const processed = peer.ProcessedTransaction.deserializeBinary(bytes);
    const envelope = processed.getTransactionenvelope();
    if (!envelope) {
        throw new Error('processed transaction without envelope');
    }
    const code = processed.getValidationcode();
    return {
        ...decodeEnvelope(envelope),
        blockNumber: blockNumber.toString(),
        validationCode: validationCodeName(code),
        valid: code === peer.TxValidationCode.VALID,
    };
}

export function decodeBlock(bytes: Uint8Array): BlockInfo {
    const block = common.Block.deserializeBinary(bytes);
    const header = block.getHeader();
    // Validation flags live in block metadata, one byte per transaction, in order.
    const flags = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
    const transactions = (block.getData()?.getDataList_asU8() ?? []).map((data, index) => {
        const { txId, creatorMsp } = decodeEnvelope(common.Envelope.deserializeBinary(data));
        return { txId, creatorMsp, validationCode: validationCodeName(flags[index] ?? -1) };
    });
    return {
        number: String(header?.getNumber() ?? 0),
        dataHash: Buffer.from(header?.getDataHash_asU8() ?? new Uint8Array()).toString('hex'),
        previousHash: Buffer.from(header?.getPreviousHash_asU8() ?? new Uint8Array()).toString('hex'),
        transactions,
    };
}

export function blockNumberOf(bytes: Uint8Array): bigint {
    return BigInt(common.Block.deserializeBinary(bytes).getHeader()?.getNumber() ?? 0);
}
