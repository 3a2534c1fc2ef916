/**
 * Joint-punishment feedback (联合惩戒反馈), pure: when another contract refuses a subject because of a list entry, the
 * refusal itself is committed as a feedback record — who was stopped, from what, by which entries (and so which
 * issuing departments), when, in which transaction — so each issuing department learns where its entry bit and the
 * auditor can list every case. The refused action has no other effect; the caller still gets a refusal.
 */
import type { CreditAction, JointPunishmentDecision } from './types';

export interface PunishmentAttempt {
  /** The refused record (its id and type), signed by `department`. */
  readonly recordId: string;
  readonly recordType: string;
  readonly department: string;
}

export interface JointPunishmentFeedback {
  readonly feedbackId: string;
  readonly txId: string;
  readonly at: string;
  readonly subjectKey: string;
  /** What was refused: bid, government-procurement, subsidy, honours, licence:<type>. */
  readonly action: string;
  readonly refusedRecordId: string;
  readonly refusedRecordType: string;
  /** The department whose record was refused (the trading centre, the licence issuer, the producer …). */
  readonly refusedFor: string;
  readonly blockedBy: JointPunishmentDecision['blockedBy'];
  /** The issuing departments of the entries that bit (each lists this feedback). */
  readonly issuers: readonly string[];
}

export function actionName(action: CreditAction): string {
  return action.kind === 'licence' ? `licence:${action.licenceType}` : action.kind;
}

/** The feedback of a refusal, or undefined when the decision allowed the action. One per transaction. */
export function punishmentFeedback(subjectKey: string, action: CreditAction, decision: JointPunishmentDecision, attempt: PunishmentAttempt, at: string, txId: string): JointPunishmentFeedback | undefined {
  if (decision.allowed) return undefined;
  return {
    feedbackId: `jpf-${txId}`,
    txId,
    at,
    subjectKey,
    action: actionName(action),
    refusedRecordId: attempt.recordId,
    refusedRecordType: attempt.recordType,
    refusedFor: attempt.department,
    blockedBy: decision.blockedBy,
    issuers: [...new Set(decision.blockedBy.map((b) => b.department))].sort(),
  };
}

/** The refusal message, as SUBJECT_BLACKLISTED has always worded it. */
export function refusalDetail(feedback: JointPunishmentFeedback): string {
  const first = feedback.blockedBy[0];
  return `${feedback.subjectKey} may not be granted ${feedback.action.replace(/^licence:/, 'licence ')}: measure ${first?.measure ?? ''} of entry ${first?.entryId ?? ''} (${first?.department ?? ''}, ${first?.province ?? ''}); feedback ${feedback.feedbackId}`;
}
