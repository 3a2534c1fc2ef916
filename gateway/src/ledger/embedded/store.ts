/**
 * The embedded ledger's LevelDB: one database holding blocks, state, private state, history and the tx index
 * (layout.ts). Reads are served from the committed state only, as a Fabric simulator reads them. Writes happen
 * only through `commitBatch`, one atomic LevelDB batch per block.
 */
import { Level } from 'level';
import {
  HEIGHT_KEY,
  STATE_END,
  blockKey,
  decodeTxLocation,
  decodeVersioned,
  historyPrefix,
  parseHistoryKey,
  prefixEnd,
  privateHashKey,
  privateStateKey,
  readU64,
  stateKey,
  txIndexKey,
  type Version,
} from './layout';

export interface VersionedValue {
  readonly version: Version;
  readonly value: Buffer;
}

export interface StoredHistoryEntry {
  readonly txId: string;
  readonly timestamp: { readonly seconds: number; readonly nanos: number };
  readonly isDelete: boolean;
  /** Base64 of the value written (empty for deletes). */
  readonly value: string;
}

export type BatchOperation =
  | { readonly type: 'put'; readonly key: Buffer; readonly value: Buffer }
  | { readonly type: 'del'; readonly key: Buffer };

/** A forward cursor over raw LevelDB entries, fetched in chunks. */
export interface RawCursor {
  next(count: number): Promise<Array<[Buffer, Buffer]>>;
  close(): Promise<void>;
}

export class LedgerStore {
  private constructor(readonly db: Level<Buffer, Buffer>) {}

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
    const raw = await this.db.get(stateKey(key));
    return raw === undefined ? undefined : decodeVersioned(raw);
  }

  /** Current versions of many public keys at once (for MVCC validation). */
  async getStateVersions(keys: readonly string[]): Promise<Array<Version | undefined>> {
    if (keys.length === 0) return [];
    const raws = await this.db.getMany(keys.map((key) => stateKey(key)));
    return raws.map((raw) => (raw === undefined ? undefined : decodeVersioned(raw).version));
  }

  async getPrivate(collection: string, key: string): Promise<VersionedValue | undefined> {
    const raw = await this.db.get(privateStateKey(collection, key));
    return raw === undefined ? undefined : decodeVersioned(raw);
  }

  async getPrivateHash(collection: string, keyHash: Uint8Array): Promise<VersionedValue | undefined> {
    const raw = await this.db.get(privateHashKey(collection, keyHash));
    return raw === undefined ? undefined : decodeVersioned(raw);
  }

  /** Public state entries with start <= key < end in byte order ("" end = to the end of the keyspace). */
  stateCursor(startKey: string, endKey: string): RawCursor {
    const gte = stateKey(startKey);
    const lt = endKey === '' ? STATE_END : stateKey(endKey);
    return this.cursor(gte, lt);
  }

  privateCursor(collection: string, startKey: string, endKey: string): RawCursor {
    const gte = privateStateKey(collection, startKey);
    const lt = endKey === '' ? prefixEnd(privateStateKey(collection, '')) : privateStateKey(collection, endKey);
    return this.cursor(gte, lt);
  }

  cursor(gte: Buffer, lt: Buffer, reverse = false): RawCursor {
    const iterator = this.db.iterator({ gte, lt, reverse });
    return {
      next: async (count: number): Promise<Array<[Buffer, Buffer]>> => (await iterator.nextv(count)) as Array<[Buffer, Buffer]>,
      close: async (): Promise<void> => iterator.close(),
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
    const prefix = historyPrefix(key);
    const out: Array<{ version: Version; entry: StoredHistoryEntry }> = [];
    for await (const [rawKey, rawValue] of this.db.iterator({ gte: prefix, lt: prefixEnd(prefix), reverse: true })) {
      out.push({ version: parseHistoryKey(rawKey).version, entry: JSON.parse(rawValue.toString('utf8')) as StoredHistoryEntry });
    }
    return out;
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
