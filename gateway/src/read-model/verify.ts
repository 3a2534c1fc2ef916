/**
 * `dtl index verify`: recomputes the projection from the chain's blocks into a scratch SQLite database and compares
 * every table, row by row in primary-key order, with the index under test. A row that was edited, deleted or added
 * behind the projection's back is named (table, key, columns). Only the blocks the index claims (its checkpoint) are
 * compared; a checkpoint that names a block the chain does not have, or with another hash, is a difference too.
 */
import { sql, type Kysely } from 'kysely';
import type { Ledger } from '../ledger/ledger';
import { openReadModelDatabase, type ReadModelDatabase } from './database';
import { PRIMARY_KEYS, PROJECTED_TABLES, columnsOf, type ReadModelDb, type TableName } from './schema';
import { ReadModelWriter, readCheckpoint } from './writer';

export interface RowDifference {
  readonly table: string;
  /** Primary key values, joined with '/'. */
  readonly key: string;
  readonly kind: 'missing' | 'unexpected' | 'changed';
  /** For `changed`: each differing column with the index's and the chain's value. */
  readonly columns?: ReadonlyArray<{ readonly column: string; readonly index: string | null; readonly chain: string | null }>;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly indexHeight: number;
  readonly chainHeight: number;
  readonly rowsCompared: number;
  readonly differences: readonly RowDifference[];
  /** Differences beyond the reported ones (the report names the first `maxReported`). */
  readonly moreDifferences: number;
  readonly checkpointProblem?: string;
}

type Cells = Record<string, unknown>;

function cell(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

const PAGE = 20_000;

/** Projects blocks [0, height) of `ledger` into `target` (emptied first). */
export async function projectInto(target: ReadModelDatabase, ledger: Ledger, height: number, batch = 500): Promise<void> {
  await target.reset();
  const writer = await ReadModelWriter.open(target);
  for (let from = 0; from < height; from += batch) {
    const blocks = [];
    for (let n = from; n < Math.min(height, from + batch); n++) {
      const block = await ledger.block(n);
      if (!block) throw new Error(`block ${n} is missing from the chain`);
      blocks.push(block);
    }
    await writer.apply(blocks);
  }
}

async function page(db: Kysely<ReadModelDb>, dialect: 'sqlite' | 'postgres', table: TableName, offset: number): Promise<Cells[]> {
  const key = PRIMARY_KEYS[table as keyof typeof PRIMARY_KEYS];
  // Byte order on both databases (PostgreSQL's default collation would sort text differently from SQLite's BINARY).
  const order = key.map((column) => (dialect === 'postgres' && column !== 'number' ? sql`${sql.ref(column)} COLLATE "C"` : sql.ref(column)));
  const rows = await sql<Cells>`SELECT ${sql.join(columnsOf(table).map((c) => sql.ref(c)))} FROM ${sql.table(table)} ORDER BY ${sql.join(order)} LIMIT ${PAGE} OFFSET ${offset}`.execute(db);
  return rows.rows;
}

function compareKeys(a: readonly (string | null)[], b: readonly (string | null)[], numeric: readonly boolean[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x === y) continue;
    if (numeric[i]) return Number(x) - Number(y);
    return Buffer.compare(Buffer.from(x), Buffer.from(y));
  }
  return 0;
}

/** Compares the index with a fresh projection of the same blocks. */
export async function verifyIndex(index: ReadModelDatabase, ledger: Ledger, options: { maxReported?: number } = {}): Promise<VerifyReport> {
  const maxReported = options.maxReported ?? 50;
  const checkpoint = await readCheckpoint(index.db);
  const chainHeight = await ledger.height();
  let checkpointProblem: string | undefined;
  if (checkpoint.height > chainHeight) checkpointProblem = `the index claims ${checkpoint.height} blocks but the chain has ${chainHeight}`;
  else if (checkpoint.height > 0) {
    const last = await ledger.block(checkpoint.height - 1);
    if (last?.hash !== checkpoint.blockHash) checkpointProblem = `the index's last block ${checkpoint.height - 1} has hash ${checkpoint.blockHash}, the chain's is ${last?.hash ?? '(none)'}`;
  }
  const height = Math.min(checkpoint.height, chainHeight);
  const expected = await openReadModelDatabase(':memory:');
  const differences: RowDifference[] = [];
  let total = 0;
  let rowsCompared = 0;
  const note = (difference: RowDifference): void => {
    total++;
    if (differences.length < maxReported) differences.push(difference);
  };
  try {
    await projectInto(expected, ledger, height);
    for (const table of PROJECTED_TABLES) {
      const key = PRIMARY_KEYS[table];
      const numeric = key.map((column) => column === 'number');
      const columns = columnsOf(table);
      let indexOffset = 0;
      let chainOffset = 0;
      let indexRows = await page(index.db, index.dialect, table, 0);
      let chainRows = await page(expected.db, 'sqlite', table, 0);
      let i = 0;
      let j = 0;
      for (;;) {
        if (i >= indexRows.length && indexRows.length === PAGE) {
          indexOffset += PAGE;
          indexRows = await page(index.db, index.dialect, table, indexOffset);
          i = 0;
        }
        if (j >= chainRows.length && chainRows.length === PAGE) {
          chainOffset += PAGE;
          chainRows = await page(expected.db, 'sqlite', table, chainOffset);
          j = 0;
        }
        const ours = indexRows[i];
        const theirs = chainRows[j];
        if (ours === undefined && theirs === undefined) break;
        const ourKey = ours ? key.map((c) => cell(ours[c])) : [];
        const theirKey = theirs ? key.map((c) => cell(theirs[c])) : [];
        const order = ours === undefined ? 1 : theirs === undefined ? -1 : compareKeys(ourKey, theirKey, numeric);
        if (order < 0) {
          note({ table, key: ourKey.join('/'), kind: 'unexpected' });
          i++;
        } else if (order > 0) {
          note({ table, key: theirKey.join('/'), kind: 'missing' });
          j++;
        } else {
          rowsCompared++;
          const changed = columns.filter((c) => cell(ours?.[c]) !== cell(theirs?.[c])).map((c) => ({ column: c, index: cell(ours?.[c]), chain: cell(theirs?.[c]) }));
          if (changed.length > 0) note({ table, key: ourKey.join('/'), kind: 'changed', columns: changed });
          i++;
          j++;
        }
      }
    }
  } finally {
    await expected.close();
  }
  return { ok: total === 0 && checkpointProblem === undefined, indexHeight: checkpoint.height, chainHeight, rowsCompared, differences, moreDifferences: total - differences.length, ...(checkpointProblem ? { checkpointProblem } : {}) };
}
