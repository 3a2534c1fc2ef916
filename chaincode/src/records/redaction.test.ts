import { markersIn, narrativeOf, parseProtectedMarker, protectedMarker, redact, reveal } from './redaction';

const entry = {
  type: 'credit.entry',
  id: 'credit-1',
  department: 'ah-fgw',
  list: 'black',
  subject: { kind: 'organisation', creditCode: '91340100MA2N0X1234', name: '合肥某某公司' },
  category: 'tax-evasion',
  legalBasis: '《重大税收违法失信主体信息公布管理办法》',
  measures: ['no-bidding'],
  validFrom: '2025-01-01T00:00:00Z',
  signature: { algorithm: 'SM2-SM3', keyId: 'ah-fgw#1', userId: '1234567812345678', value: 'ab' },
};

describe('redaction of a protected record’s narrative in channel states', () => {
  it('narrative = the strings its hash-only form does not keep (names, legal basis), never codes or facts', () => {
    expect(Object.fromEntries(narrativeOf(entry))).toEqual({ '合肥某某公司': 'subject.name', '《重大税收违法失信主体信息公布管理办法》': 'legalBasis' });
  });

  it('replaces narrative strings by markers anywhere in a state, and reveal puts them back from the content', () => {
    const state = { entryId: 'credit-1', subject: entry.subject, legalBasis: entry.legalBasis, category: 'tax-evasion', measures: ['no-bidding'], status: 'active' };
    const redacted = redact(state, narrativeOf(entry), 'protected-anhui', 'credit-1');
    expect(JSON.stringify(redacted)).not.toContain('合肥');
    expect(redacted.legalBasis).toBe('dtl-protected/protected-anhui/credit-1/legalBasis');
    expect(redacted).toMatchObject({ category: 'tax-evasion', measures: ['no-bidding'], subject: { creditCode: '91340100MA2N0X1234' } });
    expect(markersIn(redacted)).toHaveLength(2);
    expect(reveal(redacted, (collection, id) => (collection === 'protected-anhui' && id === 'credit-1' ? entry : undefined))).toEqual(state);
    expect(reveal(redacted, () => undefined)).toEqual(redacted);
  });

  it('markers round-trip', () => {
    const marker = { collection: 'protected-jiangsu', recordId: 'a.b:c-1', path: 'holder.name' };
    expect(parseProtectedMarker(protectedMarker(marker))).toEqual(marker);
    expect(parseProtectedMarker('dtl-protected/x')).toBeUndefined();
    expect(parseProtectedMarker('plain')).toBeUndefined();
  });
});
