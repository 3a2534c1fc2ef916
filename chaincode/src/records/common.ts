import type { JsonValue, SignatureBlock, SignedRecord } from '../../crypto';
import { ChaincodeError } from '../errors';
import { explainFieldErrors } from '../domain/schema-hints';
import { Fields, KEY_ID_PATTERN, formatFieldErrors, type Validation } from './fields';

/** Fields every record carries before its family's own fields. */
export interface RecordBase {
  /** Record type, e.g. `credit.entry`, `licence.issue`, `sharing.grant`. */
  readonly type: string;
  /** Unique record id (≤ 128 chars of [A-Za-z0-9._:-]); a record id is accepted once (REPLAYED otherwise). */
  readonly id: string;
  /** Id of the department that writes and signs the record. */
  readonly department: string;
}

/** What the ledger stores for every accepted record: the record exactly as signed, plus where it was committed. */
export interface StoredRecord<T extends RecordBase = RecordBase> {
  readonly record: SignedRecord<T>;
  readonly txId: string;
  /** ISO-8601 transaction timestamp (getTxTimestamp). */
  readonly committedAt: string;
}

/** Reads `type`, `id`, `department` (the common head of a record). */
export function readRecordBase<T extends string>(fields: Fields, type: T): { type: T; id: string; department: string } {
  return { type: fields.literal('type', type), id: fields.id('id'), department: fields.id('department') };
}

/** Reads the `signature` block (shape only; the pipeline verifies it). */
export function readSignatureBlock(fields: Fields): SignatureBlock {
  const block = fields.object('signature');
  const value: SignatureBlock = {
    algorithm: block.literal('algorithm', 'SM2-SM3'),
    keyId: block.string('keyId', { max: 128, pattern: KEY_ID_PATTERN, patternHint: 'must be 1-128 characters of [A-Za-z0-9._:#-]' }),
    userId: block.string('userId', { max: 256 }),
    value: block.hex('value'),
  };
  if (value.value.length > 160 || (value.value.length > 0 && value.value.length < 16)) block.error('value', 'must be a DER SM2 signature');
  block.end();
  return value;
}

/**
 * Builds a record validator from a family's body reader: reads the common head, the family fields and the signature,
 * and refuses unknown fields. The body reader is pure and reports field-named errors.
 */
export function recordValidator<T extends RecordBase>(
  type: T['type'],
  readBody: (fields: Fields) => Omit<T, keyof RecordBase>,
): (value: JsonValue) => Validation<SignedRecord<T>> {
  return (value: JsonValue): Validation<SignedRecord<T>> => {
    const fields = new Fields(value);
    const head = readRecordBase(fields, type);
    const body = readBody(fields);
    const signature = readSignatureBlock(fields);
    const result = fields.result({ ...head, ...body, signature } as SignedRecord<T>);
    // Refusals name what is allowed, from the record's schema (the single source of the record format).
    return result.ok ? result : { ok: false, errors: explainFieldErrors(value, result.errors) };
  };
}

/** Unwraps a validation or throws `INVALID_ARGUMENT: field: message; …`. */
export function mustBeValid<T>(validation: Validation<T>): T {
  if (validation.ok) return validation.value;
  throw new ChaincodeError('INVALID_ARGUMENT', formatFieldErrors(validation.errors));
}

/** The record without its signature block: the part the SM2 signature covers. */
export function unsignedPart<T extends RecordBase>(record: SignedRecord<T>): T {
  const { signature: _signature, ...rest } = record;
  return rest as unknown as T;
}
