/**
 * SM2 verification off the main thread: a small pool of worker threads, each running the native (OpenSSL)
 * verifier, fed in batches (one message per worker per event-loop turn). The ledger verifies every record it
 * commits; with the pool, verification runs on the other cores while the main thread simulates and commits.
 *
 * Node only, and only with the native accelerator; everywhere else verification stays synchronous. The pool size
 * is DTL_VERIFY_WORKERS (default: one per core; 0 turns the pool off). Workers are unref'd while idle.
 */
import { nativeSm2Path } from './native';

interface Job {
  readonly spki: Uint8Array;
  readonly userId: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
  readonly resolve: (valid: boolean) => void;
  readonly reject: (error: Error) => void;
}

interface WorkerLike {
  postMessage(value: unknown): void;
  on(event: 'message', listener: (value: { batch: number; results: Uint8Array }) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  ref(): void;
  unref(): void;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const native = require(workerData.addonPath);
const keys = new Map();
parentPort.on('message', ({ batch, jobs }) => {
  const results = new Uint8Array(jobs.length);
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i];
    const cacheKey = Buffer.from(job.spki).toString('hex');
    let key = keys.get(cacheKey);
    if (key === undefined) {
      if (keys.size >= 1024) keys.delete(keys.keys().next().value);
      key = native.loadPublicKey(job.spki);
      keys.set(cacheKey, key);
    }
    results[i] = native.verify(key, job.userId, job.message, job.signature) ? 1 : 0;
  }
  parentPort.postMessage({ batch, results });
});
`;

class VerifyPool {
  private readonly workers: WorkerLike[];
  private readonly inFlight = new Map<number, readonly Job[]>();
  private queued: Job[] = [];
  private flushScheduled = false;
  private nextBatch = 0;
  private nextWorker = 0;

  constructor(size: number, addonPath: string) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, Node-only; browser bundles never reach it
    const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { addonPath } }) as unknown as WorkerLike;
      worker.on('message', ({ batch, results }) => this.settle(batch, results));
      worker.on('error', (error) => this.failAll(error));
      worker.unref();
      return worker;
    });
  }

  verify(spki: Uint8Array, userId: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.queued.push({ spki, userId, message, signature, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const jobs = this.queued;
    this.queued = [];
    if (jobs.length === 0) return;
    // Spread one turn's jobs over the workers in contiguous slices.
    const slice = Math.ceil(jobs.length / this.workers.length);
    for (let offset = 0; offset < jobs.length; offset += slice) {
      const part = jobs.slice(offset, offset + slice);
      const batch = this.nextBatch++;
      const worker = this.workers[this.nextWorker++ % this.workers.length]!;
      if (this.inFlight.size === 0) this.workers.forEach((w) => w.ref());
      this.inFlight.set(batch, part);
      worker.postMessage({ batch, jobs: part.map(({ spki, userId, message, signature }) => ({ spki, userId, message, signature })) });
    }
  }

  private settle(batch: number, results: Uint8Array): void {
    const jobs = this.inFlight.get(batch);
    if (!jobs) return;
    this.inFlight.delete(batch);
    if (this.inFlight.size === 0) this.workers.forEach((w) => w.unref());
    jobs.forEach((job, i) => job.resolve(results[i] === 1));
  }

  private failAll(error: Error): void {
    for (const jobs of this.inFlight.values()) jobs.forEach((job) => job.reject(error));
    this.inFlight.clear();
    pool = null; // a broken pool is not used again; verification falls back to the synchronous path
  }
}

let pool: VerifyPool | null | undefined;

/** The process-wide verification pool, or null where there is none (browser, no accelerator, turned off). */
export function verifyPool(): VerifyPool | null {
  if (pool !== undefined) return pool;
  pool = null;
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  const addonPath = isNode ? nativeSm2Path() : undefined;
  if (!addonPath) return pool;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, Node-only
  const cores = (require('node:os') as typeof import('node:os')).availableParallelism();
  const configured = process.env.DTL_VERIFY_WORKERS;
  const size = configured === undefined || configured === '' ? Math.max(1, cores) : Number(configured);
  if (!Number.isInteger(size) || size <= 0) return pool;
  pool = new VerifyPool(size, addonPath);
  return pool;
}
