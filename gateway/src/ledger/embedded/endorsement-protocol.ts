/**
 * The messages between the embedded ledger's main thread and its endorsement workers (endorsement-pool.ts,
 * endorsement-worker.ts). Each postMessage carries an array of them: one message per peer per event-loop turn.
 *
 *   main -> worker: simulate a proposal against snapshot S; answers to the worker's raw reads.
 *   worker -> main: raw reads of snapshot S (point reads, cursors); the finished simulation.
 */
import type { ProposalRequest } from './endorser';
import type { PrivateWrite, ReadWriteSet } from './rwset';

/** What every endorsement worker is started with. */
export interface EndorsementWorkerData {
  /** A JavaScript module a worker can require, exporting the contract classes. */
  readonly contractsModule: string;
  /** The export holding the array of contract classes (default `contracts`). */
  readonly contractsExport: string;
  readonly channelId: string;
  readonly collections: readonly string[];
}

export type ToWorker =
  | { readonly kind: 'simulate'; readonly id: number; readonly snapshot: number; readonly request: ProposalRequest; readonly withRwset: boolean }
  | { readonly kind: 'value'; readonly id: number; readonly value: Uint8Array | undefined }
  | { readonly kind: 'rows'; readonly id: number; readonly rows: Array<[Uint8Array, Uint8Array]> }
  | { readonly kind: 'readFailed'; readonly id: number; readonly message: string };

/** A simulation as it crosses threads (Buffers arrive as Uint8Arrays). */
export interface WireSimulation {
  readonly txId: string;
  readonly timestamp: { readonly seconds: number; readonly nanos: number };
  readonly status: number;
  readonly message: string;
  readonly payload: Uint8Array;
  readonly event: { readonly name: string; readonly payload: Uint8Array } | undefined;
  /** Empty for evaluations (their read/write set is discarded). */
  readonly rwset: ReadWriteSet;
  readonly privateWrites: readonly PrivateWrite[];
}

export type FromWorker =
  /** `threadId`: the worker's Linux thread id (for per-thread CPU accounting), undefined elsewhere. */
  | { readonly kind: 'ready'; readonly threadId: number | undefined }
  | { readonly kind: 'get'; readonly id: number; readonly snapshot: number; readonly key: Uint8Array }
  | { readonly kind: 'openCursor'; readonly cursor: number; readonly simulation: number; readonly snapshot: number; readonly gte: Uint8Array; readonly lt: Uint8Array; readonly reverse: boolean }
  | { readonly kind: 'next'; readonly id: number; readonly cursor: number; readonly count: number }
  | { readonly kind: 'closeCursor'; readonly cursor: number }
  | { readonly kind: 'simulated'; readonly id: number; readonly simulation: WireSimulation }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string };

/** Sends arrays of messages: one postMessage for everything queued until the end of the event-loop turn, or `flush`. */
export class Outbox<T> {
  private queued: T[] = [];
  private scheduled = false;

  constructor(private readonly post: (messages: T[]) => void) {}

  send(message: T): void {
    this.queued.push(message);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    const messages = this.queued;
    this.queued = [];
    if (messages.length > 0) this.post(messages);
  }
}

export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
