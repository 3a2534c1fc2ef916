import { formFor, type RecordMeta, type Viewer } from './policy';
import { classificationOf } from './classify';

const anonymous: Viewer = { kind: 'anonymous' };
const ahOwner: Viewer = { kind: 'department', id: 'ah-fgw', province: 'anhui', roles: ['credit-issuer'] };
const ahNeighbour: Viewer = { kind: 'department', id: 'ah-la-hs-nyj', province: 'anhui', roles: ['regulator'] };
const shRegulator: Viewer = { kind: 'department', id: 'sh-samr', province: 'shanghai', roles: ['regulator', 'data-sharing-officer'] };
const zjAuditor: Viewer = { kind: 'department', id: 'zj-hz-sjj', province: 'zhejiang', roles: ['auditor'] };

function meta(classification: RecordMeta['classification'], extra: Partial<RecordMeta> = {}): RecordMeta {
  return { type: 'credit.entry', owner: 'ah-fgw', ownerProvince: 'anhui', classification, ...extra };
}

describe('formFor', () => {
  it('public content is content to everyone, anonymous included', () => {
    for (const viewer of [anonymous, ahOwner, shRegulator, zjAuditor]) expect(formFor(viewer, meta('public', { type: 'department.register' }))).toBe('content');
  });

  it('unconditional content goes to every department, not to anonymous callers', () => {
    expect(formFor(shRegulator, meta('unconditional'))).toBe('content');
    expect(formFor(anonymous, meta('unconditional', { type: 'licence.issue' }))).toBe('hash-only');
  });

  it('publishes unconditionally shared credit list entries, repair decisions and corrections to anonymous callers, nothing else (issue 17)', () => {
    for (const type of ['credit.entry', 'credit.repair.decide', 'credit.correction']) expect(formFor(anonymous, meta('unconditional', { type }))).toBe('content');
    for (const type of ['credit.repair.apply', 'credit.objection', 'credit.objection.review', 'licence.issue', 'trace.event']) expect(formFor(anonymous, meta('unconditional', { type }))).toBe('hash-only');
    for (const classification of ['conditional', 'not-shared', 'not-catalogued'] as const) expect(formFor(anonymous, meta(classification))).toBe('hash-only');
  });

  it.each(['conditional', 'not-shared', 'not-catalogued'] as const)('%s content: the owning province sees it, other provinces only through an allowed guarded read', (classification) => {
    expect(formFor(ahOwner, meta(classification))).toBe('content');
    expect(formFor(ahNeighbour, meta(classification))).toBe('content');
    expect(formFor(shRegulator, meta(classification))).toBe('hash-only');
    expect(formFor(zjAuditor, meta(classification))).toBe('hash-only');
    expect(formFor(anonymous, meta(classification))).toBe('hash-only');
    expect(formFor(shRegulator, meta(classification), { guarded: true })).toBe('content');
    expect(formFor(anonymous, meta(classification), { guarded: true })).toBe('hash-only');
  });

  it('an owner unknown to the registry gives no province a way in', () => {
    expect(formFor(ahNeighbour, meta('conditional', { ownerProvince: undefined }))).toBe('hash-only');
  });

  it('access records: auditors and the department whose data was read, nobody else (not even the reader)', () => {
    const access = meta('access-log', { type: 'sharing.access', owner: 'sh-gateway', ownerProvince: 'shanghai', dataOwner: 'ah-fgw' });
    expect(formFor(zjAuditor, access)).toBe('content');
    expect(formFor(ahOwner, access)).toBe('content');
    expect(formFor(ahNeighbour, access)).toBe('hash-only');
    expect(formFor(shRegulator, access)).toBe('hash-only');
    expect(formFor(anonymous, access)).toBe('hash-only');
  });
});

describe('classificationOf', () => {
  const catalogue = [
    { resourceId: 'person-credit', family: 'credit', mode: 'not-shared' as const },
    { resourceId: 'food-licences', family: 'licence', mode: 'conditional' as const },
  ];
  it('takes the owner catalogue entry of the record family; shared-by-design families are public', () => {
    expect(classificationOf('credit.entry', catalogue)).toBe('not-shared');
    expect(classificationOf('licence.revoke', catalogue)).toBe('conditional');
    expect(classificationOf('trace.event', catalogue)).toBe('not-catalogued');
    expect(classificationOf('tender.publish', catalogue)).toBe('public');
    expect(classificationOf('department.register', [])).toBe('public');
    expect(classificationOf('sharing.access', catalogue)).toBe('access-log');
  });
});
