/** The explorer's pure parts, without a browser: the audit model, the block-link check. (The chain is indexed by the gateway's read model now: gateway/src/read-model.) */
import { bytesToHex, sm3 } from '@dtl/chaincode/crypto';
import { computeHeaderHash, computeMetadataHash } from '../../gateway/src/ledger/embedded/block';
import type { BlockView, TxView } from './api';
import { accessCsv, matrixOf, outcomeOf, type AccessRecord } from './views/audit-model';
import { checkBlockLink, parsePublicKey } from './verify';

function tx(txId: string, contract: string, record: Record<string, unknown>, receipt: Record<string, unknown> = {}, msp = 'ShanghaiMSP', code = 'VALID'): TxView {
  return { txId, blockNumber: 0, index: 0, validationCode: code, creatorMspId: msp, timestamp: '2025-03-01T08:00:00.000Z', contract, transaction: 'x', args: [JSON.stringify(record)], events: [{ contract, name: String(record.type), payload: JSON.stringify(receipt) }] };
}

function block(number: number, previousHash: string, transactions: TxView[], timestamp = `2025-03-01T08:00:0${number}.000Z`): BlockView {
  const dataHash = bytesToHex(sm3(`data-${number}`));
  const header = { number, previousHash, dataHash, metadataHash: computeMetadataHash(transactions.map((t) => t.validationCode as 'VALID')), timestamp };
  return { number, previousHash, dataHash, hash: computeHeaderHash(header), hashAlgorithm: 'sm3', timestamp, transactions };
}

describe('block links and keys', () => {
  const entry = { type: 'credit.entry', id: 'e-1', department: 'sh-samr', subject: { kind: 'organisation', creditCode: '91310115MA1FL6X20M', name: 'x' } };
  const repair = { type: 'credit.repair.apply', id: 'r-1', department: 'sh-samr', entryId: 'e-1' };
  const licence = { type: 'licence.issue', id: 'l-1', department: 'zj-hz-sjj', number: 'ZJ-001', holder: { creditCode: '91330110MA2H4C9D0A' } };
  const batch = { type: 'trace.derivation', id: 'd-1', department: 'ah-x', inputs: [{ batchId: 'B-1', quantity: 1 }], outputs: [{ batchId: 'B-2' }] };
  const access = { type: 'sharing.access', id: 'a-1', department: 'gateway-anhui', reader: 'ah-x', owner: 'sh-samr', resourceId: 'credit-list', purpose: '执法' };
  const b0 = block(0, '', [tx('t0', 'credit', entry)]);
  const b1 = block(1, b0.hash, [
    tx('t1', 'credit', repair),
    tx('t2', 'licence', licence, {}, 'ZhejiangMSP'),
    tx('t3', 'trace', batch, {}, 'AnhuiMSP'),
    tx('t4', 'sharing', access, { committedAt: '2025-03-01T08:00:01.000Z', refs: { allowed: false, basis: 'refused', reason: 'no-grant', readerProvince: 'anhui', ownerProvince: 'shanghai' } }, 'AnhuiMSP'),
    tx('t5', 'credit', { ...entry, id: 'e-bad' }, {}, 'ShanghaiMSP', 'MVCC_READ_CONFLICT'),
  ]);

  it('re-checks the SM3 header hash and the link to the previous block', () => {
    expect(checkBlockLink(b0, undefined)).toMatchObject({ headerOk: true, linkOk: true });
    expect(checkBlockLink(b1, b0)).toMatchObject({ headerOk: true, linkOk: true });
    expect(checkBlockLink({ ...b1, timestamp: '2020-01-01T00:00:00.000Z' }, b0).headerOk).toBe(false);
    expect(checkBlockLink(b1, { ...b0, hash: 'ff'.repeat(32) }).linkOk).toBe(false);
    const flipped = { ...b1, transactions: b1.transactions.map((t, i) => (i === 0 ? { ...t, validationCode: 'MVCC_READ_CONFLICT' } : t)) };
    expect(checkBlockLink(flipped, b0).headerOk).toBe(false);
  });

  it('parses registered public keys as hex or PEM and refuses garbage', () => {
    expect(parsePublicKey('zz')).toBeUndefined();
    expect(parsePublicKey('04'.padEnd(130, '0'))).toBeUndefined(); // not on the curve
  });
});

describe('audit model', () => {
  const base: AccessRecord = { id: 'a', txId: 't', at: '2025-03-01T00:00:00Z', readerDepartment: 'ah-x', readerProvince: 'anhui', ownerDepartment: 'sh-samr', ownerProvince: 'shanghai', family: 'credit', resourceId: 'r', purpose: '执法, "协查"', grantId: undefined, outcome: 'granted', basis: 'grant', reason: undefined };

  it('flags reads without a valid grant and other refusals', () => {
    expect(outcomeOf({ allowed: true })).toBe('granted');
    expect(outcomeOf({ allowed: false, reason: 'no-grant' })).toBe('no-grant');
    expect(outcomeOf({ allowed: false, reason: 'grant-expired' })).toBe('no-grant');
    expect(outcomeOf({ allowed: false, reason: 'not-shared' })).toBe('refused');
  });

  it('counts reader × owner with flagged reads, and exports CSV', () => {
    const records = [base, { ...base, outcome: 'refused' as const }, { ...base, readerProvince: 'jiangsu' as const, outcome: 'no-grant' as const }];
    const matrix = matrixOf(records);
    expect(matrix.anhui.shanghai).toEqual({ total: 2, flagged: 1 });
    expect(matrix.jiangsu.shanghai).toEqual({ total: 1, flagged: 1 });
    expect(matrix.shanghai.anhui).toEqual({ total: 0, flagged: 0 });
    const csv = accessCsv(records).split('\r\n');
    expect(csv[0]).toBe('time,readerProvince,readerDepartment,ownerProvince,ownerDepartment,family,resourceId,purpose,grantId,outcome,basis,reason,txId,accessId');
    expect(csv[1]).toContain('"执法, ""协查"""');
    expect(csv).toHaveLength(5);
  });
});
