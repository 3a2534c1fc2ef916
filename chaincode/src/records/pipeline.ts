import type { ChaincodeStub, ClientIdentity } from 'fabric-shim-api';
import { canonicalJson, CryptoError, hexToBytes, parseJsonStrict, utf8Decode, verifyRecordSignatureAsync, type JsonValue, type SignedRecord } from '../../crypto';
import { requireRole, signingKeyAt } from '../domain/department/rules';
import type { Department, DepartmentKey, Role } from '../domain/department/types';
import { PROVINCE_MSP } from '../domain/region';
import { fail } from '../errors';
import { departmentOfKey } from '../store/departments';
import { listCatalogue } from '../store/sharing';
import { hashOnlyForm } from './hash-only';
import { placementOf, PROTECTED_CONTENT_FIELD, type Placement } from './placement';
import { Store, toJsonValue } from '../store/store';
import { mustBeValid, type RecordBase, type StoredRecord } from './common';
import type { Validation } from './fields';

/** What a contract sees of its transaction context (a fabric-contract-api Context satisfies it). */
export interface TxContext {
  readonly stub: ChaincodeStub;
  readonly clientIdentity: ClientIdentity;
}

/** Limits for a record argument: 256 KiB of JSON, 16 levels deep. */
export const RECORD_LIMITS = { maxBytes: 256 * 1024, maxDepth: 16 } as const;

/** How a family describes one record type to the pipeline. */
export interface RecordSpec<T extends RecordBase> {
  readonly type: T['type'];
  readonly validate: (value: JsonValue) => Validation<SignedRecord<T>>;
  /** The signing department must hold one of these roles. */
  readonly roles: readonly Role[];
}

/** A record that passed every generic check; the family applies its domain rule next. */
export interface Admitted<T extends RecordBase> {
  readonly record: SignedRecord<T>;
  readonly department: Department;
  readonly key: DepartmentKey;
  readonly store: Store;
  readonly ctx: TxContext;
  /** Transaction timestamp (ISO-8601). */
  readonly at: string;
  /** Where the record's content lives (placement.ts): on the channel, or in its province's protected collection. */
  readonly placement: Placement;
}

/** References a family adds to the receipt and the event (`licenceNumber`, `entryId`, `grantId` …). */
export type Refs = Readonly<Record<string, string | number | boolean>>;

/** What a write transaction returns (canonical JSON) and emits as its chaincode event payload. */
export interface Receipt {
  readonly id: string;
  readonly type: string;
  readonly department: string;
  readonly keyId: string;
  readonly txId: string;
  readonly committedAt: string;
  readonly refs: Refs;
}

/** Step 1: strict JSON parse (duplicate keys, lone surrogates, too large or deep → INVALID_ARGUMENT). */
export function parseRecordJson(text: string, field = 'record'): JsonValue {
  try {
    return parseJsonStrict(text, RECORD_LIMITS);
  } catch (error) {
    if (error instanceof CryptoError) fail('INVALID_ARGUMENT', `${field}: ${error.message}`);
    throw error;
  }
}

/** Steps 1–2: parse and validate the shape; INVALID_ARGUMENT names every bad field. */
export function readRecord<T extends RecordBase>(text: string, validate: (value: JsonValue) => Validation<SignedRecord<T>>): SignedRecord<T> {
  return mustBeValid(validate(parseRecordJson(text)));
}

/**
 * Step 4: SM2 over recordSigningBytes with the given public key (hex); SIGNATURE_INVALID otherwise. Verification
 * runs off the main thread where the crypto module has a worker pool, so concurrent transactions overlap.
 */
export async function verifySignature(record: SignedRecord<RecordBase>, publicKeyHex: string): Promise<void> {
  let ok = false;
  try {
    ok = await verifyRecordSignatureAsync(record, hexToBytes(publicKeyHex));
  } catch (error) {
    if (!(error instanceof CryptoError)) throw error;
    fail('SIGNATURE_INVALID', `record ${record.id}: ${error.message}`);
  }
  if (!ok) fail('SIGNATURE_INVALID', `record ${record.id}: SM2 signature does not verify with key ${record.signature.keyId}`);
}

/** Step 3: the signing department and key by signature.keyId, valid at the transaction time. */
export async function resolveSigner(store: Store, record: SignedRecord<RecordBase>, at: string): Promise<{ department: Department; key: DepartmentKey }> {
  const keyId = record.signature.keyId;
  const department = await departmentOfKey(store, keyId);
  if (department === undefined) fail('KEY_UNKNOWN', `key ${keyId} is not registered`);
  const key = signingKeyAt(department, keyId, at);
  if (department.id !== record.department) {
    fail('NOT_AUTHORISED', `record ${record.id} names department ${record.department} but is signed by ${department.id}`);
  }
  return { department, key };
}

/** Step 5: a record id is accepted once. */
export async function refuseReplay(store: Store, recordId: string): Promise<void> {
  if (await store.recordExists(recordId)) fail('REPLAYED', `record ${recordId} was already submitted`);
}

/** Step 6b: the transaction must come through the department's province organisation (defence in depth). */
export function requireProvinceOrg(ctx: TxContext, department: Department): void {
  const expected = PROVINCE_MSP[department.province];
  const actual = ctx.clientIdentity.getMSPID();
  if (actual !== expected) {
    fail('NOT_AUTHORISED', `department ${department.id} (${department.province}) must submit through ${expected}, not ${actual}`);
  }
}

/** Where a department's record of `type` lives, from the department's catalogue on the ledger (placement.ts). */
export async function placementFor(store: Store, department: Department, type: string): Promise<Placement> {
  return placementOf(type, department.province, await listCatalogue(store, department.id));
}

/**
 * Step 6c (issue 12): the record's content goes where its catalogue classification says. Protected content must come
 * as transient `content` with exactly its hash-only form as the argument (so the block holds only the form);
 * content that the catalogue shares must come as the argument, with no transient copy.
 */
export function checkPlacement(placement: Placement, record: SignedRecord<RecordBase>, argument: JsonValue, sentAsTransient: boolean): void {
  if (placement.where === 'protected') {
    if (!sentAsTransient) {
      fail('PRIVATE_DATA_REQUIRED', `record ${record.id}: ${record.department}'s catalogue entry ${placement.resourceId} is ${placement.mode}: send the signed record as transient "${PROTECTED_CONTENT_FIELD}" and its hash-only form as the argument (content goes to ${placement.collection})`);
    }
    if (canonicalJson(argument) !== canonicalJson(hashOnlyForm(record as unknown as Record<string, unknown>) as unknown as JsonValue)) {
      fail('PRIVATE_DATA_REQUIRED', `record ${record.id}: the argument is not the hash-only form of the transient content (type, id, department, facts, contentHash and signature must be those of the content)`);
    }
    return;
  }
  if (sentAsTransient) {
    fail('INVALID_ARGUMENT', `record ${record.id}: transient "${PROTECTED_CONTENT_FIELD}" is only for protected content; this record stays on the channel (${placement.reason}): send it as the argument`);
  }
}

/** Steps 1–6: everything but the domain rule. */
export async function admit<T extends RecordBase>(ctx: TxContext, recordJson: string, spec: RecordSpec<T>): Promise<Admitted<T>> {
  const store = new Store(ctx.stub);
  const argument = parseRecordJson(recordJson);
  const transientContent = store.transient(PROTECTED_CONTENT_FIELD);
  const record = mustBeValid(spec.validate(transientContent === undefined ? argument : parseRecordJson(utf8Decode(transientContent), `transient.${PROTECTED_CONTENT_FIELD}`)));
  const at = store.now;
  const { department, key } = await resolveSigner(store, record, at);
  await verifySignature(record, key.publicKey);
  await refuseReplay(store, record.id);
  requireRole(department, spec.roles, spec.type);
  requireProvinceOrg(ctx, department);
  const placement = await placementFor(store, department, record.type);
  checkPlacement(placement, record, argument, transientContent !== undefined);
  if (placement.where === 'protected') store.protect(placement.collection, record);
  return { record, department, key, store, ctx, at, placement };
}

/** Step 8–9: stores the record as signed with txId/committedAt, emits the event, returns the receipt. */
export async function commitRecord(store: Store, record: SignedRecord<RecordBase>, refs: Refs = {}): Promise<Receipt> {
  const stored: StoredRecord = { record, txId: store.txId, committedAt: store.now };
  await store.putRecord(stored);
  const receipt: Receipt = {
    id: record.id,
    type: record.type,
    department: record.department,
    keyId: record.signature.keyId,
    txId: stored.txId,
    committedAt: stored.committedAt,
    refs: store.forChannel(toJsonValue(refs)) as Refs,
  };
  store.emit(record.type, toJsonValue(receipt));
  return receipt;
}

/**
 * The whole pipeline for an ordinary write: admit, apply the family's pure rule and its state writes (`apply`
 * returns the refs for the receipt), then store the record and emit the event.
 */
export async function submitRecord<T extends RecordBase>(
  ctx: TxContext,
  recordJson: string,
  spec: RecordSpec<T>,
  apply: (admitted: Admitted<T>) => Promise<Refs>,
): Promise<Receipt> {
  const admitted = await admit(ctx, recordJson, spec);
  const refs = await apply(admitted);
  return commitRecord(admitted.store, admitted.record, refs);
}
