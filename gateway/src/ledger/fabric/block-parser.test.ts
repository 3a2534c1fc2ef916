import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { blockHeaderDer, blockHeaderHash, parseBlock, toValidationCode, validationCodeName } from './block-parser';

describe('Fabric block header hash', () => {
  it('DER-encodes (number, previous_hash, data_hash) as Go asn1 does for protoutil.BlockHeaderBytes', () => {
    const der = blockHeaderDer(0n, new Uint8Array(), Buffer.from('ab', 'hex'));
    // SEQUENCE(len 8) { INTEGER 0, OCTET STRING "", OCTET STRING ab }
    expect(der.toString('hex')).toBe('3008020100040004' + '01ab');
  });

  it('encodes block numbers minimally, with a leading zero when the high bit is set', () => {
    expect(blockHeaderDer(127n, new Uint8Array(), new Uint8Array()).toString('hex')).toBe('3007' + '02017f' + '0400' + '0400');
    expect(blockHeaderDer(128n, new Uint8Array(), new Uint8Array()).toString('hex')).toBe('3008' + '02020080' + '0400' + '0400');
    expect(blockHeaderDer(65536n, new Uint8Array(), new Uint8Array()).toString('hex')).toBe('3009' + '0203010000' + '0400' + '0400');
  });

  it('uses minimal long-form lengths past 127 bytes', () => {
    const hash = new Uint8Array(200).fill(7);
    const der = blockHeaderDer(1n, hash, hash);
    // 2 x (04 81 c8 + 200 bytes) + 02 01 01 = 409 = 0x199 bytes of content.
    expect(der.subarray(0, 4).toString('hex')).toBe('30820199');
    expect(der.subarray(7, 10).toString('hex')).toBe('0481c8');
    expect(der.length).toBe(4 + 409);
  });

  it('hashes with SHA-256 (64 hex characters)', () => {
    expect(blockHeaderHash(5n, new Uint8Array(32), new Uint8Array(32))).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('validation codes', () => {
  it('names Fabric codes and folds the ones the product does not distinguish into INVALID_OTHER_REASON', () => {
    expect(validationCodeName(11)).toBe('MVCC_READ_CONFLICT');
    expect(toValidationCode(0)).toBe('VALID');
    expect(toValidationCode(12)).toBe('PHANTOM_READ_CONFLICT');
    expect(toValidationCode(10)).toBe('ENDORSEMENT_POLICY_FAILURE');
    expect(toValidationCode(23)).toBe('INVALID_OTHER_REASON');
  });
});

describe('parseBlock', () => {
  it('reads a config-free block with one endorser transaction: function, args, event, creator, validation code', () => {
    const timestamp = new Timestamp();
    timestamp.setSeconds(1_700_000_000);
    timestamp.setNanos(123_456_789);
    const channelHeader = new common.ChannelHeader();
    channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
    channelHeader.setTxId('tx-1');
    channelHeader.setChannelId('delta');
    channelHeader.setTimestamp(timestamp);
    const creator = new msp.SerializedIdentity();
    creator.setMspid('AnhuiMSP');
    const signatureHeader = new common.SignatureHeader();
    signatureHeader.setCreator(creator.serializeBinary());
    const header = new common.Header();
    header.setChannelHeader(channelHeader.serializeBinary());
    header.setSignatureHeader(signatureHeader.serializeBinary());

    const input = new peer.ChaincodeInput();
    input.setArgsList([Buffer.from('credit:addEntry'), Buffer.from('{"id":"c1"}')]);
    const spec = new peer.ChaincodeSpec();
    spec.setInput(input);
    const chaincodeId = new peer.ChaincodeID();
    chaincodeId.setName('dtl');
    spec.setChaincodeId(chaincodeId);
    const invocation = new peer.ChaincodeInvocationSpec();
    invocation.setChaincodeSpec(spec);
    const proposalPayload = new peer.ChaincodeProposalPayload();
    proposalPayload.setInput(invocation.serializeBinary());
    const event = new peer.ChaincodeEvent();
    event.setEventName('credit.entry');
    event.setPayload(Buffer.from('{"id":"c1"}'));
    const chaincodeAction = new peer.ChaincodeAction();
    chaincodeAction.setEvents(event.serializeBinary());
    const responsePayload = new peer.ProposalResponsePayload();
    responsePayload.setExtension$(chaincodeAction.serializeBinary());
    const endorsed = new peer.ChaincodeEndorsedAction();
    endorsed.setProposalResponsePayload(responsePayload.serializeBinary());
    const actionPayload = new peer.ChaincodeActionPayload();
    actionPayload.setChaincodeProposalPayload(proposalPayload.serializeBinary());
    actionPayload.setAction(endorsed);
    const action = new peer.TransactionAction();
    action.setPayload(actionPayload.serializeBinary());
    const transaction = new peer.Transaction();
    transaction.setActionsList([action]);
    const payload = new common.Payload();
    payload.setHeader(header);
    payload.setData(transaction.serializeBinary());
    const envelope = new common.Envelope();
    envelope.setPayload(payload.serializeBinary());

    const block = new common.Block();
    const blockHeader = new common.BlockHeader();
    blockHeader.setNumber(7);
    blockHeader.setPreviousHash(new Uint8Array(32).fill(1));
    blockHeader.setDataHash(new Uint8Array(32).fill(2));
    block.setHeader(blockHeader);
    const data = new common.BlockData();
    data.setDataList([envelope.serializeBinary()]);
    block.setData(data);
    const metadata = new common.BlockMetadata();
    metadata.setMetadataList([new Uint8Array(), new Uint8Array(), Uint8Array.from([peer.TxValidationCode.MVCC_READ_CONFLICT]), new Uint8Array()]);
    block.setMetadata(metadata);

    const view = parseBlock(block.serializeBinary(), 'dtl');
    expect(view).toMatchObject({
      number: 7,
      previousHash: '01'.repeat(32),
      dataHash: '02'.repeat(32),
      hash: blockHeaderHash(7n, new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)),
      hashAlgorithm: 'sha256',
      timestamp: '2023-11-14T22:13:20.123Z',
    });
    expect(view.transactions).toEqual([
      {
        txId: 'tx-1',
        blockNumber: 7,
        index: 0,
        validationCode: 'MVCC_READ_CONFLICT',
        creatorMspId: 'AnhuiMSP',
        timestamp: '2023-11-14T22:13:20.123Z',
        contract: 'credit',
        transaction: 'addEntry',
        args: ['{"id":"c1"}'],
        events: [{ contract: 'credit', name: 'credit.entry', payload: '{"id":"c1"}' }],
      },
    ]);
  });
});
