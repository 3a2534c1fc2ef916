import type { RecordBase } from '../../records/common';
import type { Province } from '../region';

export const CREDIT_LISTS = ['black', 'red'] as const;
export type CreditList = (typeof CREDIT_LISTS)[number];

/** Categories of list entries (失信 / 守信 categories used across the YRD credit platforms). */
export const CREDIT_CATEGORIES = [
  'serious-illegal-dishonesty', // 严重违法失信名单 (market regulation)
  'court-judgement-defaulter', // 失信被执行人
  'major-tax-violation', // 重大税收违法失信主体
  'food-drug-safety', // 食品药品安全严重失信
  'environmental-violation', // 环境违法失信
  'public-resource-trading-fraud', // 公共资源交易领域失信 (串标、围标、弄虚作假)
  'wage-arrears', // 拖欠农民工工资失信联合惩戒对象
  'product-quality', // 产品质量严重失信
  'a-class-taxpayer', // 纳税信用A级纳税人 (red)
  'contract-abiding', // 守合同重信用企业 (red)
  'customs-advanced-certified', // 海关高级认证企业 (red)
  'credit-model', // 诚信典型 (red)
] as const;
export type CreditCategory = (typeof CREDIT_CATEGORIES)[number];
/** Categories that belong on the red list (守信激励); every other category belongs on the black list. */
export const RED_CATEGORIES = ['a-class-taxpayer', 'contract-abiding', 'customs-advanced-certified', 'credit-model'] as const satisfies readonly CreditCategory[];

/** Licence types an e-licence can have; `no-licence:<type>` measures refer to them. */
export const LICENCE_TYPES = [
  'business-licence', // 营业执照
  'food-business', // 食品经营许可证
  'food-production', // 食品生产许可证
  'drug-business', // 药品经营许可证
  'medical-device-business', // 医疗器械经营许可证
  'construction-qualification', // 建筑业企业资质证书
  'production-safety', // 安全生产许可证
  'pollutant-discharge', // 排污许可证
  'road-transport', // 道路运输经营许可证
] as const;
export type LicenceType = (typeof LICENCE_TYPES)[number];

/** Black-list measures (联合惩戒措施). `no-licence:<type>` bars one licence type, `no-licence:*` all of them. */
export const BLACK_MEASURES = ['no-bidding', 'no-government-procurement', 'no-subsidy', 'no-honours', 'restricted-high-consumption', 'enhanced-supervision'] as const;
/** Red-list incentives (联合激励措施). */
export const RED_MEASURES = ['green-channel', 'fewer-inspections', 'priority-support', 'deposit-waiver'] as const;
export type Measure = (typeof BLACK_MEASURES)[number] | (typeof RED_MEASURES)[number] | `no-licence:${LicenceType | '*'}`;

/** A credit subject on the shared ledger: an organisation by its credit code, or a person by a salted digest. */
export type CreditSubject =
  | { readonly kind: 'organisation'; readonly creditCode: string; readonly name: string }
  | { readonly kind: 'person'; readonly idDigest: string; /** e.g. 张*明 — never the clear name */ readonly maskedName?: string };

/** How grave a black-list entry is (一般失信 / 严重失信): sets its minimum and maximum publicity periods. */
export const SEVERITIES = ['general', 'serious'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `credit.entry`: puts a subject on the black or red list. Persons carry the clear ID only in transient `personal`. */
export interface CreditEntryRecord extends RecordBase {
  readonly type: 'credit.entry';
  readonly list: CreditList;
  readonly subject: CreditSubject;
  readonly category: CreditCategory;
  readonly legalBasis: string;
  /** 决定文书号, e.g. 沪市监信〔2025〕12号 */
  readonly decisionNumber?: string;
  readonly measures: readonly Measure[];
  readonly validFrom: string;
  /** Omitted: until repaired, or (black list) the maximum publicity period of its severity. */
  readonly validTo?: string;
  /** Black list only; omitted: DEFAULT_SEVERITY of the category (see lifecycle.ts). */
  readonly severity?: Severity;
}

/** `credit.objection`: the subject's objection (异议) to an entry, received and recorded by a department. */
export interface CreditObjectionRecord extends RecordBase {
  readonly type: 'credit.objection';
  readonly entryId: string;
  readonly grounds: string;
  /** SM3 of the objection file and its evidence, hex. */
  readonly evidenceDigest: string;
}

/** `credit.objection.review`: the issuing department's review of an objection, with reasons. */
export interface CreditObjectionReviewRecord extends RecordBase {
  readonly type: 'credit.objection.review';
  readonly objectionId: string;
  readonly outcome: 'upheld' | 'dismissed';
  readonly reason: string;
}

/** What a correction may change in a wrong entry. */
export interface CreditEntryChanges {
  readonly legalBasis?: string;
  readonly measures?: readonly Measure[];
  readonly validTo?: string;
}

/** `credit.correction`: the issuing department corrects (更正) or withdraws (撤销) a wrong entry; a new record pointing back. */
export interface CreditCorrectionRecord extends RecordBase {
  readonly type: 'credit.correction';
  readonly entryId: string;
  readonly action: 'correct' | 'withdraw';
  readonly reason: string;
  /** The upheld objection that led to it, if any. */
  readonly objectionId?: string;
  readonly changes?: CreditEntryChanges;
}

export type ObjectionStatus = 'pending' | 'upheld' | 'dismissed';

export interface CreditObjectionState {
  readonly objectionId: string;
  readonly entryId: string;
  readonly receivedBy: string;
  readonly receivedAt: string;
  readonly grounds: string;
  readonly evidenceDigest: string;
  readonly status: ObjectionStatus;
  readonly reviewId?: string;
  readonly reviewedAt?: string;
  readonly reason?: string;
}

/** `credit.repair.apply`: a repair application received for the subject by a department (受理). */
export interface CreditRepairApplyRecord extends RecordBase {
  readonly type: 'credit.repair.apply';
  readonly entryId: string;
  readonly grounds: string;
  /** SM3 of the evidence file (整改材料), hex. */
  readonly evidenceDigest: string;
}

/** `credit.repair.decide`: the issuing department approves (the entry is lifted) or rejects a repair. */
export interface CreditRepairDecideRecord extends RecordBase {
  readonly type: 'credit.repair.decide';
  readonly repairId: string;
  readonly decision: 'approved' | 'rejected';
  readonly reason: string;
}

/** Stored state of an entry. `status` moves from active to repaired or withdrawn; expiry is computed from validity and severity. */
export interface CreditEntryState {
  readonly entryId: string;
  readonly list: CreditList;
  readonly subject: CreditSubject;
  readonly subjectKey: string;
  readonly category: CreditCategory;
  readonly legalBasis: string;
  readonly decisionNumber?: string;
  readonly measures: readonly Measure[];
  readonly department: string;
  readonly province: Province;
  readonly validFrom: string;
  readonly validTo?: string;
  readonly severity?: Severity;
  readonly status: 'active' | 'repaired' | 'withdrawn';
  readonly recordedAt: string;
  readonly repairId?: string;
  readonly repairedAt?: string;
  readonly withdrawnAt?: string;
  /** credit.correction records that changed or withdrew this entry, in order. */
  readonly corrections?: readonly string[];
}

export type RepairStatus = 'pending' | 'approved' | 'rejected';

export interface CreditRepairState {
  readonly repairId: string;
  readonly entryId: string;
  readonly appliedBy: string;
  readonly appliedAt: string;
  readonly grounds: string;
  readonly evidenceDigest: string;
  readonly status: RepairStatus;
  readonly decisionId?: string;
  readonly decidedAt?: string;
  readonly reason?: string;
}

/** What an entry amounts to at an instant. */
export type EffectiveStatus = 'pending' | 'active' | 'expired' | 'repaired' | 'withdrawn';

export interface CreditViewEntry extends CreditEntryState {
  readonly effectiveStatus: EffectiveStatus;
}

/** A subject's credit across all four provinces at an instant. */
export interface CreditView {
  readonly subjectKey: string;
  readonly at: string;
  readonly blacklisted: boolean;
  readonly redlisted: boolean;
  /** Measures of entries in force at `at`. */
  readonly measures: readonly Measure[];
  readonly provinces: readonly Province[];
  readonly entries: readonly CreditViewEntry[];
}

/** An action another contract is about to allow for a subject. */
export type CreditAction =
  | { readonly kind: 'bid' }
  | { readonly kind: 'government-procurement' }
  | { readonly kind: 'subsidy' }
  | { readonly kind: 'honours' }
  | { readonly kind: 'licence'; readonly licenceType: LicenceType };

export interface JointPunishmentDecision {
  readonly allowed: boolean;
  readonly blockedBy: ReadonlyArray<{ readonly entryId: string; readonly measure: Measure; readonly department: string; readonly province: Province }>;
}
