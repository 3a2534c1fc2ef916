import type { RecordBase } from '../../records/common';
import type { Province } from '../region';

export const TIERS = ['province', 'city', 'county'] as const;
export type Tier = (typeof TIERS)[number];

/** What a department may write. A record type names the roles that may sign it. */
export const ROLES = [
  'credit-issuer',
  'licence-issuer',
  'trace-actor',
  'regulator',
  'trading-centre',
  'expert',
  'data-sharing-officer',
  'auditor',
  'gateway',
  /** An accredited testing laboratory (检验检测机构): signs inspection events, never on its own batches. */
  'laboratory',
] as const;
export type Role = (typeof ROLES)[number];

export const KEY_REVOCATION_REASONS = ['key-compromise', 'superseded', 'cessation-of-operation', 'administrative'] as const;
export type KeyRevocationReason = (typeof KEY_REVOCATION_REASONS)[number];

/** A public key as a record carries it. `publicKey` is an SM2 SPKI PEM or 65-byte uncompressed hex (04‖x‖y). */
export interface KeySpec {
  readonly keyId: string;
  readonly publicKey: string;
  readonly validFrom: string;
  /** Omitted: valid until revoked. */
  readonly validTo?: string;
}

/** A registered key with its history. `publicKey` is always stored as 65-byte uncompressed hex. */
export interface DepartmentKey {
  readonly keyId: string;
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly validFrom: string;
  readonly validTo?: string;
  /** Record that added the key. */
  readonly addedBy: string;
  readonly addedAt: string;
  readonly revokedAt?: string;
  readonly revocationReason?: KeyRevocationReason;
  readonly revokedBy?: string;
}

export interface DepartmentProfile {
  readonly nameZh: string;
  readonly nameEn: string;
  readonly province: Province;
  readonly city: string;
  /** County / district for county-tier departments. */
  readonly county?: string;
  readonly tier: Tier;
  readonly roles: readonly Role[];
  /**
   * The unified social credit code of the organisation this department is, for departments that act for a market
   * subject (a cooperative, a company): a batch it registers must name this subject as producer.
   */
  readonly creditCode?: string;
  /** GB/T 2260 administrative division code (6 digits) of a city- or county-tier department's area (jurisdiction). */
  readonly divisionCode?: string;
}

/** The registry's state for one department. */
export interface Department extends DepartmentProfile {
  readonly id: string;
  readonly keys: readonly DepartmentKey[];
  readonly registeredAt: string;
  readonly registeredBy: string;
  readonly updatedAt: string;
}

/** `department.register`: signed by the key it introduces (proof of possession); submitted by an org admin. */
export interface DepartmentRegisterRecord extends RecordBase, DepartmentProfile {
  readonly type: 'department.register';
  readonly key: KeySpec;
}

/** `department.update`: new profile (names, tier, roles); signed by a current key, submitted by an org admin. */
export interface DepartmentUpdateRecord extends RecordBase, DepartmentProfile {
  readonly type: 'department.update';
}

/**
 * `department.key.rotate`: adds a key, optionally superseding (revoking) an old one. Signed by a current key of the
 * department, or — recovery when every key is lost — by the new key itself when submitted by an org admin.
 */
export interface KeyRotateRecord extends RecordBase {
  readonly type: 'department.key.rotate';
  readonly key: KeySpec;
  readonly supersedes?: string;
}

/** `department.key.revoke`: revokes a key from the transaction time on. Signed by a current key of the department. */
export interface KeyRevokeRecord extends RecordBase {
  readonly type: 'department.key.revoke';
  readonly keyId: string;
  readonly reason: KeyRevocationReason;
}
