/**
 * The credit lifecycle over time. Every rule takes the transaction time `at` as its only clock, so each step of a
 * year-long process is replayed here by passing the instant it happens at: nothing reads a wall clock.
 */
import { ChaincodeError } from '../../errors';
import { addMonths, correctEntry, fileObjection, minimumPublicityEnd, publicityEnd, reviewObjection, severityOf } from './lifecycle';
import { applyRepair, createEntry, creditView, decideRepair, effectiveStatus, jointPunishment } from './rules';
import type { CreditCorrectionRecord, CreditEntryRecord, CreditEntryState, CreditObjectionRecord, CreditObjectionReviewRecord } from './types';
import type { Department } from '../department/types';

const SIGNATURE = { algorithm: 'SM2-SM3' as const, keyId: 'k#1', userId: '1234567812345678', value: '' };
const ISSUER: Department = { id: 'ah-cz-scjgj', nameZh: '滁州市市场监督管理局', nameEn: 'Chuzhou AMR', province: 'anhui', city: '滁州市', tier: 'city', divisionCode: '341100', roles: ['credit-issuer'], keys: [], registeredAt: '', registeredBy: '', updatedAt: '' };

function listed(overrides: Partial<CreditEntryRecord> = {}): CreditEntryState {
  const record: CreditEntryRecord & { signature: typeof SIGNATURE } = {
    type: 'credit.entry',
    id: 'e-1',
    department: ISSUER.id,
    list: 'black',
    subject: { kind: 'organisation', creditCode: '91341182MA2NX7UG0P', name: '明光市皖东绿豆食品有限公司' },
    category: 'food-drug-safety',
    legalBasis: '《中华人民共和国食品安全法》第一百三十五条',
    measures: ['no-licence:food-production', 'no-bidding'],
    validFrom: '2025-03-01T00:00:00Z',
    signature: SIGNATURE,
    ...overrides,
  };
  return createEntry(record, ISSUER, record.validFrom);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ChaincodeError ? error.code : 'OTHER';
  }
  return undefined;
}

const apply = { type: 'credit.repair.apply' as const, id: 'r-1', department: 'ah-fgw', entryId: 'e-1', grounds: '已完成整改，主动消除不良影响并作出信用承诺', evidenceDigest: 'ab'.repeat(32), signature: SIGNATURE };
const approve = { type: 'credit.repair.decide' as const, id: 'd-1', department: ISSUER.id, repairId: 'r-1', decision: 'approved' as const, reason: '经核查整改到位，公示期满，准予修复', signature: SIGNATURE };
const objection = (id = 'o-1'): CreditObjectionRecord & { signature: typeof SIGNATURE } => ({ type: 'credit.objection', id, department: 'ah-fgw', entryId: 'e-1', grounds: '处罚决定已被复议撤销', evidenceDigest: 'cd'.repeat(32), signature: SIGNATURE });
const review = (outcome: 'upheld' | 'dismissed', department = ISSUER.id): CreditObjectionReviewRecord & { signature: typeof SIGNATURE } => ({ type: 'credit.objection.review', id: `rv-${outcome}`, department, objectionId: 'o-1', outcome, reason: '经核查' + (outcome === 'upheld' ? '异议成立' : '异议不成立'), signature: SIGNATURE });
const correction = (fields: Partial<CreditCorrectionRecord>): CreditCorrectionRecord & { signature: typeof SIGNATURE } => ({ type: 'credit.correction', id: 'c-1', department: ISSUER.id, entryId: 'e-1', action: 'correct', reason: '更正', signature: SIGNATURE, ...fields });

describe('severity and publicity periods', () => {
  it('takes the stated severity, else the category default', () => {
    expect(severityOf(listed())).toBe('serious');
    expect(severityOf(listed({ category: 'environmental-violation' }))).toBe('general');
    expect(severityOf(listed({ severity: 'general' }))).toBe('general');
    expect(listed({ list: 'red', category: 'a-class-taxpayer', measures: ['green-channel'] }).severity).toBeUndefined();
  });

  it('adds calendar months in UTC, clamping to the end of a shorter month', () => {
    expect(addMonths('2025-03-01T00:00:00Z', 6)).toBe('2025-09-01T00:00:00.000Z');
    expect(addMonths('2025-08-31T08:30:00Z', 6)).toBe('2026-02-28T08:30:00.000Z');
    expect(addMonths('2024-11-30T00:00:00Z', 3)).toBe('2025-02-28T00:00:00.000Z');
  });

  it('general: 3 to 12 months; serious: 6 to 36 months; an earlier validTo ends it sooner', () => {
    expect(minimumPublicityEnd(listed({ category: 'environmental-violation' }))).toBe('2025-06-01T00:00:00.000Z');
    expect(publicityEnd(listed({ category: 'environmental-violation' }))).toBe('2026-03-01T00:00:00.000Z');
    expect(minimumPublicityEnd(listed())).toBe('2025-09-01T00:00:00.000Z');
    expect(publicityEnd(listed())).toBe('2028-03-01T00:00:00.000Z');
    expect(publicityEnd(listed({ validTo: '2026-03-01T00:00:00Z' }))).toBe('2026-03-01T00:00:00Z');
    expect(publicityEnd(listed({ validTo: '2035-01-01T00:00:00Z' }))).toBe('2028-03-01T00:00:00.000Z');
  });
});

describe('an entry over time, the tx timestamp as the only clock', () => {
  it('applies from validFrom and stops applying at its end date without any write', () => {
    const entry = listed({ category: 'environmental-violation', measures: ['no-bidding'] });
    const barred = (at: string): boolean => !jointPunishment(creditView('org:x', [entry], at), { kind: 'bid' }, at).allowed;
    expect(effectiveStatus(entry, '2025-02-28T23:59:59Z')).toBe('pending');
    expect(barred('2025-02-28T23:59:59Z')).toBe(false);
    expect(effectiveStatus(entry, '2025-03-01T00:00:00Z')).toBe('active');
    expect(barred('2026-02-28T23:59:59Z')).toBe(true);
    // The same stored state, one second later: the general entry's 12 months are over.
    expect(effectiveStatus(entry, '2026-03-01T00:00:00Z')).toBe('expired');
    expect(barred('2026-03-01T00:00:00Z')).toBe(false);
  });

  it('refuses to approve a repair before the minimum publicity period (the six-second repair), allows it after', () => {
    const entry = listed();
    const repair = applyRepair(entry, [], apply, '2025-03-01T00:00:06Z');
    expect(codeOf(() => decideRepair(entry, repair, approve, '2025-03-01T00:00:06Z'))).toBe('PUBLICITY_PERIOD_NOT_ELAPSED');
    expect(codeOf(() => decideRepair(entry, repair, approve, '2025-08-31T23:59:59Z'))).toBe('PUBLICITY_PERIOD_NOT_ELAPSED');
    // A rejection with reasons needs no waiting.
    expect(decideRepair(entry, repair, { ...approve, decision: 'rejected', reason: '整改材料不全' }, '2025-03-02T00:00:00Z').repair.status).toBe('rejected');
    const decided = decideRepair(entry, repair, approve, '2025-09-01T00:00:00Z');
    expect(decided.repair).toMatchObject({ status: 'approved', reason: approve.reason, decidedAt: '2025-09-01T00:00:00Z' });
    expect(effectiveStatus(decided.entry, '2025-08-31T00:00:00Z')).toBe('active');
    expect(effectiveStatus(decided.entry, '2025-09-01T00:00:00Z')).toBe('repaired');
    // Only the issuing department decides.
    expect(codeOf(() => decideRepair(entry, repair, { ...approve, department: 'ah-fgw' }, '2025-10-01T00:00:00Z'))).toBe('NOT_AUTHORISED');
  });

  it('objection: received, one pending at a time, reviewed by the issuer with reasons', () => {
    const entry = listed();
    const filed = fileObjection(entry, [], objection(), '2025-04-01T00:00:00Z');
    expect(filed).toMatchObject({ status: 'pending', receivedBy: 'ah-fgw', receivedAt: '2025-04-01T00:00:00Z' });
    expect(codeOf(() => fileObjection(entry, [filed], objection('o-2'), '2025-04-02T00:00:00Z'))).toBe('CONFLICT');
    expect(codeOf(() => reviewObjection(entry, filed, review('upheld', 'ah-fgw'), '2025-04-10T00:00:00Z'))).toBe('NOT_AUTHORISED');
    const dismissed = reviewObjection(entry, filed, review('dismissed'), '2025-04-10T00:00:00Z');
    expect(dismissed).toMatchObject({ status: 'dismissed', reviewedAt: '2025-04-10T00:00:00Z' });
    expect(codeOf(() => reviewObjection(entry, dismissed, review('upheld'), '2025-04-11T00:00:00Z'))).toBe('CONFLICT');
    // Once reviewed, another objection may be filed; a dismissed one cannot ground a correction.
    expect(fileObjection(entry, [dismissed], objection('o-2'), '2025-05-01T00:00:00Z').status).toBe('pending');
    expect(codeOf(() => correctEntry(entry, dismissed, correction({ objectionId: 'o-1', action: 'withdraw' }), '2025-04-12T00:00:00Z'))).toBe('CONFLICT');
  });

  it('correction after an upheld objection: a new record pointing back, the entry changes from then on', () => {
    const entry = listed();
    const upheld = reviewObjection(entry, fileObjection(entry, [], objection(), '2025-04-01T00:00:00Z'), review('upheld'), '2025-04-10T00:00:00Z');
    const corrected = correctEntry(entry, upheld, correction({ objectionId: 'o-1', changes: { measures: ['no-licence:food-production'], validTo: '2026-03-01T00:00:00Z' } }), '2025-04-11T00:00:00Z');
    expect(corrected).toMatchObject({ measures: ['no-licence:food-production'], validTo: '2026-03-01T00:00:00Z', corrections: ['c-1'], status: 'active' });
    expect(entry.measures).toEqual(['no-licence:food-production', 'no-bidding']);
    expect(jointPunishment(creditView('org:x', [corrected], '2025-05-01T00:00:00Z'), { kind: 'bid' }, '2025-05-01T00:00:00Z').allowed).toBe(true);
    expect(effectiveStatus(corrected, '2026-03-01T00:00:00Z')).toBe('expired');
    expect(codeOf(() => correctEntry(entry, upheld, correction({ changes: { measures: ['green-channel'] } }), '2025-04-11T00:00:00Z'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => correctEntry(entry, undefined, correction({ department: 'ah-fgw', changes: { legalBasis: 'x' } }), '2025-04-11T00:00:00Z'))).toBe('NOT_AUTHORISED');
  });

  it('withdrawal of a wrong entry: stops applying from the withdrawal on, takes nothing further', () => {
    const entry = listed();
    const withdrawn = correctEntry(entry, undefined, correction({ action: 'withdraw', reason: '主体认定错误，撤销该条目' }), '2025-05-01T00:00:00Z');
    expect(effectiveStatus(withdrawn, '2025-04-30T23:59:59Z')).toBe('active');
    expect(effectiveStatus(withdrawn, '2025-05-01T00:00:00Z')).toBe('withdrawn');
    expect(jointPunishment(creditView('org:x', [withdrawn], '2025-05-02T00:00:00Z'), { kind: 'bid' }, '2025-05-02T00:00:00Z').allowed).toBe(true);
    expect(codeOf(() => correctEntry(withdrawn, undefined, correction({ id: 'c-2', changes: { legalBasis: 'x' } }), '2025-05-02T00:00:00Z'))).toBe('CONFLICT');
    expect(codeOf(() => applyRepair(withdrawn, [], apply, '2025-05-02T00:00:00Z'))).toBe('CONFLICT');
    expect(codeOf(() => fileObjection(withdrawn, [], objection(), '2025-05-02T00:00:00Z'))).toBe('CONFLICT');
  });
});
