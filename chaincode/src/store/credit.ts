import { creditView } from '../domain/credit/rules';
import type { CreditEntryState, CreditRepairState, CreditView } from '../domain/credit/types';
import { fail } from '../errors';
import type { Store } from './store';

export const CREDIT_KEYS = {
  entry: 'credit.entry',
  bySubject: 'credit.by-subject',
  repair: 'credit.repair',
  repairByEntry: 'credit.repair.by-entry',
  person: 'credit.person',
} as const;

export async function saveEntry(store: Store, entry: CreditEntryState, isNew: boolean): Promise<void> {
  await store.put(CREDIT_KEYS.entry, [entry.entryId], entry);
  if (isNew) await store.putIndex(CREDIT_KEYS.bySubject, [entry.subjectKey, entry.entryId]);
}

export async function loadEntry(store: Store, entryId: string): Promise<CreditEntryState | undefined> {
  return store.get<CreditEntryState>(CREDIT_KEYS.entry, [entryId]);
}

export async function mustLoadEntry(store: Store, entryId: string): Promise<CreditEntryState> {
  return (await loadEntry(store, entryId)) ?? fail('NOT_FOUND', `credit entry ${entryId}`);
}

export async function entriesOfSubject(store: Store, subjectKey: string): Promise<CreditEntryState[]> {
  const out: CreditEntryState[] = [];
  for (const attributes of await store.listIndex(CREDIT_KEYS.bySubject, [subjectKey])) {
    const entry = attributes[1] === undefined ? undefined : await loadEntry(store, attributes[1]);
    if (entry !== undefined) out.push(entry);
  }
  return out;
}

/** A subject's credit view across every province at `at` (for the licence and tender contracts' joint punishment). */
export async function loadCreditView(store: Store, subjectKey: string, at: string): Promise<CreditView> {
  return creditView(subjectKey, await entriesOfSubject(store, subjectKey), at);
}

export async function saveRepair(store: Store, repair: CreditRepairState, isNew: boolean): Promise<void> {
  await store.put(CREDIT_KEYS.repair, [repair.repairId], repair);
  if (isNew) await store.putIndex(CREDIT_KEYS.repairByEntry, [repair.entryId, repair.repairId]);
}

export async function loadRepair(store: Store, repairId: string): Promise<CreditRepairState | undefined> {
  return store.get<CreditRepairState>(CREDIT_KEYS.repair, [repairId]);
}

export async function repairsOfEntry(store: Store, entryId: string): Promise<CreditRepairState[]> {
  const out: CreditRepairState[] = [];
  for (const attributes of await store.listIndex(CREDIT_KEYS.repairByEntry, [entryId])) {
    const repair = attributes[1] === undefined ? undefined : await loadRepair(store, attributes[1]);
    if (repair !== undefined) out.push(repair);
  }
  return out;
}
