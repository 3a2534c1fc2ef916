/** The projection as a pure function: blocks in, row operations out, no database. */
import type { BlockView, TransactionView } from '../ledger/ledger';
import { projectBlock, refIdOf, subjectOf, type ProjectionContext, type RowOp } from './project';

function tx(txId: string, index: number, record: Record<string, unknown>, refs: Record<string, unknown> = {}, code: TransactionView['validationCode'] = 'VALID'): TransactionView {
  return { txId, blockNumber: 1, index, validationCode: code, creatorMspId: 'ShanghaiMSP', timestamp: '2025-03-01T08:00:00.000Z', contract: String(record.type).split('.')[0] ?? '', transaction: 'x', args: [JSON.stringify(record)], events: [{ contract: 'x', name: String(record.type), payload: JSON.stringify({ refs }) }] };
}

function block(number: number, transactions: TransactionView[]): BlockView {
  return { number, previousHash: 'p', dataHash: 'd', hash: `h${number}`, hashAlgorithm: 'sm3', timestamp: '2025-03-01T08:00:00.000Z', transactions };
}

const rows = (ops: RowOp[], table: string): Array<Record<string, unknown>> => ops.filter((o): o is Extract<RowOp, { op: 'upsert' }> => o.op === 'upsert' && o.table === table).map((o) => o.row);

describe('projectBlock', () => {
  const context = (): ProjectionContext => ({ departments: new Map() });
  const register = { type: 'department.register', id: 'reg-sh-samr', department: 'sh-samr', nameZh: '上海市市场监督管理局', nameEn: 'x', province: 'shanghai', city: '上海市', tier: 'province', roles: ['credit-issuer', 'regulator'], key: { keyId: 'sh-samr#1', publicKey: '04', validFrom: '2025-01-01T00:00:00Z' } };
  const entry = { type: 'credit.entry', id: 'e-1', department: 'sh-samr', list: 'black', category: 'food-drug-safety', subject: { kind: 'organisation', creditCode: '91310115MA1FL6X20M', name: '上海浦江示范贸易有限公司' }, measures: ['no-bidding'], validFrom: '2025-01-01T00:00:00Z' };

  it('writes a row per transaction, the record, and its family row with the writer\'s province', () => {
    const c = context();
    const ops = projectBlock(block(1, [tx('t0', 0, register), tx('t1', 1, entry, { entryId: 'e-1', subjectKey: 'org:91310115MA1FL6X20M' })]), c);
    expect(rows(ops, 'rm_transactions').map((r) => r.tx_id)).toEqual(['t0', 't1']);
    expect(rows(ops, 'rm_departments')).toEqual([expect.objectContaining({ department_id: 'sh-samr', province: 'shanghai', roles: 'credit-issuer,regulator' })]);
    expect(rows(ops, 'rm_keys')).toEqual([expect.objectContaining({ key_id: 'sh-samr#1', status: 'active' })]);
    expect(rows(ops, 'rm_credit_entries')).toEqual([expect.objectContaining({ entry_id: 'e-1', subject_key: '91310115MA1FL6X20M', subject_name: '上海浦江示范贸易有限公司', province: 'shanghai', city: '上海市', status: 'active', measures: 'no-bidding' })]);
    expect(rows(ops, 'rm_records').find((r) => r.record_id === 'e-1')).toEqual(expect.objectContaining({ family: 'credit', province: 'shanghai', ref_id: 'e-1', subject: '91310115MA1FL6X20M' }));
    expect(rows(ops, 'rm_names').map((r) => [r.kind, r.ref_id])).toEqual([['department', 'sh-samr'], ['subject', '91310115MA1FL6X20M']]);
    expect(rows(ops, 'rm_blocks')).toEqual([expect.objectContaining({ number: 1, tx_count: 2, valid_count: 2 })]);
  });

  it('takes status changes from the receipts: repairs, licence changes, recalls, trace stages', () => {
    const c = context();
    projectBlock(block(1, [tx('t0', 0, register)]), c);
    const ops = projectBlock(
      block(2, [
        tx('t1', 0, { type: 'credit.repair.decide', id: 'rd-1', department: 'sh-samr', repairId: 'r-1', decision: 'approved', reason: 'ok' }, { repairId: 'r-1', entryId: 'e-1', decision: 'approved' }),
        tx('t2', 1, { type: 'licence.suspend', id: 'ls-1', department: 'sh-samr', number: 'SH-001', reason: 'x' }, { number: 'SH-001', status: 'suspended', validTo: '2030-01-01T00:00:00Z' }),
        tx('t3', 2, { type: 'trace.recall', id: 'rc-1', department: 'sh-samr', batchId: 'B-1', reason: 'x', legalBasis: 'y' }, { batches: 'B-1,B-2' }),
        tx('t4', 3, { type: 'trace.event', id: 'ev-1', department: 'sh-samr', batchId: 'B-3', kind: 'shipment' }, { stage: 'shipped' }),
      ]),
      c,
    );
    const updates = ops.filter((o) => o.op === 'update' || o.op === 'updateMany');
    expect(updates).toEqual([
      { op: 'update', table: 'rm_credit_entries', where: { entry_id: 'e-1' }, set: { status: 'repaired' } },
      { op: 'update', table: 'rm_licences', where: { number: 'SH-001' }, set: { status: 'suspended', valid_to: '2030-01-01T00:00:00Z' } },
      { op: 'updateMany', table: 'rm_batches', column: 'batch_id', values: ['B-1', 'B-2'], set: { recalled: 1 } },
      { op: 'update', table: 'rm_batches', where: { batch_id: 'B-3' }, set: { stage: 'shipped' } },
    ]);
  });

  it('keeps invalid transactions as transactions only, and access records with the contract\'s decision', () => {
    const c = context();
    const ops = projectBlock(
      block(3, [
        tx('t1', 0, entry, {}, 'MVCC_READ_CONFLICT'),
        tx('t2', 1, { type: 'sharing.access', id: 'a-1', department: 'ah-gateway', reader: 'ah-x', owner: 'sh-samr', resourceId: 'credit-list', purpose: '执法' }, { allowed: false, basis: 'refused', reason: 'no-grant', readerProvince: 'anhui', ownerProvince: 'shanghai' }),
      ]),
      c,
    );
    expect(rows(ops, 'rm_transactions').map((r) => [r.tx_id, r.validation_code, r.record_id])).toEqual([['t1', 'MVCC_READ_CONFLICT', null], ['t2', 'VALID', 'a-1']]);
    expect(rows(ops, 'rm_credit_entries')).toEqual([]);
    expect(rows(ops, 'rm_access')).toEqual([expect.objectContaining({ reader: 'ah-x', owner: 'sh-samr', reader_province: 'anhui', owner_province: 'shanghai', allowed: 0, reason: 'no-grant', tx_id: 't2' })]);
    expect(rows(ops, 'rm_blocks')).toEqual([expect.objectContaining({ tx_count: 2, valid_count: 1 })]);
    const increments = Object.fromEntries(ops.filter((o): o is Extract<RowOp, { op: 'increment' }> => o.op === 'increment').map((o) => [o.key, o.by]));
    expect(increments).toEqual({ 'table:rm_transactions': 1, invalidTransactions: 1, 'family:sharing': 1, 'table:rm_access': 1, 'table:rm_blocks': 1 });
  });

  it('links derived batches to their inputs and names records by the entity they are about', () => {
    const ops = projectBlock(block(4, [tx('t1', 0, { type: 'trace.derivation', id: 'd-1', department: 'ah-x', kind: 'split', inputs: [{ batchId: 'B-1', quantity: 1 }], outputs: [{ batchId: 'B-2', product: { name: '霍山石斛' }, producer: { name: '合作社', creditCode: '93' }, origin: {} }] })]), context());
    expect(rows(ops, 'rm_batch_links')).toEqual([{ parent: 'B-1', child: 'B-2', derivation_id: 'd-1' }]);
    expect(rows(ops, 'rm_batches')).toEqual([expect.objectContaining({ batch_id: 'B-2', provenance: 'split', product: '霍山石斛' })]);
    expect(refIdOf({ tenderId: 'T-1' }, {})).toBe('T-1');
    expect(refIdOf({}, { entryId: 'e-9' })).toBe('e-9');
    expect(subjectOf({ holder: { creditCode: '913' } })).toBe('913');
    expect(subjectOf({ subject: { kind: 'person', idDigest: 'ab' } })).toBe('ab');
  });
});
