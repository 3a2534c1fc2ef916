import type { JsonValue } from '../../../crypto';
import { ChaincodeError } from '../../errors';
import type { Department } from '../department/types';
import { changeLicence, issueLicence, licenceResult } from './rules';
import type { LicenceChangeRecord, LicenceIssueRecord, LicenceState } from './types';
import { validateLicenceIssue } from './validate';

const SIG = { algorithm: 'SM2-SM3' as const, keyId: 'k#1', userId: '1234567812345678', value: '3006020101020101' };
const DIGEST = 'a1'.repeat(32);

function department(id: string, roles: Department['roles'], province: Department['province'] = 'anhui'): Department {
  return { id, nameZh: id, nameEn: id, province, city: '滁州市', tier: 'city', divisionCode: '341100', roles, keys: [], registeredAt: '', registeredBy: '', updatedAt: '' };
}

const issuer = department('ah-cz-scjgj', ['licence-issuer']);
const regulator = department('ah-samr', ['regulator']);
const outsider = department('sh-samr', ['regulator', 'licence-issuer'], 'shanghai');

const issueRecord: LicenceIssueRecord & { signature: typeof SIG } = {
  type: 'licence.issue',
  id: 'lic-1',
  department: issuer.id,
  number: 'JY13411820000123',
  licenceType: 'food-business',
  holder: { kind: 'organisation', creditCode: '91341182MA2NX7UG0P', name: '明光市示例食品有限公司' },
  title: '食品经营许可证',
  validFrom: '2025-01-01T00:00:00Z',
  validTo: '2030-01-01T00:00:00Z',
  fileDigest: DIGEST,
  signature: SIG,
};

function licence(): LicenceState {
  return issueLicence(undefined, issueRecord, issuer, '2025-01-01T00:00:00Z');
}

/** A change record without the fields `change` fills in (distributed over the union, so each kind keeps its own). */
type ChangeBody = LicenceChangeRecord extends infer R ? (R extends LicenceChangeRecord ? Omit<R, 'id' | 'department'> : never) : never;

/** Records reach the validators as parsed JSON. */
const asJson = (record: object): JsonValue => JSON.parse(JSON.stringify(record)) as JsonValue;

function change(record: ChangeBody, by: Department, base = licence()): LicenceState {
  return changeLicence(base, { ...record, id: 'chg', department: by.id, signature: SIG } as LicenceChangeRecord & { signature: typeof SIG }, by, '2025-06-01T00:00:00Z');
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ChaincodeError ? error.code : 'OTHER';
  }
  return undefined;
}

describe('licence rules', () => {
  it('validates the issue record, naming bad fields', () => {
    expect(validateLicenceIssue(asJson(issueRecord)).ok).toBe(true);
    const bad = validateLicenceIssue(asJson({ ...issueRecord, number: 'JY 1', fileDigest: 'xyz', licenceType: 'fishing' }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field).sort()).toEqual(['fileDigest', 'licenceType', 'number']);
  });

  it('refuses a second licence with the same number', () => {
    expect(codeOf(() => issueLicence(licence(), issueRecord, issuer, '2025-01-02T00:00:00Z'))).toBe('CONFLICT');
  });

  it('suspend → reinstate → revoke, and nothing after revocation', () => {
    const suspended = change({ type: 'licence.suspend', number: issueRecord.number, reason: '停业整顿' }, regulator);
    expect(suspended.status).toBe('suspended');
    expect(codeOf(() => change({ type: 'licence.suspend', number: issueRecord.number, reason: 'x' }, issuer, suspended))).toBe('CONFLICT');
    expect(codeOf(() => change({ type: 'licence.reinstate', number: issueRecord.number, reason: 'x' }, regulator, suspended))).toBe('NOT_AUTHORISED');
    const active = change({ type: 'licence.reinstate', number: issueRecord.number, reason: '整改完成' }, issuer, suspended);
    expect(active.status).toBe('active');
    const revoked = change({ type: 'licence.revoke', number: issueRecord.number, reason: '吊销' }, regulator, active);
    expect(revoked.status).toBe('revoked');
    expect(revoked.events.map((e) => e.type)).toEqual(['licence.issue', 'licence.suspend', 'licence.reinstate', 'licence.revoke']);
    expect(codeOf(() => change({ type: 'licence.reinstate', number: issueRecord.number, reason: 'x' }, issuer, revoked))).toBe('CONFLICT');
  });

  it('a regulator of another province may not touch the licence', () => {
    expect(codeOf(() => change({ type: 'licence.revoke', number: issueRecord.number, reason: 'x' }, outsider))).toBe('NOT_AUTHORISED');
  });

  it('renewal extends validity and replaces the file digest; the old digest is recognised as superseded', () => {
    const renewed = change({ type: 'licence.renew', number: issueRecord.number, validTo: '2035-01-01T00:00:00Z', fileDigest: 'b2'.repeat(32) }, issuer);
    expect(renewed.validTo).toBe('2035-01-01T00:00:00Z');
    expect(renewed.currentRecordId).toBe('chg');
    expect(licenceResult(renewed, DIGEST, '2031-01-01T00:00:00Z')).toEqual({ result: 'digest-mismatch', supersededDigest: true });
    expect(licenceResult(renewed, 'b2'.repeat(32), '2031-01-01T00:00:00Z').result).toBe('valid');
    expect(codeOf(() => change({ type: 'licence.renew', number: issueRecord.number, validTo: '2029-01-01T00:00:00Z', fileDigest: DIGEST }, issuer))).toBe('CONFLICT');
  });

  it('verification verdicts', () => {
    expect(licenceResult(undefined, DIGEST, '2026-01-01T00:00:00Z').result).toBe('unknown');
    expect(licenceResult(licence(), 'c3'.repeat(32), '2026-01-01T00:00:00Z')).toEqual({ result: 'digest-mismatch', supersededDigest: false });
    expect(licenceResult(licence(), DIGEST.toUpperCase(), '2026-01-01T00:00:00Z').result).toBe('valid');
    expect(licenceResult(licence(), DIGEST, '2030-01-01T00:00:00Z').result).toBe('expired');
    expect(licenceResult(licence(), DIGEST, '2024-01-01T00:00:00Z').result).toBe('not-yet-valid');
    expect(licenceResult({ ...licence(), status: 'suspended' }, DIGEST, '2026-01-01T00:00:00Z').result).toBe('suspended');
    expect(licenceResult({ ...licence(), status: 'revoked' }, DIGEST, '2026-01-01T00:00:00Z').result).toBe('revoked');
  });
});
