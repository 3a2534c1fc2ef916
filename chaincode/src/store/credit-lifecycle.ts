/**
 * Key scheme of the credit lifecycle's objections (异议):
 *
 * | object type               | attributes             | value                 |
 * |---------------------------|------------------------|-----------------------|
 * | credit.objection          | objectionId            | CreditObjectionState  |
 * | credit.objection.by-entry | entryId, objectionId   | index                 |
 *
 * Corrections and withdrawals change the entry's state (credit.entry) and stay as signed records under dtl.record.
 */
import type { CreditObjectionState } from '../domain/credit/types';
import type { Store } from './store';

export const CREDIT_LIFECYCLE_KEYS = {
  objection: 'credit.objection',
  objectionByEntry: 'credit.objection.by-entry',
} as const;

export async function saveObjection(store: Store, objection: CreditObjectionState, isNew: boolean): Promise<void> {
  await store.put(CREDIT_LIFECYCLE_KEYS.objection, [objection.objectionId], objection);
  if (isNew) await store.putIndex(CREDIT_LIFECYCLE_KEYS.objectionByEntry, [objection.entryId, objection.objectionId]);
}

export async function loadObjection(store: Store, objectionId: string): Promise<CreditObjectionState | undefined> {
  return store.get<CreditObjectionState>(CREDIT_LIFECYCLE_KEYS.objection, [objectionId]);
}

export async function objectionsOfEntry(store: Store, entryId: string): Promise<CreditObjectionState[]> {
  const out: CreditObjectionState[] = [];
  for (const attributes of await store.listIndex(CREDIT_LIFECYCLE_KEYS.objectionByEntry, [entryId])) {
    const objection = attributes[1] === undefined ? undefined : await loadObjection(store, attributes[1]);
    if (objection !== undefined) out.push(objection);
  }
  return out;
}
