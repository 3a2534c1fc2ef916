/**
 * Verification in the browser, with the shared SM2/SM3 module: the verdict does not depend on trusting the
 * server. The block header hash is the embedded ledger's own function (gateway/src/ledger/embedded/block.ts),
 * imported rather than re-derived, so the explorer cannot drift from what the ledger writes.
 */
import { SM2_P256, decodePublicKey, hexToBytes, sm2PublicKeyFromPem, verifyRecordSignature, type SignedRecord } from '@dtl/chaincode/crypto';
import { computeHeaderHash, computeMetadataHash } from '../../gateway/src/ledger/embedded/block';
import type { ValidationCode } from '../../gateway/src/ledger/ledger';
import { getFirst, enc } from './api';
import type { BlockView } from './api';

/** 'hash-only': the gateway showed this caller the record's hash-only form (its content is not shared with them), so the
 * signature, which is over the content, cannot be re-checked here. */
export type SignatureStatus = 'valid' | 'invalid' | 'unknown-key' | 'unsigned' | 'hash-only';

const keyCache = new Map<string, Promise<Uint8Array | undefined>>();

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

interface KeyEntry {
  keyId?: string;
  id?: string;
  publicKey?: string;
  publicKeyPem?: string;
  pem?: string;
}

/** The key `keyId` from a KeyInfo ({ key: { keyId, publicKey } }) or a Department ({ keys: [...] }) answer. */
function keyFromDepartment(body: unknown, keyId: string): Uint8Array | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const candidates: KeyEntry[] = [];
  if (b.key && typeof b.key === 'object') candidates.push(b.key as KeyEntry);
  if (Array.isArray(b.keys)) candidates.push(...(b.keys as KeyEntry[]));
  if (b.department && typeof b.department === 'object' && Array.isArray((b.department as { keys?: unknown }).keys)) candidates.push(...((b.department as { keys: KeyEntry[] }).keys));
  for (const entry of candidates) {
    const id = entry.keyId ?? entry.id;
    const material = entry.publicKeyPem ?? entry.publicKey ?? entry.pem;
    if ((id === undefined || id === keyId) && typeof material === 'string') {
      const parsed = parsePublicKey(material);
      if (parsed) return parsed;
    }
  }
  return undefined;
}

/** The signer's registered public key, read from the department registry through the API. */
export function publicKeyFor(keyId: string, department: string | undefined): Promise<Uint8Array | undefined> {
  const cacheKey = `${department ?? ''}/${keyId}`;
  let pending = keyCache.get(cacheKey);
  if (!pending) {
    const dept = department ?? keyId.split('#')[0] ?? keyId;
    pending = (async () => {
      const byKey = await getFirst([`/api/v1/keys/${enc(keyId)}`]).catch(() => undefined);
      const fromKey = byKey ? keyFromDepartment(byKey, keyId) : undefined;
      if (fromKey) return fromKey;
      const body = await getFirst([`/api/v1/departments/${enc(dept)}`, `/api/v1/registry/departments/${enc(dept)}`]).catch(() => undefined);
      return body ? keyFromDepartment(body, keyId) : undefined;
    })();
    keyCache.set(cacheKey, pending);
  }
  return pending;
}

/** Re-check a record's SM2 signature (with Z_A over its userId) against the signer's registered key. */
export async function checkRecordSignature(record: unknown): Promise<SignatureStatus> {
  if (!record || typeof record !== 'object') return 'unsigned';
  const signature = (record as { signature?: { keyId?: string } }).signature;
  if (!signature || typeof signature.keyId !== 'string') return 'unsigned';
  if ((record as { form?: unknown }).form === 'hash-only') return 'hash-only';
  const key = await publicKeyFor(signature.keyId, (record as { department?: string }).department);
  if (!key) return 'unknown-key';
  try {
    return verifyRecordSignature(record as SignedRecord<object>, key) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
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
