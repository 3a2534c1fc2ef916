/**
 * The hash-only form of a signed record: what a viewer who may not read the content still sees (policy.ts decides
 * who). It keeps what everyone may know and what other provinces' contracts must enforce — type, id, owning
 * department, times, references, the enforceable facts (for a credit entry: subject code, list, measures,
 * validity) — plus `contentHash` = SM3 over the record's signed bytes and the department's SM2 signature, so a
 * holder of the content can check it: SM3(canonical content without signature) = contentHash, and the signature
 * verifies over that content. The narrative (legal basis, titles, reasons, evidence, purposes, names) is left out.
 * Pure.
 */
import { recordSigningBytes, sm3Hex } from '@dtl/chaincode/crypto';

export const HASH_ONLY = 'hash-only' as const;

/** Fields kept in the hash-only form, per record type (besides type, id, department, signature). */
const ENFORCEABLE: Readonly<Record<string, readonly string[]>> = {
  'credit.entry': ['list', 'subject', 'measures', 'validFrom', 'validTo'],
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

/** The hash-only form of a record (an object with at least type and id). Idempotent. */
export function hashOnlyForm(record: Readonly<Record<string, unknown>>): HashOnlyRecord {
  if (record.form === HASH_ONLY && typeof record.contentHash === 'string') return record as HashOnlyRecord;
  const type = typeof record.type === 'string' ? record.type : '';
  const kept: Record<string, unknown> = {};
  for (const field of ['type', 'id', 'department', ...(ENFORCEABLE[type] ?? []), 'signature']) {
    const value = record[field];
    if (value === undefined) continue;
    kept[field] = field === 'subject' || field === 'holder' ? codesOnly(value) : value;
  }
  return { ...kept, form: HASH_ONLY, contentHash: contentHashOf(record) };
}
