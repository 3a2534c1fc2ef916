import type { ChaincodeStub, Iterators } from 'fabric-shim-api';
import { canonicalJson, utf8Decode, utf8Encode, type JsonValue } from '../../crypto';
import type { RecordBase, StoredRecord } from '../records/common';
import { hashOnlyForm } from '../records/hash-only';
import { narrativeOf, redact } from '../records/redaction';
import { INDEX_VALUE, KEYS } from './keys';

/** One entry of a partial-composite-key scan: the key's attributes and the stored value. */
export interface Entry<T> {
  readonly attributes: readonly string[];
  readonly value: T;
}

/** One modification of a key, oldest first (getHistoryForKey). */
export interface HistoryEntry<T> {
  readonly txId: string;
  readonly timestamp: string;
  readonly isDelete: boolean;
  readonly value: T | undefined;
}

/** Plain JSON data of an interface-typed state object (drops undefined fields, as JSON does). */
export function toJsonValue(value: object): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

function timestampToIso(ts: { seconds: unknown; nanos: number }): string {
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : Number(String(ts.seconds));
  return new Date(seconds * 1000 + Math.floor(ts.nanos / 1e6)).toISOString();
}

/** Drains a Fabric state iterator (the iterator protocol every stub implements), closing it afterwards. */
async function drain<T>(iterator: Iterators.CommonIterator<T>): Promise<T[]> {
  const out: T[] = [];
  try {
    while (true) {
      const next = await iterator.next();
      if (next.value !== undefined && next.value !== null) out.push(next.value);
      if (next.done) break;
    }
  } finally {
    await iterator.close();
  }
  return out;
}

/**
 * The repository over ctx.stub: composite keys, canonical JSON values, prefix scans, history, private data and
 * events. State written here was validated on the way in, so reads trust its shape.
 */
/** The protected record a transaction writes: its content goes to `collection`, the channel keeps no narrative. */
interface Protection {
  readonly collection: string;
  readonly recordId: string;
  readonly narrative: ReadonlyMap<string, string>;
}

export class Store {
  readonly stub: ChaincodeStub;
  private protection: Protection | undefined;

  constructor(stub: ChaincodeStub) {
    this.stub = stub;
  }

  get txId(): string {
    return this.stub.getTxID();
  }

  /** The transaction timestamp (never the clock), as an ISO-8601 UTC string with milliseconds. */
  get now(): string {
    return timestampToIso(this.stub.getTxTimestamp());
  }

  key(objectType: string, attributes: readonly string[]): string {
    return this.stub.createCompositeKey(objectType, [...attributes]);
  }

  async get<T>(objectType: string, attributes: readonly string[]): Promise<T | undefined> {
    const bytes = await this.stub.getState(this.key(objectType, attributes));
    if (bytes === undefined || bytes === null || bytes.length === 0) return undefined;
    return JSON.parse(utf8Decode(bytes)) as T;
  }

  async exists(objectType: string, attributes: readonly string[]): Promise<boolean> {
    const bytes = await this.stub.getState(this.key(objectType, attributes));
    return bytes !== undefined && bytes !== null && bytes.length > 0;
  }

  /**
   * From now on in this transaction the record's content is protected (placement.ts): `putRecord` writes its
   * content to `collection` and its hash-only form to the channel, and every channel write (state, event) carries
   * markers instead of the record's narrative strings (redaction.ts).
   */
  protect(collection: string, record: RecordBase): void {
    this.protection = { collection, recordId: record.id, narrative: narrativeOf(record as unknown as Readonly<Record<string, unknown>>) };
  }

  /** The collection the transaction's record goes to, when protected. */
  get protectedCollection(): string | undefined {
    return this.protection?.collection;
  }

  /** What the channel may hold of a value in this transaction (the value itself unless a record is protected). */
  forChannel(value: JsonValue): JsonValue {
    const protection = this.protection;
    return protection === undefined ? value : redact(value, protection.narrative, protection.collection, protection.recordId);
  }

  async put(objectType: string, attributes: readonly string[], value: object): Promise<void> {
    await this.stub.putState(this.key(objectType, attributes), utf8Encode(canonicalJson(this.forChannel(toJsonValue(value)))));
  }

  async putIndex(objectType: string, attributes: readonly string[]): Promise<void> {
    await this.stub.putState(this.key(objectType, attributes), INDEX_VALUE);
  }

  /** Every entry whose key starts with objectType + partial attributes, in key order. */
  async list<T>(objectType: string, partial: readonly string[]): Promise<Array<Entry<T>>> {
    const kvs = await drain(await this.stub.getStateByPartialCompositeKey(objectType, [...partial]));
    return kvs.map((kv) => ({
      attributes: this.stub.splitCompositeKey(kv.key).attributes,
      value: JSON.parse(utf8Decode(kv.value)) as T,
    }));
  }

  /** The attributes of every index entry under objectType + partial attributes. */
  async listIndex(objectType: string, partial: readonly string[]): Promise<Array<readonly string[]>> {
    const kvs = await drain(await this.stub.getStateByPartialCompositeKey(objectType, [...partial]));
    return kvs.map((kv) => this.stub.splitCompositeKey(kv.key).attributes);
  }

  async history<T>(objectType: string, attributes: readonly string[]): Promise<Array<HistoryEntry<T>>> {
    const mods = await drain(await this.stub.getHistoryForKey(this.key(objectType, attributes)));
    return mods.map((m) => ({
      txId: m.txId,
      timestamp: timestampToIso(m.timestamp),
      isDelete: m.isDelete,
      value: m.isDelete || m.value.length === 0 ? undefined : (JSON.parse(utf8Decode(m.value)) as T),
    }));
  }

  async getRecord<T extends RecordBase = RecordBase>(recordId: string): Promise<StoredRecord<T> | undefined> {
    return this.get<StoredRecord<T>>(KEYS.record, [recordId]);
  }

  async recordExists(recordId: string): Promise<boolean> {
    return this.exists(KEYS.record, [recordId]);
  }

  /** Stores an accepted record exactly as signed, plus txId and committedAt, and indexes it by type and time. */
  async putRecord(stored: StoredRecord): Promise<void> {
    const protection = this.protection;
    if (protection !== undefined && protection.recordId === stored.record.id) {
      await this.putPrivate(protection.collection, KEYS.record, [stored.record.id], stored);
      const onChannel = { ...stored, record: hashOnlyForm(stored.record as unknown as Record<string, unknown>), collection: protection.collection };
      await this.stub.putState(this.key(KEYS.record, [stored.record.id]), utf8Encode(canonicalJson(toJsonValue(onChannel))));
    } else {
      await this.put(KEYS.record, [stored.record.id], stored);
    }
    await this.putIndex(KEYS.recordByType, [stored.record.type, stored.committedAt, stored.record.id]);
  }

  /** Sets the transaction's chaincode event (Fabric keeps one event per transaction: one record per transaction). */
  emit(name: string, payload: JsonValue): void {
    this.stub.setEvent(name, utf8Encode(canonicalJson(this.forChannel(payload))));
  }

  /** A transient field of the proposal (never written to the ledger), or undefined. */
  transient(name: string): Uint8Array | undefined {
    const map = this.stub.getTransient();
    const value = map?.get(name);
    return value === undefined || value.length === 0 ? undefined : value;
  }

  async putPrivate(collection: string, objectType: string, attributes: readonly string[], value: object): Promise<void> {
    await this.stub.putPrivateData(collection, this.key(objectType, attributes), utf8Encode(canonicalJson(toJsonValue(value))));
  }

  async getPrivate<T>(collection: string, objectType: string, attributes: readonly string[]): Promise<T | undefined> {
    const bytes = await this.stub.getPrivateData(collection, this.key(objectType, attributes));
    if (bytes === undefined || bytes === null || bytes.length === 0) return undefined;
    return JSON.parse(utf8Decode(bytes)) as T;
  }
}
