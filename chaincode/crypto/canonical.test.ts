import fc from 'fast-check';
import { canonicalJson, parseJsonStrict, type JsonValue } from './canonical';
import { CryptoError } from './errors';

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CryptoError);
    return (error as CryptoError).code;
  }
  throw new Error('expected a CryptoError');
};

describe('canonical JSON', () => {
  it('sorts keys by UTF-16 code units, drops whitespace, uses one number form', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], é: -0, A: 1e21, z: 0.000001 })).toBe(
      '{"A":1e+21,"a":[true,null,"x"],"b":1,"z":0.000001,"é":0}',
    );
    // RFC 8785 §3.2.3 sorting example: code units, not code points
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '\ufb00': 7, '\ud83d\ude00': 3, '1': 4, '\u0080': 5, 'ö': 6 })).toBe(
      '{"\\r":2,"1":4,"\u0080":5,"ö":6,"\u20ac":1,"\ud83d\ude00":3,"\ufb00":7}',
    );
  });

  it('gives the same bytes for two encodings of the same record', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const reordered = JSON.parse(JSON.stringify(value, null, 2)) as JsonValue;
        expect(canonicalJson(reordered)).toBe(canonicalJson(value));
        expect(canonicalJson(parseJsonStrict(canonicalJson(value)))).toBe(canonicalJson(value));
      }),
    );
  });

  it('refuses non-finite numbers, lone surrogates, undefined and class instances', () => {
    expect(codeOf(() => canonicalJson({ a: NaN }))).toBe('NOT_CANONICAL');
    expect(codeOf(() => canonicalJson([Infinity]))).toBe('NOT_CANONICAL');
    expect(codeOf(() => canonicalJson({ a: '\ud800' }))).toBe('NOT_CANONICAL');
    expect(codeOf(() => canonicalJson({ ['\udc00']: 1 }))).toBe('NOT_CANONICAL');
    expect(codeOf(() => canonicalJson({ a: undefined }))).toBe('NOT_CANONICAL');
    expect(codeOf(() => canonicalJson(new Date(0)))).toBe('NOT_CANONICAL');
    expect(codeOf(() => canonicalJson({ f: () => 1 }))).toBe('NOT_CANONICAL');
  });
});

describe('strict JSON parser', () => {
  it('refuses duplicate keys, lone surrogates, trailing data and bad syntax', () => {
    expect(codeOf(() => parseJsonStrict('{"a":1,"a":2}'))).toBe('INVALID_JSON');
    expect(codeOf(() => parseJsonStrict('"\\ud800"'))).toBe('INVALID_JSON');
    expect(codeOf(() => parseJsonStrict('{"a":1} x'))).toBe('INVALID_JSON');
    expect(codeOf(() => parseJsonStrict('{"a":01}'))).toBe('INVALID_JSON');
    expect(codeOf(() => parseJsonStrict('[1,]'))).toBe('INVALID_JSON');
    expect(codeOf(() => parseJsonStrict('1e999'))).toBe('INVALID_JSON');
    expect(codeOf(() => parseJsonStrict(''))).toBe('INVALID_JSON');
  });

  it('keeps "__proto__" as data', () => {
    const parsed = parseJsonStrict('{"__proto__":{"polluted":true}}') as Record<string, JsonValue>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses deep nesting and 10 MB documents quickly, without a stack overflow', () => {
    const started = Date.now();
    expect(codeOf(() => parseJsonStrict('['.repeat(100_000) + ']'.repeat(100_000), { maxBytes: 1e7 }))).toBe('INVALID_JSON');
    const tenMb = '{"a":"' + 'x'.repeat(10 * 1024 * 1024) + '"}';
    expect(codeOf(() => parseJsonStrict(tenMb))).toBe('INVALID_JSON');
    expect(codeOf(() => canonicalJson(JSON.parse('['.repeat(1000) + ']'.repeat(1000))))).toBe('NOT_CANONICAL');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('parses a 10 MB document in linear time when the limit allows it', () => {
    const tenMb = JSON.stringify({ items: Array.from({ length: 200_000 }, (_, i) => ({ i, name: `批次-${i}` })) });
    const parsed = parseJsonStrict(tenMb, { maxBytes: 20 * 1024 * 1024 }) as { items: unknown[] };
    expect(parsed.items).toHaveLength(200_000);
  });
});
