/**
 * The LevelDB layout of the embedded ledger. One database, one-letter prefixes, binary keys so that byte order of
 * the UTF-8 state keys is the iteration order (as on a Fabric peer's LevelDB state database):
 *
 *   S <key>                                  public state:   version(12) || value
 *   P <collection> 00 <key>                  private state:  version(12) || value
 *   Q <collection> 00 <sha256(key)>          private hash:   version(12) || sha256(value)   (what every peer holds)
 *   H <u32 len(key)> <key> <u64 blk> <u32 tx> history entry (JSON: txId, timestamp, isDelete, value)
 *   B <u64 number>                           block (JSON)
 *   T <txId>                                 transaction location (u64 block || u32 index)
 *   M height                                 number of blocks (u64)
 */

/** A state version: the height (block, transaction index) of the transaction that last wrote the key. */
export interface Version {
  readonly block: number;
  readonly tx: number;
}

export const PREFIX = {
  state: 0x53, // S
  privateState: 0x50, // P
  privateHash: 0x51, // Q
  history: 0x48, // H
  block: 0x42, // B
  txIndex: 0x54, // T
  meta: 0x4d, // M
} as const;

export const HEIGHT_KEY = Buffer.from('Mheight', 'latin1');

export function u64(value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(value));
  return out;
}

export function readU64(buffer: Uint8Array, offset = 0): number {
  return Number(Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).readBigUInt64BE(offset));
}

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

export function stateKey(key: string): Buffer {
  return Buffer.concat([Buffer.from([PREFIX.state]), Buffer.from(key, 'utf8')]);
}

/** Exclusive upper bound of the whole public state keyspace. */
export const STATE_END = Buffer.from([PREFIX.state + 1]);

export function privateStateKey(collection: string, key: string): Buffer {
  return Buffer.concat([Buffer.from([PREFIX.privateState]), Buffer.from(collection, 'utf8'), Buffer.from([0]), Buffer.from(key, 'utf8')]);
}

export function privateStatePrefix(collection: string): Buffer {
  return Buffer.concat([Buffer.from([PREFIX.privateState]), Buffer.from(collection, 'utf8'), Buffer.from([0])]);
}

export function privateHashKey(collection: string, keyHash: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([PREFIX.privateHash]), Buffer.from(collection, 'utf8'), Buffer.from([0]), keyHash]);
}

export function historyPrefix(key: string): Buffer {
  const keyBytes = Buffer.from(key, 'utf8');
  return Buffer.concat([Buffer.from([PREFIX.history]), u32(keyBytes.length), keyBytes]);
}

export function historyKey(key: string, version: Version): Buffer {
  return Buffer.concat([historyPrefix(key), u64(version.block), u32(version.tx)]);
}

/** Splits a history key back into the state key and version. */
export function parseHistoryKey(raw: Uint8Array): { key: string; version: Version } {
  const buffer = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const length = buffer.readUInt32BE(1);
  const key = buffer.toString('utf8', 5, 5 + length);
  return { key, version: { block: Number(buffer.readBigUInt64BE(5 + length)), tx: buffer.readUInt32BE(13 + length) } };
}

export function blockKey(number: number): Buffer {
  return Buffer.concat([Buffer.from([PREFIX.block]), u64(number)]);
}

export function txIndexKey(txId: string): Buffer {
  return Buffer.concat([Buffer.from([PREFIX.txIndex]), Buffer.from(txId, 'utf8')]);
}

export function encodeTxLocation(version: Version): Buffer {
  return Buffer.concat([u64(version.block), u32(version.tx)]);
}

export function decodeTxLocation(raw: Uint8Array): Version {
  const buffer = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  return { block: Number(buffer.readBigUInt64BE(0)), tx: buffer.readUInt32BE(8) };
}

/** A versioned value as stored: 8-byte block number, 4-byte transaction index, then the value bytes. */
export function encodeVersioned(version: Version, value: Uint8Array): Buffer {
  return Buffer.concat([u64(version.block), u32(version.tx), value]);
}

export function decodeVersioned(raw: Uint8Array): { version: Version; value: Buffer } {
  const buffer = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (buffer.length < 12) throw new Error('LEDGER_CORRUPT: versioned value shorter than its header');
  return {
    version: { block: Number(buffer.readBigUInt64BE(0)), tx: buffer.readUInt32BE(8) },
    value: buffer.subarray(12),
  };
}

export function sameVersion(a: Version | undefined, b: Version | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.block === b.block && a.tx === b.tx;
}

/** The next key after `key` in byte order (for a prefix's exclusive upper bound). */
export function prefixEnd(prefix: Uint8Array): Buffer {
  const out = Buffer.from(prefix);
  for (let i = out.length - 1; i >= 0; i--) {
    const byte = out[i] ?? 0;
    if (byte < 0xff) {
      out[i] = byte + 1;
      return out.subarray(0, i + 1);
    }
  }
  throw new Error('LEDGER_KEY: prefix has no upper bound');
}
