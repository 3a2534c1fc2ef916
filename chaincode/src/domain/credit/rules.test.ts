import { ChaincodeError } from '../../errors';
import { personDigest } from './codes';
import { applyRepair, assertNotPunished, checkPersonalData, creditView, decideRepair, effectiveStatus, jointPunishment } from './rules';
import type { CreditEntryState, CreditRepairState } from './types';
import { validateCreditEntry } from './validate';

function entry(overrides: Partial<CreditEntryState> = {}): CreditEntryState {
  return {
    entryId: 'e1',
    list: 'black',
    subject: { kind: 'organisation', creditCode: '91330100799655058B', name: '测试公司' },
    subjectKey: 'org:91330100799655058B',
    category: 'public-resource-trading-fraud',
    legalBasis: '《招标投标法》第五十三条',
    measures: ['no-bidding', 'no-licence:food-business'],
    department: 'zj-hz-ggzy',
    province: 'zhejiang',
    validFrom: '2025-01-01T00:00:00Z',
    validTo: '2027-01-01T00:00:00Z',
    status: 'active',
    recordedAt: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ChaincodeError ? error.code : 'OTHER';
  }
  return undefined;
}

describe('credit entry validation', () => {
  const base = {
    type: 'credit.entry',
    id: 'e1',
    department: 'sh-samr',
    list: 'black',
    subject: { kind: 'organisation', creditCode: '91330100799655058B', name: '测试公司' },
    category: 'serious-illegal-dishonesty',
    legalBasis: '《市场监督管理严重违法失信名单管理办法》第二条',
    measures: ['no-bidding'],
    validFrom: '2025-01-01T00:00:00Z',
    signature: { algorithm: 'SM2-SM3', keyId: 'k#1', userId: '1234567812345678', value: '30440220' + '00'.repeat(32) + '0220' + '00'.repeat(32) },
  };

  it('accepts a well-formed entry', () => {
    expect(validateCreditEntry(base).ok).toBe(true);
  });

  it('names the credit code field when its check character is wrong', () => {
    const result = validateCreditEntry({ ...base, subject: { ...base.subject, creditCode: '91330100799655058C' } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContainEqual({ field: 'subject.creditCode', message: 'check character mismatch' });
  });

  it('refuses red-list incentives on the black list, unknown licence types, a black entry without measures and red categories on the black list', () => {
    const bad = validateCreditEntry({ ...base, measures: ['green-channel', 'no-licence:fishing'] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field)).toEqual(['measures[0]', 'measures[1]']);
    const none = validateCreditEntry({ ...base, measures: [] });
    expect(none.ok).toBe(false);
    const red = validateCreditEntry({ ...base, category: 'a-class-taxpayer' });
    expect(red.ok).toBe(false);
    if (!red.ok) expect(red.errors[0]?.field).toBe('category');
  });

  it('refuses a clear ID in place of a digest, and unknown fields', () => {
    const person = validateCreditEntry({ ...base, subject: { kind: 'person', idDigest: '11010519491231002X' } });
    expect(person.ok).toBe(false);
    const extra = validateCreditEntry({ ...base, phone: '13800000000' });
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.errors).toContainEqual(expect.objectContaining({ field: 'phone', message: 'is not a known field' }));
  });
});

describe('credit rules', () => {
  it('computes effective status from validity and repair', () => {
    expect(effectiveStatus(entry(), '2024-12-31T00:00:00Z')).toBe('pending');
    expect(effectiveStatus(entry(), '2025-06-01T00:00:00Z')).toBe('active');
    expect(effectiveStatus(entry(), '2027-01-01T00:00:00Z')).toBe('expired');
    expect(effectiveStatus(entry({ status: 'repaired', repairedAt: '2025-05-01T00:00:00Z' }), '2025-06-01T00:00:00Z')).toBe('repaired');
    // Without validTo a black-list entry stops applying at the maximum publicity of its severity (serious: 36 months).
    expect(effectiveStatus(entry({ validTo: undefined }), '2027-12-31T23:59:59Z')).toBe('active');
    expect(effectiveStatus(entry({ validTo: undefined }), '2028-01-01T00:00:00Z')).toBe('expired');
  });

  it('joint punishment refuses bidding and the barred licence type only while the entry is in force', () => {
    const view = creditView('org:91330100799655058B', [entry()], '2025-06-01T00:00:00Z');
    expect(view.blacklisted).toBe(true);
    expect(view.measures).toEqual(['no-bidding', 'no-licence:food-business']);
    expect(jointPunishment(view, { kind: 'bid' }, '2025-06-01T00:00:00Z')).toEqual({ allowed: false, blockedBy: [{ entryId: 'e1', measure: 'no-bidding', department: 'zj-hz-ggzy', province: 'zhejiang' }] });
    expect(jointPunishment(view, { kind: 'licence', licenceType: 'food-business' }, '2025-06-01T00:00:00Z').allowed).toBe(false);
    expect(jointPunishment(view, { kind: 'licence', licenceType: 'road-transport' }, '2025-06-01T00:00:00Z').allowed).toBe(true);
    expect(jointPunishment(view, { kind: 'subsidy' }, '2025-06-01T00:00:00Z').allowed).toBe(true);
    expect(jointPunishment(view, { kind: 'bid' }, '2027-02-01T00:00:00Z').allowed).toBe(true);
    expect(codeOf(() => assertNotPunished(view, { kind: 'bid' }, '2025-06-01T00:00:00Z'))).toBe('SUBJECT_BLACKLISTED');
  });

  it('no-licence:* bars every licence type; red-list entries never punish; repaired entries stop punishing', () => {
    const all = creditView('s', [entry({ measures: ['no-licence:*'] })], '2025-06-01T00:00:00Z');
    expect(jointPunishment(all, { kind: 'licence', licenceType: 'pollutant-discharge' }, '2025-06-01T00:00:00Z').allowed).toBe(false);
    const red = creditView('s', [entry({ list: 'red', category: 'a-class-taxpayer', measures: ['green-channel'] })], '2025-06-01T00:00:00Z');
    expect(red.redlisted).toBe(true);
    expect(red.blacklisted).toBe(false);
    const repaired = creditView('s', [entry({ status: 'repaired', repairedAt: '2025-03-01T00:00:00Z' })], '2025-06-01T00:00:00Z');
    expect(jointPunishment(repaired, { kind: 'bid' }, '2025-06-01T00:00:00Z').allowed).toBe(true);
  });

  it('procurement is barred by no-bidding as well as no-government-procurement', () => {
    const view = creditView('s', [entry({ measures: ['no-bidding'] })], '2025-06-01T00:00:00Z');
    expect(jointPunishment(view, { kind: 'government-procurement' }, '2025-06-01T00:00:00Z').allowed).toBe(false);
  });

  const applyRecord = { type: 'credit.repair.apply' as const, id: 'r1', department: 'ah-fgw', entryId: 'e1', grounds: '已整改', evidenceDigest: 'ab'.repeat(32), signature: { algorithm: 'SM2-SM3' as const, keyId: 'k', userId: 'u', value: '' } };

  it('repair: only black entries in force, one pending application at a time', () => {
    const repair = applyRepair(entry(), [], applyRecord, '2025-06-01T00:00:00Z');
    expect(repair.status).toBe('pending');
    expect(codeOf(() => applyRepair(entry(), [repair], { ...applyRecord, id: 'r2' }, '2025-06-02T00:00:00Z'))).toBe('CONFLICT');
    expect(codeOf(() => applyRepair(entry({ list: 'red' }), [], applyRecord, '2025-06-01T00:00:00Z'))).toBe('CONFLICT');
    expect(codeOf(() => applyRepair(entry(), [], applyRecord, '2028-01-01T00:00:00Z'))).toBe('CONFLICT');
  });

  it('repair decision: issuer only, once; approval lifts the entry', () => {
    const repair: CreditRepairState = applyRepair(entry(), [], applyRecord, '2025-06-01T00:00:00Z');
    const decide = { type: 'credit.repair.decide' as const, id: 'd1', department: 'zj-hz-ggzy', repairId: 'r1', decision: 'approved' as const, reason: '整改到位', signature: applyRecord.signature };
    const decided = decideRepair(entry(), repair, decide, '2025-07-01T00:00:00Z');
    expect(decided.entry.status).toBe('repaired');
    expect(effectiveStatus(decided.entry, '2025-07-02T00:00:00Z')).toBe('repaired');
    expect(codeOf(() => decideRepair(entry(), repair, { ...decide, department: 'sh-samr' }, '2025-07-01T00:00:00Z'))).toBe('NOT_AUTHORISED');
    expect(codeOf(() => decideRepair(decided.entry, decided.repair, decide, '2025-07-01T00:00:00Z'))).toBe('CONFLICT');
    const rejected = decideRepair(entry(), repair, { ...decide, decision: 'rejected' }, '2025-07-01T00:00:00Z');
    expect(rejected.entry.status).toBe('active');
    expect(rejected.repair.status).toBe('rejected');
  });

  it('personal data must reproduce the public digest', () => {
    const digest = personDigest('11010519491231002X', 'salt');
    expect(checkPersonalData(digest, { idNumber: '11010519491231002X', salt: 'salt' }).idNumber).toBe('11010519491231002X');
    expect(codeOf(() => checkPersonalData(digest, undefined))).toBe('PRIVATE_DATA_REQUIRED');
    expect(codeOf(() => checkPersonalData(digest, { idNumber: '11010519491231002X', salt: 'other' }))).toBe('PRIVATE_DATA_REQUIRED');
    expect(codeOf(() => checkPersonalData(digest, { idNumber: '110105194912310021', salt: 'salt' }))).toBe('INVALID_ARGUMENT');
  });
});
