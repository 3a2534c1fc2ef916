/**
 * One block event stream per ledger, started on first use from the current height, that keeps the most recent
 * blocks parsed so that submit() can report the block hash of a just-committed transaction without fetching the
 * whole block again from a peer for every transaction.
 */
import type { CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import type { common } from '@hyperledger/fabric-protos';
import type { BlockView } from '../ledger';

interface BlockLike {
  serializeBinary(): Uint8Array;
}

export interface BlockFeedSource {
  open(startBlock: bigint): Promise<CloseableAsyncIterable<common.Block | BlockLike>>;
  parse(blockBytes: Uint8Array): BlockView;
  height(): Promise<number>;
}

interface Waiter {
  resolve(block: BlockView): void;
  reject(error: Error): void;
}

const KEEP_BLOCKS = 512;
/** Serialized blocks are kept for the most recent few only: proofs of just-committed transactions read them. */
const KEEP_BLOCK_BYTES = 64;

export class BlockFeed {
  private readonly recent = new Map<number, BlockView>();
  private readonly recentBytes = new Map<number, Uint8Array>();
  private readonly waiters = new Map<number, Waiter[]>();
  private started: Promise<number> | undefined;
  private stream: CloseableAsyncIterable<common.Block | BlockLike> | undefined;
  private closed = false;
  private failed: Error | undefined;

  constructor(private readonly source: BlockFeedSource) {}

  cached(number: number): BlockView | undefined {
    return this.recent.get(number);
  }

  /** The serialized common.Block, while it is among the most recent few. */
  cachedBytes(number: number): Uint8Array | undefined {
    return this.recentBytes.get(number);
  }

  /** Resolves with block `number` once the feed has it; rejects after `timeoutMs`, or if the block predates the feed. */
  async waitFor(number: number, timeoutMs: number): Promise<BlockView> {
    const hit = this.recent.get(number);
    if (hit) return hit;
    const first = await this.start();
    if (this.failed) throw this.failed;
    if (number < first) throw new Error(`block ${number} predates the block feed (from ${first})`);
    const again = this.recent.get(number);
    if (again) return again;
    return new Promise<BlockView>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.removeWaiter(number, waiter);
        reject(new Error(`block ${number} not received within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        resolve: (block) => {
          clearTimeout(timer);
          resolve(block);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const list = this.waiters.get(number) ?? [];
      list.push(waiter);
      this.waiters.set(number, list);
    });
  }

  private removeWaiter(number: number, waiter: Waiter): void {
    const list = this.waiters.get(number)?.filter((w) => w !== waiter) ?? [];
    if (list.length === 0) this.waiters.delete(number);
    else this.waiters.set(number, list);
  }

  private start(): Promise<number> {
    this.started ??= (async (): Promise<number> => {
      const first = await this.source.height();
      this.stream = await this.source.open(BigInt(first));
      void this.pump(this.stream);
      return first;
    })().catch((error: unknown) => {
      // The reader's peer is unreachable: callers fall back to a peer query; the next use tries again.
      this.started = undefined;
      throw error;
    });
    return this.started;
  }

  private async pump(stream: CloseableAsyncIterable<common.Block | BlockLike>): Promise<void> {
    try {
      for await (const block of stream) {
        const bytes = block.serializeBinary();
        const view = this.source.parse(bytes);
        this.recent.set(view.number, view);
        this.recent.delete(view.number - KEEP_BLOCKS);
        this.recentBytes.set(view.number, bytes);
        this.recentBytes.delete(view.number - KEEP_BLOCK_BYTES);
        const list = this.waiters.get(view.number);
        if (list) {
          this.waiters.delete(view.number);
          for (const waiter of list) waiter.resolve(view);
        }
      }
    } catch (error) {
      if (this.closed) return;
      this.failed = error instanceof Error ? error : new Error(String(error));
    } finally {
      // A failed or finished feed: waiters fall back to fetching the block from a peer; the next use restarts it.
      const reason = this.failed ?? new Error('block feed closed');
      for (const list of this.waiters.values()) for (const waiter of list) waiter.reject(reason);
      this.waiters.clear();
      if (!this.closed) {
        this.started = undefined;
        this.failed = undefined;
      }
    }
  }

  close(): void {
    this.closed = true;
    this.stream?.close();
  }
}
