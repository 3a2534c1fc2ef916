/** Builds proofs from the ledger the gateway runs on. */
import { bytesToHex } from '@dtl/chaincode/crypto';
import type { BlockView, Ledger } from '../ledger/ledger';
import { transactionHash, type StoredBlock } from '../ledger/embedded/block';
import { keyProvenanceOf } from './provenance';
import { PROOF_VERSION, type FabricProofInclusion, type Proof, type ProofInclusion } from './types';

/**
 * The raw block as the embedded ledger stored and hashed it. The Ledger port only has BlockView (no metadata hash,
 * no read/write sets), so the embedded ledger's block accessor is used when present: `rawBlock(n)` if the adapter
 * exports it, else its internal `storedBlock(n)`. Fabric proofs carry the block's envelopes instead.
 */
interface RawBlockSource {
  rawBlock?(number: number): Promise<StoredBlock | undefined>;
  storedBlock?(number: number): Promise<StoredBlock | undefined>;
  /** The Fabric adapter: the block's envelopes for the transaction (FabricLedger.fabricInclusion). */
  fabricInclusion?(txId: string, number: number): Promise<FabricProofInclusion | undefined>;
}

export async function rawBlockOf(ledger: Ledger, number: number): Promise<StoredBlock | undefined> {
  const source = ledger as unknown as RawBlockSource;
  if (typeof source.rawBlock === 'function') return source.rawBlock(number);
  if (typeof source.storedBlock === 'function') return source.storedBlock.call(ledger, number);
  return undefined;
}

/** SM3 of every transaction of recent blocks (keyed by block hash): a block's proofs share them. */
const txHashCache = new Map<string, readonly string[]>();

function txHashesOf(block: StoredBlock): readonly string[] {
  const cached = txHashCache.get(block.hash);
  if (cached) return cached;
  const hashes = block.transactions.map((t) => bytesToHex(transactionHash(t)));
  txHashCache.set(block.hash, hashes);
  if (txHashCache.size > 128) {
    const oldest = txHashCache.keys().next().value;
    if (oldest !== undefined) txHashCache.delete(oldest);
  }
  return hashes;
}

export function inclusionOf(block: StoredBlock, txId: string): ProofInclusion | undefined {
  const txIndex = block.transactions.findIndex((tx) => tx.txId === txId);
  const tx = block.transactions[txIndex];
  if (txIndex < 0 || !tx) return undefined;
  return {
    txIndex,
    transaction: JSON.stringify(tx),
    txHashes: [...txHashesOf(block)],
    validationCodes: [...block.validationCodes],
  };
}

export interface ProofInput {
  readonly record: Proof['record'];
  readonly txId: string;
  readonly blockNumber: number;
  readonly signerPublicKey?: string | undefined;
}

/** A proof with the provenance of its signer key (see provenance.ts), for anchored verifiers. */
export async function buildProof(ledger: Ledger, input: ProofInput): Promise<Proof> {
  const proof = await buildBareProof(ledger, input);
  // Provenance is what an anchored verifier needs; a ledger that cannot give it still answers with the bare proof
  // (which such a verifier then refuses as unproven), rather than failing the write that was committed.
  const keyProvenance = await keyProvenanceOf(ledger, proof.signerKeyId, buildBareProof).catch(() => undefined);
  return keyProvenance ? { ...proof, keyProvenance } : proof;
}

async function buildBareProof(ledger: Ledger, input: ProofInput): Promise<Proof> {
  const raw = await rawBlockOf(ledger, input.blockNumber);
  let view: BlockView | undefined;
  if (!raw) view = await ledger.block(input.blockNumber);
  const signature = input.record.signature;
  const base = {
    version: PROOF_VERSION,
    record: input.record,
    signature,
    signerKeyId: signature.keyId,
    ...(input.signerPublicKey === undefined ? {} : { signerPublicKey: input.signerPublicKey }),
    txId: input.txId,
    blockNumber: input.blockNumber,
  } as const;
  if (raw) {
    const inclusion = inclusionOf(raw, input.txId);
    return {
      ...base,
      blockHash: raw.hash,
      header: { ...raw.header, hashAlgorithm: 'sm3' },
      ...(inclusion ? { inclusion } : {}),
      blockSignature: { ...raw.signature },
    };
  }
  if (!view) throw new Error(`block ${input.blockNumber} not found`);
  const source = ledger as unknown as RawBlockSource;
  const inclusion = typeof source.fabricInclusion === 'function' ? await source.fabricInclusion(input.txId, input.blockNumber) : undefined;
  return {
    ...base,
    blockHash: view.hash,
    header: { number: view.number, previousHash: view.previousHash, dataHash: view.dataHash, hashAlgorithm: view.hashAlgorithm },
    ...(inclusion ? { inclusion } : {}),
    ...(view.signature ? { blockSignature: view.signature } : {}),
  };
}
