/** The one caller filter of the read model: who is answered which rows. */
import { scopeFor, type Caller } from './visibility';

const regulator: Caller = { id: 'ah-samr', province: 'anhui', roles: ['credit-issuer', 'regulator'] };
const auditor: Caller = { id: 'sh-sjj', province: 'shanghai', roles: ['auditor'] };

describe('scopeFor', () => {
  it('answers access records to auditors, and to others only the reads of their own data', () => {
    expect(scopeFor(auditor, 'access')).toEqual({ kind: 'all' });
    expect(scopeFor(regulator, 'access')).toEqual({ kind: 'owners', owners: ['ah-samr'] });
  });

  it('keeps protected content to the caller\'s province unless another is asked for by name', () => {
    for (const family of ['credit', 'licence', 'trace'] as const) {
      expect(scopeFor(regulator, family)).toEqual({ kind: 'provinces', provinces: ['anhui'] });
      expect(scopeFor(auditor, family)).toEqual({ kind: 'provinces', provinces: ['shanghai'] });
    }
    expect(scopeFor(regulator, 'credit', ['zhejiang'])).toEqual({ kind: 'provinces', provinces: ['anhui', 'zhejiang'] });
    expect(scopeFor(regulator, 'credit', ['anhui'])).toEqual({ kind: 'provinces', provinces: ['anhui'] });
  });

  it('shares the registry, catalogue, tenders and the chain with every authenticated department', () => {
    for (const family of ['department', 'sharing', 'tender', 'chain'] as const) expect(scopeFor(regulator, family)).toEqual({ kind: 'all' });
  });
});
