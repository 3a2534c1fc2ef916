/**
 * The read model as the gateway holds it: the database, the indexer following the chain, the query layer. Never a
 * source of truth: it can be deleted and rebuilt from the blocks (`dtl index rebuild`) and checked (`dtl index verify`).
 */
import type { Ledger } from '../ledger/ledger';
import { openReadModelDatabase, type ReadModelDatabase } from './database';
import { ReadModelIndexer, type IndexerOptions } from './indexer';
import { ReadModelQueries } from './queries';

export interface ReadModel {
  readonly database: ReadModelDatabase;
  readonly indexer: ReadModelIndexer;
  readonly queries: ReadModelQueries;
  close(): Promise<void>;
}

/** Opens the read model at `location` (SQLite path or postgres:// URL) over `ledger`, without starting to follow. */
export async function openReadModel(location: string, ledger: Ledger, options: IndexerOptions = {}): Promise<ReadModel> {
  const database = await openReadModelDatabase(location);
  const indexer = new ReadModelIndexer(database, ledger, options);
  return {
    database,
    indexer,
    queries: new ReadModelQueries(database.db, database.dialect),
    async close() {
      await indexer.stop();
      await database.close();
    },
  };
}

export { ReadModelIndexer } from './indexer';
export { verifyIndex, type VerifyReport, type RowDifference } from './verify';
