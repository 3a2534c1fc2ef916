/**
 * The embedded ledger's LevelDB: one database holding blocks, state, private state, history and the tx index
 * (layout.ts). Reads are served from the committed state only, as a Fabric simulator reads them. Writes happen
 * only through `commitBatch`, one atomic LevelDB batch per block.
 */
import { Level } from 'level';
import type { AbstractSnapshot } from 'abstract-level';
import { HEIGHT_KEY, blockKey, decodeTxLocation, decodeVersioned, readU64, stateKey, txIndexKey, type Version } from './layout';
import { StateReader, type RawCursor, type RawReads, type StateReads, type StoredHistoryEntry, type VersionedValue } from './state-reader';

export type { RawCursor, StoredHistoryEntry, VersionedValue } from './state-reader';

export type BatchOperation =
  | { readonly type: 'put'; readonly key: Buffer; readonly value: Buffer }
  | { readonly type: 'del'; readonly key: Buffer };

export class LedgerStore implements StateReads {
  private readonly reader: StateReader;

  private constructor(readonly db: Level<Buffer, Buffer>) {
    this.reader = new StateReader({ get: async (key) => this.db.get(key), cursor: (gte, lt, reverse) => this.cursor(gte, lt, reverse) });
  }

  static async open(location: string): Promise<LedgerStore> {
    const db = new Level<Buffer, Buffer>(location, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    try {
      await db.open();
    } catch (error) {
      throw new Error(`LEDGER_UNAVAILABLE: cannot open LevelDB at ${location}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return new LedgerStore(db);
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  async height(): Promise<number> {
    const raw = await this.db.get(HEIGHT_KEY);
    return raw === undefined ? 0 : readU64(raw);
  }

  async getState(key: string): Promise<VersionedValue | undefined> {
    return this.reader.getState(key);
  }

  /** Current versions of many public keys at once (for MVCC validation). */
  async getStateVersions(keys: readonly string[]): Promise<Array<Version | undefined>> {
    if (keys.length === 0) return [];
    const raws = await this.db.getMany(keys.map((key) => stateKey(key)));
    return raws.map((raw) => (raw === undefined ? undefined : decodeVersioned(raw).version));
  }

  async getPrivate(collection: string, key: string): Promise<VersionedValue | undefined> {
    return this.reader.getPrivate(collection, key);
  }

  async getPrivateHash(collection: string, keyHash: Uint8Array): Promise<VersionedValue | undefined> {
    return this.reader.getPrivateHash(collection, keyHash);
  }

  /** Public state entries with start <= key < end in byte order ("" end = to the end of the keyspace). */
  stateCursor(startKey: string, endKey: string): RawCursor {
    return this.reader.stateCursor(startKey, endKey);
  }

  privateCursor(collection: string, startKey: string, endKey: string): RawCursor {
    return this.reader.privateCursor(collection, startKey, endKey);
  }

  cursor(gte: Buffer, lt: Buffer, reverse = false, snapshot?: AbstractSnapshot): RawCursor {
    const iterator = this.db.iterator({ gte, lt, reverse, ...(snapshot === undefined ? {} : { snapshot }) });
    return {
      next: async (count: number): Promise<Array<[Buffer, Buffer]>> => (await iterator.nextv(count)) as Array<[Buffer, Buffer]>,
      close: async (): Promise<void> => iterator.close(),
    };
  }

  /**
   * Raw reads from an explicit LevelDB snapshot: what an endorsement worker's simulation reads, all of it from the
   * state as of one committed block however many blocks commit meanwhile. Point reads are synchronous (getSync: a
   * block-cache hit costs microseconds on the main thread); `close` releases the snapshot.
   */
  snapshotReads(): RawReads & { getSync(key: Buffer): Buffer | undefined; close(): Promise<void> } {
    const snapshot = this.db.snapshot();
    return {
      getSync: (key) => this.db.getSync(key, { snapshot }),
      get: async (key) => this.db.getSync(key, { snapshot }),
      cursor: (gte, lt, reverse) => this.cursor(gte, lt, reverse, snapshot),
      close: async () => snapshot.close(),
    };
  }

  /**
   * Every entry of the database as of this instant (LevelDB iterators read an implicit snapshot taken when they are
   * created): since each block is one atomic batch, the entries are a consistent ledger at a block boundary, however
   * many blocks commit while the cursor is read (`dtl backup`).
   */
  snapshotCursor(): RawCursor {
    const iterator = this.db.iterator();
    return {
      next: async (count: number): Promise<Array<[Buffer, Buffer]>> => (await iterator.nextv(count)) as Array<[Buffer, Buffer]>,
      close: async (): Promise<void> => iterator.close(),
    };
  }

  /** History of a key, newest first (Fabric 2.x order). */
  async history(key: string): Promise<Array<{ version: Version; entry: StoredHistoryEntry }>> {
    return this.reader.history(key);
  }

  async getBlockBytes(number: number): Promise<Buffer | undefined> {
    return this.db.get(blockKey(number));
  }

  async getTxLocation(txId: string): Promise<Version | undefined> {
    const raw = await this.db.get(txIndexKey(txId));
    return raw === undefined ? undefined : decodeTxLocation(raw);
  }

  async txIdsPresent(txIds: readonly string[]): Promise<boolean[]> {
    if (txIds.length === 0) return [];
    const raws = await this.db.getMany(txIds.map((txId) => txIndexKey(txId)));
    return raws.map((raw) => raw !== undefined);
  }

  /** Writes one block's batch atomically; with `sync` the promise resolves only once LevelDB has fsync'd it. */
  async commitBatch(operations: readonly BatchOperation[], sync: boolean): Promise<void> {
    await this.db.batch(operations as BatchOperation[], { sync });
  }
}
