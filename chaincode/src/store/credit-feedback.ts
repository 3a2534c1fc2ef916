/**
 * Key scheme of joint-punishment feedback:
 *
 * | object type                 | attributes                | value                   |
 * |-----------------------------|---------------------------|-------------------------|
 * | credit.feedback             | feedbackId                | JointPunishmentFeedback |
 * | credit.feedback.by-issuer   | issuer, feedbackId        | index                   |
 * | credit.feedback.by-subject  | subjectKey, feedbackId    | index                   |
 */
import type { JointPunishmentFeedback } from '../domain/credit/feedback';
import type { Store } from './store';

export const CREDIT_FEEDBACK_KEYS = {
  feedback: 'credit.feedback',
  byIssuer: 'credit.feedback.by-issuer',
  bySubject: 'credit.feedback.by-subject',
} as const;

export async function saveFeedback(store: Store, feedback: JointPunishmentFeedback): Promise<void> {
  await store.put(CREDIT_FEEDBACK_KEYS.feedback, [feedback.feedbackId], feedback);
  for (const issuer of feedback.issuers) await store.putIndex(CREDIT_FEEDBACK_KEYS.byIssuer, [issuer, feedback.feedbackId]);
  await store.putIndex(CREDIT_FEEDBACK_KEYS.bySubject, [feedback.subjectKey, feedback.feedbackId]);
}

async function load(store: Store, ids: readonly string[]): Promise<JointPunishmentFeedback[]> {
  const out: JointPunishmentFeedback[] = [];
  for (const id of ids) {
    const feedback = await store.get<JointPunishmentFeedback>(CREDIT_FEEDBACK_KEYS.feedback, [id]);
    if (feedback !== undefined) out.push(feedback);
  }
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.feedbackId.localeCompare(b.feedbackId));
}

export async function feedbackOfIssuer(store: Store, issuer: string): Promise<JointPunishmentFeedback[]> {
  return load(store, (await store.listIndex(CREDIT_FEEDBACK_KEYS.byIssuer, [issuer])).map((a) => a[1] ?? ''));
}

export async function feedbackOfSubject(store: Store, subjectKey: string): Promise<JointPunishmentFeedback[]> {
  return load(store, (await store.listIndex(CREDIT_FEEDBACK_KEYS.bySubject, [subjectKey])).map((a) => a[1] ?? ''));
}
