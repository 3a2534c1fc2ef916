/**
 * Bulk import through the gateway (issue 16): a CSV or Excel file of credit entries, mapped by the schema's zh-CN
 * labels; the preview names each bad cell (row, column, reason, allowed values) and writes nothing; the submit
 * commits the good rows (e-seal, or rows signed by the department's own key as the browser does) and reports every
 * row; a second import of the same file is refused row by row as replays, never written twice.
 */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { signRecord, type JsonValue } from '@dtl/chaincode/crypto';
import { startTestGateway, type TestGateway } from '../http/test-support';
import { BAD_ROW_KINDS, CREDIT_ENTRY_COLUMNS, creditEntriesCsv } from './credit-entries-csv';

let gw: TestGateway;
let headers: { Authorization: string };

beforeAll(async () => {
  gw = await startTestGateway();
  headers = { Authorization: `Bearer ${await gw.token('sh-samr')}` };
});
afterAll(async () => {
  await gw.close();
});

interface Issue { row: number; column: string | null; field: string; reason: string; allowed?: string[] }
interface Result { row: number; status: string; id?: string; txId?: string; code?: string; message?: string }

function upload(path: string, csv: string | Buffer, contentType = 'text/csv'): request.Test {
  return request(gw.server.app).post(`/api/v1/import/${path}`).set(headers).set('content-type', contentType).send(Buffer.isBuffer(csv) ? csv : Buffer.from(csv, 'utf8'));
}

describe('preview', () => {
  it('names every bad cell by row and column, with the reason and the allowed values, and writes nothing', async () => {
    const { csv, bad } = creditEntriesCsv(50, 5, 1);
    const height = await gw.ledger.height();
    const res = await upload('preview?type=credit.entry', csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'credit.entry', rows: 50, valid: 40, invalid: 10, unmapped: [] });
    expect(Object.keys(res.body.mapping as object).sort()).toEqual([...CREDIT_ENTRY_COLUMNS].sort());
    const issues = res.body.issues as Issue[];
    for (const expected of bad) expect(issues.filter((i) => i.row === expected.row).map((i) => i.column)).toContain(expected.column);
    expect(new Set(issues.map((i) => i.row))).toEqual(new Set(bad.map((b) => b.row)));
    const measure = issues.find((i) => i.column === '惩戒或激励措施');
    expect(measure?.allowed).toContain('no-bidding');
    expect(measure?.allowed).toContain('no-licence:food-business');
    const category = issues.find((i) => i.column === '失信类别');
    expect(category?.reason).toMatch(/does not belong on the black list/);
    expect((res.body.records as Array<{ record: Record<string, unknown> }>)[0]?.record).toMatchObject({ type: 'credit.entry', department: 'sh-samr', list: 'black', subject: { kind: 'organisation' }, measures: ['no-bidding', 'no-government-procurement'] });
    expect(await gw.ledger.height()).toBe(height);
    expect(BAD_ROW_KINDS.every((k) => issues.some((i) => i.column === k.column))).toBe(true);
  });

  it('refuses a bad request as a whole with a 400 naming the field and the allowed values', async () => {
    const noType = await upload('preview', 'a,b\n1,2\n');
    expect(noType.status).toBe(400);
    expect(noType.body.error.details[0]).toMatchObject({ field: 'query.type' });
    expect(noType.body.error.details[0].allowed).toContain('credit.entry');
    const registry = await upload('preview?type=department.register', 'a\n1\n');
    expect(registry.status).toBe(400);
    const badMapping = await upload(`preview?type=credit.entry&mapping=${encodeURIComponent(JSON.stringify({ 名单: 'colour' }))}`, creditEntriesCsv(1).csv);
    expect(badMapping.status).toBe(400);
    expect(badMapping.body.error.details[0].allowed).toContain('subject.creditCode');
    const nothingMapped = await upload('preview?type=credit.entry', 'foo,bar\n1,2\n');
    expect(nothingMapped.status).toBe(400);
    const notCsv = await upload('preview?type=credit.entry', '"unterminated\n');
    expect(notCsv.status).toBe(400);
    const json = await request(gw.server.app).post('/api/v1/import/preview?type=credit.entry').set(headers).send({ rows: [] });
    expect(json.status).toBe(400);
  });
});

describe('submit', () => {
  it('commits the good rows with the e-seal key, reports every row, and a second import of the file writes nothing new', async () => {
    const { csv, bad } = creditEntriesCsv(30, 6, 2);
    const res = await upload('submit?type=credit.entry', csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 30, committed: 25, refused: 0, invalid: 5 });
    const results = res.body.results as Result[];
    expect(results.map((r) => r.row)).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
    for (const r of results.filter((x) => x.status === 'committed')) expect(r.txId).toMatch(/^[0-9a-f]{16,}$/);
    for (const b of bad) expect(results.find((r) => r.row === b.row)?.status).toBe('invalid');
    const committed = results.find((r) => r.status === 'committed') as Result;
    const entry = await request(gw.server.app).get(`/api/v1/credit/entries/${committed.id}`).set(headers);
    expect(entry.status).toBe(200);

    const again = await upload('submit?type=credit.entry&format=csv', csv);
    expect(again.status).toBe(200);
    expect(again.headers['content-type']).toMatch(/^text\/csv/);
    const lines = again.text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('row,status,id,txId,blockNumber,code,message');
    expect(lines.filter((l) => l.includes(',refused,') && l.includes('REPLAYED'))).toHaveLength(25);
  });

  it('takes rows signed by the department itself (the browser path) and refuses rows of another department', async () => {
    const { csv } = creditEntriesCsv(3, 0, 3);
    const preview = await upload('preview?type=credit.entry', csv);
    const held = gw.keystore.keyFor('sh-samr');
    if (held === undefined) throw new Error('no key');
    const rows = (preview.body.records as Array<{ row: number; record: Record<string, JsonValue> }>).map(({ row, record }) => ({ row, record: signRecord(record, { privateKey: held.privateKey, keyId: held.keyId }) }));
    const foreign = { row: 99, record: { ...rows[0]?.record, department: 'js-nj-ggzy' } };
    const res = await request(gw.server.app).post('/api/v1/import/submit').set(headers).send({ rows: [...rows, foreign] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 4, committed: 3, invalid: 1 });
    expect((res.body.results as Result[])[3]).toMatchObject({ row: 99, status: 'invalid', code: 'NOT_AUTHORISED' });
  });

  it('reads an Excel workbook the same way', async () => {
    const { csv } = creditEntriesCsv(4, 4, 4);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('失信名单');
    for (const line of csv.trim().split('\n')) sheet.addRow(line.split(','));
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await upload('preview?type=credit.entry', bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 4, valid: 3, invalid: 1 });
    expect((res.body.issues as Issue[])[0]).toMatchObject({ row: 5, column: '失信类别' });
  });
});

describe('validation errors over HTTP', () => {
  it('a refused record answers 400 with each field, its reason and the allowed values', async () => {
    const { csv } = creditEntriesCsv(1, 0, 5);
    const preview = await upload('preview?type=credit.entry', csv);
    const record = { ...(preview.body.records as Array<{ record: Record<string, unknown> }>)[0]?.record, colour: 'red', measures: ['no-fun'] };
    const res = await request(gw.server.app).post('/api/v1/credit/entries').set(headers).send({ record });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_ARGUMENT');
    const details = res.body.error.details as Issue[];
    expect(details.find((d) => d.field === 'colour')?.allowed).toContain('legalBasis');
    expect(details.find((d) => d.field === 'measures[0]')?.allowed).toContain('no-bidding');
  });
});
