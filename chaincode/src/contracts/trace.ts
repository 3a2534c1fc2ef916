import { Context, Contract, Info, Param, Returns, Transaction } from 'fabric-contract-api';
import { CryptoError, hexToBytes } from '../../crypto';
import { storedSignatureValid } from '../records/hash-only';
import { hasAnyRole } from '../domain/department/rules';
import { assertOriginInJurisdiction } from '../domain/jurisdiction';
import { assertMayDerive, assertMayRecordEvent, assertOwnProducer } from '../domain/trace/custody';
import { batchCheckCode, formatQrPayload, parseQrPayload, QR_PREFIX } from '../domain/trace/qr';
import { applyDerivation, applyEvent, applyRecall, derivationClosure, initialBatchState, type DerivationSource } from '../domain/trace/rules';
import type { BatchSpec, BatchState } from '../domain/trace/types';
import { validateBatchRecord, validateDerivationRecord, validateEventRecord, validateRecallRecord } from '../domain/trace/validate';
import { traceVerdict, type SignatureStatus, type TraceVerdict } from '../domain/trace/verdict';
import { verdictLevel, type DepartmentNames, type VerdictLevelExplained } from '../domain/trace/verdict-level';
import { fail } from '../errors';
import type { RecordBase, StoredRecord } from '../records/common';
import { submitRecord } from '../records/pipeline';
import { loadDepartment } from '../store/departments';
import { Store } from '../store/store';
import { jointPunishmentRefusal } from './joint-punishment';
import { resultJson } from './json';
import {
  childrenOf,
  eventIdsOf,
  indexEvent,
  indexRecall,
  loadBatch,
  mustLoadBatch,
  parentsOf,
  recallIdsOf,
  saveBatch,
  saveEdge,
  type BatchEntry,
} from './trace-store';

/**
 * Joint punishment for producers: a batch is a food product put on the market, so a producer black-listed with
 * `no-licence:food-production` (or `no-licence:*`) in any province may not register or derive batches. A refusal
 * commits a feedback record and returns a refusal outcome (nothing else is written).
 */
function punishedProducerRefusal(store: Store, record: RecordBase, spec: BatchSpec, at: string): ReturnType<typeof jointPunishmentRefusal> {
  return jointPunishmentRefusal(store, record, `org:${spec.producer.creditCode}`, { kind: 'licence', licenceType: 'food-production' }, at);
}

/** One record of a batch's chain as the public trace view shows it. */
export interface ChainEntry {
  readonly recordId: string;
  readonly type: string;
  readonly batchId: string;
  readonly department: string;
  readonly departmentName: string;
  readonly province: string;
  readonly keyId: string;
  readonly txId: string;
  readonly committedAt: string;
  readonly signatureStatus: SignatureStatus;
  readonly record: StoredRecord['record'];
}

export interface TraceView {
  readonly batchId: string;
  readonly verdict: TraceVerdict;
  readonly reasons: readonly string[];
  /** What is known about the batch (inspected and passed by whom, not inspected, failed, recalled, unconfirmed). */
  readonly level: VerdictLevelExplained;
  /** Whether the scanned check code matched (absent when looked up by batch id). */
  readonly checkCodeMatches?: boolean;
  readonly qr?: string;
  readonly batch?: BatchEntry;
  readonly ancestors: readonly { readonly batchId: string; readonly product: string; readonly state: BatchState }[];
  readonly descendants: readonly string[];
  readonly chain: readonly ChainEntry[];
}

/** Re-checks a stored record's SM2 signature against the signer's registered key (by key id, revoked keys included). */
async function signatureStatusOf(store: Store, record: StoredRecord['record']): Promise<{ status: SignatureStatus; name: string; province: string }> {
  const department = await loadDepartment(store, record.department);
  const key = department?.keys.find((k) => k.keyId === record.signature.keyId);
  if (department === undefined || key === undefined) return { status: 'unknown-key', name: '', province: '' };
  let ok = false;
  try {
    ok = storedSignatureValid(record, hexToBytes(key.publicKey));
  } catch (error) {
    if (!(error instanceof CryptoError)) throw error;
  }
  return { status: ok ? 'valid' : 'invalid', name: department.nameZh, province: department.province };
}

/**
 * Traceability (来源可追溯、去向可查证、责任可追究): batches, signed events along 生产-加工-检测-流通, derived
 * batches with quantity conservation, recalls that cover every derived batch, QR payloads and the public trace view.
 */
@Info({ title: 'trace', description: 'Product batches, signed supply-chain events, derivations, recalls, QR check codes and the public trace view' })
export class TraceContract extends Contract {
  constructor() {
    super('trace');
  }

  /** Registers a batch (role trace-actor). Refuses a producer under joint punishment (SUBJECT_BLACKLISTED). */
  @Transaction()
  @Param('recordJson', 'string', 'signed trace.batch.register record')
  @Returns('string')
  async registerBatch(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'trace.batch.register', validate: validateBatchRecord, roles: ['trace-actor'] }, async ({ record, department, store, at }) => {
      if (await loadBatch(store, record.batchId)) fail('CONFLICT', `batch ${record.batchId} is already registered`);
      assertOwnProducer(department, record);
      const refusal = await punishedProducerRefusal(store, record, record, at);
      if (refusal !== undefined) return refusal;
      const { type: _type, id: _id, department: _department, signature: _signature, ...spec } = record;
      await saveBatch(store, { spec, state: initialBatchState(record.batchId, record.quantity, 'registered', 'none', [record.department]), createdBy: record.id, department: record.department, txId: store.txId, createdAt: at });
      return { batchId: record.batchId, qr: formatQrPayload(record.batchId, store.txId) };
    });
    return resultJson(receipt);
  }

  /**
   * Appends a signed event to a batch (role trace-actor; a regulator may sign inspections only). The event state
   * machine refuses an event that may not follow (CONFLICT), e.g. a sale after a failed inspection.
   */
  @Transaction()
  @Param('recordJson', 'string', 'signed trace.event record')
  @Returns('string')
  async recordEvent(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'trace.event', validate: validateEventRecord, roles: ['trace-actor', 'regulator', 'laboratory'] }, async ({ record, department, store, at }) => {
      if (record.kind !== 'inspection' && !hasAnyRole(department, ['trace-actor'])) fail('NOT_AUTHORISED', `department ${department.id} may sign inspections only, not ${record.kind}`);
      const entry = await mustLoadBatch(store, record.batchId);
      assertMayRecordEvent(department, entry.state, record.kind);
      if (record.kind === 'transfer') {
        const recipient = (await loadDepartment(store, record.details.to)) ?? fail('NOT_FOUND', `department ${record.details.to}`);
        if (!hasAnyRole(recipient, ['trace-actor'])) fail('INVALID_ARGUMENT', `details.to: department ${recipient.id} is not a trace actor`);
      }
      const state = applyEvent(entry.state, record, at);
      await indexEvent(store, record.batchId, entry.state.eventCount, record.id);
      await saveBatch(store, { ...entry, state });
      return { batchId: record.batchId, kind: record.kind, stage: state.stage, inspection: state.inspection };
    });
    return resultJson(receipt);
  }

  /** Makes batches from batches: split, merge or process (role trace-actor), with quantity conservation. */
  @Transaction()
  @Param('recordJson', 'string', 'signed trace.derivation record')
  @Returns('string')
  async derive(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'trace.derivation', validate: validateDerivationRecord, roles: ['trace-actor'] }, async ({ record, department, store, at }) => {
      const sources = new Map<string, DerivationSource>();
      const entries = new Map<string, BatchEntry>();
      for (const input of record.inputs) {
        const entry = await loadBatch(store, input.batchId);
        if (entry === undefined) fail('NOT_FOUND', `input batch ${input.batchId}`);
        sources.set(input.batchId, { spec: entry.spec, state: entry.state });
        entries.set(input.batchId, entry);
      }
      assertMayDerive(department, record, [...sources.values()]);
      for (const output of record.outputs) {
        if (await loadBatch(store, output.batchId)) fail('CONFLICT', `batch ${output.batchId} is already registered`);
        const refusal = await punishedProducerRefusal(store, record, output, at);
        if (refusal !== undefined) return refusal;
      }
      const outcome = applyDerivation(record, sources);
      for (const state of outcome.inputs) {
        const entry = entries.get(state.batchId) as BatchEntry;
        await saveBatch(store, { ...entry, state });
      }
      for (const [i, spec] of record.outputs.entries()) {
        const state = outcome.outputs[i] ?? fail('INTERNAL', `no state for output ${spec.batchId}`);
        await saveBatch(store, { spec, state, createdBy: record.id, department: record.department, txId: store.txId, createdAt: at });
        for (const input of record.inputs) await saveEdge(store, input.batchId, spec.batchId, record.id);
      }
      return { derivationId: record.id, kind: record.kind, outputs: record.outputs.map((o) => o.batchId).join(',') };
    });
    return resultJson(receipt);
  }

  /**
   * Recalls a batch (role regulator) and, with it, every batch derived from it, transitively over the derivation
   * graph. Each covered batch gets a recall mark; nothing is deleted. Refused (CONFLICT) if already recalled.
   */
  @Transaction()
  @Param('recordJson', 'string', 'signed trace.recall record')
  @Returns('string')
  async recall(ctx: Context, recordJson: string): Promise<string> {
    const receipt = await submitRecord(ctx, recordJson, { type: 'trace.recall', validate: validateRecallRecord, roles: ['regulator'] }, async ({ record, department, store }) => {
      const root = await mustLoadBatch(store, record.batchId);
      assertOriginInJurisdiction(department, 'recall', root.spec.origin);
      if (root.state.recallId !== null) fail('CONFLICT', `batch ${record.batchId} is already recalled (${root.state.recallId})`);
      const covered = await derivationClosure(record.batchId, (id) => childrenOf(store, id));
      for (const batchId of covered) {
        const entry = await mustLoadBatch(store, batchId);
        await saveBatch(store, { ...entry, state: applyRecall(entry.state, record.id) });
        await indexRecall(store, batchId, record.id);
      }
      return { recallId: record.id, batchId: record.batchId, covered: covered.length, batches: covered.join(',') };
    });
    return resultJson(receipt);
  }

  /** The batch entry: description, rule state, creating record and transaction. */
  @Transaction(false)
  @Param('batchId', 'string', 'batch id')
  @Returns('string')
  async getBatch(ctx: Context, batchId: string): Promise<string> {
    return resultJson(await mustLoadBatch(new Store(ctx.stub), batchId));
  }

  /** The QR payload to print on the batch: `dtl-trace:1:<batchId>:<checkCode>`. */
  @Transaction(false)
  @Param('batchId', 'string', 'batch id')
  @Returns('string')
  async qr(ctx: Context, batchId: string): Promise<string> {
    const entry = await mustLoadBatch(new Store(ctx.stub), batchId);
    return resultJson({ batchId, payload: formatQrPayload(batchId, entry.txId), checkCode: batchCheckCode(batchId, entry.txId), registeringTxId: entry.txId });
  }

  /**
   * The public trace view for a scanned QR payload or a batch id: the batch, its ancestors and descendants, every
   * record of the chain with its signer and re-checked signature, and a verdict (genuine / recalled /
   * failed-inspection / unknown). An unknown batch or a wrong check code gives verdict `unknown`, not an error.
   */
  @Transaction(false)
  @Param('query', 'string', 'QR payload or batch id')
  @Returns('string')
  async trace(ctx: Context, query: string): Promise<string> {
    const store = new Store(ctx.stub);
    const scanned = query.startsWith(QR_PREFIX) ? parseQrPayload(query) : undefined;
    const batchId = scanned?.batchId ?? query;
    const entry = await loadBatch(store, batchId);
    if (entry === undefined) {
      const verdict = traceVerdict({ state: undefined, checkCodeMatches: undefined, signatures: [], ancestors: [] });
      const level = verdictLevel({ verdict: verdict.verdict, batchId, state: undefined, ancestors: [], checkCodeMatches: undefined, chain: [] });
      return resultJson({ batchId, ...verdict, level, ancestors: [], descendants: [], chain: [] } satisfies TraceView);
    }
    const checkCodeMatches = scanned === undefined ? undefined : batchCheckCode(batchId, entry.txId) === scanned.checkCode;
    const lineage = await derivationClosure(batchId, (id) => parentsOf(store, id));
    const ancestorEntries: BatchEntry[] = [];
    for (const id of lineage.slice(1)) ancestorEntries.push(await mustLoadBatch(store, id));
    const descendants = (await derivationClosure(batchId, (id) => childrenOf(store, id))).slice(1);

    const recordIds = new Set<string>();
    for (const e of [entry, ...ancestorEntries]) {
      recordIds.add(e.createdBy);
      for (const id of await eventIdsOf(store, e.spec.batchId)) recordIds.add(id);
      for (const id of await recallIdsOf(store, e.spec.batchId)) recordIds.add(id);
    }
    const chain: ChainEntry[] = [];
    for (const id of recordIds) {
      const stored = await store.getRecord<RecordBase & { batchId?: string }>(id);
      if (stored === undefined) continue;
      const signer = await signatureStatusOf(store, stored.record);
      chain.push({
        recordId: id,
        type: stored.record.type,
        batchId: stored.record.batchId ?? '',
        department: stored.record.department,
        departmentName: signer.name,
        province: signer.province,
        keyId: stored.record.signature.keyId,
        txId: stored.txId,
        committedAt: stored.committedAt,
        signatureStatus: signer.status,
        record: stored.record,
      });
    }
    chain.sort((a, b) => (a.committedAt < b.committedAt ? -1 : a.committedAt > b.committedAt ? 1 : a.recordId < b.recordId ? -1 : 1));
    const verdict = traceVerdict({ state: entry.state, checkCodeMatches, signatures: chain.map((c) => c.signatureStatus), ancestors: ancestorEntries.map((e) => e.state) });
    const names = new Map<string, DepartmentNames>();
    for (const c of chain) {
      if (names.has(c.department)) continue;
      const signer = await loadDepartment(store, c.department);
      if (signer !== undefined) names.set(c.department, { nameZh: signer.nameZh, nameEn: signer.nameEn });
    }
    const level = verdictLevel({ verdict: verdict.verdict, batchId, state: entry.state, ancestors: ancestorEntries.map((e) => e.state), checkCodeMatches, chain, names });
    const view: TraceView = {
      batchId,
      ...verdict,
      level,
      ...(checkCodeMatches === undefined ? {} : { checkCodeMatches }),
      qr: formatQrPayload(batchId, entry.txId),
      batch: entry,
      ancestors: ancestorEntries.map((e) => ({ batchId: e.spec.batchId, product: e.spec.product.name, state: e.state })),
      descendants,
      chain,
    };
    return resultJson(view);
  }
}
