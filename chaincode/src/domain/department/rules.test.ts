import { ChaincodeError } from '../../errors';
import { keyIdBelongsTo, keyStatusAt, registerDepartment, requireRole, revokeKey, rotateKey, signingKeyAt, updateDepartment } from './rules';
import type { DepartmentKey } from './types';
import { parsePublicKey, validateDepartmentRegister } from './validate';
import { bytesToHex, sm2GenerateKeyPair, sm2PublicKeyToPem } from '../../../crypto';

const SIG = { algorithm: 'SM2-SM3' as const, keyId: 'd#1', userId: '1234567812345678', value: '3006020101020101' };
const pair = sm2GenerateKeyPair();
const hex = bytesToHex(pair.publicKey);

const key = (overrides: Partial<DepartmentKey> = {}): DepartmentKey => ({ keyId: 'd#1', publicKey: hex, fingerprint: 'f', validFrom: '2025-01-01T00:00:00Z', addedBy: 'r', addedAt: '2025-01-01T00:00:00Z', ...overrides });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ChaincodeError ? error.code : 'OTHER';
  }
  return undefined;
}

const register = {
  type: 'department.register' as const,
  id: 'reg-d',
  department: 'd',
  nameZh: '测试局',
  nameEn: 'Test bureau',
  province: 'anhui' as const,
  city: '合肥市',
  tier: 'city' as const,
  roles: ['licence-issuer' as const],
  key: { keyId: 'd#1', publicKey: hex, validFrom: '2025-01-01T00:00:00Z' },
  signature: SIG,
};

describe('department keys', () => {
  it('a key id belongs to the department it starts with, followed by #', () => {
    expect(keyIdBelongsTo('sh-samr#1', 'sh-samr')).toBe(true);
    expect(keyIdBelongsTo('sh-samr#eseal-20260101', 'sh-samr')).toBe(true);
    expect(keyIdBelongsTo('sh-samr#2', 'sh-coop')).toBe(false);
    expect(keyIdBelongsTo('sh-samr-x#1', 'sh-samr')).toBe(false);
    expect(keyIdBelongsTo('sh-samr#', 'sh-samr')).toBe(false);
    expect(keyIdBelongsTo('sh-samr', 'sh-samr')).toBe(false);
  });

  it('key status: validity window and revocation', () => {
    expect(keyStatusAt(key(), '2024-12-31T23:59:59Z')).toBe('not-yet-valid');
    expect(keyStatusAt(key(), '2025-01-01T00:00:00Z')).toBe('valid');
    expect(keyStatusAt(key({ validTo: '2026-01-01T00:00:00Z' }), '2026-01-01T00:00:00Z')).toBe('expired');
    expect(keyStatusAt(key({ revokedAt: '2025-06-01T00:00:00Z' }), '2025-05-31T00:00:00Z')).toBe('valid');
    expect(keyStatusAt(key({ revokedAt: '2025-06-01T00:00:00Z' }), '2025-06-01T00:00:00Z')).toBe('revoked');
  });

  it('signing key refusals carry KEY_UNKNOWN / KEY_REVOKED / KEY_EXPIRED', () => {
    const department = registerDepartment(undefined, register, '2025-02-01T00:00:00Z');
    expect(signingKeyAt(department, 'd#1', '2025-02-01T00:00:00Z').keyId).toBe('d#1');
    expect(codeOf(() => signingKeyAt(department, 'd#9', '2025-02-01T00:00:00Z'))).toBe('KEY_UNKNOWN');
    expect(codeOf(() => signingKeyAt(department, 'd#1', '2024-02-01T00:00:00Z'))).toBe('KEY_EXPIRED');
    const revoked = revokeKey(department, { type: 'department.key.revoke', id: 'rv', department: 'd', keyId: 'd#1', reason: 'key-compromise', signature: SIG }, '2025-03-01T00:00:00Z');
    expect(codeOf(() => signingKeyAt(revoked, 'd#1', '2025-03-01T00:00:00Z'))).toBe('KEY_REVOKED');
    expect(codeOf(() => revokeKey(revoked, { type: 'department.key.revoke', id: 'rv2', department: 'd', keyId: 'd#1', reason: 'administrative', signature: SIG }, '2025-03-02T00:00:00Z'))).toBe('CONFLICT');
    expect(codeOf(() => revokeKey(revoked, { type: 'department.key.revoke', id: 'rv3', department: 'd', keyId: 'd#7', reason: 'administrative', signature: SIG }, '2025-03-02T00:00:00Z'))).toBe('NOT_FOUND');
  });

  it('rotation adds a key and supersedes the old one; duplicates refused', () => {
    const department = registerDepartment(undefined, register, '2025-02-01T00:00:00Z');
    const next = { keyId: 'd#2', publicKey: bytesToHex(sm2GenerateKeyPair().publicKey), validFrom: '2025-01-01T00:00:00Z' };
    const rotated = rotateKey(department, { type: 'department.key.rotate', id: 'rot', department: 'd', key: next, supersedes: 'd#1', signature: SIG }, '2025-04-01T00:00:00Z');
    expect(rotated.keys.map((k) => [k.keyId, k.revocationReason])).toEqual([
      ['d#1', 'superseded'],
      ['d#2', undefined],
    ]);
    expect(codeOf(() => rotateKey(rotated, { type: 'department.key.rotate', id: 'rot2', department: 'd', key: next, signature: SIG }, '2025-04-02T00:00:00Z'))).toBe('CONFLICT');
  });

  it('registration, update and roles', () => {
    const department = registerDepartment(undefined, register, '2025-02-01T00:00:00Z');
    expect(codeOf(() => registerDepartment(department, register, '2025-02-01T00:00:00Z'))).toBe('CONFLICT');
    expect(codeOf(() => requireRole(department, ['credit-issuer'], 'credit.entry'))).toBe('NOT_AUTHORISED');
    expect(codeOf(() => requireRole(department, ['licence-issuer'], 'licence.issue'))).toBeUndefined();
    const moved = { ...register, type: 'department.update' as const, province: 'shanghai' as const };
    expect(codeOf(() => updateDepartment(department, moved, '2025-03-01T00:00:00Z'))).toBe('CONFLICT');
    expect(updateDepartment(department, { ...moved, province: 'anhui', roles: ['regulator'] }, '2025-03-01T00:00:00Z').roles).toEqual(['regulator']);
  });

  it('validation: PEM or hex keys, county for county tier, known roles', () => {
    expect(parsePublicKey(sm2PublicKeyToPem(pair.publicKey))).toEqual(pair.publicKey);
    expect(parsePublicKey('04' + '00'.repeat(64))).toBeUndefined();
    expect(validateDepartmentRegister(register).ok).toBe(true);
    const bad = validateDepartmentRegister({ ...register, tier: 'county', roles: ['licence-issuer', 'licence-issuer'], key: { ...register.key, validTo: '2024-01-01T00:00:00Z' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field)).toEqual(['roles', 'county', 'key.validTo']);
  });
});
