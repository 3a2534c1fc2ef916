/**
 * Endorsement in parallel, as Fabric's peers endorse: proposals are simulated on a pool of worker threads
 * (endorsement-worker.ts), each simulation reading one consistent LevelDB snapshot, the state as of the last
 * committed block when it started. The main thread answers the workers' raw reads from that snapshot (a point read
 * is a synchronous block-cache lookup) and keeps ordering, MVCC validation and the block write, so conflicts are
 * decided exactly as before.
 *
 * A hand-written pool rather than piscina or tinypool: a simulation is not a task that returns a value but a
 * conversation (the contract's reads are answered by the main thread while it runs), which their task-result model
 * does not carry without a MessagePort per task.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ProposalRequest, Simulation } from './endorser';
import { Outbox, toBuffer, type EndorsementWorkerData, type FromWorker, type ToWorker, type WireSimulation } from './endorsement-protocol';
import type { RawCursor } from './state-reader';
import type { LedgerStore } from './store';

type SnapshotReads = ReturnType<LedgerStore['snapshotReads']>;

/** The snapshot of each committed state simulations started on, shared by them and released after the last one. */
class Snapshots {
  private readonly open = new Map<number, { readonly reads: SnapshotReads; readonly height: number; users: number }>();
  private current: number | undefined;
  private nextId = 0;

  /** `height`: the ledger height now (blocks below it are committed). */
  constructor(
    private readonly store: LedgerStore,
    private height: number,
  ) {}

  /** The snapshot of the state now, and its height. */
  acquire(): { readonly id: number; readonly height: number } {
    if (this.current === undefined) {
      this.current = this.nextId++;
      this.open.set(this.current, { reads: this.store.snapshotReads(), height: this.height, users: 0 });
    }
    const snapshot = this.open.get(this.current) as { users: number; readonly height: number };
    snapshot.users++;
    return { id: this.current, height: snapshot.height };
  }

  reads(id: number): SnapshotReads {
    const snapshot = this.open.get(id);
    if (!snapshot) throw new Error(`snapshot ${id} is not open`);
    return snapshot.reads;
  }

  release(id: number): void {
    const snapshot = this.open.get(id);
    if (!snapshot) return;
    snapshot.users--;
    if (snapshot.users === 0 && id !== this.current) this.drop(id);
  }

  /** A block committed (the ledger is `height` blocks high): simulations starting from now read a new snapshot. */
  advance(height: number): void {
    this.height = height;
    const previous = this.current;
    this.current = undefined;
    if (previous !== undefined && this.open.get(previous)?.users === 0) this.drop(previous);
  }

  async closeAll(): Promise<void> {
    this.current = undefined;
    await Promise.all([...this.open.values()].map((snapshot) => snapshot.reads.close()));
    this.open.clear();
  }

  private drop(id: number): void {
    const snapshot = this.open.get(id);
    this.open.delete(id);
    void snapshot?.reads.close();
  }
}

interface InFlight {
  readonly snapshot: number;
  readonly resolve: (simulation: Simulation) => void;
  readonly reject: (error: Error) => void;
}

function fromWire(wire: WireSimulation): Simulation {
  return {
    ...wire,
    payload: toBuffer(wire.payload),
    event: wire.event ? { name: wire.event.name, payload: toBuffer(wire.event.payload) } : undefined,
    privateWrites: wire.privateWrites.map((write) => (write.value === undefined ? write : { ...write, value: toBuffer(write.value) })),
  };
}

class EndorsementThread {
  readonly inFlight = new Map<number, InFlight>();
  private readonly cursors = new Map<number, { readonly cursor: RawCursor; readonly simulation: number }>();
  private readonly worker: Worker;
  private readonly outbox: Outbox<ToWorker>;
  readonly ready: Promise<void>;
  private failed: Error | undefined;
  threadId: number | undefined;

  constructor(script: string, workerData: EndorsementWorkerData, private readonly snapshots: Snapshots, private readonly onFailure: (thread: EndorsementThread) => void) {
    this.worker = new Worker(script, {
      workerData,
      // SM2 runs synchronously in the worker (it is off the main thread already); the shim's logging stays quiet.
      env: { ...process.env, DTL_SM2_WORKERS: '0', CORE_CHAINCODE_LOGGING_LEVEL: process.env.CORE_CHAINCODE_LOGGING_LEVEL ?? 'CRITICAL' },
    });
    this.worker.unref();
    this.outbox = new Outbox((messages) => this.worker.postMessage(messages));
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (messages: FromWorker[]) => {
        for (const message of messages) {
          if (message.kind === 'ready') {
            this.threadId = message.threadId;
            resolve();
          } else this.handle(message);
        }
        // The answers to this batch's point reads go back at once, not at the end of the turn: the worker's
        // simulations wait on them (round trips were 0.5-4 ms at 64 in flight when they waited for the turn's end).
        this.outbox.flush();
      });
      const fail = (error: Error): void => {
        reject(error);
        this.fail(error);
      };
      this.worker.on('error', fail);
      this.worker.on('exit', (code) => fail(new Error(`endorsement worker exited with code ${code}`)));
    });
    this.ready.catch(() => undefined); // a replacement worker's start is not awaited; its failure is handled by fail()
  }

  simulate(id: number, request: ProposalRequest, withRwset: boolean): Promise<Simulation> {
    if (this.failed) return Promise.reject(this.failed);
    const snapshot = this.snapshots.acquire();
    if (this.inFlight.size === 0) this.worker.ref();
    return new Promise<Simulation>((resolve, reject) => {
      this.inFlight.set(id, { snapshot: snapshot.id, resolve: (simulation) => resolve({ ...simulation, readHeight: snapshot.height }), reject });
      this.outbox.send({ kind: 'simulate', id, snapshot: snapshot.id, request, withRwset });
    });
  }

  async terminate(): Promise<void> {
    this.failed ??= new Error('the endorsement pool is closed');
    await this.worker.terminate();
  }

  private handle(message: Exclude<FromWorker, { kind: 'ready' }>): void {
    switch (message.kind) {
      case 'get': {
        let value: Buffer | undefined;
        try {
          value = this.snapshots.reads(message.snapshot).getSync(toBuffer(message.key));
        } catch (error) {
          this.outbox.send({ kind: 'readFailed', id: message.id, message: (error as Error).message });
          return;
        }
        this.outbox.send({ kind: 'value', id: message.id, value });
        return;
      }
      case 'openCursor': {
        const reads = this.snapshots.reads(message.snapshot);
        this.cursors.set(message.cursor, { cursor: reads.cursor(toBuffer(message.gte), toBuffer(message.lt), message.reverse), simulation: message.simulation });
        return;
      }
      case 'next': {
        const open = this.cursors.get(message.cursor);
        if (!open) {
          this.outbox.send({ kind: 'readFailed', id: message.id, message: `cursor ${message.cursor} is not open` });
          return;
        }
        open.cursor.next(message.count).then(
          (rows) => this.outbox.send({ kind: 'rows', id: message.id, rows }),
          (error: unknown) => this.outbox.send({ kind: 'readFailed', id: message.id, message: (error as Error).message }),
        );
        return;
      }
      case 'closeCursor': {
        const open = this.cursors.get(message.cursor);
        this.cursors.delete(message.cursor);
        void open?.cursor.close();
        return;
      }
      case 'simulated':
      case 'failed': {
        const flight = this.inFlight.get(message.id);
        if (!flight) return;
        this.finish(message.id, flight);
        if (message.kind === 'simulated') flight.resolve(fromWire(message.simulation));
        else flight.reject(new Error(message.message));
      }
    }
  }

  private finish(id: number, flight: InFlight): void {
    this.inFlight.delete(id);
    for (const [cursorId, open] of this.cursors) {
      if (open.simulation !== id) continue;
      this.cursors.delete(cursorId);
      void open.cursor.close();
    }
    this.snapshots.release(flight.snapshot);
    if (this.inFlight.size === 0) this.worker.unref();
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = error;
    for (const [id, flight] of [...this.inFlight]) {
      this.finish(id, flight);
      flight.reject(new Error(`endorsement worker failed: ${error.message}`));
    }
    this.onFailure(this);
  }
}

/** The compiled worker: beside this module when it runs from gateway/dist, else the gateway package's dist. */
export function endorsementWorkerScript(): string {
  const beside = join(__dirname, 'endorsement-worker.js');
  if (existsSync(beside)) return beside;
  return join(dirname(require.resolve('@dtl/gateway/package.json')), 'dist', 'src', 'ledger', 'embedded', 'endorsement-worker.js');
}

export interface EndorsementPoolOptions {
  readonly store: LedgerStore;
  /** The ledger height when the pool starts. */
  readonly height: number;
  readonly workers: number;
  readonly workerData: EndorsementWorkerData;
}

export class EndorsementPool {
  private readonly snapshots: Snapshots;
  private readonly threads: EndorsementThread[] = [];
  private readonly script = endorsementWorkerScript();
  private nextSimulation = 0;
  private closed = false;

  private constructor(private readonly options: EndorsementPoolOptions) {
    this.snapshots = new Snapshots(options.store, options.height);
  }

  /** Starts the workers and waits until each has loaded the contracts (a bad contracts module fails here). */
  static async start(options: EndorsementPoolOptions): Promise<EndorsementPool> {
    if (!existsSync(options.workerData.contractsModule)) throw new Error(`contracts module ${options.workerData.contractsModule} does not exist (run npm run build)`);
    const pool = new EndorsementPool(options);
    for (let i = 0; i < options.workers; i++) pool.spawn();
    try {
      await Promise.all(pool.threads.map((thread) => thread.ready));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.threads.length;
  }

  /** Simulates on the least busy worker; evaluations (withRwset false) do not send their read/write set back. */
  simulate(request: ProposalRequest, withRwset: boolean): Promise<Simulation> {
    let chosen = this.threads[0];
    if (chosen === undefined) return Promise.reject(new Error('the endorsement pool has no worker'));
    for (const thread of this.threads) if (thread.inFlight.size < chosen.inFlight.size) chosen = thread;
    return chosen.simulate(this.nextSimulation++, request, withRwset);
  }

  /** The workers' Linux thread ids (for per-thread CPU accounting: /proc/self/task/<id>/stat). */
  threadIds(): number[] {
    return this.threads.flatMap((thread) => (thread.threadId === undefined ? [] : [thread.threadId]));
  }

  /** A block committed (the ledger is now `height` blocks high): later simulations read the new state. */
  stateChanged(height: number): void {
    this.snapshots.advance(height);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((thread) => thread.terminate()));
    this.threads.length = 0;
    await this.snapshots.closeAll();
  }

  private spawn(): void {
    this.threads.push(new EndorsementThread(this.script, this.options.workerData, this.snapshots, (failed) => this.replace(failed)));
  }

  /** A worker that crashed is replaced; its in-flight simulations were rejected (none of them reached the orderer). */
  private replace(failed: EndorsementThread): void {
    const index = this.threads.indexOf(failed);
    if (index >= 0) this.threads.splice(index, 1);
    if (!this.closed) this.spawn();
  }
}
