/**
 * Verification in the browser, with the shared SM2/SM3 module: the verdict does not depend on trusting the
 * server — record verdicts come from the pinned trust bundle (verify-anchored.ts). The block header hash is the embedded ledger's own function (gateway/src/ledger/embedded/block.ts),
 * imported rather than re-derived, so the explorer cannot drift from what the ledger writes.
 */
import { SM2_P256, decodePublicKey, hexToBytes, sm2PublicKeyFromPem } from '@dtl/chaincode/crypto';
import { computeHeaderHash, computeMetadataHash } from '../../gateway/src/ledger/embedded/block';
import type { ValidationCode } from '../../gateway/src/ledger/ledger';
import type { BlockView } from './api';
import { anchoredVerdict } from './verify-anchored';

/** 'hash-only': the gateway showed this caller the record's hash-only form (its content is not shared with them), so the
 * signature, which is over the content, cannot be re-checked here. */
export type SignatureStatus = 'valid' | 'invalid' | 'unknown-key' | 'unsigned' | 'unanchored' | 'unverifiable' | 'hash-only';

/** Parse a public key given as PEM (SPKI) or hex (04‖X‖Y). */
export function parsePublicKey(value: string): Uint8Array | undefined {
  try {
    if (value.includes('BEGIN')) return sm2PublicKeyFromPem(value);
    const bytes = hexToBytes(value.trim());
    decodePublicKey(SM2_P256, bytes);
    return bytes;
  } catch {
    return undefined;
  }
}

/**
 * A record's status, decided against the pinned trust bundle (verify-anchored.ts), never against a key or a verdict
 * the server hands out: 'valid' only when its proof verifies under the pinned anchor and proves this very record.
 */
export async function checkRecordSignature(record: unknown, txId?: string): Promise<SignatureStatus> {
  if (!record || typeof record !== 'object') return 'unsigned';
  const signature = (record as { signature?: { keyId?: string } }).signature;
  if (!signature || typeof signature.keyId !== 'string') return 'unsigned';
  if ((record as { form?: unknown }).form === 'hash-only') return 'hash-only';
  return (await anchoredVerdict(record, txId)).status;
}

export interface LinkCheck {
  /** SM3 of the header recomputed here equals the block's hash. */
  headerOk: boolean;
  /** The block's previousHash equals the previous block's hash (block 0: empty). */
  linkOk: boolean;
  recomputedHash: string;
  reason?: string;
}

/**
 * Recompute the embedded ledger's header hash (number, previousHash, dataHash, metadataHash = SM3 of the
 * validation codes, timestamp) and check the link to the previous block. Fabric (sha256, protobuf headers) is
 * reported as not checkable here rather than as valid.
 */
export function checkBlockLink(block: BlockView, previous: BlockView | undefined): LinkCheck {
  if (block.hashAlgorithm !== 'sm3') {
    return { headerOk: false, linkOk: false, recomputedHash: '', reason: `hash algorithm ${block.hashAlgorithm} is not re-checked in the browser` };
  }
  const codes = block.transactions.map((tx) => tx.validationCode as ValidationCode);
  const metadataHash = block.metadataHash ?? computeMetadataHash(codes);
  const recomputedHash = computeHeaderHash({
    number: block.number,
    previousHash: block.previousHash,
    dataHash: block.dataHash,
    metadataHash,
    timestamp: block.timestamp,
  });
  const headerOk = recomputedHash === block.hash;
  const linkOk = block.number === 0 ? block.previousHash === '' : previous !== undefined && previous.hash === block.previousHash && checkHeaderOnly(previous);
  return { headerOk, linkOk, recomputedHash };
}

function checkHeaderOnly(block: BlockView): boolean {
  if (block.hashAlgorithm !== 'sm3') return false;
  const metadataHash = block.metadataHash ?? computeMetadataHash(block.transactions.map((tx) => tx.validationCode as ValidationCode));
  return computeHeaderHash({ number: block.number, previousHash: block.previousHash, dataHash: block.dataHash, metadataHash, timestamp: block.timestamp }) === block.hash;
}

/** The signed record a transaction carries: writes take the record as their one JSON argument. */
export function recordOfTransaction(args: readonly string[]): Record<string, unknown> | undefined {
  for (const arg of args) {
    if (!arg.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(arg) as Record<string, unknown>;
      if (parsed && typeof parsed === 'object' && 'signature' in parsed) return parsed;
    } catch {
      /* not JSON */
    }
  }
  return undefined;
}
