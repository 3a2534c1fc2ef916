/**
 * SM2 off the main thread: a small pool of worker threads, each running the native (OpenSSL) signer and verifier,
 * fed in batches (one message per worker per event-loop turn). The ledger verifies every record it commits and the
 * gateway signs every e-seal record; with the pool, that work runs on the other cores while the main thread serves
 * HTTP, simulates and commits.
 *
 * Node only, and only with the native accelerator; everywhere else signing and verification stay synchronous. The
 * pool size is DTL_SM2_WORKERS (default: one per core; 0 turns the pool off). Workers are unref'd while idle.
 */
import { nativeSm2Path } from './native';

/** Verify a DER signature under an SPKI key, or sign under a PKCS#8 key; the worker caches loaded keys by encoding. */
type Sm2Task =
  | { readonly kind: 'verify'; readonly spki: Uint8Array; readonly userId: Uint8Array; readonly message: Uint8Array; readonly signature: Uint8Array }
  | { readonly kind: 'sign'; readonly pkcs8: Uint8Array; readonly userId: Uint8Array; readonly message: Uint8Array };

type Sm2Answer = boolean | Uint8Array;

interface Job {
  readonly task: Sm2Task;
  readonly resolve: (answer: Sm2Answer) => void;
  readonly reject: (error: Error) => void;
}

interface WorkerLike {
  postMessage(value: unknown): void;
  on(event: 'message', listener: (value: { batch: number; answers: Sm2Answer[] }) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  ref(): void;
  unref(): void;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const native = require(workerData.addonPath);
const keys = new Map();
function keyOf(encoded, load) {
  const cacheKey = Buffer.from(encoded).toString('hex');
  let key = keys.get(cacheKey);
  if (key === undefined) {
    if (keys.size >= 1024) keys.delete(keys.keys().next().value);
    key = load(encoded);
    keys.set(cacheKey, key);
  }
  return key;
}
parentPort.on('message', ({ batch, tasks }) => {
  const answers = tasks.map((task) =>
    task.kind === 'sign'
      ? native.sign(keyOf(task.pkcs8, native.loadPrivateKey), task.userId, task.message)
      : native.verify(keyOf(task.spki, native.loadPublicKey), task.userId, task.message, task.signature),
  );
  parentPort.postMessage({ batch, answers });
});
`;

class Sm2Pool {
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
      worker.on('message', ({ batch, answers }) => this.settle(batch, answers));
      worker.on('error', (error) => this.failAll(error));
      worker.unref();
      return worker;
    });
  }

  verify(spki: Uint8Array, userId: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    return this.run({ kind: 'verify', spki, userId, message, signature }).then((answer) => answer === true);
  }

  /** The DER signature of message under the PKCS#8 key. */
  sign(pkcs8: Uint8Array, userId: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
    return this.run({ kind: 'sign', pkcs8, userId, message }).then((answer) => {
      if (!(answer instanceof Uint8Array)) throw new Error('SM2 worker returned no signature');
      return answer;
    });
  }

  private run(task: Sm2Task): Promise<Sm2Answer> {
    return new Promise<Sm2Answer>((resolve, reject) => {
      this.queued.push({ task, resolve, reject });
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
      worker.postMessage({ batch, tasks: part.map((job) => job.task) });
    }
  }

  private settle(batch: number, answers: Sm2Answer[]): void {
    const jobs = this.inFlight.get(batch);
    if (!jobs) return;
    this.inFlight.delete(batch);
    if (this.inFlight.size === 0) this.workers.forEach((w) => w.unref());
    jobs.forEach((job, i) => {
      const answer = answers[i];
      if (answer === undefined) job.reject(new Error('SM2 worker answered fewer tasks than it was sent'));
      else job.resolve(answer);
    });
  }

  private failAll(error: Error): void {
    for (const jobs of this.inFlight.values()) jobs.forEach((job) => job.reject(error));
    this.inFlight.clear();
    pool = null; // a broken pool is not used again; signing and verification fall back to the synchronous path
  }
}

let pool: Sm2Pool | null | undefined;

/** The process-wide SM2 pool, or null where there is none (browser, no accelerator, turned off). */
export function sm2Pool(): Sm2Pool | null {
  if (pool !== undefined) return pool;
  pool = null;
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  const addonPath = isNode ? nativeSm2Path() : undefined;
  if (!addonPath) return pool;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, Node-only
  const cores = (require('node:os') as typeof import('node:os')).availableParallelism();
  const configured = process.env.DTL_SM2_WORKERS;
  const size = configured === undefined || configured === '' ? Math.max(1, cores) : Number(configured);
  if (!Number.isInteger(size) || size <= 0) return pool;
  pool = new Sm2Pool(size, addonPath);
  return pool;
}
