import { peer } from '@hyperledger/fabric-protos';
import { blockHeaderDer, blockHeaderHash } from './block-hash';
import { fabricInclusion, parseBlock, toValidationCode, validationCodeName } from './block-parser';
import { endorserEnvelope, fabricBlock } from './test-blocks';

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
    const envelope = endorserEnvelope({ txId: 'tx-1', mspId: 'AnhuiMSP', args: ['credit:addEntry', '{"id":"c1"}'], event: { name: 'credit.entry', payload: '{"id":"c1"}' }, nanos: 123_456_789 });
    const block = fabricBlock(7, new Uint8Array(32).fill(1), new Uint8Array(32).fill(2), [envelope], [peer.TxValidationCode.MVCC_READ_CONFLICT]);
    const view = parseBlock(block, 'dtl');
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

describe('fabricInclusion', () => {
  const envelopes = [
    endorserEnvelope({ txId: 'tx-a', mspId: 'ShanghaiMSP', args: ['credit:addEntry', '{"id":"a"}'] }),
    endorserEnvelope({ txId: 'tx-b', mspId: 'AnhuiMSP', args: ['credit:addEntry', '{"id":"b"}'] }),
  ];
  const block = fabricBlock(3, new Uint8Array(32), new Uint8Array(32), envelopes, [peer.TxValidationCode.VALID, peer.TxValidationCode.MVCC_READ_CONFLICT]);

  it('gives every envelope of the block, the transaction\'s index and its validation code', () => {
    expect(fabricInclusion(block, 'tx-b')).toEqual({
      format: 'fabric-envelopes',
      txIndex: 1,
      envelopes: envelopes.map((e) => Buffer.from(e).toString('base64')),
      validationCode: 'MVCC_READ_CONFLICT',
      blockSignatures: expect.any(String),
    });
    expect(fabricInclusion(block, 'tx-a')?.validationCode).toBe('VALID');
  });

  it('gives nothing for a transaction that is not in the block', () => {
    expect(fabricInclusion(block, 'tx-z')).toBeUndefined();
  });
});
