import type { SignedRecord } from '../../../crypto';
import { fail } from '../../errors';
import { timeOf } from '../../records/fields';
import type { Department } from '../department/types';
import { personDigest, residentIdProblem } from './codes';
import { assertPublicityElapsed, publicityEnd, severityOf } from './lifecycle';
import { subjectKeyOf, type PersonalData } from './validate';
import type {
  CreditAction,
  CreditEntryRecord,
  CreditEntryState,
  CreditRepairApplyRecord,
  CreditRepairDecideRecord,
  CreditRepairState,
  CreditView,
  CreditViewEntry,
  EffectiveStatus,
  JointPunishmentDecision,
  Measure,
} from './types';

/** A new entry's state. An organisation subject needs no private data; a person needs the matching transient ID. */
export function createEntry(record: SignedRecord<CreditEntryRecord>, issuer: Department, at: string): CreditEntryState {
  const base: CreditEntryState = {
    entryId: record.id,
    list: record.list,
    subject: record.subject,
    subjectKey: subjectKeyOf(record.subject),
    category: record.category,
    legalBasis: record.legalBasis,
    measures: [...record.measures],
    department: issuer.id,
    province: issuer.province,
    validFrom: record.validFrom,
    status: 'active',
    recordedAt: at,
  };
  return {
    ...base,
    ...(record.decisionNumber === undefined ? {} : { decisionNumber: record.decisionNumber }),
    ...(record.validTo === undefined ? {} : { validTo: record.validTo }),
    ...(record.list === 'black' ? { severity: severityOf(record) } : {}),
  };
}

/** Checks the transient personal data of a person subject: a valid ID number whose salted digest is the public one. */
export function checkPersonalData(idDigest: string, personal: PersonalData | undefined): PersonalData {
  if (personal === undefined) fail('PRIVATE_DATA_REQUIRED', 'a person subject needs transient "personal" {"idNumber","salt"}');
  const problem = residentIdProblem(personal.idNumber);
  if (problem !== undefined) fail('INVALID_ARGUMENT', `personal.idNumber: ${problem}`);
  if (personDigest(personal.idNumber, personal.salt) !== idDigest) {
    fail('PRIVATE_DATA_REQUIRED', 'subject.idDigest is not SM3(salt ":" idNumber) of the transient personal data');
  }
  return personal;
}

/**
 * What an entry amounts to at `at`: withdrawn, then repaired win; otherwise its publicity window decides — from
 * validFrom to its end date (validTo, capped for the black list by the maximum period of its severity), after which
 * it stops applying without any write.
 */
export function effectiveStatus(entry: CreditEntryState, at: string): EffectiveStatus {
  if (entry.status === 'withdrawn' && entry.withdrawnAt !== undefined && timeOf(entry.withdrawnAt) <= timeOf(at)) return 'withdrawn';
  if (entry.status === 'repaired' && entry.repairedAt !== undefined && timeOf(entry.repairedAt) <= timeOf(at)) return 'repaired';
  const t = timeOf(at);
  if (t < timeOf(entry.validFrom)) return 'pending';
  const end = publicityEnd(entry);
  if (end !== undefined && t >= timeOf(end)) return 'expired';
  return 'active';
}

/** A subject's credit view at `at` from all its entries (any province). */
export function creditView(subjectKey: string, entries: readonly CreditEntryState[], at: string): CreditView {
  const viewed: CreditViewEntry[] = entries
    .map((entry) => ({ ...entry, effectiveStatus: effectiveStatus(entry, at) }))
    .sort((a, b) => timeOf(a.recordedAt) - timeOf(b.recordedAt) || a.entryId.localeCompare(b.entryId));
  const inForce = viewed.filter((e) => e.effectiveStatus === 'active');
  const measures = [...new Set(inForce.flatMap((e) => e.measures))].sort();
  const provinces = [...new Set(viewed.map((e) => e.province))].sort();
  return {
    subjectKey,
    at,
    blacklisted: inForce.some((e) => e.list === 'black'),
    redlisted: inForce.some((e) => e.list === 'red'),
    measures,
    provinces,
    entries: viewed,
  };
}

function measuresBarring(action: CreditAction): readonly Measure[] {
  switch (action.kind) {
    case 'bid':
      return ['no-bidding'];
    case 'government-procurement':
      return ['no-government-procurement', 'no-bidding'];
    case 'subsidy':
      return ['no-subsidy'];
    case 'honours':
      return ['no-honours'];
    case 'licence':
      return [`no-licence:${action.licenceType}`, 'no-licence:*'];
  }
}

/**
 * Joint punishment (失信联合惩戒): may the subject of `view` be allowed `action` at `at`? Black-list entries in
 * force at `at` whose measures bar the action block it, whichever province issued them. Pure.
 */
export function jointPunishment(view: CreditView, action: CreditAction, at: string): JointPunishmentDecision {
  const barring = measuresBarring(action);
  const blockedBy = view.entries
    .filter((entry) => entry.list === 'black' && effectiveStatus(entry, at) === 'active')
    .flatMap((entry) =>
      entry.measures.filter((m) => barring.includes(m)).map((measure) => ({ entryId: entry.entryId, measure, department: entry.department, province: entry.province })),
    );
  return { allowed: blockedBy.length === 0, blockedBy };
}

/** SUBJECT_BLACKLISTED when joint punishment blocks the action. */
export function assertNotPunished(view: CreditView, action: CreditAction, at: string): void {
  const decision = jointPunishment(view, action, at);
  if (!decision.allowed) {
    const first = decision.blockedBy[0];
    const what = action.kind === 'licence' ? `licence ${action.licenceType}` : action.kind;
    fail('SUBJECT_BLACKLISTED', `${view.subjectKey} may not be granted ${what}: measure ${first?.measure ?? ''} of entry ${first?.entryId ?? ''} (${first?.department ?? ''}, ${first?.province ?? ''})`);
  }
}

/** A repair application: black-list entries in force (or pending) only, one open application at a time. */
export function applyRepair(
  entry: CreditEntryState,
  openRepairs: readonly CreditRepairState[],
  record: SignedRecord<CreditRepairApplyRecord>,
  at: string,
): CreditRepairState {
  if (entry.list !== 'black') fail('CONFLICT', `entry ${entry.entryId} is a red-list entry; only black-list entries are repaired`);
  const status = effectiveStatus(entry, at);
  if (status === 'repaired' || status === 'expired' || status === 'withdrawn') fail('CONFLICT', `entry ${entry.entryId} is already ${status}`);
  const open = openRepairs.find((r) => r.status === 'pending');
  if (open !== undefined) fail('CONFLICT', `entry ${entry.entryId} already has a pending repair ${open.repairId}`);
  return { repairId: record.id, entryId: entry.entryId, appliedBy: record.department, appliedAt: at, grounds: record.grounds, evidenceDigest: record.evidenceDigest, status: 'pending' };
}

/** The issuer's decision; approval lifts the entry from `at` on (a new state, the original record stays). */
export function decideRepair(
  entry: CreditEntryState,
  repair: CreditRepairState,
  record: SignedRecord<CreditRepairDecideRecord>,
  at: string,
): { entry: CreditEntryState; repair: CreditRepairState } {
  if (record.department !== entry.department) fail('NOT_AUTHORISED', `only the issuing department ${entry.department} decides repairs of entry ${entry.entryId}`);
  if (repair.status !== 'pending') fail('CONFLICT', `repair ${repair.repairId} is already ${repair.status}`);
  const decided: CreditRepairState = { ...repair, status: record.decision, decisionId: record.id, decidedAt: at, reason: record.reason };
  if (record.decision === 'rejected') return { entry, repair: decided };
  if (entry.status !== 'active') fail('CONFLICT', `entry ${entry.entryId} is already ${entry.status}`);
  assertPublicityElapsed(entry, at);
  return { entry: { ...entry, status: 'repaired', repairId: repair.repairId, repairedAt: at }, repair: decided };
}
