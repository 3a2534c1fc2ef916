/**
 * The query suite, run on SQLite and on PostgreSQL (a throwaway cluster from scripts/postgres.sh): lists with filters
 * and keyset pages, Chinese substring search, the audit matrix and timeline, each checked against what the blocks
 * themselves say — and the two databases must answer the same.
 */
import type { BlockView } from '../ledger/ledger';
import { openReadModelDatabase, type ReadModelDatabase } from './database';
import { LISTS, NAME_KINDS } from './lists';
import { CursorError, ReadModelQueries, type Row } from './queries';
import { syntheticChain } from './synthetic-chain';
import { startPostgres, type ThrowawayPostgres } from './test-databases';
import { scopeFor, type Caller } from './visibility';
import { ReadModelWriter } from './writer';

const blocks: BlockView[] = [...syntheticChain({ transactions: 3000, perBlock: 40, seed: 7 })];
const records = blocks.flatMap((b) => b.transactions.map((t) => ({ record: JSON.parse(t.args[0] ?? '{}') as Record<string, unknown>, refs: (JSON.parse(t.events[0]?.payload ?? '{}') as { refs: Record<string, unknown> }).refs })));
const provinceOf = new Map(records.filter((r) => r.record.type === 'department.register').map((r) => [String(r.record.department), String(r.record.province)]));
const spec = (path: string): (typeof LISTS)[number] => LISTS.find((l) => l.path === path) ?? (() => { throw new Error(path); })();

const anhuiRegulator: Caller = { id: 'an-d1', province: 'anhui', roles: ['regulator'] };
const auditor: Caller = { id: 'zh-d0', province: 'zhejiang', roles: ['auditor'] };
const answers = new Map<string, Map<string, unknown>>();

async function allPages(fetch: (cursor: string | undefined) => Promise<{ items: Row[]; nextCursor: string | null }>): Promise<Row[]> {
  const out: Row[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await fetch(cursor);
    out.push(...page.items);
    if (page.nextCursor === null) return out;
    cursor = page.nextCursor;
  }
  throw new Error('too many pages');
}

describe.each(['sqlite', 'postgres'] as const)('read-model queries on %s', (dialect) => {
  let postgres: ThrowawayPostgres | undefined;
  let database: ReadModelDatabase;
  let queries: ReadModelQueries;
  const answer = (name: string, value: unknown): void => {
    let map = answers.get(name);
    if (!map) answers.set(name, (map = new Map()));
    map.set(dialect, value);
  };

  beforeAll(async () => {
    let location = ':memory:';
    if (dialect === 'postgres') {
      postgres = await startPostgres();
      location = await postgres.createDatabase('dtl_queries_test');
    }
    database = await openReadModelDatabase(location);
    const writer = await ReadModelWriter.open(database);
    for (let i = 0; i < blocks.length; i += 20) await writer.apply(blocks.slice(i, i + 20));
    queries = new ReadModelQueries(database.db, database.dialect);
  }, 120_000);

  afterAll(async () => {
    await database?.close();
    await postgres?.stop();
  });

  it('pages through a list in keyset order without losing or repeating a row', async () => {
    const scope = scopeFor(anhuiRegulator, 'credit');
    const rows = await allPages((cursor) => queries.list(spec('credit-entries'), { filters: {}, order: 'newest', limit: 37, cursor }, scope));
    const expected = records.filter((r) => r.record.type === 'credit.entry' && provinceOf.get(String(r.record.department)) === 'anhui').map((r) => String(r.refs.entryId));
    expect(rows.map((r) => r.entryId)).toEqual([...expected].reverse());
    expect(new Set(rows.map((r) => r.entryId)).size).toBe(rows.length);
    const oldest = await allPages((cursor) => queries.list(spec('credit-entries'), { filters: {}, order: 'oldest', limit: 50, cursor }, scope));
    expect(oldest.map((r) => r.entryId)).toEqual(expected);
    answer('credit-pages', rows.map((r) => r.entryId));
  });

  it('filters by list, category and province, and never answers another province without asking', async () => {
    const scope = scopeFor(anhuiRegulator, 'credit');
    const rows = await allPages((cursor) => queries.list(spec('credit-entries'), { filters: { list: 'black', category: 'food-drug-safety' }, order: 'newest', limit: 100, cursor }, scope));
    const expected = records.filter((r) => r.record.type === 'credit.entry' && r.record.list === 'black' && r.record.category === 'food-drug-safety' && provinceOf.get(String(r.record.department)) === 'anhui');
    expect(rows).toHaveLength(expected.length);
    expect(rows.every((r) => r.province === 'anhui' && r.list === 'black' && r.category === 'food-drug-safety')).toBe(true);
    const jiangsu = await queries.list(spec('credit-entries'), { filters: { province: 'jiangsu' }, order: 'newest', limit: 10 }, scope);
    expect(jiangsu.items).toHaveLength(0);
    const asked = await queries.list(spec('credit-entries'), { filters: { province: 'jiangsu' }, order: 'newest', limit: 10 }, scopeFor(anhuiRegulator, 'credit', ['jiangsu']));
    expect(asked.items.length).toBe(10);
    expect(asked.items.every((r) => r.province === 'jiangsu')).toBe(true);
    answer('credit-filter', rows.map((r) => r.entryId));
  });

  it('keeps licence status from the receipts (suspensions) and filters on it', async () => {
    const suspended = new Set(records.filter((r) => r.record.type === 'licence.suspend').map((r) => String(r.refs.number)));
    const scope = scopeFor({ ...anhuiRegulator, province: 'anhui' }, 'licence', ['shanghai', 'jiangsu', 'zhejiang']);
    const rows = await allPages((cursor) => queries.list(spec('licences'), { filters: { status: 'suspended' }, order: 'newest', limit: 200, cursor }, scope));
    expect(new Set(rows.map((r) => r.number))).toEqual(new Set([...suspended].filter((n) => records.some((r) => r.record.type === 'licence.issue' && r.record.number === n))));
    answer('licences-suspended', rows.map((r) => r.number).sort());
  });

  it('finds companies by a Chinese substring of their name, within the caller\'s scope', async () => {
    const text = '瓜片茶业';
    const latest = new Map<string, { name: string; province: string | undefined }>();
    for (const r of records) {
      if (r.record.type !== 'credit.entry') continue;
      const subject = r.record.subject as { creditCode: string; name: string };
      latest.set(subject.creditCode, { name: subject.name, province: provinceOf.get(String(r.record.department)) });
    }
    const expected = [...latest.entries()].filter(([, v]) => v.name.includes(text) && v.province === 'anhui').map(([k]) => k).sort();
    expect(expected.length).toBeGreaterThan(3);
    const hits = await allPages((cursor) => queries.search(text, { kinds: ['subject'], provinceScope: ['anhui'], limit: 25, cursor }));
    expect(hits.map((h) => h.refId).sort()).toEqual(expected);
    expect(hits.every((h) => String(h.name).includes(text))).toBe(true);
    const any = await queries.search('霍山石斛', { kinds: Object.keys(NAME_KINDS), provinceScope: ['anhui'], limit: 10 });
    expect(any.items.length).toBeGreaterThan(0);
    expect(any.items.every((h) => String(h.name).includes('霍山石斛'))).toBe(true);
    answer('search', hits.map((h) => h.refId).sort());
  });

  it('computes the audit matrix and daily timeline in the database', async () => {
    const access = records.filter((r) => r.record.type === 'sharing.access');
    const matrix = await queries.accessMatrix({}, scopeFor(auditor, 'access'));
    expect(matrix.reduce((n, cell) => n + Number(cell.reads), 0)).toBe(access.length);
    const cell = matrix.find((c) => c.readerProvince === 'anhui' && c.ownerProvince === 'shanghai');
    const anhuiReadsShanghai = access.filter((r) => r.refs.readerProvince === 'anhui' && r.refs.ownerProvince === 'shanghai');
    expect(cell?.reads).toBe(anhuiReadsShanghai.length);
    expect(cell?.allowed).toBe(anhuiReadsShanghai.filter((r) => r.refs.allowed === true).length);
    // A department that is not an auditor sees only the reads of its own data.
    const own = await queries.accessMatrix({}, scopeFor(anhuiRegulator, 'access'));
    expect(own.reduce((n, c) => n + Number(c.reads), 0)).toBe(access.filter((r) => r.record.owner === anhuiRegulator.id).length);
    const timeline = await queries.accessTimeline({}, scopeFor(auditor, 'access'));
    expect(timeline.reduce((n, day) => n + Number(day.reads), 0)).toBe(access.length);
    expect(timeline[0]?.day).toBe('2025-01-01');
    answer('matrix', matrix);
    answer('timeline', timeline);
  });

  it('keeps running counts that equal the rows (the overview reads them instead of counting)', async () => {
    const overview = await queries.overview({ kind: 'all' });
    const count = async (table: 'rm_transactions' | 'rm_credit_entries' | 'rm_licences' | 'rm_batches' | 'rm_access' | 'rm_blocks' | 'rm_tenders'): Promise<number> => Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(overview.counts.transactions).toBe(await count('rm_transactions'));
    expect(overview.counts.creditEntries).toBe(await count('rm_credit_entries'));
    expect(overview.counts.licences).toBe(await count('rm_licences'));
    expect(overview.counts.batches).toBe(await count('rm_batches'));
    expect(overview.counts.accessRecords).toBe(await count('rm_access'));
    expect(overview.counts.blocks).toBe(blocks.length);
    expect(overview.counts.tenders).toBe(await count('rm_tenders'));
    expect(Object.values(overview.byFamily).reduce((a, b) => a + b, 0)).toBe(records.length);
    expect(Object.keys(overview.byProvince).sort()).toEqual(['anhui', 'jiangsu', 'shanghai', 'zhejiang']);
    answer('overview', { ...overview, latestBlocks: overview.latestBlocks.map((b) => b.number) });
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(queries.list(spec('blocks'), { filters: {}, order: 'newest', limit: 5, cursor: 'bm90LWEtY3Vyc29y' }, { kind: 'all' })).rejects.toThrow(CursorError);
  });
});

describe('SQLite and PostgreSQL', () => {
  it('answer every query of the suite the same', () => {
    expect(answers.size).toBeGreaterThan(4);
    for (const [name, byDialect] of answers) {
      expect({ name, answer: byDialect.get('postgres') }).toEqual({ name, answer: byDialect.get('sqlite') });
    }
  });
});
