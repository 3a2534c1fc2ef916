/**
 * The public keys each recent block wrote (valid transactions only), kept so that phantom validation need not re-run
 * a range query whose range no block has touched since the simulation read it. A range query's results were read
 * from the state as of some height; if no block from that height on (and no earlier transaction of the block being
 * validated) wrote a key inside the range, re-executing it now would return exactly what it returned then, so it is
 * unchanged. Otherwise — or when the height is older than what is kept — the committer re-executes it as Fabric's
 * validator does, so the verdict is the same either way; only the cost differs.
 */
export class RecentWrites {
  /** Sorted UTF-8 keys per block number, for the last `capacity` blocks. */
  private readonly written = new Map<number, SortedKeys>();

  constructor(private readonly capacity = 1024) {}

  /** Records the keys block `number` wrote (it must be the block after the last one recorded). */
  record(number: number, keys: Iterable<string>): void {
    const sorted = new SortedKeys();
    for (const key of keys) sorted.add(key);
    this.written.set(number, sorted);
    if (this.written.size > this.capacity) this.written.delete(number - this.capacity);
  }

  /**
   * Whether a key within [start, end) — or [start, last] — may have been written by a block from `fromHeight` up to
   * `toHeight` (exclusive). Undefined when some of those blocks are no longer (or not yet) recorded.
   */
  touched(fromHeight: number, toHeight: number, inRange: (key: Buffer) => boolean, start: Buffer): boolean | undefined {
    for (let number = fromHeight; number < toHeight; number++) {
      const keys = this.written.get(number);
      if (keys === undefined) return undefined;
      if (keys.anyInRange(start, inRange)) return true;
    }
    return false;
  }
}

/** A set of keys in UTF-8 byte order (the order of state keys in LevelDB). */
export class SortedKeys {
  private readonly keys: Buffer[] = [];

  add(key: string): void {
    const bytes = Buffer.from(key, 'utf8');
    const at = this.firstAtLeast(bytes);
    const present = this.keys[at];
    if (present === undefined || !present.equals(bytes)) this.keys.splice(at, 0, bytes);
  }

  /** Whether the first key at or after `start` lies in the range (so, for a contiguous range, whether any does). */
  anyInRange(start: Buffer, inRange: (key: Buffer) => boolean): boolean {
    const first = this.keys[this.firstAtLeast(start)];
    return first !== undefined && inRange(first);
  }

  private firstAtLeast(key: Buffer): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (Buffer.compare(this.keys[middle] as Buffer, key) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
