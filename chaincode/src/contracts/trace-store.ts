/**
 * The traceability key scheme over the Store (composite keys only; no rich queries):
 *
 * | object type          | attributes                         | value                      |
 * |----------------------|------------------------------------|----------------------------|
 * | trace.batch          | batchId                            | BatchEntry                 |
 * | trace.child          | parentBatchId, childBatchId        | { derivationId }           |
 * | trace.parent         | childBatchId, parentBatchId        | { derivationId }           |
 * | trace.event.by-batch | batchId, sequence (6 digits), eventRecordId | index             |
 * | trace.recall.by-batch| batchId, recallRecordId            | index (one per covered batch) |
 *
 * The records themselves (registration, events, derivations, recalls) live under `dtl.record` as signed.
 */
import type { BatchSpec, BatchState } from '../domain/trace/types';
import { fail } from '../errors';
import type { Store } from '../store/store';

export const TRACE_KEYS = {
  batch: 'trace.batch',
  child: 'trace.child',
  parent: 'trace.parent',
  eventByBatch: 'trace.event.by-batch',
  recallByBatch: 'trace.recall.by-batch',
} as const;

/** What the ledger keeps per batch: its description, its rule state, and where it came from. */
export interface BatchEntry {
  readonly spec: BatchSpec;
  readonly state: BatchState;
  /** The registration or derivation record that created the batch. */
  readonly createdBy: string;
  /** Department that signed that record. */
  readonly department: string;
  /** Transaction that created the batch (the QR check code is derived from it). */
  readonly txId: string;
  readonly createdAt: string;
}

export async function loadBatch(store: Store, batchId: string): Promise<BatchEntry | undefined> {
  return store.get<BatchEntry>(TRACE_KEYS.batch, [batchId]);
}

export async function mustLoadBatch(store: Store, batchId: string): Promise<BatchEntry> {
  return (await loadBatch(store, batchId)) ?? fail('NOT_FOUND', `batch ${batchId}`);
}

export async function saveBatch(store: Store, entry: BatchEntry): Promise<void> {
  await store.put(TRACE_KEYS.batch, [entry.spec.batchId], entry);
}

export async function saveEdge(store: Store, parent: string, child: string, derivationId: string): Promise<void> {
  await store.put(TRACE_KEYS.child, [parent, child], { derivationId });
  await store.put(TRACE_KEYS.parent, [child, parent], { derivationId });
}

export async function childrenOf(store: Store, batchId: string): Promise<string[]> {
  return (await store.listIndex(TRACE_KEYS.child, [batchId])).map((a) => a[1] ?? '').filter((id) => id !== '');
}

export async function parentsOf(store: Store, batchId: string): Promise<string[]> {
  return (await store.listIndex(TRACE_KEYS.parent, [batchId])).map((a) => a[1] ?? '').filter((id) => id !== '');
}

export async function indexEvent(store: Store, batchId: string, sequence: number, eventId: string): Promise<void> {
  await store.putIndex(TRACE_KEYS.eventByBatch, [batchId, String(sequence).padStart(6, '0'), eventId]);
}

export async function eventIdsOf(store: Store, batchId: string): Promise<string[]> {
  return (await store.listIndex(TRACE_KEYS.eventByBatch, [batchId])).map((a) => a[2] ?? '').filter((id) => id !== '');
}

export async function indexRecall(store: Store, batchId: string, recallId: string): Promise<void> {
  await store.putIndex(TRACE_KEYS.recallByBatch, [batchId, recallId]);
}

export async function recallIdsOf(store: Store, batchId: string): Promise<string[]> {
  return (await store.listIndex(TRACE_KEYS.recallByBatch, [batchId])).map((a) => a[1] ?? '').filter((id) => id !== '');
}
