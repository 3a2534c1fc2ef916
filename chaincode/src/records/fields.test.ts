import { Fields, formatFieldErrors } from './fields';
import { parseRecordJson } from './pipeline';
import { ChaincodeError } from '../errors';

describe('field reader', () => {
  it('collects every error with its dotted path and reports unknown fields', () => {
    const fields = new Fields({ id: 'bad id!', at: '2025-13-01T00:00:00Z', nested: { n: 1.5 }, extra: true });
    fields.id('id');
    fields.timestamp('at');
    const nested = fields.object('nested');
    nested.integer('n', 0, 10);
    nested.end();
    fields.string('missing');
    const result = fields.result({});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => e.field)).toEqual(['id', 'at', 'nested.n', 'missing', 'extra']);
      expect(formatFieldErrors(result.errors)).toContain('missing: is required');
    }
  });

  it('refuses a non-object record and strict JSON violations', () => {
    expect(new Fields([1, 2]).result({}).ok).toBe(false);
    const code = (text: string): string | undefined => {
      try {
        parseRecordJson(text);
      } catch (error) {
        return error instanceof ChaincodeError ? error.code : 'OTHER';
      }
      return undefined;
    };
    expect(code('{"a":1,"a":2}')).toBe('INVALID_ARGUMENT');
    expect(code('{"a":"\\ud800"}')).toBe('INVALID_ARGUMENT');
    expect(code('[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]')).toBe('INVALID_ARGUMENT');
    expect(code('{"a":1}')).toBeUndefined();
  });
});
