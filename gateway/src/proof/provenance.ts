/**
 * A signer key's provenance for a proof: the proof of the department.register / department.key.rotate record that
 * introduced the key, read from the ledger (department:getKey → addedBy → department:getRecord → its transaction),
 * recursively for a rotation signed by an older key. An anchored verifier takes the key from here.
 */
import { evaluateJson } from '../http/directory';
import type { Ledger } from '../ledger/ledger';
import type { Proof } from './types';

export type BareProofBuilder = (ledger: Ledger, input: { record: Proof['record']; txId: string; blockNumber: number; signerPublicKey?: string | undefined }) => Promise<Proof>;

const MAX_DEPTH = 8;

/** Registration proofs per ledger and key id: a committed registration never changes. */
const cache = new WeakMap<Ledger, Map<string, Proof>>();

export async function keyProvenanceOf(ledger: Ledger, keyId: string, build: BareProofBuilder, depth = 0): Promise<Proof | undefined> {
  if (depth >= MAX_DEPTH) return undefined;
  let perLedger = cache.get(ledger);
  if (!perLedger) cache.set(ledger, (perLedger = new Map()));
  const cached = perLedger.get(keyId);
  if (cached) return cached;
  let addedBy: string;
  let publicKey: string;
  try {
    const info = await evaluateJson<{ key: { addedBy: string; publicKey: string } }>(ledger, 'department', 'getKey', [keyId]);
    addedBy = info.key.addedBy;
    publicKey = info.key.publicKey;
  } catch {
    return undefined; // not registered: the verifier says so
  }
  const stored = await evaluateJson<{ record: Proof['record']; txId: string }>(ledger, 'department', 'getRecord', [addedBy]);
  const tx = await ledger.transaction(stored.txId);
  if (!tx) return undefined;
  const signer = stored.record.signature.keyId;
  const registration = await build(ledger, { record: stored.record, txId: stored.txId, blockNumber: tx.blockNumber, ...(signer === keyId ? { signerPublicKey: publicKey } : {}) });
  const older = signer === keyId ? undefined : await keyProvenanceOf(ledger, signer, build, depth + 1);
  const proof: Proof = older ? { ...registration, keyProvenance: older } : registration;
  perLedger.set(keyId, proof);
  if (perLedger.size > 1024) perLedger.delete(perLedger.keys().next().value as string);
  return proof;
}
