/**
 * A proof: what a verifier needs to check a record against the chain without trusting the gateway.
 *
 *   record + signature (+ the signer's public key)        → the SM2 signature over the record's canonical bytes
 *   inclusion.transaction (the tx exactly as hashed)       → the tx carries the record and has the proof's txId
 *   inclusion.txHashes + txIndex                           → SM3 over the concatenated tx hashes is header.dataHash
 *   header                                                 → SM3 over the header is blockHash
 *   blockHash                                              → compare with a trusted header or a copy of the chain
 */
import type { SignatureBlock } from '@dtl/chaincode/crypto';

export const PROOF_VERSION = 1;

/** A signed record as the ledger stores it. */
export type ProofRecord = { readonly [field: string]: unknown } & { readonly signature: SignatureBlock };

export interface ProofHeader {
  readonly number: number;
  readonly previousHash: string;
  readonly dataHash: string;
  /** Embedded ledger: SM3 over the block's validation codes (part of the hashed header). */
  readonly metadataHash?: string;
  readonly timestamp?: string;
  readonly hashAlgorithm: 'sm3' | 'sha256';
}

export interface ProofInclusion {
  /** Position of the transaction in its block. */
  readonly txIndex: number;
  /** The transaction's JSON encoding exactly as the ledger hashed it. */
  readonly transaction: string;
  /** SM3 of each transaction of the block, in order (hex). */
  readonly txHashes: readonly string[];
  /** The block's validation codes (their hash is header.metadataHash). */
  readonly validationCodes: readonly string[];
}

export interface Proof {
  readonly version: typeof PROOF_VERSION;
  readonly record: ProofRecord;
  readonly signature: SignatureBlock;
  readonly signerKeyId: string;
  /** The signer's registered public key (65-byte uncompressed hex), as the registry held it. */
  readonly signerPublicKey?: string;
  readonly txId: string;
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly header: ProofHeader;
  /** Absent when the ledger cannot give the raw block (Fabric: check with the peer's block instead). */
  readonly inclusion?: ProofInclusion;
  readonly blockSignature?: { readonly algorithm: string; readonly signer: string; readonly value: string };
}
