/**
 * An endorsement worker: runs transaction proposals through fabric-contract-api (endorser.ts) on its own thread,
 * reading the ledger through the main thread, which answers from a LevelDB snapshot (endorsement-pool.ts). The
 * contract code, its JSON and schema work and the SM2 verification of the record (synchronous here: the worker is
 * itself off the main thread) all run on this thread; only ordering, validation and the block write stay on main.
 */
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Endorser } from './endorser';
import { Outbox, toBuffer, type EndorsementWorkerData, type FromWorker, type ToWorker, type WireSimulation } from './endorsement-protocol';
import { StateReader, type RawCursor, type RawReads } from './state-reader';

interface Pending {
  readonly resolve: (value: never) => void;
  readonly reject: (error: Error) => void;
}

if (parentPort === null) throw new Error('endorsement-worker.ts runs only as a worker thread');
const port = parentPort;
const config = workerData as EndorsementWorkerData;
const outbox = new Outbox<FromWorker>((messages) => port.postMessage(messages));
const pending = new Map<number, Pending>();
let nextRequest = 0;
let nextCursor = 0;

function request<T>(build: (id: number) => FromWorker): Promise<T> {
  const id = nextRequest++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: never) => void, reject });
    outbox.send(build(id));
  });
}

/** Raw reads of one snapshot, answered by the main thread. */
function snapshotReads(snapshot: number, simulation: number): RawReads {
  return {
    get: async (key) => {
      const value = await request<Uint8Array | undefined>((id) => ({ kind: 'get', id, snapshot, key }));
      return value === undefined ? undefined : toBuffer(value);
    },
    cursor: (gte, lt, reverse = false): RawCursor => {
      const cursor = nextCursor++;
      outbox.send({ kind: 'openCursor', cursor, simulation, snapshot, gte, lt, reverse });
      let closed = false;
      return {
        next: async (count) => {
          const rows = await request<Array<[Uint8Array, Uint8Array]>>((id) => ({ kind: 'next', id, cursor, count }));
          return rows.map(([key, value]) => [toBuffer(key), toBuffer(value)]);
        },
        close: async () => {
          if (closed) return;
          closed = true;
          outbox.send({ kind: 'closeCursor', cursor });
        },
      };
    },
  };
}

/** /proc/thread-self -> "<pid>/task/<tid>" on Linux. */
function linuxThreadId(): number | undefined {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the contracts module is named at run time
  const loaded = require(config.contractsModule) as Record<string, unknown>;
  const contracts = loaded[config.contractsExport];
  if (!Array.isArray(contracts)) throw new Error(`${config.contractsModule} has no array export ${config.contractsExport}`);
  const endorser = new Endorser({ channelId: config.channelId, collections: new Set(config.collections), contracts });

  port.on('message', (messages: ToWorker[]) => {
    for (const message of messages) {
      if (message.kind === 'simulate') {
        endorser.simulate(message.request, new StateReader(snapshotReads(message.snapshot, message.id))).then(
          (simulation) => {
            const wire: WireSimulation = message.withRwset
              ? simulation
              : { ...simulation, rwset: { reads: [], rangeQueries: [], writes: [], hashedReads: [], hashedWrites: [] }, privateWrites: [] };
            outbox.send({ kind: 'simulated', id: message.id, simulation: wire });
          },
          (error: unknown) => outbox.send({ kind: 'failed', id: message.id, message: (error as Error).message }),
        );
        continue;
      }
      const waiting = pending.get(message.id);
      if (!waiting) continue;
      pending.delete(message.id);
      if (message.kind === 'readFailed') waiting.reject(new Error(message.message));
      else waiting.resolve((message.kind === 'value' ? message.value : message.rows) as never);
    }
  });
  outbox.send({ kind: 'ready', threadId: linuxThreadId() });
}

void main();
