import { RecentWrites, SortedKeys } from './recent-writes';

const between = (start: string, end: string) => (key: Buffer): boolean => Buffer.compare(key, Buffer.from(start)) >= 0 && Buffer.compare(key, Buffer.from(end)) < 0;

describe('SortedKeys', () => {
  it('orders keys by their UTF-8 bytes, as LevelDB does, and answers whether any lies in a range', () => {
    const keys = new SortedKeys();
    // U+FFFD sorts after U+1F600 in UTF-16 but before it in UTF-8.
    for (const key of ['k\u{1F600}', 'k\uFFFD', 'a', 'k\uFFFD']) keys.add(key);
    expect(keys.anyInRange(Buffer.from('k'), between('k', 'k\uFFFE'))).toBe(true);
    expect(keys.anyInRange(Buffer.from('b'), between('b', 'k'))).toBe(false);
    expect(keys.anyInRange(Buffer.from('k\u{1F600}', 'utf8'), between('k\u{1F600}', 'l'))).toBe(true);
    expect(keys.anyInRange(Buffer.from('l'), between('l', 'm'))).toBe(false);
  });
});

describe('RecentWrites', () => {
  it('says whether blocks from a height on wrote into a range, and does not know about blocks it no longer keeps', () => {
    const recent = new RecentWrites(2);
    recent.record(0, ['a']);
    recent.record(1, ['k1']);
    recent.record(2, ['z']);
    expect(recent.touched(1, 3, between('k', 'l'), Buffer.from('k'))).toBe(true);
    expect(recent.touched(2, 3, between('k', 'l'), Buffer.from('k'))).toBe(false);
    expect(recent.touched(0, 3, between('k', 'l'), Buffer.from('k'))).toBeUndefined();
    expect(recent.touched(3, 3, between('k', 'l'), Buffer.from('k'))).toBe(false);
    expect(recent.touched(3, 4, between('k', 'l'), Buffer.from('k'))).toBeUndefined();
  });
});
