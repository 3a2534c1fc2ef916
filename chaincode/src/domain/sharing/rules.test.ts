import { ChaincodeError } from '../../errors';
import type { Department } from '../department/types';
import { countByProvincePair, decideAccess, decideRequest, grantProblem, openRequest } from './rules';
import type { CatalogueEntry, GrantState, SharingRequestState } from './types';

const SIG = { algorithm: 'SM2-SM3' as const, keyId: 'k', userId: 'u', value: '' };
const AT = '2025-06-01T00:00:00Z';

const entry = (mode: CatalogueEntry['mode']): CatalogueEntry => ({
  owner: 'ah-samr',
  province: 'anhui',
  resourceId: 'licences',
  family: 'licence',
  title: '食品经营许可',
  description: '许可信息',
  mode,
  version: 1,
  recordId: 'c1',
  updatedAt: AT,
});

const grant: GrantState = {
  grantId: 'g1',
  requestId: 'q1',
  owner: 'ah-samr',
  requester: 'sh-samr',
  resourceId: 'licences',
  purpose: '跨省执法协查',
  subjects: ['91330100799655058B'],
  validFrom: '2025-05-01T00:00:00Z',
  validTo: '2025-12-01T00:00:00Z',
  status: 'active',
  grantedAt: '2025-05-01T00:00:00Z',
};

const read = { reader: 'sh-samr', owner: 'ah-samr', resourceId: 'licences', subject: '91330100799655058B' };

function decide(mode: CatalogueEntry['mode'] | undefined, overrides: Partial<Parameters<typeof decideAccess>[0]> = {}): ReturnType<typeof decideAccess> {
  return decideAccess({ readerProvince: 'shanghai', ownerProvince: 'anhui', entry: mode === undefined ? undefined : entry(mode), read, claimedGrantId: undefined, claimed: undefined, candidates: [], at: AT, ...overrides });
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof ChaincodeError ? error.code : 'OTHER';
  }
  return undefined;
}

describe('sharing access rule', () => {
  it('same province is always allowed; unconditional allowed; not-shared and uncatalogued refused', () => {
    expect(decide('not-shared', { readerProvince: 'anhui' })).toEqual({ allowed: true, basis: 'same-province' });
    expect(decide('unconditional')).toEqual({ allowed: true, basis: 'unconditional' });
    expect(decide('not-shared')).toEqual({ allowed: false, basis: 'refused', reason: 'not-shared' });
    expect(decide(undefined)).toEqual({ allowed: false, basis: 'refused', reason: 'not-catalogued' });
  });

  it('conditional needs a grant covering reader, subject and time', () => {
    expect(decide('conditional')).toEqual({ allowed: false, basis: 'refused', reason: 'no-grant' });
    expect(decide('conditional', { candidates: [grant] })).toEqual({ allowed: true, basis: 'grant', grantId: 'g1' });
    expect(decide('conditional', { claimedGrantId: 'g1', claimed: grant })).toEqual({ allowed: true, basis: 'grant', grantId: 'g1' });
    expect(decide('conditional', { claimedGrantId: 'gx' })).toEqual({ allowed: false, basis: 'refused', reason: 'grant-unknown', grantId: 'gx' });
    expect(decide('conditional', { candidates: [grant], at: '2026-01-01T00:00:00Z' }).reason).toBe('no-grant');
    expect(decide('conditional', { claimedGrantId: 'g1', claimed: grant, at: '2026-01-01T00:00:00Z' }).reason).toBe('grant-expired');
  });

  it('names why a grant does not cover a read', () => {
    expect(grantProblem(grant, read, AT)).toBeUndefined();
    expect(grantProblem(grant, { ...read, reader: 'zj-samr' }, AT)).toBe('grant-not-for-reader');
    expect(grantProblem(grant, { ...read, subject: '914403001922038216' }, AT)).toBe('grant-out-of-scope');
    expect(grantProblem(grant, { ...read, resourceId: 'other' }, AT)).toBe('grant-out-of-scope');
    expect(grantProblem(grant, read, '2025-04-01T00:00:00Z')).toBe('grant-not-yet-valid');
    expect(grantProblem({ ...grant, status: 'revoked', revokedAt: '2025-05-15T00:00:00Z' }, read, AT)).toBe('grant-revoked');
  });

  it('counts reads per province pair', () => {
    expect(
      countByProvincePair([
        ['shanghai', 'anhui', 'allowed', 'a1'],
        ['shanghai', 'anhui', 'refused', 'a2'],
        ['shanghai', 'anhui', 'allowed', 'a3'],
        ['zhejiang', 'anhui', 'refused', 'a4'],
      ]),
    ).toEqual([
      { readerProvince: 'shanghai', ownerProvince: 'anhui', allowed: 2, refused: 1 },
      { readerProvince: 'zhejiang', ownerProvince: 'anhui', allowed: 0, refused: 1 },
    ]);
  });
});

describe('sharing requests and grants', () => {
  const requester: Department = { id: 'sh-samr', nameZh: '', nameEn: '', province: 'shanghai', city: '', tier: 'province', roles: ['data-sharing-officer'], keys: [], registeredAt: '', registeredBy: '', updatedAt: '' };
  const requestRecord = { type: 'sharing.request' as const, id: 'q1', department: 'sh-samr', owner: 'ah-samr', resourceId: 'licences', purpose: '跨省执法协查', subjects: ['91330100799655058B', '914403001922038216'], until: '2026-01-01T00:00:00Z', signature: SIG };

  it('only conditional resources are requested', () => {
    expect(openRequest(entry('conditional'), requestRecord, requester, AT).status).toBe('pending');
    expect(codeOf(() => openRequest(entry('unconditional'), requestRecord, requester, AT))).toBe('CONFLICT');
    expect(codeOf(() => openRequest(entry('not-shared'), requestRecord, requester, AT))).toBe('CONFLICT');
    expect(codeOf(() => openRequest(undefined, requestRecord, requester, AT))).toBe('NOT_FOUND');
  });

  it('the owner decides once, within the requested scope', () => {
    const request: SharingRequestState = openRequest(entry('conditional'), requestRecord, requester, AT);
    const approve = { type: 'sharing.grant' as const, id: 'g1', department: 'ah-samr', requestId: 'q1', decision: 'approved' as const, subjects: ['91330100799655058B'], validFrom: AT, validTo: '2025-12-01T00:00:00Z', reason: '同意', signature: SIG };
    const decided = decideRequest(request, approve, AT);
    expect(decided.grant).toMatchObject({ grantId: 'g1', requester: 'sh-samr', subjects: ['91330100799655058B'] });
    expect(codeOf(() => decideRequest(decided.request, approve, AT))).toBe('CONFLICT');
    expect(codeOf(() => decideRequest(request, { ...approve, department: 'zj-samr' }, AT))).toBe('NOT_AUTHORISED');
    expect(codeOf(() => decideRequest(request, { ...approve, subjects: ['91110108551385082Q'] }, AT))).toBe('INVALID_ARGUMENT');
    expect(decideRequest(request, { ...approve, decision: 'rejected' }, AT).grant).toBeUndefined();
  });
});
