/**
 * The read model's query layer, one Kysely code path over SQLite and PostgreSQL: filtered lists in keyset order,
 * Chinese substring search on names (FTS5 trigram / pg_trgm), the audit's province × province matrix and daily
 * timeline, the overview counts. Every answer is scoped by visibility.ts and carries the index height.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool, type Expression } from 'kysely';
import type { Dialect, ReadModelDb } from './schema';
import type { ListSpec } from './lists';
import { NAME_KINDS } from './lists';
import { PROTECTED_FAMILIES, type Scope } from './visibility';

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export interface Page {
  readonly items: Row[];
  /** Opaque: pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface ListQuery {
  readonly filters: Readonly<Record<string, string>>;
  readonly order: 'newest' | 'oldest';
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export class CursorError extends Error {
  override readonly name = 'CursorError';
}

type Position = [number, number, string];

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor(cursor: string): Position {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 3 && Number.isSafeInteger(value[0]) && Number.isSafeInteger(value[1]) && typeof value[2] === 'string') return value as Position;
  } catch {
    // fall through
  }
  throw new CursorError('not a cursor this API returned');
}

function camel(column: string): string {
  return column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function toItem(row: Row): Row {
  const item: Row = {};
  for (const [column, value] of Object.entries(row)) item[camel(column)] = value;
  return item;
}

// Dynamic table and column names come from the LISTS table (never from the request), so the casts stay inside here.
type AnyDb = Kysely<Record<string, Record<string, Cell>>>;

export class ReadModelQueries {
  private readonly any: AnyDb;

  constructor(
    readonly db: Kysely<ReadModelDb>,
    readonly dialect: Dialect,
  ) {
    this.any = db as unknown as AnyDb;
  }

  async list(spec: ListSpec, query: ListQuery, scope: Scope): Promise<Page> {
    const first = spec.byNumber ? 'number' : 'block_number';
    const second = spec.byNumber ? 'number' : 'tx_index';
    const descending = query.order === 'newest';
    let q = this.any.selectFrom(spec.table).selectAll();
    q = q.where((eb) => {
      const conditions: Array<Expression<SqlBool>> = [];
      for (const [name, value] of Object.entries(query.filters)) {
        const filter = spec.filters[name];
        if (!filter) continue;
        const column = eb.ref(filter.column);
        const op = filter.op ?? 'eq';
        if (op === 'eq') conditions.push(eb(column, '=', /^(number|block_number|recalled|allowed)$/.test(filter.column) ? Number(value) : value));
        else if (op === 'gte') conditions.push(eb(column, '>=', value));
        else if (op === 'lte') conditions.push(eb(column, '<=', value));
        else conditions.push(eb(sql<string>`',' || ${column} || ','`, 'like', `%,${value},%`));
      }
      if (scope.kind === 'provinces' && PROTECTED_FAMILIES.has(spec.family) && spec.provinceColumn) conditions.push(eb(eb.ref(spec.provinceColumn), 'in', [...scope.provinces]));
      if (scope.kind === 'owners' && spec.ownerColumn) conditions.push(eb(eb.ref(spec.ownerColumn), 'in', [...scope.owners]));
      if (query.cursor !== undefined) {
        const [b, t, k] = decodeCursor(query.cursor);
        const comparison = descending ? '<' : '>';
        conditions.push(spec.byNumber ? eb(eb.ref('number'), comparison, b) : eb(sql`(${sql.ref(first)}, ${sql.ref(second)}, ${sql.ref(spec.key)})`, comparison, sql`(${b}, ${t}, ${k})`));
      }
      return eb.and(conditions);
    });
    const direction = descending ? 'desc' : 'asc';
    q = spec.byNumber ? q.orderBy('number', direction) : q.orderBy(first, direction).orderBy(second, direction).orderBy(spec.key, direction);
    const rows = (await q.limit(query.limit + 1).execute()) as Row[];
    const more = rows.length > query.limit;
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    const nextCursor = more && last ? encodeCursor(spec.byNumber ? [Number(last.number), 0, ''] : [Number(last.block_number), Number(last.tx_index), String(last[spec.key])]) : null;
    return { items: items.map(toItem), nextCursor };
  }

  /**
   * Names containing `text` (Chinese substring: 瓜片, 有限公司 …), newest first. SQLite answers from the FTS5 trigram
   * index, PostgreSQL from the pg_trgm GIN index (both use the index for three characters or more).
   */
  async search(text: string, options: { kinds: readonly string[]; provinceScope: readonly string[]; limit: number; cursor?: string | undefined }): Promise<Page> {
    const pattern = `%${text}%`;
    const protectedKinds = Object.entries(NAME_KINDS).filter(([, family]) => PROTECTED_FAMILIES.has(family)).map(([kind]) => kind);
    const list = (values: readonly string[]): RawBuilder<unknown> => sql.join(values.length > 0 ? values.map((v) => sql`${v}`) : [sql`NULL`]);
    // SQLite: the FTS5 trigram match drives the query. The unary + keeps the planner from walking a B-tree index on
    // kind or on the keyset order instead (which scans every name when few match).
    const plus = this.dialect === 'sqlite' ? sql.raw('+') : sql.raw('');
    let q = this.any.selectFrom('rm_names as n').select(['n.kind', 'n.ref_id', 'n.name', 'n.province', 'n.owner', 'n.block_number', 'n.tx_index']);
    if (this.dialect === 'sqlite') q = q.where(sql<SqlBool>`n.rowid IN (SELECT rowid FROM rm_names_fts WHERE rm_names_fts.name LIKE ${pattern})`);
    else q = q.where(sql<SqlBool>`n.name LIKE ${pattern}`);
    q = q.where(sql<SqlBool>`(${plus}n.kind) IN (${list(options.kinds)}) AND ((${plus}n.kind) NOT IN (${list(protectedKinds)}) OR (${plus}n.province) IN (${list(options.provinceScope)}))`);
    if (options.cursor !== undefined) {
      const [b, t, k] = decodeCursor(options.cursor);
      q = q.where(sql<SqlBool>`(${plus}n.block_number, ${plus}n.tx_index, n.kind || ':' || n.ref_id) < (${b}, ${t}, ${k})`);
    }
    const rows = (await q.orderBy(sql`${plus}n.block_number`, 'desc').orderBy(sql`${plus}n.tx_index`, 'desc').orderBy(sql`n.kind || ':' || n.ref_id`, 'desc').limit(options.limit + 1).execute()) as Row[];
    const more = rows.length > options.limit;
    const items = rows.slice(0, options.limit);
    const last = items[items.length - 1];
    return { items: items.map(toItem), nextCursor: more && last ? encodeCursor([Number(last.block_number), Number(last.tx_index), `${String(last.kind)}:${String(last.ref_id)}`]) : null };
  }

  /** Reads by reader province × owner province: total, allowed, refused, under a grant. */
  async accessMatrix(range: { from?: string | undefined; to?: string | undefined }, scope: Scope): Promise<Row[]> {
    let q = this.any
      .selectFrom('rm_access')
      .select((eb) => [
        'reader_province',
        'owner_province',
        eb.fn.countAll<number>().as('reads'),
        eb.fn.sum<number>('allowed').as('allowed'),
        eb.fn.count<number>('grant_id').as('with_grant'),
      ])
      .groupBy(['reader_province', 'owner_province'])
      .orderBy('reader_province')
      .orderBy('owner_province');
    q = this.accessWhere(q, range, scope);
    const rows = (await q.execute()) as Row[];
    return rows.map((row) => {
      const reads = Number(row.reads);
      const allowed = Number(row.allowed ?? 0);
      return toItem({ ...row, reads, allowed, refused: reads - allowed, with_grant: Number(row.with_grant) });
    });
  }

  /** Reads per day (China Standard Time), allowed and refused. */
  async accessTimeline(range: { from?: string | undefined; to?: string | undefined; readerProvince?: string | undefined; ownerProvince?: string | undefined }, scope: Scope): Promise<Row[]> {
    const day = this.dialect === 'sqlite' ? sql<string>`date(at, '+8 hours')` : sql<string>`to_char((at::timestamptz) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;
    let q = this.any
      .selectFrom('rm_access')
      .select((eb) => [day.as('day'), eb.fn.countAll<number>().as('reads'), eb.fn.sum<number>('allowed').as('allowed')])
      .groupBy(day)
      .orderBy(day);
    q = this.accessWhere(q, range, scope);
    if (range.readerProvince !== undefined) q = q.where('reader_province', '=', range.readerProvince);
    if (range.ownerProvince !== undefined) q = q.where('owner_province', '=', range.ownerProvince);
    const rows = (await q.execute()) as Row[];
    return rows.map((row) => ({ day: row.day ?? null, reads: Number(row.reads), allowed: Number(row.allowed ?? 0), refused: Number(row.reads) - Number(row.allowed ?? 0) }));
  }

  private accessWhere<Q extends { where: AnyWhere<Q> }>(q: Q, range: { from?: string | undefined; to?: string | undefined }, scope: Scope): Q {
    let out = q;
    if (range.from !== undefined) out = out.where('at', '>=', range.from);
    if (range.to !== undefined) out = out.where('at', '<=', range.to);
    if (scope.kind === 'owners') out = out.where('owner', 'in', [...scope.owners]);
    return out;
  }

  /** Counts per table, per record family and province, and the latest blocks: the explorer's overview in one request. */
  async overview(scope: Scope): Promise<{ counts: Record<string, number>; byFamily: Record<string, number>; byProvince: Record<string, number>; latestBlocks: Row[] }> {
    // Running counts kept by the projection (rm_stats): no count over a million rows per request.
    const stats = await this.db.selectFrom('rm_stats').select(['key', 'n']).execute();
    const counts: Record<string, number> = {};
    const byFamily: Record<string, number> = {};
    const byProvince: Record<string, number> = {};
    const tables: Record<string, string> = { rm_blocks: 'blocks', rm_transactions: 'transactions', rm_departments: 'departments', rm_credit_entries: 'creditEntries', rm_licences: 'licences', rm_batches: 'batches', rm_tenders: 'tenders', rm_sharing: 'sharing', rm_access: 'accessRecords' };
    for (const name of Object.values(tables)) counts[name] = 0;
    counts.invalidTransactions = 0;
    for (const { key, n } of stats) {
      const [kind, name] = key.split(':', 2) as [string, string | undefined];
      if (kind === 'table' && name !== undefined && tables[name] !== undefined) counts[tables[name]] = Number(n);
      else if (kind === 'family' && name !== undefined) byFamily[name] = Number(n);
      else if (kind === 'province' && name !== undefined) byProvince[name] = Number(n);
      else if (kind === 'invalidTransactions') counts.invalidTransactions = Number(n);
    }
    if (scope.kind === 'owners') {
      // Not an auditor: only the reads of the caller's own data (an index range on rm_access_owner).
      const own = (await this.any.selectFrom('rm_access').select((eb) => eb.fn.countAll<number>().as('n')).where('owner', 'in', [...scope.owners]).executeTakeFirst()) as Row | undefined;
      counts.accessRecords = Number(own?.n ?? 0);
    }
    const latestBlocks = (await this.any.selectFrom('rm_blocks').selectAll().orderBy('number', 'desc').limit(10).execute()) as Row[];
    return { counts, byFamily, byProvince, latestBlocks: latestBlocks.map(toItem) };
  }
}

type AnyWhere<Q> = (column: string, op: '>=' | '<=' | 'in' | '=', value: string | string[]) => Q;
