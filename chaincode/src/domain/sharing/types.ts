import type { RecordBase } from '../../records/common';
import type { Province } from '../region';

/** 无条件共享 / 有条件共享 / 不予共享 */
export const SHARING_MODES = ['unconditional', 'conditional', 'not-shared'] as const;
export type SharingMode = (typeof SHARING_MODES)[number];

export const RESOURCE_FAMILIES = ['credit', 'licence', 'trace', 'tender', 'department'] as const;
export type ResourceFamily = (typeof RESOURCE_FAMILIES)[number];

/** `sharing.catalogue`: a department publishes (or republishes) a resource it shares and on what terms. */
export interface CatalogueRecord extends RecordBase {
  readonly type: 'sharing.catalogue';
  readonly resourceId: string;
  readonly family: ResourceFamily;
  readonly title: string;
  readonly description: string;
  readonly mode: SharingMode;
  /** 共享条件 for a conditional resource. */
  readonly conditions?: string;
}

/** `sharing.request`: a department of another region asks for a conditional resource. */
export interface SharingRequestRecord extends RecordBase {
  readonly type: 'sharing.request';
  readonly owner: string;
  readonly resourceId: string;
  readonly purpose: string;
  /** Subjects (credit codes, licence numbers, batch ids …) the request is limited to; omitted = the whole resource. */
  readonly subjects?: readonly string[];
  readonly until: string;
}

/** `sharing.grant`: the owner's data-sharing officer approves (with scope and expiry) or rejects a request. */
export interface SharingGrantRecord extends RecordBase {
  readonly type: 'sharing.grant';
  readonly requestId: string;
  readonly decision: 'approved' | 'rejected';
  readonly subjects?: readonly string[];
  readonly validFrom?: string;
  readonly validTo?: string;
  readonly reason: string;
}

export interface GrantRevokeRecord extends RecordBase {
  readonly type: 'sharing.grant.revoke';
  readonly grantId: string;
  readonly reason: string;
}

/** `sharing.access`: one read made through a province's gateway, signed by that gateway principal (role gateway). */
export interface AccessRecord extends RecordBase {
  readonly type: 'sharing.access';
  /** The department on whose behalf the read is made (same province as the gateway). */
  readonly reader: string;
  readonly owner: string;
  readonly resourceId: string;
  readonly purpose: string;
  /** What was read: a credit code, licence number, batch id … */
  readonly subject?: string;
  /** The grant the reader relies on; omitted = the ledger looks for a valid grant itself. */
  readonly grantId?: string;
}

export interface CatalogueEntry {
  readonly owner: string;
  readonly province: Province;
  readonly resourceId: string;
  readonly family: ResourceFamily;
  readonly title: string;
  readonly description: string;
  readonly mode: SharingMode;
  readonly conditions?: string;
  readonly version: number;
  readonly recordId: string;
  readonly updatedAt: string;
}

export interface SharingRequestState {
  readonly requestId: string;
  readonly requester: string;
  readonly requesterProvince: Province;
  readonly owner: string;
  readonly resourceId: string;
  readonly purpose: string;
  readonly subjects?: readonly string[];
  readonly until: string;
  readonly requestedAt: string;
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly decisionId?: string;
}

export interface GrantState {
  readonly grantId: string;
  readonly requestId: string;
  readonly owner: string;
  readonly requester: string;
  readonly resourceId: string;
  readonly purpose: string;
  readonly subjects?: readonly string[];
  readonly validFrom: string;
  readonly validTo: string;
  readonly status: 'active' | 'revoked';
  readonly grantedAt: string;
  readonly revokedAt?: string;
  readonly revocationReason?: string;
}

export type AccessBasis = 'same-province' | 'unconditional' | 'grant' | 'refused';
export type RefusalReason =
  | 'not-catalogued'
  | 'not-shared'
  | 'no-grant'
  | 'grant-unknown'
  | 'grant-not-for-reader'
  | 'grant-not-yet-valid'
  | 'grant-expired'
  | 'grant-revoked'
  | 'grant-out-of-scope';

export interface AccessDecision {
  readonly allowed: boolean;
  readonly basis: AccessBasis;
  readonly reason?: RefusalReason;
  readonly grantId?: string;
}

/** The stored access record state (the signed record itself is under dtl.record). */
export interface AccessState extends AccessDecision {
  readonly accessId: string;
  readonly gateway: string;
  readonly reader: string;
  readonly readerProvince: Province;
  readonly owner: string;
  readonly ownerProvince: Province;
  readonly resourceId: string;
  readonly purpose: string;
  readonly subject?: string;
  readonly claimedGrantId?: string;
  readonly at: string;
}

export interface ProvincePairCount {
  readonly readerProvince: Province;
  readonly ownerProvince: Province;
  readonly allowed: number;
  readonly refused: number;
}
