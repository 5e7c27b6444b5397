import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { common, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { blockHash, decodeIndexedBlock } from '../../../src/fabric/event-source';

function header(number: number, previous: Buffer, data: Buffer): common.BlockHeader {
    const h = new common.BlockHeader();
    h.setNumber(number);
    h.setPreviousHash(previous);
    h.setDataHash(data);
    return h;
}

function endorserEnvelope(txId: string, chaincode: string, eventName: string, payload: unknown): Uint8Array {
    const channelHeader = new common.ChannelHeader();
    channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
    channelHeader.setTxId(txId);
    const time = new Timestamp();
    time.setSeconds(1_795_000_000);
    time.setNanos(0);
    channelHeader.setTimestamp(time);
    const head = new common.Header();
    head.setChannelHeader(channelHeader.serializeBinary());

    const event = new peer.ChaincodeEvent();
    event.setChaincodeId(chaincode);
    event.setTxId(txId);
    event.setEventName(eventName);
    event.setPayload(Buffer.from(JSON.stringify(payload)));
    const chaincodeAction = new peer.ChaincodeAction();
    chaincodeAction.setEvents(event.serializeBinary());
    const response = new peer.ProposalResponsePayload();
    response.setExtension$(chaincodeAction.serializeBinary());
    const endorsed = new peer.ChaincodeEndorsedAction();
    endorsed.setProposalResponsePayload(response.serializeBinary());
    const actionPayload = new peer.ChaincodeActionPayload();
    actionPayload.setAction(endorsed);
    const action = new peer.TransactionAction();
    action.setPayload(actionPayload.serializeBinary());
    const transaction = new peer.Transaction();
    transaction.setActionsList([action]);

    const body = new common.Payload();
    body.setHeader(head);
    body.setData(transaction.serializeBinary());
    const envelope = new common.Envelope();
    envelope.setPayload(body.serializeBinary());
    return envelope.serializeBinary();
}

describe('block event source decoding', () => {
    it('when a header is hashed, then it is SHA-256 of the DER sequence Fabric hashes (number, previous hash, data hash)', () => {
        const previous = Buffer.alloc(32, 1);
        const data = Buffer.alloc(32, 2);
        const der = Buffer.concat([Buffer.from([0x30, 0x47, 0x02, 0x01, 0x01, 0x04, 0x20]), previous, Buffer.from([0x04, 0x20]), data]);
        expect(blockHash(header(1, previous, data))).to.equal(createHash('sha256').update(der).digest('hex'));
        // 128 needs a leading zero byte to stay a positive INTEGER.
        const der128 = Buffer.concat([Buffer.from([0x30, 0x48, 0x02, 0x02, 0x00, 0x80, 0x04, 0x20]), previous, Buffer.from([0x04, 0x20]), data]);
        expect(blockHash(header(128, previous, data))).to.equal(createHash('sha256').update(der128).digest('hex'));
    });

    it('when a block is decoded, then valid transactions carry our chaincode events and invalid or foreign ones carry none', () => {
        const block = new common.Block();
        block.setHeader(header(7, Buffer.alloc(32, 3), Buffer.alloc(32, 4)));
        const data = new common.BlockData();
        data.setDataList([
            endorserEnvelope('t0', 'corridor', 'CurrencyMinted', { amount: '1.00' }),
            endorserEnvelope('t1', 'corridor', 'CurrencyMinted', { amount: '2.00' }),
            endorserEnvelope('t2', 'other-chaincode', 'Whatever', { x: 1 }),
        ]);
        block.setData(data);
        const metadata = new common.BlockMetadata();
        const flags = Uint8Array.from([peer.TxValidationCode.VALID, peer.TxValidationCode.MVCC_READ_CONFLICT, peer.TxValidationCode.VALID]);
        metadata.setMetadataList([new Uint8Array(), new Uint8Array(), flags, new Uint8Array(), new Uint8Array()]);
        block.setMetadata(metadata);

        const decoded = decodeIndexedBlock(block, 'corridor');
        expect(decoded.number).to.equal(7n);
        expect(decoded.previousHash).to.equal('03'.repeat(32));
        expect(decoded.transactions.map((t) => [t.index, t.txId, t.valid, t.validationCode, t.events.length])).to.deep.equal([
            [0, 't0', true, 'VALID', 1],
            [1, 't1', false, 'MVCC_READ_CONFLICT', 0],
            [2, 't2', true, 'VALID', 0],
        ]);
        expect(decoded.transactions[0]?.events[0]).to.deep.equal({ name: 'CurrencyMinted', payload: { amount: '1.00' } });
        expect(decoded.transactions[0]?.time).to.equal(new Date(1_795_000_000_000).toISOString());
    });
});
