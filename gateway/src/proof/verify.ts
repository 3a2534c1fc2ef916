/**
 * Offline proof verification: pure functions over the proof and, optionally, a trusted block header or the blocks
 * of a copy of the chain. Nothing here talks to the gateway.
 */
import { bytesToHex, canonicalJson, hexToBytes, sm3, verifyRecordSignature, type SignedRecord } from '@dtl/chaincode/crypto';
import { contentHashOf, isHashOnlyForm } from '../visibility/hash-only';
import { computeHeaderHash, computeMetadataHash } from '../ledger/embedded/block';
import { blockDataHash, blockHeaderHash } from '../ledger/fabric/block-hash';
import type { FabricProofInclusion, Proof, ProofInclusion } from './types';

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface TrustedHeader {
  readonly number: number;
  readonly hash: string;
  readonly previousHash?: string;
  readonly dataHash?: string;
}

export interface VerifyResult {
  readonly valid: boolean;
  readonly checks: readonly Check[];
}

function check(checks: Check[], name: string, ok: boolean, detail: string): void {
  checks.push({ name, ok, detail });
}

function isHex(text: unknown): text is string {
  return typeof text === 'string' && /^[0-9a-f]*$/i.test(text);
}

const isByteHex = (text: unknown): text is string => isHex(text) && text.length % 2 === 0;

/**
 * How one of the transaction's arguments carries the record: as itself (compared as canonical JSON), or — protected
 * content, issue 12 — as its hash-only form: same type, id, department and signature, and contentHash = SM3 of the
 * record's signed bytes (so the content the holder has is exactly what was committed).
 */
function carriesRecord(args: readonly unknown[], record: Proof['record']): 'record' | 'hash-only' | undefined {
  const wanted = canonicalJson(record);
  const bareRecord = record as unknown as Record<string, unknown>;
  let found: 'record' | 'hash-only' | undefined;
  for (const arg of args) {
    if (typeof arg !== 'string') continue;
    try {
      const value = JSON.parse(arg) as Record<string, unknown>;
      if (canonicalJson(value) === wanted) return 'record';
      if (
        isHashOnlyForm(value) &&
        ['type', 'id', 'department'].every((field) => value[field] === bareRecord[field]) &&
        canonicalJson(value.signature ?? null) === canonicalJson(record.signature) &&
        value.contentHash === contentHashOf(record)
      ) {
        found = 'hash-only';
      }
    } catch {
      // not JSON: not the record
    }
  }
  return found;
}

function checkCarries(checks: Check[], txId: unknown, args: readonly unknown[], proof: Proof): void {
  check(checks, 'tx-id', txId === proof.txId, `transaction id ${String(txId)}`);
  const carries = carriesRecord(args, proof.record);
  check(
    checks,
    'tx-carries-record',
    carries !== undefined,
    carries === 'record' ? 'the transaction arguments carry exactly this record' : carries === 'hash-only' ? "the transaction carries this record's hash-only form: its SM3 content hash and signature (the content is in the owner's protected collection)" : 'the record is not in the transaction',
  );
}

/** Embedded ledger: the transaction's JSON, SM3 of every transaction, and the validation codes under the header. */
function checkEmbeddedInclusion(checks: Check[], proof: Proof, inclusion: ProofInclusion): void {
  let tx: { txId?: unknown; args?: unknown } = {};
  try {
    tx = JSON.parse(inclusion.transaction) as typeof tx;
  } catch {
    tx = {};
  }
  checkCarries(checks, tx.txId, Array.isArray(tx.args) ? (tx.args as unknown[]) : [], proof);
  const txHash = bytesToHex(sm3(inclusion.transaction));
  check(checks, 'tx-hash', inclusion.txHashes[inclusion.txIndex] === txHash, `SM3(tx) = ${txHash} at index ${inclusion.txIndex}`);
  const all = new Uint8Array(32 * inclusion.txHashes.length);
  let wellFormed = true;
  inclusion.txHashes.forEach((hash, index) => {
    if (!isHex(hash) || hash.length !== 64) wellFormed = false;
    else all.set(hexToBytes(hash), index * 32);
  });
  const dataHash = bytesToHex(sm3(all));
  check(checks, 'data-hash', wellFormed && dataHash === proof.header.dataHash, `SM3(tx hashes) = ${dataHash}`);
  if (proof.header.metadataHash !== undefined) {
    const metadataHash = computeMetadataHash(inclusion.validationCodes as Parameters<typeof computeMetadataHash>[0]);
    check(checks, 'metadata-hash', metadataHash === proof.header.metadataHash, `SM3(validation codes) = ${metadataHash}`);
    const code = inclusion.validationCodes[inclusion.txIndex];
    check(checks, 'tx-valid', code === 'VALID', `validation code ${String(code)}`);
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Fabric: SHA-256 over every envelope of the block is the data hash; the envelope at txIndex carries the record. */
function checkFabricInclusion(checks: Check[], proof: Proof, inclusion: FabricProofInclusion): void {
  const envelopes = Array.isArray(inclusion.envelopes) && inclusion.envelopes.every((e) => typeof e === 'string' && BASE64.test(e))
    ? inclusion.envelopes.map((e) => Buffer.from(e, 'base64'))
    : [];
  const mine = envelopes[inclusion.txIndex];
  let invocation: { txId: unknown; args: readonly unknown[] } = { txId: undefined, args: [] };
  if (mine) {
    try {
      // Loaded here only: the protobuf classes are needed for Fabric proofs alone (and the browser bundle, which
      // does not verify Fabric envelopes, leaves this require unresolved).
      const parser = '../ledger/fabric/block-parser';
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      invocation = (require(parser) as typeof import('../ledger/fabric/block-parser')).envelopeInvocation(mine);
    } catch {
      invocation = { txId: undefined, args: [] };
    }
  }
  checkCarries(checks, invocation.txId, invocation.args, proof);
  const dataHash = blockDataHash(envelopes);
  check(checks, 'data-hash', envelopes.length > 0 && dataHash === proof.header.dataHash, `SHA-256(envelopes) = ${dataHash}`);
  check(checks, 'tx-valid', inclusion.validationCode === 'VALID', `validation code ${String(inclusion.validationCode)} (set by the peers in the block metadata, which the header hash does not cover)`);
}

/** Verifies a proof. Without `trusted` the result only says the proof is self-consistent. */
export function verifyProof(proof: Proof, trusted?: TrustedHeader): VerifyResult {
  const checks: Check[] = [];
  const record = proof.record;
  // 1. the record's SM2 signature
  const keyId = record.signature?.keyId;
  check(checks, 'signer-key-id', keyId === proof.signerKeyId, `record signed by ${String(keyId)}, proof names ${proof.signerKeyId}`);
  if (proof.signerPublicKey !== undefined && isHex(proof.signerPublicKey)) {
    let ok = false;
    try {
      ok = verifyRecordSignature(record as unknown as SignedRecord<object>, hexToBytes(proof.signerPublicKey));
    } catch {
      ok = false;
    }
    check(checks, 'record-signature', ok, ok ? 'SM2 signature verifies under the signer key' : 'SM2 signature does NOT verify');
  } else {
    check(checks, 'record-signature', false, 'proof carries no signer public key');
  }
  // 2–3. the transaction carries the record, and the transaction is in the block
  const inclusion = proof.inclusion;
  if (!inclusion) check(checks, 'inclusion', false, 'proof carries no raw transaction; check the block with a copy of the chain');
  else if ('format' in inclusion) checkFabricInclusion(checks, proof, inclusion);
  else checkEmbeddedInclusion(checks, proof, inclusion);
  // 4. the header hashes to the block hash
  const header = proof.header;
  check(checks, 'header-number', header.number === proof.blockNumber, `header number ${header.number}`);
  if (header.hashAlgorithm === 'sm3' && header.metadataHash !== undefined && header.timestamp !== undefined) {
    const hash = computeHeaderHash({
      number: header.number,
      previousHash: header.previousHash,
      dataHash: header.dataHash,
      metadataHash: header.metadataHash,
      timestamp: header.timestamp,
    });
    check(checks, 'block-hash', hash === proof.blockHash, `SM3(header) = ${hash}`);
  } else if (header.hashAlgorithm === 'sha256' && Number.isSafeInteger(header.number) && header.number >= 0 && isByteHex(header.previousHash) && isByteHex(header.dataHash)) {
    const hash = blockHeaderHash(BigInt(header.number), hexToBytes(header.previousHash), hexToBytes(header.dataHash));
    check(checks, 'block-hash', hash === proof.blockHash, `SHA-256(DER header) = ${hash}`);
  } else {
    check(checks, 'block-hash', false, `cannot recompute a ${String(header.hashAlgorithm)} header hash from this proof`);
  }
  // 5. against what the verifier trusts
  if (trusted) {
    const same = trusted.number === proof.blockNumber && trusted.hash === proof.blockHash;
    check(checks, 'trusted-block', same, same ? `block ${trusted.number} hash matches the trusted copy` : `trusted block ${trusted.number} has hash ${trusted.hash}`);
    if (trusted.dataHash !== undefined) check(checks, 'trusted-data-hash', trusted.dataHash === header.dataHash, 'data hash matches the trusted copy');
  }
  return { valid: checks.every((c) => c.ok), checks };
}
