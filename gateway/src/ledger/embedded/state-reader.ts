/**
 * What a transaction simulation reads: public state, private state and hashes, range cursors and key history, built
 * on raw reads of the ledger's key layout (layout.ts). The same reader runs over the LevelDB in process
 * (LedgerStore) and, in an endorsement worker, over reads the main thread answers from a LevelDB snapshot
 * (endorsement-worker.ts), so both decode the stored layout with the same code.
 */
import {
  STATE_END,
  decodeVersioned,
  historyPrefix,
  parseHistoryKey,
  prefixEnd,
  privateHashKey,
  privateStateKey,
  stateKey,
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

/** A forward cursor over raw LevelDB entries, fetched in chunks. */
export interface RawCursor {
  next(count: number): Promise<Array<[Buffer, Buffer]>>;
  close(): Promise<void>;
}

/** Raw key/value reads of the ledger database. */
export interface RawReads {
  get(key: Buffer): Promise<Buffer | undefined>;
  cursor(gte: Buffer, lt: Buffer, reverse?: boolean): RawCursor;
}

/** The reads a TxSimulator makes. */
export interface StateReads {
  getState(key: string): Promise<VersionedValue | undefined>;
  getPrivate(collection: string, key: string): Promise<VersionedValue | undefined>;
  getPrivateHash(collection: string, keyHash: Uint8Array): Promise<VersionedValue | undefined>;
  stateCursor(startKey: string, endKey: string): RawCursor;
  privateCursor(collection: string, startKey: string, endKey: string): RawCursor;
  history(key: string): Promise<Array<{ version: Version; entry: StoredHistoryEntry }>>;
}

export class StateReader implements StateReads {
  constructor(private readonly raw: RawReads) {}

  async getState(key: string): Promise<VersionedValue | undefined> {
    const raw = await this.raw.get(stateKey(key));
    return raw === undefined ? undefined : decodeVersioned(raw);
  }

  async getPrivate(collection: string, key: string): Promise<VersionedValue | undefined> {
    const raw = await this.raw.get(privateStateKey(collection, key));
    return raw === undefined ? undefined : decodeVersioned(raw);
  }

  async getPrivateHash(collection: string, keyHash: Uint8Array): Promise<VersionedValue | undefined> {
    const raw = await this.raw.get(privateHashKey(collection, keyHash));
    return raw === undefined ? undefined : decodeVersioned(raw);
  }

  /** Public state entries with start <= key < end in byte order ("" end = to the end of the keyspace). */
  stateCursor(startKey: string, endKey: string): RawCursor {
    return this.raw.cursor(stateKey(startKey), endKey === '' ? STATE_END : stateKey(endKey));
  }

  privateCursor(collection: string, startKey: string, endKey: string): RawCursor {
    const lt = endKey === '' ? prefixEnd(privateStateKey(collection, '')) : privateStateKey(collection, endKey);
    return this.raw.cursor(privateStateKey(collection, startKey), lt);
  }

  /** History of a key, newest first (Fabric 2.x order). */
  async history(key: string): Promise<Array<{ version: Version; entry: StoredHistoryEntry }>> {
    const prefix = historyPrefix(key);
    const cursor = this.raw.cursor(prefix, prefixEnd(prefix), true);
    const out: Array<{ version: Version; entry: StoredHistoryEntry }> = [];
    try {
      for (let rows = await cursor.next(256); rows.length > 0; rows = await cursor.next(256)) {
        for (const [rawKey, rawValue] of rows) {
          out.push({ version: parseHistoryKey(rawKey).version, entry: JSON.parse(rawValue.toString('utf8')) as StoredHistoryEntry });
        }
      }
    } finally {
      await cursor.close();
    }
    return out;
  }
}
