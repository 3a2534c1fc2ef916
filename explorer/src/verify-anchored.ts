/**
 * A record's verdict in the browser, from the pinned trust bundle only: the proof (from the server, which is not
 * trusted) is checked with the same anchored verifier `dtl verify --trust` runs (gateway/src/proof/anchored.ts):
 * block signature under the pinned key, the signer key's registration, the record signature, the transaction in its
 * block (its hash recomputed, and the data hash recomputed from all the block's transaction hashes), the header hash.
 * The record the page shows must be exactly the record the proof proves. Anything short of that is not 'valid':
 * no pin → 'unanchored', no proof or a form not checked here (Fabric) → 'unverifiable', a failed check → 'invalid'.
 */
import { canonicalJson, hexToBytes, sm2Verify } from '@dtl/chaincode/crypto';
import { verifyProofAnchored } from '../../gateway/src/proof/anchored';
import type { Proof } from '../../gateway/src/proof/types';
import { enc, getJson } from './api';
import { pinnedBundle } from './pinned-bundle';

export type AnchoredStatus = 'valid' | 'invalid' | 'unanchored' | 'unverifiable';

export interface AnchoredVerdict {
  readonly status: AnchoredStatus;
  readonly reasons: readonly string[];
}

/** Proofs the page already holds (the public trace view fetches all of a batch's at once), by record id. */
const known = new Map<string, Proof>();

export function rememberProofs(proofs: readonly Proof[]): void {
  for (const proof of proofs) if (typeof proof.record?.id === 'string') known.set(proof.record.id, proof);
}

function sameRecord(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}

export function verdictOf(record: unknown, proof: Proof | undefined): AnchoredVerdict {
  const bundle = pinnedBundle();
  if (!bundle) return { status: 'unanchored', reasons: ['no trust bundle pinned'] };
  if (!proof || typeof proof !== 'object') return { status: 'unverifiable', reasons: ['no proof for this record'] };
  if (!sameRecord(record, proof.record)) return { status: 'invalid', reasons: ['the record shown is not the record the proof proves'] };
  if (proof.header?.hashAlgorithm !== 'sm3' || bundle.network !== 'embedded') return { status: 'unverifiable', reasons: ['Fabric proofs are verified with dtl verify, not in this page'] };
  try {
    const result = verifyProofAnchored(proof, bundle);
    return result.valid ? { status: 'valid', reasons: [] } : { status: 'invalid', reasons: result.reasons };
  } catch (error) {
    return { status: 'invalid', reasons: [`malformed proof: ${(error as Error).message}`] };
  }
}

/** The verdict of a record: its proof from what the page holds, else from the transaction that carries it. */
export async function anchoredVerdict(record: unknown, txId: string | undefined): Promise<AnchoredVerdict> {
  if (!pinnedBundle()) return { status: 'unanchored', reasons: ['no trust bundle pinned'] };
  const id = (record as { id?: unknown } | undefined)?.id;
  let proof = typeof id === 'string' ? known.get(id) : undefined;
  if (!proof && txId !== undefined) {
    const body = await getJson<{ proof?: Proof }>(`/api/v1/transactions/${enc(txId)}/proof`).catch(() => undefined);
    proof = body?.proof;
  }
  return verdictOf(record, proof);
}

/**
 * A block's own signature against the pinned block signers (embedded ledger): 'valid', 'invalid', 'unanchored' (no
 * pin) or 'unverifiable' (a Fabric block, whose orderer signatures are not checked here).
 */
export function blockSignatureStatus(block: { readonly hash: string; readonly hashAlgorithm: string; readonly signature?: { readonly value: string } }): AnchoredStatus {
  const bundle = pinnedBundle();
  if (!bundle) return 'unanchored';
  if (block.hashAlgorithm !== 'sm3' || bundle.network !== 'embedded') return 'unverifiable';
  const value = block.signature?.value;
  if (typeof value !== 'string' || !/^[0-9a-f]+$/.test(value) || !/^[0-9a-f]{64}$/.test(block.hash)) return 'invalid';
  return bundle.blockSigners.some((signer) => {
    try {
      return sm2Verify(hexToBytes(value), hexToBytes(block.hash), hexToBytes(signer.publicKey));
    } catch {
      return false;
    }
  })
    ? 'valid'
    : 'invalid';
}
