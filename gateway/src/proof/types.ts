/**
 * A proof: what a verifier needs to check a record against the chain without trusting the gateway.
 *
 *   record + signature (+ the signer's public key)        → the SM2 signature over the record's canonical bytes
 *   inclusion.transaction (the tx exactly as hashed)       → the tx carries the record and has the proof's txId
 *   inclusion.txHashes + txIndex                           → SM3 over the concatenated tx hashes is header.dataHash
 *   (Fabric) inclusion.envelopes + txIndex                 → SHA-256 over the envelopes is header.dataHash, and the
 *                                                            envelope at txIndex has the txId and carries the record
 *   header                                                 → SM3 (embedded) or SHA-256 over DER (Fabric) is blockHash
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

/**
 * Fabric: the block's data entries exactly as the header's data_hash covers them (SHA-256 over their concatenation;
 * Fabric has no Merkle tree), so the verifier re-hashes them all and reads the transaction out of the one at txIndex.
 */
export interface FabricProofInclusion {
  readonly format: 'fabric-envelopes';
  readonly txIndex: number;
  /** Every data entry (serialized common.Envelope) of the block, base64, in order. */
  readonly envelopes: readonly string[];
  /** The transaction's validation code from the block metadata (set by the peers; not covered by the header hash). */
  readonly validationCode: string;
  /** The block's SIGNATURES metadata (serialized common.Metadata, base64): the orderer signatures over the header. */
  readonly blockSignatures?: string;
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
  /** Absent when the ledger could not give the raw block (or, on Fabric, its data exceeds 1 MiB). */
  readonly inclusion?: ProofInclusion | FabricProofInclusion;
  readonly blockSignature?: { readonly algorithm: string; readonly signer: string; readonly value: string };
  /**
   * The signer key's provenance: a proof of the department.register / department.key.rotate record that introduced
   * `signerKeyId` (itself carrying the provenance of an older key when a rotation was signed by it). An anchored
   * verifier takes the key from here, never from `signerPublicKey`.
   */
  readonly keyProvenance?: Proof;
}
