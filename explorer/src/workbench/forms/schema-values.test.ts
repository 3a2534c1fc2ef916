import { RECORD_SCHEMAS } from '../../../../chaincode/src/domain/schemas';
import { validateCreditEntry } from '../../../../chaincode/src/domain/credit/validate';
import { signRecord, sm2GenerateKeyPair } from '@dtl/chaincode/crypto';
import { cstToInstant, cstToZoned, instantToCst, nowZoned } from './cst';
import { initialValue, newRecordId, pruneEmpty, routePath } from './schema-values';
import { fieldMessage } from './field-messages';
import { issuesOf } from '../gateway';

const entrySchema = (key: string) => {
  const entry = RECORD_SCHEMAS[key];
  if (!entry) throw new Error(`no schema ${key}`);
  return entry;
};

describe('workbench form values', () => {
  it('starts a black-list entry with its constants and an organisation subject, and the page-filled fields left out', () => {
    const model = initialValue(entrySchema('credit.entry:black').schema) as Record<string, unknown>;
    expect(model.list).toBe('black');
    expect(model.subject).toEqual({ kind: 'organisation' });
    expect(model.measures).toEqual([]);
  });

  it('builds a record the chaincode validator accepts from a filled model (empty optional fields dropped)', () => {
    const entry = entrySchema('credit.entry:black');
    const model = {
      ...(initialValue(entry.schema) as Record<string, unknown>),
      subject: { kind: 'organisation', creditCode: '91341181MA2PQ05F0L', name: '天长市示范电子电器有限公司' },
      category: 'product-quality',
      legalBasis: '《中华人民共和国产品质量法》第五十条',
      decisionNumber: '',
      measures: ['no-government-procurement'],
      validFrom: cstToInstant('2025-09-01 09:00:00'),
      validTo: undefined,
    };
    const record: Record<string, unknown> = { type: entry.recordType, id: newRecordId(entry.recordType, 'ah-cz-scjgj'), department: 'ah-cz-scjgj', ...(pruneEmpty(model, entry.schema) as Record<string, unknown>) };
    expect(record).not.toHaveProperty('decisionNumber');
    expect(record).not.toHaveProperty('validTo');
    expect(record.validFrom).toBe('2025-09-01T01:00:00Z');
    const signed = signRecord(record, { privateKey: sm2GenerateKeyPair().privateKey, keyId: 'ah-cz-scjgj#dev-1' });
    const result = validateCreditEntry(JSON.parse(JSON.stringify(signed)) as Parameters<typeof validateCreditEntry>[0]);
    expect(result).toMatchObject({ ok: true });
  });

  it('keeps a required empty list (an expert without affiliations) and drops an optional one', () => {
    const entry = entrySchema('tender.expert.profile');
    expect(pruneEmpty({ specialities: ['municipal-roads'], affiliations: [] }, entry.schema)).toEqual({ specialities: ['municipal-roads'], affiliations: [] });
    expect(pruneEmpty({ requestId: 'r-1', subjects: [] }, entrySchema('sharing.grant:approved').schema)).toEqual({ requestId: 'r-1' });
  });

  it('generates record ids in the validators\' id pattern, distinct each time', () => {
    const a = newRecordId('credit.repair.apply', 'ah-cz-scjgj', new Date('2026-11-30T20:00:00Z'));
    const b = newRecordId('credit.repair.apply', 'ah-cz-scjgj', new Date('2026-11-30T20:00:00Z'));
    expect(a).toMatch(/^credit-repair-apply-ah-cz-scjgj-20261201-[0-9a-f]{8}$/); // the day in Beijing
    expect(a).not.toBe(b);
  });

  it('fills route parameters from the record', () => {
    expect(routePath('/batches/:batchId/events', { batchId: 'HS SH/1' })).toBe('/batches/HS%20SH%2F1/events');
    expect(routePath('/departments/:departmentId/keys', { department: 'sh-samr' })).toBe('/departments/sh-samr/keys');
  });
});

describe('China Standard Time in the pickers', () => {
  it('shows and reads Beijing wall-clock time whatever the zone of the browser', () => {
    expect(instantToCst('2025-04-20T10:00:00Z')).toBe('2025-04-20 18:00:00');
    expect(cstToInstant('2025-04-20 18:00:00')).toBe('2025-04-20T10:00:00Z');
    expect(cstToZoned('2025-04-20 18:00:00')).toBe('2025-04-20T18:00:00+08:00');
    expect(nowZoned(new Date('2025-04-20T10:00:00Z'))).toBe('2025-04-20T18:00:00+08:00');
  });
});

describe('refusals next to their fields', () => {
  it('reads the chaincode detail into field issues with their allowed values', () => {
    const issues = issuesOf('INVALID_ARGUMENT', 'category: must be one of product-quality, wage-arrears; subject.creditCode: check character mismatch', undefined);
    expect(issues).toEqual([
      { field: 'category', message: 'must be one of product-quality, wage-arrears', allowed: ['product-quality', 'wage-arrears'] },
      { field: 'subject.creditCode', message: 'check character mismatch' },
    ]);
    expect(issuesOf('INVALID_ARGUMENT', 'x', [{ field: 'body.record.measures[0]', message: 'Required' }])).toEqual([{ field: 'measures.0', message: 'Required' }]);
  });

  it('says it in Chinese on a zh-CN page: the schema\'s rule, or the problem with the allowed values by their labels', () => {
    const schema = entrySchema('credit.entry:black').schema;
    expect(fieldMessage({ field: 'subject.creditCode', message: 'check character mismatch' }, schema, 'zh-CN')).toContain('校验位');
    const allowed = fieldMessage({ field: 'category', message: 'must be one of product-quality, wage-arrears', allowed: ['product-quality', 'wage-arrears'] }, schema, 'zh-CN');
    expect(allowed).toContain('产品质量严重失信');
    expect(allowed).not.toMatch(/[a-z]{3,}/);
    expect(fieldMessage({ field: 'category', message: 'must be one of a, b', allowed: ['a', 'b'] }, schema, 'en')).toContain('allowed: a, b');
  });
});
