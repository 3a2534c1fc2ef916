/**
 * A CSV of black-list credit entries as a municipal regulator would export them from its old system (zh-CN column
 * headers, which the import maps by the schema's labels), with a deliberate share of bad rows of known kinds: the
 * data of the import tests and of `npm run bench:import`.
 */
import { creditCodeCheckCharacter } from '@dtl/chaincode';
import { stringify } from 'csv-stringify/sync';

export const CREDIT_ENTRY_COLUMNS = ['名单', '主体类型', '统一社会信用代码', '名称', '失信类别', '认定依据', '决定文书号', '惩戒或激励措施', '公示起始时间', '公示截止时间', '严重程度'] as const;

/** The kinds of bad row, in the order they are mixed in, with the column the preview must name. */
export const BAD_ROW_KINDS = [
  { kind: 'category outside the list', column: '失信类别' },
  { kind: 'credit code check character', column: '统一社会信用代码' },
  { kind: 'legal basis missing', column: '认定依据' },
  { kind: 'validTo before validFrom', column: '公示截止时间' },
  { kind: 'unknown measure', column: '惩戒或激励措施' },
] as const;

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid unified social credit code, numbered `n` (deterministic). */
export function creditCodeNumber(n: number, division = '310115'): string {
  let body = '';
  let rest = n;
  for (let i = 0; i < 9; i++) {
    body = (CHARSET[rest % 31] ?? '0') + body;
    rest = Math.floor(rest / 31);
  }
  const first17 = `91${division}${body}`;
  return first17 + (creditCodeCheckCharacter(first17) ?? '0');
}

/** `count` rows; every `badEvery`-th row (if > 0) is bad, cycling through BAD_ROW_KINDS. */
export function creditEntriesCsv(count: number, badEvery = 0, seed = 0): { csv: string; bad: Array<{ row: number; kind: string; column: string }> } {
  const rows: string[][] = [];
  const bad: Array<{ row: number; kind: string; column: string }> = [];
  for (let i = 0; i < count; i++) {
    const n = seed * 1_000_000 + i;
    const row = ['失信名单（黑名单）', '法人或其他组织', creditCodeNumber(n), `上海某某贸易有限公司第${n}号`, 'serious-illegal-dishonesty', '《市场监督管理严重违法失信名单管理办法》第十条', `沪市监信〔2025〕${n}号`, 'no-bidding|no-government-procurement', '2025-01-01T00:00:00Z', '2028-01-01T00:00:00Z', 'serious'];
    if (badEvery > 0 && (i + 1) % badEvery === 0) {
      const which = BAD_ROW_KINDS[bad.length % BAD_ROW_KINDS.length] ?? BAD_ROW_KINDS[0];
      if (which.kind === 'category outside the list') row[4] = 'a-class-taxpayer';
      if (which.kind === 'credit code check character') row[2] = `${(row[2] ?? '').slice(0, 17)}${(row[2] ?? '').endsWith('0') ? '1' : '0'}`;
      if (which.kind === 'legal basis missing') row[5] = '';
      if (which.kind === 'validTo before validFrom') row[9] = '2024-01-01T00:00:00Z';
      if (which.kind === 'unknown measure') row[7] = 'no-bidding|no-fun';
      bad.push({ row: i + 2, kind: which.kind, column: which.column });
    }
    rows.push(row);
  }
  return { csv: stringify(rows, { header: true, columns: [...CREDIT_ENTRY_COLUMNS] }), bad };
}
