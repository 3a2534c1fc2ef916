import type { SignedRecord } from '../../../crypto';
import { fail } from '../../errors';
import { assertSubjectInJurisdiction } from '../jurisdiction';
import { timeOf } from '../../records/fields';
import type { Department } from '../department/types';
import type {
  LicenceChangeRecord,
  LicenceEvent,
  LicenceIssueRecord,
  LicenceState,
  LicenceVerification,
  VerificationResult,
} from './types';

/** A new licence's state (CONFLICT if the number exists). Joint punishment is checked by the caller first. */
export function issueLicence(existing: LicenceState | undefined, record: SignedRecord<LicenceIssueRecord>, issuer: Department, at: string): LicenceState {
  if (existing !== undefined) fail('CONFLICT', `licence ${record.number} already exists (issued by ${existing.issuer})`);
  const state: LicenceState = {
    number: record.number,
    licenceType: record.licenceType,
    holder: record.holder,
    holderKey: `org:${record.holder.creditCode}`,
    title: record.title,
    issuer: issuer.id,
    province: issuer.province,
    validFrom: record.validFrom,
    validTo: record.validTo,
    fileDigest: record.fileDigest,
    previousDigests: [],
    status: 'active',
    currentRecordId: record.id,
    events: [{ recordId: record.id, type: record.type, department: issuer.id, at }],
  };
  return record.scope === undefined ? state : { ...state, scope: record.scope };
}

/**
 * Who may change a licence: the issuing department always; a regulator of the same province may also suspend
 * and revoke (e.g. the market regulator acting on a licence issued by a county bureau).
 */
export function mayChange(licence: LicenceState, signer: Department, type: LicenceChangeRecord['type']): boolean {
  if (signer.id === licence.issuer) return true;
  return (type === 'licence.suspend' || type === 'licence.revoke') && signer.roles.includes('regulator') && signer.province === licence.province;
}

/** The state after a suspend / reinstate / revoke / renew record; CONFLICT for an illegal transition. */
export function changeLicence(licence: LicenceState, record: SignedRecord<LicenceChangeRecord>, signer: Department, at: string): LicenceState {
  if (!mayChange(licence, signer, record.type)) fail('NOT_AUTHORISED', `department ${signer.id} may not ${record.type.slice('licence.'.length)} licence ${licence.number} issued by ${licence.issuer}`);
  // A regulator acting on another department's licence acts within its own area (jurisdiction tiers).
  if (signer.id !== licence.issuer) assertSubjectInJurisdiction(signer, record.type === 'licence.revoke' ? 'licence-revocation' : 'licence-suspension', licence.holder.creditCode);
  if (licence.status === 'revoked') fail('CONFLICT', `licence ${licence.number} is revoked`);
  const event = (reason?: string): LicenceEvent => ({ recordId: record.id, type: record.type, department: signer.id, at, ...(reason === undefined ? {} : { reason }) });
  switch (record.type) {
    case 'licence.suspend':
      if (licence.status !== 'active') fail('CONFLICT', `licence ${licence.number} is ${licence.status}, not active`);
      return { ...licence, status: 'suspended', events: [...licence.events, event(record.reason)] };
    case 'licence.reinstate':
      if (licence.status !== 'suspended') fail('CONFLICT', `licence ${licence.number} is ${licence.status}, not suspended`);
      return { ...licence, status: 'active', events: [...licence.events, event(record.reason)] };
    case 'licence.revoke':
      return { ...licence, status: 'revoked', events: [...licence.events, event(record.reason)] };
    case 'licence.renew':
      if (licence.status !== 'active') fail('CONFLICT', `licence ${licence.number} is ${licence.status}; only an active licence is renewed`);
      if (timeOf(record.validTo) <= timeOf(licence.validTo)) fail('CONFLICT', `renewal must extend validTo beyond ${licence.validTo}`);
      return {
        ...licence,
        validTo: record.validTo,
        fileDigest: record.fileDigest,
        previousDigests: record.fileDigest === licence.fileDigest ? licence.previousDigests : [...licence.previousDigests, licence.fileDigest],
        currentRecordId: record.id,
        events: [...licence.events, event()],
      };
  }
}

/** The verdict on a licence number + file digest at `at` (unknown, mismatch, revoked, suspended, expired …). */
export function licenceResult(licence: LicenceState | undefined, fileDigest: string, at: string): { result: VerificationResult; supersededDigest: boolean } {
  if (licence === undefined) return { result: 'unknown', supersededDigest: false };
  if (licence.fileDigest !== fileDigest.toLowerCase()) return { result: 'digest-mismatch', supersededDigest: licence.previousDigests.includes(fileDigest.toLowerCase()) };
  if (licence.status === 'revoked') return { result: 'revoked', supersededDigest: false };
  if (licence.status === 'suspended') return { result: 'suspended', supersededDigest: false };
  const t = timeOf(at);
  if (t >= timeOf(licence.validTo)) return { result: 'expired', supersededDigest: false };
  if (t < timeOf(licence.validFrom)) return { result: 'not-yet-valid', supersededDigest: false };
  return { result: 'valid', supersededDigest: false };
}

/** Public summary of a licence for a verification answer. */
export function licenceSummary(licence: LicenceState): NonNullable<LicenceVerification['licence']> {
  return {
    licenceType: licence.licenceType,
    title: licence.title,
    holder: licence.holder,
    validFrom: licence.validFrom,
    validTo: licence.validTo,
    status: licence.status,
    issuer: licence.issuer,
    province: licence.province,
  };
}
