/**
 * Opens the read model's database: SQLite (better-sqlite3, the embedded default: a file beside the ledger's data)
 * or PostgreSQL (a province's deployment: `postgres://` URL). One Kysely instance over either; the driver is loaded
 * lazily so a gateway on SQLite never loads pg and the other way round.
 */
import { statSync } from 'node:fs';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { createSchema, dropSchema, type Dialect, type ReadModelDb } from './schema';

export interface ReadModelDatabase {
  readonly dialect: Dialect;
  readonly db: Kysely<ReadModelDb>;
  /** SQLite only: the better-sqlite3 handle under Kysely, for the writer's prepared-statement fast path. */
  readonly sqlite?: import('better-sqlite3').Database;
  /** Where it lives, for messages: a file path or the URL without its password. */
  readonly location: string;
  /** Bytes on disk of the read model's tables and indexes. */
  sizeBytes(): Promise<number>;
  /** Drops and recreates every table (rebuild). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** `postgres://…` / `postgresql://…` is PostgreSQL; anything else is a SQLite file path (`:memory:` for tests). */
export function dialectOf(location: string): Dialect {
  return /^postgres(ql)?:\/\//.test(location) ? 'postgres' : 'sqlite';
}

export function redact(location: string): string {
  return location.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

export async function openReadModelDatabase(location: string): Promise<ReadModelDatabase> {
  const dialect = dialectOf(location);
  let db: Kysely<ReadModelDb>;
  let sizeBytes: () => Promise<number>;
  let sqlite: import('better-sqlite3').Database | undefined;
  if (dialect === 'sqlite') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const SqliteDatabase = require('better-sqlite3') as typeof import('better-sqlite3');
    const file = new SqliteDatabase(location);
    sqlite = file;
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = NORMAL');
    // 256 MiB of page cache: at a million transactions the indexes outgrow a small cache and inserts turn into reads.
    file.pragma('cache_size = -262144');
    file.pragma('temp_store = MEMORY');
    db = new Kysely<ReadModelDb>({ dialect: new SqliteDialect({ database: file }) });
    sizeBytes = async () => {
      if (location === ':memory:') return Number(file.pragma('page_count', { simple: true })) * Number(file.pragma('page_size', { simple: true }));
      let total = 0;
      for (const suffix of ['', '-wal']) {
        try {
          total += statSync(location + suffix).size;
        } catch {
          // no WAL file yet
        }
      }
      return total;
    };
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pg = require('pg') as typeof import('pg');
    // bigint columns (block numbers, counts) come back as numbers, as on SQLite.
    const types = { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser };
    const pool = new pg.Pool({ connectionString: location, max: 4, types });
    db = new Kysely<ReadModelDb>({ dialect: new PostgresDialect({ pool }) });
    sizeBytes = async () => {
      const result = await sql<{ size: number | string }>`SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint AS size FROM pg_class c WHERE c.relkind = 'r' AND c.relname LIKE 'rm\\_%'`.execute(db);
      return Number(result.rows[0]?.size ?? 0);
    };
  }
  await createSchema(db, dialect);
  return {
    dialect,
    db,
    ...(sqlite ? { sqlite } : {}),
    location: redact(location),
    sizeBytes,
    async reset() {
      await dropSchema(db, dialect);
      await createSchema(db, dialect);
    },
    async close() {
      await db.destroy();
    },
  };
}
