/**
 * Applies the projection's row operations to the database, many blocks per database transaction, together with the
 * checkpoint (the number of blocks applied and the last block's hash), so a crash never leaves rows without the
 * checkpoint that covers them. Consecutive upserts of a table are sent as multi-row statements.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { BlockView } from '../ledger/ledger';
import { projectBlock, type DepartmentPlace, type ProjectionContext, type RowOp } from './project';
import { PRIMARY_KEYS, type ReadModelDb, type TableName } from './schema';

type Row = Readonly<Record<string, string | number | null>>;

export interface Checkpoint {
  /** Blocks applied: the next block to apply is `height`. */
  readonly height: number;
  readonly blockHash: string;
}

export async function readCheckpoint(db: Kysely<ReadModelDb>): Promise<Checkpoint> {
  const row = await db.selectFrom('rm_checkpoint').select(['height', 'block_hash']).where('id', '=', 1).executeTakeFirst();
  return row ? { height: Number(row.height), blockHash: row.block_hash } : { height: 0, blockHash: '' };
}

/** The department places the projection needs to resume (province of each writer), from the registry rows. */
export async function loadContext(db: Kysely<ReadModelDb>): Promise<ProjectionContext> {
  const rows = await db.selectFrom('rm_departments').select(['department_id', 'province', 'city', 'county']).execute();
  return { departments: new Map<string, DepartmentPlace>(rows.map((r) => [r.department_id, { province: r.province, city: r.city, county: r.county }])) };
}

/** SQLite allows 32,766 bound values per statement, PostgreSQL 65,535: stay under both. */
const MAX_VALUES = 30_000;

/** Where the writer writes: the Kysely instance, and on SQLite the better-sqlite3 handle under it (fast path). */
export interface WriterTarget {
  readonly db: Kysely<ReadModelDb>;
  readonly sqlite?: SqliteHandle;
}

export class ReadModelWriter {
  private readonly upsert: UpsertRows;

  private constructor(
    private readonly db: Kysely<ReadModelDb>,
    private readonly context: ProjectionContext,
    sqlite: SqliteHandle | undefined,
  ) {
    this.upsert = sqlite ? sqliteUpserts(sqlite) : upsertRows;
  }

  static async open(target: WriterTarget): Promise<ReadModelWriter> {
    return new ReadModelWriter(target.db, await loadContext(target.db), target.sqlite);
  }

  /** Projects and writes `blocks` (consecutive, starting at the checkpoint) in one database transaction. */
  async apply(blocks: readonly BlockView[]): Promise<Checkpoint> {
    const last = blocks[blocks.length - 1];
    if (last === undefined) return readCheckpoint(this.db);
    const ops: RowOp[] = [];
    for (const block of blocks) ops.push(...projectBlock(block, this.context));
    const checkpoint = { height: last.number + 1, blockHash: last.hash };
    await this.db.transaction().execute(async (trx) => {
      const current = await readCheckpoint(trx);
      const first = blocks[0];
      if (first !== undefined && first.number !== current.height) throw new Error(`read model: block ${first.number} does not follow the checkpoint (${current.height} applied)`);
      await writeOps(trx, ops, this.upsert);
      await trx
        .insertInto('rm_checkpoint')
        .values({ id: 1, height: checkpoint.height, block_hash: checkpoint.blockHash })
        .onConflict((oc) => oc.column('id').doUpdateSet({ height: checkpoint.height, block_hash: checkpoint.blockHash }))
        .execute();
    });
    return checkpoint;
  }
}

/**
 * Folds a batch's operations per row before writing: an update of a row written earlier in the batch is merged into
 * that row, later updates of a row override earlier ones column by column, an upsert replaces what came before it.
 * What is left is one multi-row upsert per table and one `UPDATE … WHERE key IN (…)` per distinct change, the same
 * result as applying the operations one by one, in a few statements.
 */
async function writeOps(trx: Transaction<ReadModelDb>, ops: readonly RowOp[], upsert: UpsertRows): Promise<void> {
  const rows = new Map<TableName, Map<string, { row?: Record<string, string | number | null>; set?: Record<string, string | number | null> }>>();
  const slot = (table: TableName, key: string): { row?: Record<string, string | number | null>; set?: Record<string, string | number | null> } => {
    let byKey = rows.get(table);
    if (!byKey) rows.set(table, (byKey = new Map()));
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = {}));
    return entry;
  };
  const update = (table: TableName, key: string, set: Readonly<Record<string, string | number | null>>): void => {
    const entry = slot(table, key);
    if (entry.row) Object.assign(entry.row, set);
    else entry.set = { ...entry.set, ...set };
  };
  const increments = new Map<string, number>();
  for (const op of ops) {
    if (op.op === 'increment') {
      increments.set(op.key, (increments.get(op.key) ?? 0) + op.by);
    } else if (op.op === 'upsert') {
      const key = (PRIMARY_KEYS[op.table as keyof typeof PRIMARY_KEYS] ?? []).map((column) => String(op.row[column])).join('\u0000');
      const byKey = rows.get(op.table);
      byKey?.delete(key); // the last write of a key wins, in the order written
      const entry = slot(op.table, key);
      entry.row = { ...op.row };
    } else if (op.op === 'update') {
      const [column, value] = Object.entries(op.where)[0] ?? [];
      if (column === undefined || value === undefined || (PRIMARY_KEYS[op.table as keyof typeof PRIMARY_KEYS] ?? [])[0] !== column) throw new Error(`read model: updates address rows by their key (${op.table}.${String(column)})`);
      update(op.table, value, op.set);
    } else {
      for (const value of op.values) update(op.table, value, op.set);
    }
  }
  if (increments.size > 0) {
    await trx
      .insertInto('rm_stats')
      .values([...increments].map(([key, n]) => ({ key, n })))
      .onConflict((oc) => oc.column('key').doUpdateSet({ n: sql<number>`rm_stats.n + excluded.n` }))
      .execute();
  }
  for (const [table, byKey] of rows) {
    const upserts: Row[] = [];
    const updates = new Map<string, { set: Record<string, string | number | null>; keys: string[] }>();
    for (const [key, entry] of byKey) {
      if (entry.row) upserts.push(entry.row);
      else if (entry.set) {
        const signature = JSON.stringify(entry.set);
        let group = updates.get(signature);
        if (!group) updates.set(signature, (group = { set: entry.set, keys: [] }));
        group.keys.push(key);
      }
    }
    await upsert(trx, table, upserts);
    const column = (PRIMARY_KEYS[table as keyof typeof PRIMARY_KEYS] ?? [])[0];
    for (const { set, keys } of updates.values()) {
      for (let i = 0; i < keys.length; i += MAX_VALUES) {
        await trx.updateTable(table as never).set(set as never).where(column as never, 'in', keys.slice(i, i + MAX_VALUES) as never).execute();
      }
    }
  }
}

type UpsertRows = (trx: Transaction<ReadModelDb>, table: TableName, rows: readonly Row[]) => Promise<void>;

/** The better-sqlite3 calls the fast path uses (a structural type: the driver is loaded lazily). */
interface SqliteHandle {
  prepare(source: string): { run(...values: unknown[]): unknown };
}

function upsertSql(table: TableName, columns: readonly string[]): string {
  const key = PRIMARY_KEYS[table as keyof typeof PRIMARY_KEYS] ?? [];
  const rest = columns.filter((c) => !key.includes(c));
  const update = rest.length > 0 ? `DO UPDATE SET ${rest.map((c) => `"${c}" = excluded."${c}"`).join(', ')}` : 'DO NOTHING';
  return `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT (${key.map((c) => `"${c}"`).join(', ')}) ${update}`;
}

/**
 * SQLite: one prepared single-row upsert per table, run per row inside the Kysely transaction (same connection). The
 * same statement Kysely builds, without compiling and preparing a many-thousand-parameter statement per batch.
 */
function sqliteUpserts(sqlite: SqliteHandle): UpsertRows {
  const statements = new Map<string, { run(...values: unknown[]): unknown }>();
  return async (_trx, table, rows) => {
    const first = rows[0];
    if (first === undefined) return;
    const columns = Object.keys(first);
    const id = `${table}(${columns.join(',')})`;
    let statement = statements.get(id);
    if (!statement) statements.set(id, (statement = sqlite.prepare(upsertSql(table, columns))));
    for (const row of rows) statement.run(...columns.map((c) => row[c] ?? null));
  };
}

async function upsertRows(trx: Transaction<ReadModelDb>, table: TableName, rows: readonly Row[]): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first);
  const key = PRIMARY_KEYS[table as keyof typeof PRIMARY_KEYS] ?? [];
  const chunk = Math.max(1, Math.floor(MAX_VALUES / columns.length));
  for (let i = 0; i < rows.length; i += chunk) {
    const slice = rows.slice(i, i + chunk);
    await trx
      .insertInto(table as never)
      .values(slice as never)
      .onConflict((oc) =>
        oc.columns(key as never).doUpdateSet((eb) => Object.fromEntries(columns.filter((c) => !key.includes(c)).map((c) => [c, eb.ref(`excluded.${c}` as never)])) as never),
      )
      .execute();
  }
}
