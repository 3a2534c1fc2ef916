/**
 * The projection as a pure function: one committed block → the row operations it implies. No database here, so the
 * rules are tested without one; the writer (writer.ts) applies the operations in order. Only VALID transactions
 * carry records; every transaction, valid or not, gets its row. What a receipt's refs say (the chaincode's own
 * decision: a licence's new status, the batches a recall covered, whether an access was allowed) is taken from the
 * transaction's event, never recomputed here.
 */
import type { BlockView, TransactionView } from '../ledger/ledger';
import type { ReadModelDb, TableName } from './schema';

export type RowOf<T extends TableName> = ReadModelDb[T];

export type RowOp =
  | { readonly op: 'upsert'; readonly table: TableName; readonly row: Readonly<Record<string, string | number | null>> }
  | { readonly op: 'update'; readonly table: TableName; readonly where: Readonly<Record<string, string>>; readonly set: Readonly<Record<string, string | number | null>> }
  | { readonly op: 'updateMany'; readonly table: TableName; readonly column: string; readonly values: readonly string[]; readonly set: Readonly<Record<string, string | number | null>> }
  /** Adds `by` to the running count `key` in rm_stats. */
  | { readonly op: 'increment'; readonly key: string; readonly by: number };

/** Where a department sits: the registry rows the projection has seen so far (department → province, city, county). */
export interface DepartmentPlace {
  readonly province: string;
  readonly city: string;
  readonly county: string | null;
}

export interface ProjectionContext {
  readonly departments: Map<string, DepartmentPlace>;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}
function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}
function optional(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function parseRecord(tx: TransactionView): Json | undefined {
  const first = tx.args[0];
  if (first === undefined) return undefined;
  try {
    const record = object(JSON.parse(first));
    return typeof record.type === 'string' && typeof record.id === 'string' && typeof record.department === 'string' ? record : undefined;
  } catch {
    return undefined;
  }
}

function refsOf(tx: TransactionView): Json {
  const event = tx.events[0];
  if (event === undefined) return {};
  try {
    return object(object(JSON.parse(event.payload)).refs);
  } catch {
    return {};
  }
}

/** The entity a record is about (batch, tender, licence number, credit entry …): the key of its timeline. */
export function refIdOf(record: Json, refs: Json): string | null {
  for (const field of ['batchId', 'tenderId', 'number', 'entryId', 'requestId', 'grantId', 'resourceId']) {
    const value = record[field] ?? refs[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

/** The organisation (credit code) or person (salted digest) a record is about, when it names one (not the chaincode's `org:` key). */
export function subjectOf(record: Json): string | null {
  const subject = object(record.subject);
  const candidates = [subject.creditCode, subject.idDigest, object(record.holder).creditCode, record.bidderCreditCode, object(record.producer).creditCode, typeof record.subject === 'string' ? record.subject : undefined];
  for (const value of candidates) if (typeof value === 'string' && value !== '') return value;
  return null;
}

/** The table a record type adds a row to (for the running counts). */
const CREATES: Readonly<Record<string, TableName>> = {
  'department.register': 'rm_departments',
  'credit.entry': 'rm_credit_entries',
  'licence.issue': 'rm_licences',
  'trace.batch.register': 'rm_batches',
  'trace.derivation': 'rm_batches',
  'tender.publish': 'rm_tenders',
  'sharing.catalogue': 'rm_sharing',
  'sharing.request': 'rm_sharing',
  'sharing.grant': 'rm_sharing',
  'sharing.grant.revoke': 'rm_sharing',
  'sharing.access': 'rm_access',
};

/** Row operations for one block, in the order they must be applied. */
export function projectBlock(block: BlockView, context: ProjectionContext): RowOp[] {
  const ops: RowOp[] = [];
  let valid = 0;
  for (const tx of block.transactions) {
    const record = tx.validationCode === 'VALID' ? parseRecord(tx) : undefined;
    if (tx.validationCode === 'VALID') valid++;
    else ops.push({ op: 'increment', key: 'invalidTransactions', by: 1 });
    ops.push({ op: 'increment', key: 'table:rm_transactions', by: 1 });
    ops.push({
      op: 'upsert',
      table: 'rm_transactions',
      row: {
        tx_id: tx.txId,
        block_number: block.number,
        tx_index: tx.index,
        validation_code: tx.validationCode,
        creator_msp: tx.creatorMspId,
        timestamp: tx.timestamp,
        contract: tx.contract,
        fn: tx.transaction,
        record_id: record ? text(record.id) : null,
        record_type: record ? text(record.type) : null,
      },
    });
    if (record) projectRecord(ops, record, refsOf(tx), tx, block.number, context);
  }
  ops.push({ op: 'increment', key: 'table:rm_blocks', by: 1 });
  ops.push({
    op: 'upsert',
    table: 'rm_blocks',
    row: { number: block.number, hash: block.hash, previous_hash: block.previousHash, data_hash: block.dataHash, timestamp: block.timestamp, tx_count: block.transactions.length, valid_count: valid },
  });
  return ops;
}

function projectRecord(ops: RowOp[], record: Json, refs: Json, tx: TransactionView, blockNumber: number, context: ProjectionContext): void {
  const type = text(record.type);
  const id = text(record.id);
  const department = text(record.department);
  const at = tx.timestamp;
  const pos = { block_number: blockNumber, tx_index: tx.index };
  if (type === 'department.register') {
    context.departments.set(department, { province: text(record.province), city: text(record.city), county: optional(record.county) });
  }
  const place = context.departments.get(department);
  const province = place?.province ?? null;
  const family = type.split('.')[0] ?? type;
  ops.push({ op: 'increment', key: `family:${family}`, by: 1 });
  if (province !== null) ops.push({ op: 'increment', key: `province:${province}`, by: 1 });
  // Record ids, entry ids, licence numbers, batch and tender ids are accepted once: each creating record adds a row.
  const created = CREATES[type];
  if (created !== undefined) ops.push({ op: 'increment', key: `table:${created}`, by: type === 'trace.derivation' && Array.isArray(record.outputs) ? record.outputs.length : 1 });
  ops.push({ op: 'upsert', table: 'rm_records', row: { record_id: id, type, family, department, province, ref_id: refIdOf(record, refs), subject: subjectOf(record), tx_id: tx.txId, committed_at: at, ...pos } });
  const name = (kind: string, refId: string, value: string, owner: string, nameProvince: string | null = province): void => {
    if (value !== '') ops.push({ op: 'upsert', table: 'rm_names', row: { kind, ref_id: refId, name: value, province: nameProvince, owner, ...pos } });
  };
  switch (type) {
    case 'department.register':
    case 'department.update': {
      if (type === 'department.update') context.departments.set(department, { province: text(record.province) || (province ?? ''), city: text(record.city), county: optional(record.county) });
      const profile = { name_zh: text(record.nameZh), name_en: text(record.nameEn), province: text(record.province), city: text(record.city), county: optional(record.county), tier: text(record.tier), roles: Array.isArray(record.roles) ? record.roles.map(text).join(',') : '' };
      if (type === 'department.register') {
        ops.push({ op: 'upsert', table: 'rm_departments', row: { department_id: department, ...profile, registered_at: at, ...pos } });
        const key = object(record.key);
        if (typeof key.keyId === 'string') ops.push({ op: 'upsert', table: 'rm_keys', row: { key_id: key.keyId, department_id: department, status: 'active', valid_from: optional(key.validFrom) ?? at, ...pos } });
      } else {
        ops.push({ op: 'update', table: 'rm_departments', where: { department_id: department }, set: profile });
      }
      name('department', department, profile.name_zh, department, profile.province);
      return;
    }
    case 'department.key.rotate': {
      const key = object(record.key);
      if (typeof key.keyId === 'string') ops.push({ op: 'upsert', table: 'rm_keys', row: { key_id: key.keyId, department_id: department, status: 'active', valid_from: optional(key.validFrom) ?? at, ...pos } });
      if (typeof record.supersedes === 'string') ops.push({ op: 'update', table: 'rm_keys', where: { key_id: record.supersedes }, set: { status: 'superseded' } });
      return;
    }
    case 'department.key.revoke':
      if (typeof record.keyId === 'string') ops.push({ op: 'update', table: 'rm_keys', where: { key_id: record.keyId }, set: { status: 'revoked' } });
      return;
    case 'credit.entry': {
      const subject = object(record.subject);
      const organisation = subject.kind === 'organisation';
      // The plain credit code (or a person's salted digest), as licences and bids name their subject.
      const subjectKey = organisation ? text(subject.creditCode) : text(subject.idDigest);
      const subjectName = organisation ? text(subject.name) : text(subject.maskedName);
      ops.push({
        op: 'upsert',
        table: 'rm_credit_entries',
        row: {
          entry_id: text(refs.entryId) || id,
          list: text(record.list),
          category: text(record.category),
          subject_kind: text(subject.kind),
          subject_key: subjectKey,
          subject_name: subjectName === '' ? null : subjectName,
          department,
          province,
          city: place?.city ?? null,
          county: place?.county ?? null,
          valid_from: text(record.validFrom),
          valid_to: optional(record.validTo),
          status: 'active',
          measures: Array.isArray(record.measures) ? record.measures.map(text).join(',') : '',
          recorded_at: at,
          ...pos,
        },
      });
      // Persons are named only by their masked name, never in clear; organisations by their registered name.
      name('subject', subjectKey, subjectName, department);
      return;
    }
    case 'credit.repair.decide':
      if (refs.decision === 'approved' && typeof refs.entryId === 'string') ops.push({ op: 'update', table: 'rm_credit_entries', where: { entry_id: refs.entryId }, set: { status: 'repaired' } });
      return;
    case 'licence.issue': {
      const holder = object(record.holder);
      const number = text(record.number);
      ops.push({
        op: 'upsert',
        table: 'rm_licences',
        row: { number, licence_type: text(record.licenceType), holder_code: text(holder.creditCode), holder_name: text(holder.name), title: text(record.title), issuer: department, province, city: place?.city ?? null, county: place?.county ?? null, valid_from: text(record.validFrom), valid_to: text(record.validTo), status: 'active', issued_at: at, ...pos },
      });
      name('licence-holder', number, text(holder.name), department);
      return;
    }
    case 'licence.suspend':
    case 'licence.reinstate':
    case 'licence.revoke':
    case 'licence.renew': {
      const number = text(refs.number) || text(record.number);
      const set: Record<string, string> = {};
      if (typeof refs.status === 'string') set.status = refs.status;
      if (typeof refs.validTo === 'string') set.valid_to = refs.validTo;
      if (Object.keys(set).length > 0) ops.push({ op: 'update', table: 'rm_licences', where: { number }, set });
      return;
    }
    case 'trace.batch.register':
      pushBatch(ops, record, department, province, 'registered', at, pos);
      name('batch', text(record.batchId), `${text(object(record.product).name)} ${text(object(record.producer).name)}`.trim(), department);
      return;
    case 'trace.derivation': {
      const outputs = Array.isArray(record.outputs) ? record.outputs.map(object) : [];
      const inputs = Array.isArray(record.inputs) ? record.inputs.map(object) : [];
      for (const output of outputs) {
        pushBatch(ops, output, department, province, text(record.kind), at, pos);
        name('batch', text(output.batchId), `${text(object(output.product).name)} ${text(object(output.producer).name)}`.trim(), department);
        for (const input of inputs) ops.push({ op: 'upsert', table: 'rm_batch_links', row: { parent: text(input.batchId), child: text(output.batchId), derivation_id: id } });
      }
      return;
    }
    case 'trace.event':
      if (typeof refs.stage === 'string') ops.push({ op: 'update', table: 'rm_batches', where: { batch_id: text(record.batchId) }, set: { stage: refs.stage } });
      return;
    case 'trace.recall': {
      const covered = text(refs.batches).split(',').filter((b) => b !== '');
      ops.push({ op: 'updateMany', table: 'rm_batches', column: 'batch_id', values: covered.length > 0 ? covered : [text(record.batchId)], set: { recalled: 1 } });
      return;
    }
    case 'tender.publish':
      ops.push({
        op: 'upsert',
        table: 'rm_tenders',
        row: { tender_id: text(record.tenderId), title: text(record.title), category: text(record.category), purchaser: text(record.purchaser), department, province, stage: 'published', bid_deadline: text(record.bidDeadline), reveal_deadline: text(record.revealDeadline), published_at: at, ...pos },
      });
      name('tender', text(record.tenderId), text(record.title), department);
      return;
    case 'tender.bid.commit':
    case 'tender.bid.reveal':
    case 'tender.draw':
    case 'tender.evaluate':
    case 'tender.award': {
      const stage = { 'tender.bid.commit': 'bidding', 'tender.bid.reveal': 'revealing', 'tender.draw': 'experts-drawn', 'tender.evaluate': 'evaluated', 'tender.award': 'awarded' }[type];
      ops.push({ op: 'update', table: 'rm_tenders', where: { tender_id: text(record.tenderId) }, set: { stage } });
      return;
    }
    case 'sharing.catalogue':
    case 'sharing.request':
    case 'sharing.grant':
    case 'sharing.grant.revoke': {
      const kind = type === 'sharing.catalogue' ? 'catalogue' : type === 'sharing.request' ? 'request' : type === 'sharing.grant' ? 'grant' : 'revoke';
      const status = kind === 'request' ? 'pending' : kind === 'grant' ? text(record.decision) : kind === 'revoke' ? 'revoked' : text(record.mode);
      ops.push({
        op: 'upsert',
        table: 'rm_sharing',
        row: { record_id: id, kind, department, province, owner: optional(record.owner), resource_id: optional(record.resourceId), family: optional(record.family), mode: optional(record.mode), title: optional(record.title), decision: optional(record.decision), status, at, ...pos },
      });
      if (kind === 'grant' && typeof record.requestId === 'string') ops.push({ op: 'update', table: 'rm_sharing', where: { record_id: record.requestId }, set: { status: text(record.decision) } });
      if (kind === 'catalogue') name('catalogue', id, text(record.title), department);
      return;
    }
    case 'sharing.access':
      ops.push({
        op: 'upsert',
        table: 'rm_access',
        row: {
          record_id: id,
          reader: text(record.reader),
          reader_province: text(refs.readerProvince) || (context.departments.get(text(record.reader))?.province ?? ''),
          owner: text(record.owner),
          owner_province: text(refs.ownerProvince) || (context.departments.get(text(record.owner))?.province ?? ''),
          resource_id: text(record.resourceId),
          purpose: text(record.purpose),
          allowed: refs.allowed === true ? 1 : 0,
          basis: text(refs.basis),
          reason: optional(refs.reason),
          grant_id: optional(refs.grantId) ?? optional(record.grantId),
          subject: optional(record.subject),
          at,
          tx_id: tx.txId,
          ...pos,
        },
      });
      return;
    default:
      return;
  }
}

function pushBatch(ops: RowOp[], spec: Json, department: string, province: string | null, provenance: string, at: string, pos: { block_number: number; tx_index: number }): void {
  const origin = object(spec.origin);
  const producer = object(spec.producer);
  ops.push({
    op: 'upsert',
    table: 'rm_batches',
    row: { batch_id: text(spec.batchId), product: text(object(spec.product).name), producer_name: text(producer.name), producer_code: text(producer.creditCode), origin_province: text(origin.province), origin_city: text(origin.city), origin_county: text(origin.county), department, province, provenance, stage: 'registered', recalled: 0, registered_at: at, ...pos },
  });
}
