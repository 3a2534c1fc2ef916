import { fail } from '../../errors';
import { timeOf } from '../../records/fields';
import type { SignedRecord } from '../../../crypto';
import { normalisePublicKey } from './validate';
import type {
  Department,
  DepartmentKey,
  DepartmentRegisterRecord,
  DepartmentUpdateRecord,
  KeyRevokeRecord,
  KeyRotateRecord,
  KeySpec,
  Role,
} from './types';

export type KeyStatus = 'valid' | 'not-yet-valid' | 'expired' | 'revoked';

/** The status of a key at an instant: revocation wins, then the validity window [validFrom, validTo). */
export function keyStatusAt(key: DepartmentKey, at: string): KeyStatus {
  const t = timeOf(at);
  if (key.revokedAt !== undefined && timeOf(key.revokedAt) <= t) return 'revoked';
  if (t < timeOf(key.validFrom)) return 'not-yet-valid';
  if (key.validTo !== undefined && t >= timeOf(key.validTo)) return 'expired';
  return 'valid';
}

/** The key a record names, if it may sign at `at`; KEY_UNKNOWN / KEY_REVOKED / KEY_EXPIRED otherwise. */
export function signingKeyAt(department: Department, keyId: string, at: string): DepartmentKey {
  const key = department.keys.find((k) => k.keyId === keyId);
  if (key === undefined) fail('KEY_UNKNOWN', `key ${keyId} is not registered for department ${department.id}`);
  const status = keyStatusAt(key, at);
  if (status === 'revoked') fail('KEY_REVOKED', `key ${keyId} of department ${department.id} was revoked at ${key.revokedAt ?? ''}`);
  if (status === 'expired') fail('KEY_EXPIRED', `key ${keyId} of department ${department.id} expired at ${key.validTo ?? ''}`);
  if (status === 'not-yet-valid') fail('KEY_EXPIRED', `key ${keyId} of department ${department.id} is not valid before ${key.validFrom}`);
  return key;
}

export function hasAnyRole(department: Department, roles: readonly Role[]): boolean {
  return department.roles.some((role) => roles.includes(role));
}

/** NOT_AUTHORISED unless the department holds one of the roles. */
export function requireRole(department: Department, roles: readonly Role[], recordType: string): void {
  if (!hasAnyRole(department, roles)) {
    fail('NOT_AUTHORISED', `department ${department.id} lacks role ${roles.join(' or ')} required for ${recordType}`);
  }
}

function newKey(spec: KeySpec, recordId: string, at: string): DepartmentKey {
  const { publicKey, fingerprint } = normalisePublicKey(spec.publicKey);
  const key: DepartmentKey = { keyId: spec.keyId, publicKey, fingerprint, validFrom: spec.validFrom, addedBy: recordId, addedAt: at };
  return spec.validTo === undefined ? key : { ...key, validTo: spec.validTo };
}

/** A new department from its register record; CONFLICT if the id is taken. */
/**
 * Key ids are bound to their department: `<department>#<suffix>` (`sh-samr#1`, `sh-samr#eseal-20260101…`). No
 * department can register, and so squat on, another department's key ids; a verifier checks the same rule.
 */
export function keyIdBelongsTo(keyId: string, department: string): boolean {
  return keyId.startsWith(`${department}#`) && keyId.length > department.length + 1;
}

export function requireOwnKeyId(keyId: string, department: string): void {
  if (!keyIdBelongsTo(keyId, department)) fail('INVALID_ARGUMENT', `key.keyId: ${keyId} is not a key id of ${department}; key ids of a department are "${department}#<suffix>"`);
}

export function registerDepartment(existing: Department | undefined, record: SignedRecord<DepartmentRegisterRecord>, at: string): Department {
  requireOwnKeyId(record.key.keyId, record.department);
  if (existing !== undefined) fail('CONFLICT', `department ${record.department} is already registered`);
  const department: Department = {
    id: record.department,
    nameZh: record.nameZh,
    nameEn: record.nameEn,
    province: record.province,
    city: record.city,
    tier: record.tier,
    roles: [...record.roles],
    keys: [newKey(record.key, record.id, at)],
    registeredAt: at,
    registeredBy: record.id,
    updatedAt: at,
  };
  return { ...department, ...optionalProfile(record) };
}

/** The optional profile fields a record carries (county, the subject's credit code, the division code), omitted when absent. */
function optionalProfile(record: DepartmentRegisterRecord | DepartmentUpdateRecord): Partial<Pick<Department, 'county' | 'creditCode' | 'divisionCode'>> {
  return {
    ...(record.county === undefined ? {} : { county: record.county }),
    ...(record.creditCode === undefined ? {} : { creditCode: record.creditCode }),
    ...(record.divisionCode === undefined ? {} : { divisionCode: record.divisionCode }),
  };
}

/** New profile; a department cannot move to another province (its registrar and MSP would change). */
export function updateDepartment(department: Department, record: SignedRecord<DepartmentUpdateRecord>, at: string): Department {
  if (record.province !== department.province) {
    fail('CONFLICT', `department ${department.id} belongs to ${department.province}; register a new department instead of moving it`);
  }
  const { county: _oldCounty, creditCode: _oldCreditCode, divisionCode: _oldDivisionCode, ...rest } = department;
  const updated: Department = { ...rest, nameZh: record.nameZh, nameEn: record.nameEn, city: record.city, tier: record.tier, roles: [...record.roles], updatedAt: at };
  return { ...updated, ...optionalProfile(record) };
}

function revoke(key: DepartmentKey, reason: DepartmentKey['revocationReason'], recordId: string, at: string): DepartmentKey {
  return { ...key, revokedAt: at, revocationReason: reason, revokedBy: recordId };
}

/** Adds a key (CONFLICT if the key id exists); revokes the superseded key as `superseded`. */
export function rotateKey(department: Department, record: SignedRecord<KeyRotateRecord>, at: string): Department {
  requireOwnKeyId(record.key.keyId, department.id);
  if (department.keys.some((k) => k.keyId === record.key.keyId)) fail('CONFLICT', `key ${record.key.keyId} already exists`);
  let keys = department.keys;
  if (record.supersedes !== undefined) {
    const old = keys.find((k) => k.keyId === record.supersedes);
    if (old === undefined) fail('NOT_FOUND', `key ${record.supersedes} of department ${department.id}`);
    if (old.revokedAt !== undefined) fail('CONFLICT', `key ${record.supersedes} is already revoked`);
    keys = keys.map((k) => (k.keyId === record.supersedes ? revoke(k, 'superseded', record.id, at) : k));
  }
  return { ...department, keys: [...keys, newKey(record.key, record.id, at)], updatedAt: at };
}

/** Revokes a key from `at` on; NOT_FOUND / CONFLICT when unknown or already revoked. */
export function revokeKey(department: Department, record: SignedRecord<KeyRevokeRecord>, at: string): Department {
  const key = department.keys.find((k) => k.keyId === record.keyId);
  if (key === undefined) fail('NOT_FOUND', `key ${record.keyId} of department ${department.id}`);
  if (key.revokedAt !== undefined) fail('CONFLICT', `key ${record.keyId} is already revoked`);
  return { ...department, keys: department.keys.map((k) => (k.keyId === record.keyId ? revoke(k, record.reason, record.id, at) : k)), updatedAt: at };
}

