/**
 * Feeds the read model from the Ledger port's block stream: resumes at the checkpoint, writes what the stream has
 * ready in one database transaction (up to `maxBatch` blocks), follows new blocks until stopped. Works the same over
 * the embedded ledger and a Fabric peer (both implement `Ledger.blocks`).
 */
import type { BlockView, Ledger } from '../ledger/ledger';
import type { ReadModelDatabase } from './database';
import { ReadModelWriter, readCheckpoint, type Checkpoint } from './writer';

export interface IndexerOptions {
  readonly maxBatch?: number;
  /** Called after each applied batch (metrics, logs). */
  readonly onApplied?: (checkpoint: Checkpoint, blocks: number) => void;
  readonly onError?: (error: unknown) => void;
}

const IDLE = Symbol('idle');

export class ReadModelIndexer {
  private checkpoint: Checkpoint = { height: 0, blockHash: '' };
  private readonly waiters = new Set<{ height: number; done: () => void }>();
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(
    readonly database: ReadModelDatabase,
    private readonly ledger: Ledger,
    private readonly options: IndexerOptions = {},
  ) {}

  /** Blocks applied to the index (the height its answers are computed at). */
  get height(): number {
    return this.checkpoint.height;
  }

  async lag(): Promise<number> {
    return Math.max(0, (await this.ledger.height()) - this.checkpoint.height);
  }

  /** Starts following the chain from the checkpoint (in the background). */
  async start(): Promise<void> {
    if (this.running) return;
    this.checkpoint = await readCheckpoint(this.database.db);
    const controller = new AbortController();
    this.controller = controller;
    this.running = this.follow(controller.signal).catch((error: unknown) => {
      if (!controller.signal.aborted) this.options.onError?.(error);
    });
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.running;
    this.running = undefined;
  }

  /** Indexes up to the chain's current height and returns (no following): `dtl index rebuild`, benchmarks, tests. */
  async catchUp(): Promise<Checkpoint> {
    const controller = new AbortController();
    this.checkpoint = await readCheckpoint(this.database.db);
    const target = await this.ledger.height();
    if (this.checkpoint.height >= target) return this.checkpoint;
    const run = this.follow(controller.signal, target);
    await run;
    controller.abort();
    return this.checkpoint;
  }

  /** Resolves when the index has applied `height` blocks (or after `timeoutMs`, with false). */
  async waitFor(height: number, timeoutMs = 10_000): Promise<boolean> {
    if (this.checkpoint.height >= height) return true;
    return new Promise<boolean>((resolve) => {
      const waiter = {
        height,
        done: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private async follow(signal: AbortSignal, until?: number): Promise<void> {
    const writer = await ReadModelWriter.open(this.database);
    const maxBatch = this.options.maxBatch ?? 500;
    const iterator = this.ledger.blocks(this.checkpoint.height, signal)[Symbol.asyncIterator]();
    let next = iterator.next();
    try {
      while (!signal.aborted) {
        const first = await next;
        if (first.done) return;
        const batch: BlockView[] = [first.value];
        next = iterator.next();
        // Take what the stream already has ready, without waiting for blocks not cut yet.
        while (batch.length < maxBatch && (until === undefined || (batch[batch.length - 1]?.number ?? 0) + 1 < until)) {
          const ready = await Promise.race([next, new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE)))]);
          if (ready === IDLE || ready.done) break;
          batch.push(ready.value);
          next = iterator.next();
        }
        this.checkpoint = await writer.apply(batch);
        this.options.onApplied?.(this.checkpoint, batch.length);
        for (const waiter of [...this.waiters]) if (this.checkpoint.height >= waiter.height) waiter.done();
        if (until !== undefined && this.checkpoint.height >= until) return;
      }
    } finally {
      void iterator.return?.();
    }
  }
}
