import { CryptoError, SM2_P256, bytesToHex, decodePublicKey, hexToBytes, sm2PublicKeyFromPem, sm2PublicKeyFingerprint } from '../../../crypto';
import { Fields, KEY_ID_PATTERN, isTimestamp, timeOf } from '../../records/fields';
import { recordValidator } from '../../records/common';
import { PROVINCES } from '../region';
import { isCreditCode as isValidCreditCode } from '../credit/codes';
import {
  KEY_REVOCATION_REASONS,
  ROLES,
  TIERS,
  type DepartmentProfile,
  type DepartmentRegisterRecord,
  type DepartmentUpdateRecord,
  type KeyRevokeRecord,
  type KeyRotateRecord,
  type KeySpec,
} from './types';

/** Parses an SM2 public key given as SPKI PEM or uncompressed hex; undefined when it is neither. */
export function parsePublicKey(text: string): Uint8Array | undefined {
  try {
    let key: Uint8Array;
    if (text.startsWith('-----BEGIN')) key = sm2PublicKeyFromPem(text);
    else if (/^04[0-9a-fA-F]{128}$/.test(text)) key = hexToBytes(text.toLowerCase());
    else return undefined;
    decodePublicKey(SM2_P256, key); // on the curve, not the point at infinity
    return key;
  } catch (error) {
    if (error instanceof CryptoError) return undefined;
    throw error;
  }
}

/** The stored form of a public key (65-byte uncompressed hex) and its fingerprint. */
export function normalisePublicKey(text: string): { publicKey: string; fingerprint: string } {
  const key = parsePublicKey(text);
  if (key === undefined) throw new Error('normalisePublicKey: key was not validated');
  return { publicKey: bytesToHex(key), fingerprint: sm2PublicKeyFingerprint(key) };
}

export function readKeySpec(fields: Fields): KeySpec {
  const keyId = fields.string('keyId', { max: 128, pattern: KEY_ID_PATTERN, patternHint: 'must be 1-128 characters of [A-Za-z0-9._:#-]' });
  const publicKey = fields.string('publicKey', { max: 2048 });
  if (publicKey !== '' && parsePublicKey(publicKey) === undefined) {
    fields.error('publicKey', 'must be an SM2 public key (SPKI PEM, or 65-byte uncompressed hex starting 04) on the curve');
  }
  const validFrom = fields.timestamp('validFrom');
  const validTo = fields.optionalTimestamp('validTo');
  if (validTo !== undefined && isTimestamp(validFrom) && isTimestamp(validTo) && timeOf(validTo) <= timeOf(validFrom)) {
    fields.error('validTo', 'must be after validFrom');
  }
  fields.end();
  return validTo === undefined ? { keyId, publicKey, validFrom } : { keyId, publicKey, validFrom, validTo };
}

function readProfile(fields: Fields): DepartmentProfile {
  const nameZh = fields.string('nameZh', { max: 128 });
  const nameEn = fields.string('nameEn', { max: 256 });
  const province = fields.oneOf('province', PROVINCES);
  const city = fields.string('city', { max: 64 });
  const county = fields.optionalString('county', { max: 64 });
  const tier = fields.oneOf('tier', TIERS);
  const roles = fields.stringArray('roles', (role) => ((ROLES as readonly string[]).includes(role) ? undefined : `must be one of ${ROLES.join(', ')}`), 1, ROLES.length);
  if (tier === 'county' && county === undefined) fields.error('county', 'is required for a county-tier department');
  const creditCode = fields.optionalString('creditCode', { max: 18 });
  if (creditCode !== undefined && !isValidCreditCode(creditCode)) fields.error('creditCode', 'is not a valid unified social credit code (GB 32100 check character)');
  const divisionCode = fields.optionalString('divisionCode', { max: 6, pattern: /^\d{6}$/, patternHint: 'must be a 6-digit GB/T 2260 division code' });
  const profile: DepartmentProfile = { nameZh, nameEn, province, city, tier, roles: roles as DepartmentProfile['roles'] };
  return {
    ...profile,
    ...(county === undefined ? {} : { county }),
    ...(creditCode === undefined ? {} : { creditCode }),
    ...(divisionCode === undefined ? {} : { divisionCode }),
  };
}

export const validateDepartmentRegister = recordValidator<DepartmentRegisterRecord>('department.register', (fields) => ({
  ...readProfile(fields),
  key: readKeySpec(fields.object('key')),
}));

export const validateDepartmentUpdate = recordValidator<DepartmentUpdateRecord>('department.update', (fields) => readProfile(fields));

export const validateKeyRotate = recordValidator<KeyRotateRecord>('department.key.rotate', (fields) => {
  const key = readKeySpec(fields.object('key'));
  const supersedes = fields.optionalString('supersedes', { max: 128, pattern: KEY_ID_PATTERN });
  return supersedes === undefined ? { key } : { key, supersedes };
});

export const validateKeyRevoke = recordValidator<KeyRevokeRecord>('department.key.revoke', (fields) => ({
  keyId: fields.string('keyId', { max: 128, pattern: KEY_ID_PATTERN }),
  reason: fields.oneOf('reason', KEY_REVOCATION_REASONS),
}));
