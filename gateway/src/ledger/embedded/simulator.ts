/**
 * The transaction simulator: the peer side of the chaincode shim protocol, in process. fabric-shim's own
 * ChaincodeStub calls these `handle*` methods exactly where, on a peer, it would send a ChaincodeMessage over the
 * gRPC stream; the answers have the shapes the shim's handler would have decoded from the peer's replies
 * (Buffers, StateQueryIterator/HistoryQueryIterator over peer.QueryResponse pages of 100).
 *
 * Semantics kept from Fabric's TxSimulator: reads see committed state only (not the transaction's own writes);
 * every read records the version it saw; range queries record their results for phantom detection; writes are
 * buffered; private data is read/written in its collection and only hashes enter the read/write set; rich
 * queries are not supported on LevelDB; paginated queries make the transaction read-only.
 */
import { createHash } from 'node:crypto';
import { ledger, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { HistoryQueryIterator, StateQueryIterator } from 'fabric-shim/lib/iterators';
import { decodeVersioned, type Version } from './layout';
import type { HashedRead, HashedWrite, KeyRead, KeyWrite, PrivateWrite, RangeQueryInfo, ReadWriteSet } from './rwset';
import type { RawCursor, StateReads } from './state-reader';

/** Results per QueryResponse page, as a peer's chaincode handler batches them (maxResultLimit). */
const QUERY_PAGE = 100;

export const CHAINCODE_NAME = 'dtl';

function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function validateKey(key: string): void {
  if (typeof key !== 'string' || key === '') throw new Error('key must not be an empty string');
  if (LONE_SURROGATE.test(key)) throw new Error(`invalid key [${key}]: not a valid UTF-8 string`);
}

interface OpenQuery {
  readonly cursor: RawCursor;
  /** "" for public state. */
  readonly collection: string;
  /** Remaining results this query may still return (pagination), Infinity otherwise. */
  remaining: number;
  readonly info?: { startKey: string; endKey: string; results: KeyRead[]; exhausted: boolean };
  readonly prefixLength: number;
  buffered: Array<[Buffer, Buffer]>;
  done: boolean;
}

export interface SimulatorOptions {
  readonly store: StateReads;
  readonly channelId: string;
  readonly txId: string;
  /** Collections that exist (personal-<province>); other names fail as on Fabric. */
  readonly collections: ReadonlySet<string>;
}

export class TxSimulator {
  private readonly reads = new Map<string, KeyRead>();
  private readonly writes = new Map<string, KeyWrite>();
  private readonly rangeQueries: Array<NonNullable<OpenQuery['info']>> = [];
  private readonly hashedReads = new Map<string, HashedRead>();
  private readonly privateWrites = new Map<string, PrivateWrite>();
  private readonly queries = new Map<string, OpenQuery>();
  private nextQueryId = 0;
  private paginatedQueryPerformed = false;
  private finished = false;

  constructor(private readonly options: SimulatorOptions) {}

  // ---- state ---------------------------------------------------------------------------------------------

  async handleGetState(collection: string, key: string): Promise<Buffer> {
    this.checkOpen();
    if (collection !== '') return this.getPrivate(collection, key);
    const entry = await this.options.store.getState(key);
    if (!this.reads.has(key)) this.reads.set(key, { key, version: entry?.version ?? null });
    return entry ? entry.value : Buffer.alloc(0);
  }

  async handlePutState(collection: string, key: string, value: Uint8Array): Promise<Buffer> {
    this.checkWrite(key);
    if (collection !== '') {
      this.checkCollection(collection);
      this.privateWrites.set(`${collection}\u0000${key}`, { collection, key, isDelete: false, value: Buffer.from(value) });
      return Buffer.alloc(0);
    }
    this.writes.set(key, { key, isDelete: false, value: Buffer.from(value).toString('base64') });
    return Buffer.alloc(0);
  }

  async handleDeleteState(collection: string, key: string): Promise<Buffer> {
    this.checkWrite(key);
    if (collection !== '') {
      this.checkCollection(collection);
      this.privateWrites.set(`${collection}\u0000${key}`, { collection, key, isDelete: true });
      return Buffer.alloc(0);
    }
    this.writes.set(key, { key, isDelete: true });
    return Buffer.alloc(0);
  }

  async handlePurgeState(collection: string, key: string): Promise<Buffer> {
    return this.handleDeleteState(collection, key);
  }

  async handlePutStateMetadata(): Promise<Buffer> {
    throw new Error('UNSUPPORTED: key-level endorsement policies are not supported by the embedded ledger');
  }

  async handleGetStateMetadata(): Promise<Record<string, Uint8Array>> {
    throw new Error('UNSUPPORTED: key-level endorsement policies are not supported by the embedded ledger');
  }

  // ---- private data --------------------------------------------------------------------------------------

  private async getPrivate(collection: string, key: string): Promise<Buffer> {
    this.checkCollection(collection);
    const entry = await this.options.store.getPrivate(collection, key);
    this.recordHashedRead(collection, key, entry?.version ?? null);
    return entry ? entry.value : Buffer.alloc(0);
  }

  async handleGetPrivateDataHash(collection: string, key: string): Promise<Buffer> {
    this.checkOpen();
    this.checkCollection(collection);
    const entry = await this.options.store.getPrivateHash(collection, sha256(key));
    this.recordHashedRead(collection, key, entry?.version ?? null);
    return entry ? entry.value : Buffer.alloc(0);
  }

  private recordHashedRead(collection: string, key: string, version: Version | null): void {
    const keyHash = sha256(key).toString('hex');
    const id = `${collection}\u0000${keyHash}`;
    if (!this.hashedReads.has(id)) this.hashedReads.set(id, { collection, keyHash, version });
  }

  private checkCollection(collection: string): void {
    if (!this.options.collections.has(collection)) {
      throw new Error(`collection ${collection} could not be found for chaincode ${CHAINCODE_NAME}`);
    }
  }

  // ---- queries -------------------------------------------------------------------------------------------

  async handleGetStateByRange(
    collection: string,
    startKey: string,
    endKey: string,
    _channelId: string,
    _txId: string,
    metadata?: Uint8Array,
  ): Promise<{ iterator: StateQueryIterator; metadata?: { bookmark: string; fetchedRecordsCount: number } }> {
    this.checkOpen();
    let start = startKey;
    let pageSize = Infinity;
    if (metadata !== undefined) {
      const query = peer.QueryMetadata.deserializeBinary(metadata);
      pageSize = query.getPagesize();
      if (!(pageSize > 0)) throw new Error('page size must be greater than zero');
      if (query.getBookmark() !== '') start = query.getBookmark();
      this.paginatedQueryPerformed = true;
    }
    let cursor: RawCursor;
    let prefixLength: number;
    if (collection === '') {
      cursor = this.options.store.stateCursor(start, endKey);
      prefixLength = 1;
    } else {
      this.checkCollection(collection);
      cursor = this.options.store.privateCursor(collection, start, endKey);
      prefixLength = 1 + Buffer.byteLength(collection, 'utf8') + 1;
    }
    const info = collection === '' ? { startKey: start, endKey, results: [], exhausted: false } : undefined;
    if (info) this.rangeQueries.push(info);
    const id = String(this.nextQueryId++);
    const query: OpenQuery = { cursor, collection, remaining: pageSize, info, prefixLength, buffered: [], done: false };
    this.queries.set(id, query);
    const response = await this.nextPage(id, query);
    const iterator = new StateQueryIterator(this, this.options.channelId, this.options.txId, response);
    if (metadata === undefined) return { iterator };
    // Pagination: the whole page was fetched above; the bookmark is the next key after it, "" at the end.
    const fetchedRecordsCount = response.getResultsList().length;
    let bookmark = '';
    const peek = query.buffered[0] ?? (query.done ? undefined : (await query.cursor.next(1))[0]);
    if (peek) bookmark = peek[0].toString('utf8', prefixLength);
    await this.closeQuery(id);
    return { iterator, metadata: { bookmark, fetchedRecordsCount } };
  }

  private async nextPage(id: string, query: OpenQuery): Promise<peer.QueryResponse> {
    const response = new peer.QueryResponse();
    response.setId(id);
    const wanted = Math.min(QUERY_PAGE, query.remaining);
    const rows: Array<[Buffer, Buffer]> = [];
    while (rows.length < wanted && !query.done) {
      if (query.buffered.length === 0) {
        query.buffered = await query.cursor.next(QUERY_PAGE + 1);
        if (query.buffered.length === 0) {
          query.done = true;
          break;
        }
      }
      rows.push(...query.buffered.splice(0, wanted - rows.length));
    }
    if (query.buffered.length === 0 && !query.done) {
      query.buffered = await query.cursor.next(QUERY_PAGE + 1);
      if (query.buffered.length === 0) query.done = true;
    }
    for (const [rawKey, rawValue] of rows) {
      const key = rawKey.toString('utf8', query.prefixLength);
      const { version, value } = decodeVersioned(rawValue);
      query.info?.results.push({ key, version });
      if (query.collection !== '') this.recordHashedRead(query.collection, key, version);
      const kv = new ledger.queryresult.KV();
      kv.setNamespace(CHAINCODE_NAME);
      kv.setKey(key);
      kv.setValue(value);
      const bytes = new peer.QueryResultBytes();
      bytes.setResultbytes(kv.serializeBinary());
      response.addResults(bytes);
    }
    query.remaining -= rows.length;
    const hasMore = !query.done && query.remaining > 0;
    if (!hasMore && query.info && query.done) query.info.exhausted = true;
    response.setHasMore(hasMore);
    return response;
  }

  async handleQueryStateNext(id: string): Promise<peer.QueryResponse> {
    this.checkOpen();
    const query = this.queries.get(id);
    if (!query) throw new Error(`query iterator ${id} not found`);
    return this.nextPage(id, query);
  }

  async handleQueryStateClose(id: string): Promise<peer.QueryResponse> {
    await this.closeQuery(id);
    const response = new peer.QueryResponse();
    response.setId(id);
    response.setHasMore(false);
    return response;
  }

  private async closeQuery(id: string): Promise<void> {
    const query = this.queries.get(id);
    if (!query) return;
    this.queries.delete(id);
    await query.cursor.close();
  }

  async handleGetQueryResult(): Promise<never> {
    throw new Error('ExecuteQuery not supported for leveldb');
  }

  async handleGetHistoryForKey(key: string): Promise<HistoryQueryIterator> {
    this.checkOpen();
    const entries = await this.options.store.history(key);
    const response = new peer.QueryResponse();
    response.setId(String(this.nextQueryId++));
    for (const { entry } of entries) {
      const modification = new ledger.queryresult.KeyModification();
      modification.setTxId(entry.txId);
      modification.setValue(Buffer.from(entry.value, 'base64'));
      modification.setIsDelete(entry.isDelete);
      const timestamp = new Timestamp();
      timestamp.setSeconds(entry.timestamp.seconds);
      timestamp.setNanos(entry.timestamp.nanos);
      modification.setTimestamp(timestamp);
      const bytes = new peer.QueryResultBytes();
      bytes.setResultbytes(modification.serializeBinary());
      response.addResults(bytes);
    }
    response.setHasMore(false);
    return new HistoryQueryIterator(this, this.options.channelId, this.options.txId, response);
  }

  async handleInvokeChaincode(): Promise<never> {
    throw new Error('UNSUPPORTED: chaincode-to-chaincode calls are not supported by the embedded ledger');
  }

  // ---- result --------------------------------------------------------------------------------------------

  private checkOpen(): void {
    if (this.finished) throw new Error(`transaction ${this.options.txId} has already completed`);
  }

  private checkWrite(key: string): void {
    this.checkOpen();
    validateKey(key);
    if (this.paginatedQueryPerformed) {
      throw new Error(
        `txid [${this.options.txId}]: unsuccessful write, transaction has already performed a paginated query. Writes are not allowed`,
      );
    }
  }

  /** Ends the simulation: closes open iterators and returns the read/write set and private writes. */
  async finish(): Promise<{ rwset: ReadWriteSet; privateWrites: PrivateWrite[] }> {
    for (const id of [...this.queries.keys()]) await this.closeQuery(id);
    this.finished = true;
    const byKey = <T extends { key: string }>(a: T, b: T): number => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key));
    const privateWrites = [...this.privateWrites.values()];
    const hashedWrites: HashedWrite[] = privateWrites.map((write) => ({
      collection: write.collection,
      keyHash: sha256(write.key).toString('hex'),
      valueHash: write.isDelete || !write.value ? '' : sha256(write.value).toString('hex'),
      isDelete: write.isDelete,
    }));
    const rangeQueries: RangeQueryInfo[] = this.rangeQueries.map((info) => ({
      startKey: info.startKey,
      endKey: info.endKey,
      exhausted: info.exhausted,
      results: info.results,
    }));
    return {
      rwset: {
        reads: [...this.reads.values()].sort(byKey),
        rangeQueries,
        writes: [...this.writes.values()].sort(byKey),
        hashedReads: [...this.hashedReads.values()],
        hashedWrites,
      },
      privateWrites,
    };
  }
}
