import { expect } from 'chai';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { decodeBlock, decodeProcessedTransaction } from '../../src/fabric/block-decoder';

function identity(mspId: string): Uint8Array {
    const id = new msp.SerializedIdentity();
    id.setMspid(mspId);
    id.setIdBytes(Buffer.from('cert'));
    return id.serializeBinary();
}

function envelope(txId: string, creator: string, endorsers: string[]): common.Envelope {
    const channelHeader = new common.ChannelHeader();
    channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
    channelHeader.setTxId(txId);
    const time = new Timestamp();
    time.setSeconds(1_795_000_000);
    time.setNanos(250_000_000);
    channelHeader.setTimestamp(time);
    const signatureHeader = new common.SignatureHeader();
    signatureHeader.setCreator(identity(creator));
    const header = new common.Header();
    header.setChannelHeader(channelHeader.serializeBinary());
    header.setSignatureHeader(signatureHeader.serializeBinary());

    const endorsedAction = new peer.ChaincodeEndorsedAction();
    endorsedAction.setEndorsementsList(
        endorsers.map((mspId) => {
            const endorsement = new peer.Endorsement();
            endorsement.setEndorser(identity(mspId));
            return endorsement;
        }),
    );
    const actionPayload = new peer.ChaincodeActionPayload();
    actionPayload.setAction(endorsedAction);
    const action = new peer.TransactionAction();
    action.setPayload(actionPayload.serializeBinary());
    const transaction = new peer.Transaction();
    transaction.setActionsList([action]);

    const payload = new common.Payload();
    payload.setHeader(header);
    payload.setData(transaction.serializeBinary());
    const result = new common.Envelope();
    result.setPayload(payload.serializeBinary());
    return result;
}

describe('block decoder', () => {
    it('when a processed transaction is decoded, then creator, endorsing organisations, time and validity come out', () => {
        const processed = new peer.ProcessedTransaction();
        processed.setTransactionenvelope(envelope('t1', 'Bank1MSP', ['Bank3MSP', 'Bank1MSP', 'Bank3MSP']));
        processed.setValidationcode(peer.TxValidationCode.VALID);
        expect(decodeProcessedTransaction(processed.serializeBinary(), 12n)).to.deep.equal({
            txId: 't1',
            blockNumber: '12',
            creatorMsp: 'Bank1MSP',
            endorsers: ['Bank1MSP', 'Bank3MSP'],
            timestamp: '2026-11-18T11:06:40.250Z',
            validationCode: 'VALID',
            valid: true,
        });
    });

    it('when a transaction was invalidated by an MVCC conflict, then the code is named and valid is false', () => {
        const processed = new peer.ProcessedTransaction();
        processed.setTransactionenvelope(envelope('t2', 'Bank2MSP', ['Bank2MSP']));
        processed.setValidationcode(peer.TxValidationCode.MVCC_READ_CONFLICT);
        const info = decodeProcessedTransaction(processed.serializeBinary(), 3n);
        expect(info).to.include({ validationCode: 'MVCC_READ_CONFLICT', valid: false });
    });

    it('when a block is decoded, then each transaction carries the validation flag at its position', () => {
        const header = new common.BlockHeader();
        header.setNumber(4);
        header.setDataHash(Buffer.from('ab', 'hex'));
        header.setPreviousHash(Buffer.from('cd', 'hex'));
        const data = new common.BlockData();
        data.setDataList([envelope('t1', 'Bank1MSP', []).serializeBinary(), envelope('t2', 'Bank2MSP', []).serializeBinary()]);
        const metadata = new common.BlockMetadata();
        const flags = new Uint8Array([peer.TxValidationCode.VALID, peer.TxValidationCode.MVCC_READ_CONFLICT]);
        metadata.setMetadataList([new Uint8Array(), new Uint8Array(), flags, new Uint8Array(), new Uint8Array()]);
        const block = new common.Block();
        block.setHeader(header);
        block.setData(data);
        block.setMetadata(metadata);
        expect(decodeBlock(block.serializeBinary())).to.deep.equal({
            number: '4',
            dataHash: 'ab',
            previousHash: 'cd',
            transactions: [
                { txId: 't1', creatorMsp: 'Bank1MSP', validationCode: 'VALID' },
                { txId: 't2', creatorMsp: 'Bank2MSP', validationCode: 'MVCC_READ_CONFLICT' },
            ],
        });
    });
});
