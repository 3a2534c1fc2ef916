/**
 * The hash-only form of a signed record — ONE definition for the chaincode and the gateway. The chaincode writes it
 * to the channel in place of conditional and not-shared content (placement.ts; the content goes to the owning
 * province's private data collection), and the gateway shows it to viewers who may not read the content (its
 * visibility policy decides who). It keeps what everyone may know and what other provinces' contracts must enforce — type, id, owning
 * department, times, references, the enforceable facts (for a credit entry: subject code, list, category and
 * severity, measures, validity) — plus `contentHash` = SM3 over the record's signed bytes and the department's SM2 signature, so a
 * holder of the content can check it: SM3(canonical content without signature) = contentHash, and the signature
 * verifies over that content. The narrative (legal basis, titles, reasons, evidence, purposes, names) is left out.
 * Pure.
 */
import { canonicalJson, recordSigningBytes, sm3Hex, verifyRecordSignature, type SignedRecord } from '../../crypto';

export const HASH_ONLY = 'hash-only' as const;

/** Fields kept in the hash-only form, per record type (besides type, id, department, signature). */
const ENFORCEABLE: Readonly<Record<string, readonly string[]>> = {
  'credit.entry': ['list', 'subject', 'category', 'severity', 'measures', 'validFrom', 'validTo'],
  'credit.repair.apply': ['entryId'],
  'credit.repair.decide': ['repairId', 'decision'],
  'licence.issue': ['number', 'licenceType', 'holder', 'validFrom', 'validTo', 'fileDigest'],
  'licence.suspend': ['number'],
  'licence.reinstate': ['number'],
  'licence.revoke': ['number'],
  'licence.renew': ['number', 'validTo', 'fileDigest'],
  'trace.batch.register': ['batchId'],
  'trace.event': ['batchId', 'kind', 'occurredAt'],
  'trace.derivation': ['kind', 'inputs'],
  'trace.recall': ['batchId'],
  'sharing.access': [],
};

/** Subject / holder members kept: the identifying codes joint punishment works on, never names. */
const SUBJECT_CODES = ['kind', 'creditCode', 'idDigest'] as const;

export interface HashOnlyRecord {
  readonly [field: string]: unknown;
  readonly form: typeof HASH_ONLY;
  readonly contentHash: string;
}

function codesOnly(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(SUBJECT_CODES.filter((key) => object[key] !== undefined).map((key) => [key, object[key]]));
}

/** SM3 (hex) over the record's signed bytes: the canonical JSON of the record without its signature. */
export function contentHashOf(record: object): string {
  return sm3Hex(recordSigningBytes(record));
}

/** True for a value in the hash-only form (what the channel holds of protected content). */
export function isHashOnlyForm(record: unknown): record is HashOnlyRecord {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return false;
  const object = record as Record<string, unknown>;
  return object.form === HASH_ONLY && typeof object.contentHash === 'string';
}

/** The fields a record type keeps in its hash-only form besides type, id, department and signature. */
export function enforceableFields(type: string): readonly string[] {
  return ENFORCEABLE[type] ?? [];
}

/** The hash-only form of a record (an object with at least type and id). Idempotent. */
export function hashOnlyForm(record: Readonly<Record<string, unknown>>): HashOnlyRecord {
  if (isHashOnlyForm(record)) return record;
  const type = typeof record.type === 'string' ? record.type : '';
  const kept: Record<string, unknown> = {};
  for (const field of ['type', 'id', 'department', ...(ENFORCEABLE[type] ?? []), 'signature']) {
    const value = record[field];
    if (value === undefined) continue;
    kept[field] = field === 'subject' || field === 'holder' ? codesOnly(value) : value;
  }
  return { ...kept, form: HASH_ONLY, contentHash: contentHashOf(record) };
}

export interface ContentCheck {
  /** SM3 of the content's signed bytes equals the hash-only form's contentHash. */
  readonly hashMatches: boolean;
  /** The hash-only form is exactly what this content gives (same facts, same signature). */
  readonly formMatches: boolean;
  /** The SM2 signature (the hash-only form's) verifies over the content with the signer's registered key. */
  readonly signatureValid: boolean;
}

/**
 * What a holder of the content checks against a hash-only proof or block entry: the content hashes to the
 * contentHash on chain, gives the same hash-only form, and the department's signature verifies over it. For the
 * proof verifier (`dtl verify`) and the explorer to call; the signer's key must come from the registry, not the proof.
 */
export function checkContentAgainstHashOnly(form: HashOnlyRecord, content: Readonly<Record<string, unknown>>, signerPublicKey: Uint8Array): ContentCheck {
  const hashMatches = contentHashOf(content) === form.contentHash;
  const withSignature = { ...content, signature: form.signature } as SignedRecord<object>;
  let signatureValid = false;
  try {
    signatureValid = form.signature !== undefined && verifyRecordSignature(withSignature, signerPublicKey);
  } catch {
    signatureValid = false;
  }
  const formMatches = canonicalJson(hashOnlyForm(withSignature as unknown as Record<string, unknown>)) === canonicalJson(form);
  return { hashMatches, formMatches, signatureValid };
}

/**
 * Re-checks the SM2 signature of a record as the channel stores it. A hash-only form (protected content, placement.ts)
 * cannot be re-checked without its content: it counts as valid because the write pipeline verified the signature over
 * that content before it stored the form, and the form keeps the content's SM3 (a holder of the content re-checks
 * both with `checkContentAgainstHashOnly`). Throws CryptoError on a malformed signature, as verifyRecordSignature does.
 */
export function storedSignatureValid(record: SignedRecord<object>, publicKey: Uint8Array): boolean {
  if (isHashOnlyForm(record)) return true;
  return verifyRecordSignature(record, publicKey);
}
