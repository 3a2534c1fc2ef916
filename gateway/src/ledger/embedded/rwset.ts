/**
 * Read/write sets, as a Fabric endorser produces them (ledger/rwset/kvrwset): key reads with the version read,
 * range query info for phantom detection, key writes, and the hashed reads/writes of private data. Private values
 * never enter the block; only their SHA-256 hashes do, as on Fabric.
 */
import type { Version } from './layout';

export interface KeyRead {
  readonly key: string;
  /** null when the key did not exist at simulation. */
  readonly version: Version | null;
}

export interface RangeQueryInfo {
  readonly startKey: string;
  /** "" = unbounded. */
  readonly endKey: string;
  /** True when the iteration reached the end of the range, so the whole range must be unchanged. */
  readonly exhausted: boolean;
  readonly results: readonly KeyRead[];
}

export interface KeyWrite {
  readonly key: string;
  readonly isDelete: boolean;
  /** Base64 of the value; absent for deletes. */
  readonly value?: string;
}

export interface HashedRead {
  readonly collection: string;
  /** Hex SHA-256 of the key. */
  readonly keyHash: string;
  readonly version: Version | null;
}

export interface HashedWrite {
  readonly collection: string;
  readonly keyHash: string;
  /** Hex SHA-256 of the value; "" for deletes. */
  readonly valueHash: string;
  readonly isDelete: boolean;
}

/** What goes into the block for one transaction. */
export interface ReadWriteSet {
  readonly reads: readonly KeyRead[];
  readonly rangeQueries: readonly RangeQueryInfo[];
  readonly writes: readonly KeyWrite[];
  readonly hashedReads: readonly HashedRead[];
  readonly hashedWrites: readonly HashedWrite[];
}

/** Private writes, committed to the private store beside the block but never into it. */
export interface PrivateWrite {
  readonly collection: string;
  readonly key: string;
  readonly isDelete: boolean;
  readonly value?: Uint8Array;
}
