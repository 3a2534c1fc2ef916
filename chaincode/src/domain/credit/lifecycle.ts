/**
 * The credit lifecycle over time (信用修复、异议、更正), pure, with the transaction timestamp as the only clock:
 *
 * - severity: a black-list entry is `general` (一般失信) or `serious` (严重失信): stated on the entry, or by default
 *   from its category (DEFAULT_SEVERITY);
 * - publicity: a black-list entry is published for at least the minimum period of its severity before a repair can
 *   be approved (PUBLICITY_PERIOD_NOT_ELAPSED), and stops applying at its end date — its validTo, or the maximum
 *   period of its severity, whichever comes first — without anyone writing anything (general 3-12 months, serious
 *   6-36 months, as 信用中国 publishes administrative-penalty and list information);
 * - objection (异议): a department receives the subject's objection to an entry (one pending at a time); the issuing
 *   department reviews it with reasons (upheld / dismissed);
 * - correction and withdrawal (更正、撤销): the issuing department corrects a wrong entry's legal basis, measures or
 *   end date, or withdraws the entry, as new records that point back; an upheld objection names the way.
 * Nothing is deleted: the original entry record stays on the ledger, its state records what later records did.
 */
import type { SignedRecord } from '../../../crypto';
import { fail } from '../../errors';
import { timeOf } from '../../records/fields';
import type {
  CreditCategory,
  CreditCorrectionRecord,
  CreditEntryState,
  CreditObjectionRecord,
  CreditObjectionReviewRecord,
  CreditObjectionState,
  Severity,
} from './types';
import { measureProblem } from './validate';

/** Minimum and maximum publicity, in months, of a black-list entry by severity. */
export const PUBLICITY_MONTHS: Readonly<Record<Severity, { readonly min: number; readonly max: number }>> = {
  general: { min: 3, max: 12 },
  serious: { min: 6, max: 36 },
};

/** The severity a black-list category has when the entry does not state one. */
export const DEFAULT_SEVERITY: Readonly<Partial<Record<CreditCategory, Severity>>> = {
  'serious-illegal-dishonesty': 'serious',
  'court-judgement-defaulter': 'serious',
  'major-tax-violation': 'serious',
  'food-drug-safety': 'serious',
  'product-quality': 'serious',
  'public-resource-trading-fraud': 'serious', // 串标围标: 公共资源交易领域严重失信主体名单
  'wage-arrears': 'serious', // 拖欠农民工工资失信联合惩戒对象名单
  'environmental-violation': 'general',
};

export function severityOf(entry: Pick<CreditEntryState, 'category' | 'severity'>): Severity {
  return entry.severity ?? DEFAULT_SEVERITY[entry.category] ?? 'general';
}

/** `at` plus `months` calendar months (UTC), clamped to the last day of a shorter month: 2025-08-31 + 6 = 2026-02-28. */
export function addMonths(at: string, months: number): string {
  const d = new Date(timeOf(at));
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.toISOString();
}

/** When a black-list entry's minimum publicity period ends (repair can be approved from then on). */
export function minimumPublicityEnd(entry: Pick<CreditEntryState, 'category' | 'severity' | 'validFrom'>): string {
  return addMonths(entry.validFrom, PUBLICITY_MONTHS[severityOf(entry)].min);
}

/**
 * When the entry stops applying: a black-list entry at its validTo or at the maximum period of its severity,
 * whichever is first; a red-list entry at its validTo (undefined: until withdrawn).
 */
export function publicityEnd(entry: Pick<CreditEntryState, 'list' | 'category' | 'severity' | 'validFrom' | 'validTo'>): string | undefined {
  if (entry.list === 'red') return entry.validTo;
  const max = addMonths(entry.validFrom, PUBLICITY_MONTHS[severityOf(entry)].max);
  return entry.validTo !== undefined && timeOf(entry.validTo) < timeOf(max) ? entry.validTo : max;
}

/** PUBLICITY_PERIOD_NOT_ELAPSED before the minimum publicity period of the entry has run. */
export function assertPublicityElapsed(entry: CreditEntryState, at: string): void {
  const earliest = minimumPublicityEnd(entry);
  if (timeOf(at) < timeOf(earliest)) {
    fail('PUBLICITY_PERIOD_NOT_ELAPSED', `entry ${entry.entryId} is ${severityOf(entry)}: published from ${entry.validFrom}, it cannot be repaired before ${earliest} (minimum ${PUBLICITY_MONTHS[severityOf(entry)].min} months)`);
  }
}

function assertIssuer(entry: CreditEntryState, department: string, what: string): void {
  if (department !== entry.department) fail('NOT_AUTHORISED', `only the issuing department ${entry.department} ${what} entry ${entry.entryId}`);
}

/** An objection received for the entry's subject; refused on a withdrawn entry or while another is pending. */
export function fileObjection(entry: CreditEntryState, objections: readonly CreditObjectionState[], record: SignedRecord<CreditObjectionRecord>, at: string): CreditObjectionState {
  if (entry.status === 'withdrawn') fail('CONFLICT', `entry ${entry.entryId} was withdrawn`);
  const open = objections.find((o) => o.status === 'pending');
  if (open !== undefined) fail('CONFLICT', `entry ${entry.entryId} already has a pending objection ${open.objectionId}`);
  return { objectionId: record.id, entryId: entry.entryId, receivedBy: record.department, receivedAt: at, grounds: record.grounds, evidenceDigest: record.evidenceDigest, status: 'pending' };
}

/** The issuing department's review of a pending objection, with its reasons. */
export function reviewObjection(entry: CreditEntryState, objection: CreditObjectionState, record: SignedRecord<CreditObjectionReviewRecord>, at: string): CreditObjectionState {
  assertIssuer(entry, record.department, 'reviews objections to');
  if (objection.status !== 'pending') fail('CONFLICT', `objection ${objection.objectionId} is already ${objection.status}`);
  return { ...objection, status: record.outcome, reviewId: record.id, reviewedAt: at, reason: record.reason };
}

/**
 * A correction or withdrawal of a wrong entry by its issuing department, as a new record pointing back; one that
 * names an objection needs it upheld. A withdrawn entry stops applying from `at` and takes no further change.
 */
export function correctEntry(entry: CreditEntryState, objection: CreditObjectionState | undefined, record: SignedRecord<CreditCorrectionRecord>, at: string): CreditEntryState {
  assertIssuer(entry, record.department, 'corrects or withdraws');
  if (entry.status === 'withdrawn') fail('CONFLICT', `entry ${entry.entryId} was withdrawn`);
  if (record.objectionId !== undefined) {
    if (objection === undefined || objection.objectionId !== record.objectionId || objection.entryId !== entry.entryId) fail('NOT_FOUND', `objection ${record.objectionId} to entry ${entry.entryId}`);
    if (objection.status !== 'upheld') fail('CONFLICT', `objection ${record.objectionId} is ${objection.status}, not upheld`);
  }
  const corrections = [...(entry.corrections ?? []), record.id];
  if (record.action === 'withdraw') return { ...entry, status: 'withdrawn', withdrawnAt: at, corrections };
  const changes = record.changes ?? {};
  if (changes.measures !== undefined && entry.list === 'black' && changes.measures.length === 0) fail('INVALID_ARGUMENT', 'changes.measures: a black-list entry keeps at least one measure');
  for (const measure of changes.measures ?? []) {
    const problem = measureProblem(entry.list, measure);
    if (problem !== undefined) fail('INVALID_ARGUMENT', `changes.measures: ${measure} ${problem}`);
  }
  if (changes.validTo !== undefined && timeOf(changes.validTo) <= timeOf(entry.validFrom)) fail('INVALID_ARGUMENT', 'changes.validTo: must be after the entry\'s validFrom');
  return {
    ...entry,
    ...(changes.legalBasis === undefined ? {} : { legalBasis: changes.legalBasis }),
    ...(changes.measures === undefined ? {} : { measures: [...changes.measures] }),
    ...(changes.validTo === undefined ? {} : { validTo: changes.validTo }),
    corrections,
  };
}
