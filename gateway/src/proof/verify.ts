/**
 * Offline proof verification: pure functions over the proof and, optionally, a trusted block header or the blocks
 * of a copy of the chain. Nothing here talks to the gateway.
 */
import { bytesToHex, canonicalJson, hexToBytes, sm3, verifyRecordSignature, type SignedRecord } from '@dtl/chaincode/crypto';
import { computeHeaderHash, computeMetadataHash } from '../ledger/embedded/block';
import type { Proof } from './types';

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
  // 2. the transaction carries the record
  const inclusion = proof.inclusion;
  if (!inclusion) {
    check(checks, 'inclusion', false, 'proof carries no raw transaction (ledger without raw blocks); check the block with its peer');
  } else {
    let tx: { txId?: unknown; args?: unknown } = {};
    try {
      tx = JSON.parse(inclusion.transaction) as typeof tx;
    } catch {
      tx = {};
    }
    check(checks, 'tx-id', tx.txId === proof.txId, `transaction id ${String(tx.txId)}`);
    const wanted = canonicalJson(record);
    const args = Array.isArray(tx.args) ? (tx.args as unknown[]) : [];
    const carries = args.some((arg) => {
      if (typeof arg !== 'string') return false;
      try {
        return canonicalJson(JSON.parse(arg)) === wanted;
      } catch {
        return false;
      }
    });
    check(checks, 'tx-carries-record', carries, carries ? 'the transaction arguments carry exactly this record' : 'the record is not in the transaction');
    // 3. the transaction is in the block: its hash, the data hash
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
  } else {
    check(checks, 'block-hash', false, `cannot recompute a ${header.hashAlgorithm} header hash from this proof`);
  }
  // 5. against what the verifier trusts
  if (trusted) {
    const same = trusted.number === proof.blockNumber && trusted.hash === proof.blockHash;
    check(checks, 'trusted-block', same, same ? `block ${trusted.number} hash matches the trusted copy` : `trusted block ${trusted.number} has hash ${trusted.hash}`);
    if (trusted.dataHash !== undefined) check(checks, 'trusted-data-hash', trusted.dataHash === header.dataHash, 'data hash matches the trusted copy');
  }
  return { valid: checks.every((c) => c.ok), checks };
}
