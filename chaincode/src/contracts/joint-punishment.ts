/**
 * The joint-punishment gate the tender, licence and trace contracts share: when a list entry bars the action, the
 * refusal is committed as a feedback record (see domain/credit/feedback.ts) and the write returns a refusal outcome
 * instead of throwing — so the transaction commits, its txId resolves, and the refused record has no other effect.
 * The gateway answers such an outcome 422 SUBJECT_BLACKLISTED with the txId and the feedback id.
 */
import { actionName, punishmentFeedback, refusalDetail } from '../domain/credit/feedback';
import { jointPunishment } from '../domain/credit/rules';
import type { CreditAction } from '../domain/credit/types';
import type { RecordBase } from '../records/common';
import type { Refs } from '../records/pipeline';
import { loadCreditView } from '../store/credit';
import { saveFeedback } from '../store/credit-feedback';
import type { Store } from '../store/store';

/** Refs of a write refused by joint punishment (the gateway's cue for 422). */
export interface RefusalRefs {
  readonly refused: 'SUBJECT_BLACKLISTED';
  readonly reason: string;
  readonly feedbackId: string;
  readonly subjectKey: string;
  readonly action: string;
}

/**
 * Undefined when `subjectKey` may be allowed `action` now; otherwise writes the feedback and returns the refusal refs
 * the contract must return at once (before any state write of its own).
 */
export async function jointPunishmentRefusal(store: Store, record: Pick<RecordBase, 'id' | 'type' | 'department'>, subjectKey: string, action: CreditAction, at: string): Promise<(RefusalRefs & Refs) | undefined> {
  const decision = jointPunishment(await loadCreditView(store, subjectKey, at), action, at);
  const feedback = punishmentFeedback(subjectKey, action, decision, { recordId: record.id, recordType: record.type, department: record.department }, at, store.txId);
  if (feedback === undefined) return undefined;
  await saveFeedback(store, feedback);
  return { refused: 'SUBJECT_BLACKLISTED', reason: refusalDetail(feedback), feedbackId: feedback.feedbackId, subjectKey, action: actionName(action) };
}
