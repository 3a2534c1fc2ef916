import { ownersOf } from './access';

describe('ownersOf', () => {
  it('finds the owner of the 1,001st licence of a holder (no cap on array length)', () => {
    const licences = [...Array.from({ length: 1000 }, (_, i) => ({ number: `L${i}`, issuer: 'sh-samr' })), { number: 'L1000', issuer: 'ah-cz-scjgj' }];
    expect([...ownersOf(licences)].sort()).toEqual(['ah-cz-scjgj', 'sh-samr']);
  });
  it('finds owners at any depth, not inside signatures', () => {
    let nested: Record<string, unknown> = { department: 'deep-owner' };
    for (let i = 0; i < 12; i++) nested = { child: nested };
    expect(ownersOf({ a: nested, signature: { department: 'not-an-owner' } })).toEqual(new Set(['deep-owner']));
  });
});
