import { RECORD_SCHEMAS } from '../../../../chaincode/src/domain/schemas';
import { columnsOf, readRow, suggestMapping } from './columns';

const schemaOf = (key: string) => {
  const entry = RECORD_SCHEMAS[key];
  if (!entry) throw new Error(`no schema ${key}`);
  return entry.schema;
};

describe('CSV columns of a record schema', () => {
  it('lists the fields a user fills (not type, id, department, signature; constants kept aside) and maps headers by label', () => {
    const layout = columnsOf(schemaOf('credit.entry:black'));
    if (!layout) throw new Error('credit.entry:black must be importable');
    const paths = layout.columns.map((c) => c.path);
    expect(paths).toEqual(expect.arrayContaining(['subject.creditCode', 'subject.name', 'category', 'legalBasis', 'measures', 'validFrom']));
    expect(paths).not.toEqual(expect.arrayContaining(['type', 'id', 'department', 'signature', 'list', 'subject.kind']));
    expect(layout.constants).toEqual(expect.arrayContaining([{ path: 'list', value: 'black' }, { path: 'subject.kind', value: 'organisation' }]));
    expect(suggestMapping(layout.columns, ['统一社会信用代码', 'category', 'Legal basis'])).toMatchObject({ 'subject.creditCode': '统一社会信用代码', category: 'category', legalBasis: 'Legal basis' });
  });

  it('refuses schemas whose rows would need lists of objects (derivations)', () => {
    expect(columnsOf(schemaOf('trace.derivation:split'))).toBeUndefined();
  });

  it('builds the record body from a row and names each bad cell', () => {
    const layout = columnsOf(schemaOf('credit.entry:black'));
    if (!layout) throw new Error('importable');
    const mapping = { 'subject.creditCode': 'code', 'subject.name': 'name', category: 'cat', legalBasis: 'basis', measures: 'measures', validFrom: 'from' };
    const good = readRow(layout.columns, layout.constants, mapping, { code: '91341181MA2PQ05F0L', name: '天长市示范电子电器有限公司', cat: 'product-quality', basis: '依据', measures: 'no-subsidy | enhanced-supervision', from: '2025-09-01T01:00:00Z' }, 'zh-CN');
    expect(good.problems).toEqual({});
    expect(good.body).toEqual({ list: 'black', subject: { kind: 'organisation', creditCode: '91341181MA2PQ05F0L', name: '天长市示范电子电器有限公司' }, category: 'product-quality', legalBasis: '依据', measures: ['no-subsidy', 'enhanced-supervision'], validFrom: '2025-09-01T01:00:00Z' });
    const bad = readRow(layout.columns, layout.constants, mapping, { code: '9134', name: '', cat: 'x', basis: '依据', measures: 'no-such', from: 'yesterday' }, 'zh-CN');
    expect(Object.keys(bad.problems).sort()).toEqual(['cat', 'code', 'from', 'measures', 'name']);
    expect(bad.problems.name).toBe('必填');
    expect(bad.problems.cat).toContain('产品质量严重失信');
  });
});
