/**
 * The committer: validates an ordered batch of endorsed transactions the way a Fabric peer's validator does
 * (MVCC: every key read must still have the version read, taking earlier valid transactions of the same block
 * into account; range queries are re-executed for phantoms), then turns the block into ONE LevelDB batch: block,
 * state, private state and hashes, history and tx index, and the new height.
 */
import { createHash } from 'node:crypto';
import type { ValidationCode } from '../ledger';
import { assembleBlock, encodeBlock, type BlockSigner, type StoredBlock, type StoredTransaction } from './block';
import {
  HEIGHT_KEY,
  blockKey,
  encodeTxLocation,
  encodeVersioned,
  historyKey,
  privateHashKey,
  privateStateKey,
  sameVersion,
  stateKey,
  txIndexKey,
  u64,
  type Version,
} from './layout';
import { SortedKeys, type RecentWrites } from './recent-writes';
import type { PrivateWrite, RangeQueryInfo } from './rwset';
import type { BatchOperation, LedgerStore, StoredHistoryEntry } from './store';
import { decodeVersioned } from './layout';

export interface EndorsedTransaction {
  readonly tx: StoredTransaction;
  readonly privateWrites: readonly PrivateWrite[];
  /** The ledger height whose state the simulation read (every block below it was visible to it), when known. */
  readonly readHeight?: number;
}

export interface PreparedBlock {
  readonly block: StoredBlock;
  readonly operations: BatchOperation[];
}

interface PendingUpdate {
  readonly version: Version;
  readonly isDelete: boolean;
}

/** What a recorded range query covered: [start, end) when it ran to its end, [start, its last result] otherwise. */
interface RangeBounds {
  readonly start: Buffer;
  readonly contains: (key: Uint8Array) => boolean;
}

function rangeBounds(info: RangeQueryInfo): RangeBounds {
  const last = info.results[info.results.length - 1];
  // The bounds in UTF-8 once, compared with each key's bytes (the state keys as stored, after their prefix byte).
  const start = Buffer.from(info.startKey, 'utf8');
  const end = info.exhausted ? (info.endKey === '' ? undefined : Buffer.from(info.endKey, 'utf8')) : undefined;
  const lastKey = !info.exhausted && last !== undefined ? Buffer.from(last.key, 'utf8') : undefined;
  const contains = (key: Uint8Array): boolean =>
    Buffer.compare(key, start) >= 0 &&
    (info.exhausted ? end === undefined || Buffer.compare(key, end) < 0 : lastKey !== undefined && Buffer.compare(key, lastKey) <= 0);
  return { start, contains };
}

/**
 * Whether a range query would return what it returned: without touching the database when the recent blocks and the
 * block's earlier updates wrote nothing inside the range since the simulation's read height (recent-writes.ts), by
 * re-executing it otherwise.
 */
async function rangeUnchanged(
  store: LedgerStore,
  info: RangeQueryInfo,
  updates: ReadonlyMap<string, PendingUpdate>,
  recent: { readonly writes: RecentWrites; readonly blockWrites: SortedKeys; readonly fromHeight: number | undefined; readonly toHeight: number } | undefined,
): Promise<boolean> {
  if (!info.exhausted && info.results.length === 0) return true;
  const bounds = rangeBounds(info);
  if (recent !== undefined && recent.fromHeight !== undefined) {
    const touched = recent.writes.touched(recent.fromHeight, recent.toHeight, bounds.contains, bounds.start);
    if (touched === false && !recent.blockWrites.anyInRange(bounds.start, bounds.contains)) return true;
  }
  return rangeReexecutedUnchanged(store, info, updates, bounds.contains);
}

/** Re-executes a range query against committed state plus the block's earlier updates; true when unchanged. */
async function rangeReexecutedUnchanged(
  store: LedgerStore,
  info: RangeQueryInfo,
  updates: ReadonlyMap<string, PendingUpdate>,
  inRangeBytes: (key: Uint8Array) => boolean,
): Promise<boolean> {
  const current = new Map<string, Version>();
  const cursor = store.stateCursor(info.startKey, info.endKey);
  try {
    outer: while (true) {
      const rows = await cursor.next(256);
      if (rows.length === 0) break;
      for (const [rawKey, rawValue] of rows) {
        if (!inRangeBytes(rawKey.subarray(1))) break outer;
        current.set(rawKey.toString('utf8', 1), decodeVersioned(rawValue).version);
      }
    }
  } finally {
    await cursor.close();
  }
  for (const [key, update] of updates) {
    if (!inRangeBytes(Buffer.from(key, 'utf8'))) continue;
    if (update.isDelete) current.delete(key);
    else current.set(key, update.version);
  }
  if (current.size !== info.results.length) return false;
  for (const read of info.results) {
    if (!sameVersion(current.get(read.key), read.version ?? undefined)) return false;
  }
  return true;
}

/** Validates the batch and builds the block and its single atomic write batch. */
export async function prepareBlock(
  store: LedgerStore,
  number: number,
  previousHash: string,
  batch: readonly EndorsedTransaction[],
  signer: BlockSigner,
  recentWrites?: RecentWrites,
): Promise<PreparedBlock> {
  const updates = new Map<string, PendingUpdate>();
  /** The keys this block's valid transactions wrote so far, in byte order (for the recent-writes range check). */
  const blockWrites = new SortedKeys();
  const hashedUpdates = new Map<string, PendingUpdate>();
  const seenTxIds = new Set<string>();

  const readKeys = [...new Set(batch.flatMap(({ tx }) => tx.rwset.reads.map((read) => read.key)))];
  const committedVersions = new Map<string, Version | undefined>();
  (await store.getStateVersions(readKeys)).forEach((version, index) => committedVersions.set(readKeys[index] as string, version));

  const alreadyCommitted = await store.txIdsPresent(batch.map(({ tx }) => tx.txId));

  const validationCodes: ValidationCode[] = [];
  for (const [index, { tx }] of batch.entries()) {
    let code: ValidationCode = 'VALID';
    if (seenTxIds.has(tx.txId) || alreadyCommitted[index] === true) code = 'DUPLICATE_TXID';
    seenTxIds.add(tx.txId);
    if (code === 'VALID') {
      for (const read of tx.rwset.reads) {
        const pending = updates.get(read.key);
        const current = pending ? (pending.isDelete ? undefined : pending.version) : committedVersions.get(read.key);
        if (!sameVersion(current, read.version ?? undefined)) {
          code = 'MVCC_READ_CONFLICT';
          break;
        }
      }
    }
    if (code === 'VALID') {
      for (const read of tx.rwset.hashedReads) {
        const id = `${read.collection}\u0000${read.keyHash}`;
        const pending = hashedUpdates.get(id);
        const current = pending
          ? pending.isDelete
            ? undefined
            : pending.version
          : (await store.getPrivateHash(read.collection, Buffer.from(read.keyHash, 'hex')))?.version;
        if (!sameVersion(current, read.version ?? undefined)) {
          code = 'MVCC_READ_CONFLICT';
          break;
        }
      }
    }
    if (code === 'VALID') {
      const { readHeight } = batch[index] as EndorsedTransaction;
      const recent = recentWrites === undefined ? undefined : { writes: recentWrites, blockWrites, fromHeight: readHeight, toHeight: number };
      for (const info of tx.rwset.rangeQueries) {
        if (!(await rangeUnchanged(store, info, updates, recent))) {
          code = 'PHANTOM_READ_CONFLICT';
          break;
        }
      }
    }
    if (code === 'VALID') {
      const version: Version = { block: number, tx: index };
      for (const write of tx.rwset.writes) {
        updates.set(write.key, { version, isDelete: write.isDelete });
        if (recentWrites !== undefined) blockWrites.add(write.key);
      }
      for (const write of tx.rwset.hashedWrites) {
        hashedUpdates.set(`${write.collection}\u0000${write.keyHash}`, { version, isDelete: write.isDelete });
      }
    }
    validationCodes.push(code);
  }

  const block = await assembleBlock(
    number,
    previousHash,
    batch.map(({ tx }) => tx),
    validationCodes,
    signer,
  );
  return { block, operations: blockOperations(block, batch) };
}

/** The LevelDB operations that commit a validated block (used by the committer and by chain verification). */
export function blockOperations(block: StoredBlock, batch: readonly EndorsedTransaction[]): BatchOperation[] {
  const operations: BatchOperation[] = [];
  const number = block.header.number;
  const indexed = new Set<string>();
  block.transactions.forEach((tx, index) => {
    const version: Version = { block: number, tx: index };
    // A duplicate tx id keeps pointing at its first occurrence, as Fabric's tx index does.
    if (!indexed.has(tx.txId) && block.validationCodes[index] !== 'DUPLICATE_TXID') {
      indexed.add(tx.txId);
      operations.push({ type: 'put', key: txIndexKey(tx.txId), value: encodeTxLocation(version) });
    }
    if (block.validationCodes[index] !== 'VALID') return;
    for (const op of transactionStateOperations(tx, version)) operations.push(op);
    for (const write of batch[index]?.privateWrites ?? []) {
      const keyHash = createHash('sha256').update(write.key).digest();
      if (write.isDelete || !write.value) {
        operations.push({ type: 'del', key: privateStateKey(write.collection, write.key) });
        operations.push({ type: 'del', key: privateHashKey(write.collection, keyHash) });
      } else {
        operations.push({ type: 'put', key: privateStateKey(write.collection, write.key), value: encodeVersioned(version, write.value) });
        const valueHash = createHash('sha256').update(write.value).digest();
        operations.push({ type: 'put', key: privateHashKey(write.collection, keyHash), value: encodeVersioned(version, valueHash) });
      }
    }
  });
  operations.push({ type: 'put', key: blockKey(number), value: encodeBlock(block) });
  operations.push({ type: 'put', key: HEIGHT_KEY, value: u64(number + 1) });
  return operations;
}

/** Public state and history operations of one valid transaction. */
export function transactionStateOperations(tx: StoredTransaction, version: Version): BatchOperation[] {
  const operations: BatchOperation[] = [];
  for (const write of tx.rwset.writes) {
    const value = write.isDelete ? Buffer.alloc(0) : Buffer.from(write.value ?? '', 'base64');
    if (write.isDelete) operations.push({ type: 'del', key: stateKey(write.key) });
    else operations.push({ type: 'put', key: stateKey(write.key), value: encodeVersioned(version, value) });
    operations.push({ type: 'put', key: historyKey(write.key, version), value: encodeHistoryEntry(tx, write.isDelete, write.value ?? '') });
  }
  return operations;
}

export function encodeHistoryEntry(tx: StoredTransaction, isDelete: boolean, valueBase64: string): Buffer {
  const entry: StoredHistoryEntry = { txId: tx.txId, timestamp: tx.timestamp, isDelete, value: isDelete ? '' : valueBase64 };
  return Buffer.from(JSON.stringify(entry), 'utf8');
}
