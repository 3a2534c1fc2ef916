import { placementOf, provinceOfCollection, protectedCollection } from './placement';

describe('placementOf', () => {
  const catalogue = [
    { resourceId: 'person-credit', family: 'credit' as const, mode: 'not-shared' as const },
    { resourceId: 'food-licences', family: 'licence' as const, mode: 'conditional' as const },
    { resourceId: 'batches', family: 'trace' as const, mode: 'unconditional' as const },
  ];
  it('conditional and not-shared content goes to the province’s protected collection', () => {
    expect(placementOf('credit.entry', 'anhui', catalogue)).toEqual({ where: 'protected', collection: 'protected-anhui', mode: 'not-shared', resourceId: 'person-credit' });
    expect(placementOf('licence.revoke', 'jiangsu', catalogue)).toEqual({ where: 'protected', collection: 'protected-jiangsu', mode: 'conditional', resourceId: 'food-licences' });
  });
  it('unconditional, not catalogued and shared-by-design families stay on the channel', () => {
    expect(placementOf('trace.event', 'anhui', catalogue)).toMatchObject({ where: 'channel', reason: 'unconditional' });
    expect(placementOf('credit.entry', 'anhui', [])).toEqual({ where: 'channel', reason: 'not-catalogued' });
    expect(placementOf('sharing.grant', 'anhui', catalogue)).toEqual({ where: 'channel', reason: 'shared-by-design' });
    expect(placementOf('tender.publish', 'anhui', catalogue)).toEqual({ where: 'channel', reason: 'shared-by-design' });
  });
  it('names collections by province', () => {
    expect(provinceOfCollection(protectedCollection('zhejiang'))).toBe('zhejiang');
    expect(provinceOfCollection('personal-zhejiang')).toBeUndefined();
    expect(provinceOfCollection('protected-mars')).toBeUndefined();
  });
});
