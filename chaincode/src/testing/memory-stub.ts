/**
 * A ChaincodeStub-shaped test double that keeps world state in Maps. It keeps the Fabric semantics the contracts
 * can observe: reads see committed state only (never the transaction's own writes), writes are buffered and
 * applied only if the transaction succeeds, composite keys use Fabric's encoding, an empty value is refused,
 * one event per transaction (the last set wins). Unit tests only; the embedded ledger is the real thing.
 */
import type { ChaincodeStub, Iterators, SerializedIdentity, Timestamp } from 'fabric-shim-api';
import { sha256 } from '../../crypto';

const NS = '\u0000';
const MAX_RUNE = '\u{10FFFF}';

export interface KeyModification {
  readonly txId: string;
  readonly at: Date;
  readonly value: Uint8Array | undefined;
}

/** Committed state shared by every transaction of a test ledger. */
export class MemoryWorldState {
  readonly state = new Map<string, Uint8Array>();
  readonly history = new Map<string, KeyModification[]>();
  readonly privateData = new Map<string, Map<string, Uint8Array>>();

  sortedKeys(): string[] {
    return [...this.state.keys()].sort(compareKeys);
  }
}

/** Fabric compares keys as byte strings (UTF-8); code point order is the same order. */
function compareKeys(a: string, b: string): number {
  const ca = [...a].map((c) => c.codePointAt(0) ?? 0);
  const cb = [...b].map((c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = (ca[i] ?? 0) - (cb[i] ?? 0);
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

function iteratorOf<T>(items: T[]): Promise<Iterators.CommonIterator<T>> & AsyncIterable<T> {
  let index = 0;
  const iterator: Iterators.CommonIterator<T> = {
    next: async (): Promise<Iterators.NextResult<T>> => {
      if (index < items.length) return { value: items[index++] as T, done: false };
      return { value: undefined as unknown as T, done: true };
    },
    close: async (): Promise<void> => undefined,
  };
  const promise = Promise.resolve(iterator) as Promise<Iterators.CommonIterator<T>> & AsyncIterable<T>;
  promise[Symbol.asyncIterator] = async function* (): AsyncGenerator<T> {
    yield* items;
  };
  return promise;
}

function timestampOf(date: Date): Timestamp {
  const ms = date.getTime();
  const seconds = Math.floor(ms / 1000);
  // fabric-shim returns a Long; our code only needs its string/number value.
  return { seconds: { low: seconds, high: 0, unsigned: true, toNumber: () => seconds, toString: () => String(seconds) } as unknown as Timestamp['seconds'], nanos: (ms % 1000) * 1e6 };
}

export interface MemoryStubOptions {
  readonly world: MemoryWorldState;
  readonly txId: string;
  readonly timestamp: Date;
  readonly creator: SerializedIdentity;
  /** Function name (`contract:fn`) followed by the string arguments. */
  readonly args: readonly string[];
  readonly transient?: ReadonlyMap<string, Uint8Array>;
  readonly channelId?: string;
}

export class MemoryStub implements Partial<ChaincodeStub> {
  private readonly options: MemoryStubOptions;
  readonly writes = new Map<string, Uint8Array | undefined>();
  readonly privateWrites = new Map<string, Map<string, Uint8Array>>();
  event: { name: string; payload: Uint8Array } | undefined;

  constructor(options: MemoryStubOptions) {
    this.options = options;
  }

  getArgs(): string[] {
    return [...this.options.args];
  }
  getStringArgs(): string[] {
    return [...this.options.args];
  }
  getBufferArgs(): Buffer[] {
    return this.options.args.map((a) => Buffer.from(a, 'utf8'));
  }
  getFunctionAndParameters(): { params: string[]; fcn: string } {
    const [fcn = '', ...params] = this.options.args;
    return { fcn, params };
  }
  getTxID(): string {
    return this.options.txId;
  }
  getChannelID(): string {
    return this.options.channelId ?? 'delta';
  }
  getCreator(): SerializedIdentity {
    return this.options.creator;
  }
  getMspID(): string {
    return this.options.creator.mspid;
  }
  getTransient(): Map<string, Uint8Array> {
    return new Map(this.options.transient ?? []);
  }
  getTxTimestamp(): Timestamp {
    return timestampOf(this.options.timestamp);
  }
  getDateTimestamp(): Date {
    return new Date(this.options.timestamp.getTime());
  }

  async getState(key: string): Promise<Uint8Array> {
    return this.options.world.state.get(key) ?? new Uint8Array(0);
  }
  async putState(key: string, value: Uint8Array): Promise<void> {
    if (key === '') throw new Error('key must not be an empty string');
    if (value.length === 0) throw new Error('value must not be empty (Fabric treats an empty value as a delete)');
    this.writes.set(key, new Uint8Array(value));
  }
  async deleteState(key: string): Promise<void> {
    this.writes.set(key, undefined);
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    for (const part of [objectType, ...attributes]) {
      if (part.includes(NS) || part.includes(MAX_RUNE)) throw new Error(`composite key part ${JSON.stringify(part)} contains U+0000 or U+10FFFF`);
    }
    return NS + objectType + NS + attributes.map((a) => a + NS).join('');
  }
  splitCompositeKey(compositeKey: string): { objectType: string; attributes: string[] } {
    const parts = compositeKey.split(NS);
    // ['', objectType, attr1, ..., attrN, '']
    return { objectType: parts[1] ?? '', attributes: parts.slice(2, -1) };
  }

  getStateByPartialCompositeKey(objectType: string, attributes: string[]): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    const prefix = this.createCompositeKey(objectType, attributes);
    return this.range(prefix, prefix + MAX_RUNE);
  }
  getStateByRange(startKey: string, endKey: string): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    // Fabric's range queries never return composite keys.
    return this.range(startKey === '' ? '\u0001' : startKey, endKey === '' ? MAX_RUNE : endKey);
  }
  private range(start: string, end: string): Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV> {
    const kvs = this.options.world
      .sortedKeys()
      .filter((k) => compareKeys(k, start) >= 0 && compareKeys(k, end) < 0)
      .map((key) => ({ namespace: 'dtl', key, value: this.options.world.state.get(key) ?? new Uint8Array(0) }));
    return iteratorOf(kvs);
  }

  getHistoryForKey(key: string): Promise<Iterators.HistoryQueryIterator> & AsyncIterable<Iterators.KeyModification> {
    const mods = (this.options.world.history.get(key) ?? []).map((m) => ({
      isDelete: m.value === undefined,
      value: m.value ?? new Uint8Array(0),
      timestamp: timestampOf(m.at),
      txId: m.txId,
    }));
    return iteratorOf(mods);
  }

  setEvent(name: string, payload: Uint8Array): void {
    if (name === '') throw new Error('event name must not be empty');
    this.event = { name, payload: new Uint8Array(payload) };
  }

  async getPrivateData(collection: string, key: string): Promise<Uint8Array> {
    return this.options.world.privateData.get(collection)?.get(key) ?? new Uint8Array(0);
  }
  /** SHA-256 of the committed private value (what every channel member's peer holds), empty when there is none. */
  async getPrivateDataHash(collection: string, key: string): Promise<Uint8Array> {
    const value = this.options.world.privateData.get(collection)?.get(key);
    return value === undefined ? new Uint8Array(0) : sha256(value);
  }
  async putPrivateData(collection: string, key: string, value: Uint8Array): Promise<void> {
    if (value.length === 0) throw new Error('value must not be empty');
    const writes = this.privateWrites.get(collection) ?? new Map<string, Uint8Array>();
    writes.set(key, new Uint8Array(value));
    this.privateWrites.set(collection, writes);
  }

  /** Applies the buffered writes to the world state (called by the harness when the transaction succeeded). */
  commit(): void {
    const world = this.options.world;
    for (const [key, value] of this.writes) {
      if (value === undefined) world.state.delete(key);
      else world.state.set(key, value);
      const mods = world.history.get(key) ?? [];
      mods.push({ txId: this.options.txId, at: this.options.timestamp, value });
      world.history.set(key, mods);
    }
    for (const [collection, writes] of this.privateWrites) {
      const target = world.privateData.get(collection) ?? new Map<string, Uint8Array>();
      for (const [key, value] of writes) target.set(key, value);
      world.privateData.set(collection, target);
    }
  }
}
