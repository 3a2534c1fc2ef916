import type { RecordBase } from '../../records/common';
import type { LicenceType } from '../credit/types';
import type { Province } from '../region';

export type { LicenceType };

/** The holder of an e-licence: an organisation (including 个体工商户, which also have credit codes). */
export interface LicenceHolder {
  readonly kind: 'organisation';
  readonly creditCode: string;
  readonly name: string;
}

/** `licence.issue`: a new e-licence with the SM3 digest of its file (the OFD/PDF the holder receives). */
export interface LicenceIssueRecord extends RecordBase {
  readonly type: 'licence.issue';
  readonly number: string;
  readonly licenceType: LicenceType;
  readonly holder: LicenceHolder;
  /** e.g. 食品经营许可证 */
  readonly title: string;
  /** 经营范围 / 许可项目 */
  readonly scope?: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly fileDigest: string;
}

export interface LicenceSuspendRecord extends RecordBase {
  readonly type: 'licence.suspend';
  readonly number: string;
  readonly reason: string;
}

export interface LicenceReinstateRecord extends RecordBase {
  readonly type: 'licence.reinstate';
  readonly number: string;
  readonly reason: string;
}

export interface LicenceRevokeRecord extends RecordBase {
  readonly type: 'licence.revoke';
  readonly number: string;
  readonly reason: string;
  readonly legalBasis?: string;
}

/** `licence.renew` (延续): same number, a new validity end and the digest of the re-issued file. */
export interface LicenceRenewRecord extends RecordBase {
  readonly type: 'licence.renew';
  readonly number: string;
  readonly validTo: string;
  readonly fileDigest: string;
}

export type LicenceChangeRecord = LicenceSuspendRecord | LicenceReinstateRecord | LicenceRevokeRecord | LicenceRenewRecord;

export type LicenceStatus = 'active' | 'suspended' | 'revoked';

export interface LicenceEvent {
  readonly recordId: string;
  readonly type: string;
  readonly department: string;
  readonly at: string;
  readonly reason?: string;
}

export interface LicenceState {
  readonly number: string;
  readonly licenceType: LicenceType;
  readonly holder: LicenceHolder;
  readonly holderKey: string;
  readonly title: string;
  readonly scope?: string;
  readonly issuer: string;
  readonly province: Province;
  readonly validFrom: string;
  readonly validTo: string;
  readonly fileDigest: string;
  /** Digests of files superseded by renewals. */
  readonly previousDigests: readonly string[];
  readonly status: LicenceStatus;
  /** The issue or latest renew record: its signature covers the current file digest and validity. */
  readonly currentRecordId: string;
  readonly events: readonly LicenceEvent[];
}

export const VERIFICATION_RESULTS = ['valid', 'revoked', 'suspended', 'expired', 'not-yet-valid', 'unknown', 'digest-mismatch'] as const;
export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

export interface LicenceVerification {
  readonly number: string;
  readonly fileDigest: string;
  readonly result: VerificationResult;
  readonly checkedAt: string;
  /** The presented digest belongs to an earlier file of this licence (replaced by a renewal). */
  readonly supersededDigest?: boolean;
  readonly licence?: Pick<LicenceState, 'licenceType' | 'title' | 'holder' | 'validFrom' | 'validTo' | 'status' | 'issuer' | 'province'>;
  readonly issuer?: { readonly id: string; readonly nameZh: string; readonly nameEn: string; readonly province: Province };
  readonly signature?: { readonly recordId: string; readonly keyId: string; readonly verified: boolean; readonly keyStatus: string; readonly txId: string; readonly committedAt: string };
}
