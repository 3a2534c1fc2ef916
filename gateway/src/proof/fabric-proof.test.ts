/** Offline verification of Fabric proofs: SHA-256 data hash over the envelopes, the DER header hash, the record. */
import { peer } from '@hyperledger/fabric-protos';
import { bytesToHex, signRecord, sm2GenerateKeyPair } from '@dtl/chaincode/crypto';
import { blockDataHash, blockHeaderHash } from '../ledger/fabric/block-hash';
import { fabricInclusion } from '../ledger/fabric/block-parser';
import { endorserEnvelope, fabricBlock } from '../ledger/fabric/test-blocks';
import type { FabricProofInclusion, Proof } from './types';
import { verifyProof } from './verify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/main';
import { embeddedTrustBundle } from '../trust/export-embedded';

const signer = sm2GenerateKeyPair();
const record = signRecord(
  { type: 'credit.entry', id: 'c-fab-1', department: 'sh-samr', list: 'black', subject: { kind: 'organisation', creditCode: '91330100799655058B' } },
  { privateKey: signer.privateKey, keyId: 'sh-samr#dev-1' },
);

function fabricProof(code: number = peer.TxValidationCode.VALID): Proof {
  const envelopes = [
    endorserEnvelope({ txId: 'tx-other', mspId: 'JiangsuMSP', args: ['credit:addEntry', '{"id":"other"}'] }),
    endorserEnvelope({ txId: 'tx-mine', mspId: 'ShanghaiMSP', args: ['credit:addEntry', JSON.stringify(record)] }),
  ];
  const previousHash = new Uint8Array(32).fill(9);
  const dataHash = Buffer.from(blockDataHash(envelopes), 'hex');
  const block = fabricBlock(12, previousHash, dataHash, envelopes, [peer.TxValidationCode.VALID, code]);
  const inclusion = fabricInclusion(block, 'tx-mine');
  if (!inclusion) throw new Error('no inclusion');
  return {
    version: 1,
    record,
    signature: record.signature,
    signerKeyId: record.signature.keyId,
    signerPublicKey: bytesToHex(signer.publicKey),
    txId: 'tx-mine',
    blockNumber: 12,
    blockHash: blockHeaderHash(12n, previousHash, dataHash),
    header: { number: 12, previousHash: bytesToHex(previousHash), dataHash: bytesToHex(dataHash), hashAlgorithm: 'sha256' },
    inclusion,
  };
}

const failed = (proof: Proof): string[] => verifyProof(proof).checks.filter((c) => !c.ok).map((c) => c.name);
const withInclusion = (proof: Proof, change: Partial<FabricProofInclusion>): Proof => ({ ...proof, inclusion: { ...(proof.inclusion as FabricProofInclusion), ...change } });

describe('Fabric proofs, verified offline', () => {
  it('a proof built from the block verifies: signature, tx id, record in the args, data hash, header hash, VALID', () => {
    const proof = fabricProof();
    const verdict = verifyProof(proof);
    expect(verdict.checks.map((c) => c.name)).toEqual(['signer-key-id', 'record-signature', 'tx-id', 'tx-carries-record', 'data-hash', 'tx-valid', 'header-number', 'block-hash']);
    expect(failed(proof)).toEqual([]);
    expect(verifyProof(proof, { number: 12, hash: proof.blockHash }).valid).toBe(true);
    expect(verifyProof(proof, { number: 12, hash: '00'.repeat(32) }).valid).toBe(false);
  });

  it('a changed byte in any envelope breaks the data hash', () => {
    const proof = fabricProof();
    const envelopes = (proof.inclusion as FabricProofInclusion).envelopes;
    const other = Buffer.from(envelopes[0] as string, 'base64');
    other.writeUInt8(other.readUInt8(other.length - 1) ^ 1, other.length - 1);
    expect(failed(withInclusion(proof, { envelopes: [other.toString('base64'), envelopes[1] as string] }))).toEqual(['data-hash']);
    // Leaving the other transactions out breaks it too: Fabric hashes the whole block's data, there is no Merkle path.
    expect(failed(withInclusion(proof, { envelopes: [envelopes[1] as string], txIndex: 0 }))).toEqual(['data-hash']);
  });

  it('pointing at another transaction of the block, or another record, is caught', () => {
    const proof = fabricProof();
    expect(failed(withInclusion(proof, { txIndex: 0 }))).toEqual(['tx-id', 'tx-carries-record']);
    const other = signRecord({ ...record, id: 'c-fab-2' }, { privateKey: signer.privateKey, keyId: record.signature.keyId });
    expect(failed({ ...proof, record: other, signature: other.signature })).toEqual(['tx-carries-record']);
  });

  it('an invalidated transaction, a forged header or garbage envelopes do not verify', () => {
    expect(failed(fabricProof(peer.TxValidationCode.MVCC_READ_CONFLICT))).toEqual(['tx-valid']);
    const proof = fabricProof();
    expect(failed({ ...proof, header: { ...proof.header, previousHash: '00'.repeat(32) } })).toEqual(['block-hash']);
    expect(failed(withInclusion(proof, { envelopes: ['not base64!', '@@'] }))).toEqual(['tx-id', 'tx-carries-record', 'data-hash']);
  });

  it('dtl verify --trust refuses a Fabric proof against an embedded bundle (exit 1), and says UNANCHORED without one (exit 3)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtl-fabric-proof-'));
    writeFileSync(join(dir, 'proof.json'), JSON.stringify(fabricProof()));
    writeFileSync(join(dir, 'trust.json'), JSON.stringify(embeddedTrustBundle('00'.repeat(32), [sm2GenerateKeyPair().publicKey], 'test')));
    let out = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (out += t) };
    expect(await main(['verify', join(dir, 'proof.json'), '--trust', join(dir, 'trust.json')], io)).toBe(1);
    expect(out).toContain('a Fabric block cannot be anchored by a embedded trust bundle');
    out = '';
    expect(await main(['verify', join(dir, 'proof.json')], io)).toBe(3);
    expect(out).toContain('proof: UNANCHORED');
    rmSync(dir, { recursive: true, force: true });
  });

});
