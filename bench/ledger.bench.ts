/**
 * npm run bench:ledger — the embedded ledger in process, on this machine:
 *  1. the product's own writes (product-mix.ts: credit entries, licence issues, trace registrations and events, as
 *     the fixtures write them) committed per second with 1, 8 and 64 submissions in flight, endorsed on worker
 *     threads, with where the CPU went per record: the main thread (ordering, MVCC validation, the block write, the
 *     workers' reads), the endorsement workers (contract code, JSON, SM2 verification) and the rest of the process
 *     (LevelDB's background threads, GC, the bench's own loop); then the same at 64 in flight endorsed on the main
 *     thread, for comparison;
 *  2. scaling: the 64-in-flight product run again in child processes pinned to 1 core and to 2 cores (`taskset`),
 *     and their ratio;
 *  3. committed signed records/s of the AttestationContract (one SM2 verification and one write per record);
 *  4. the time to load BENCH_RECORDS records (default 1,000,000) in bulk transactions and the latency of a point
 *     read at 10k records and at the end.
 * Records are signed before each timed section: the bench measures the ledger, not the client's signing.
 * BENCH_SECONDS (default 5) per point; BENCH_BATCH_TIMEOUT_MS another block-cutting timeout; DTL_ENDORSEMENT_WORKERS
 * another endorsement pool size; BENCH_SKIP=scaling,attestation,load to leave parts out.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex, signRecord, sm2GenerateKeyPair } from '@dtl/chaincode/crypto';
import { fixtureTransactions, type FixtureTransaction } from '@dtl/fixtures';
import { productContractsModule } from '../gateway/src/ledger/embedded/contracts-module';
import { DEFAULT_BATCH_TIMEOUT_MS, EmbeddedLedger, type EmbeddedLedgerOptions } from '../gateway/src/ledger/embedded/embedded-ledger';
import { AttestationContract } from '../gateway/test/conformance/attestation-contract';
import { contracts as productContracts } from '../chaincode/src';
import { BulkLoadContract } from './bulk-load-contract';
import { eventBatchRegistrations, productWrite } from './product-mix';
import { threadCpuMs } from './thread-cpu';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const identity = { province: 'anhui', role: 'client' } as const;
const batchTimeout = process.env.BENCH_BATCH_TIMEOUT_MS ? { batchTimeoutMs: Number(process.env.BENCH_BATCH_TIMEOUT_MS) } : {};
type Submission = Parameters<EmbeddedLedger['submit']>[0];

interface PointResult {
  readonly rate: number;
  readonly committed: number;
  readonly refused: number;
  readonly blocks: number;
  /** CPU milliseconds per committed record: main thread, endorsement workers, the rest of the process. */
  readonly cpu: { readonly main: number; readonly workers: number; readonly other: number };
}

async function openLedger(options: Partial<EmbeddedLedgerOptions> & Pick<EmbeddedLedgerOptions, 'contracts'>): Promise<{ ledger: EmbeddedLedger; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dtl-bench-'));
  return { ledger: await EmbeddedLedger.open({ dataDir, ...batchTimeout, ...options }), dataDir };
}

async function closeLedger({ ledger, dataDir }: { ledger: EmbeddedLedger; dataDir: string }): Promise<void> {
  await ledger.close();
  rmSync(dataDir, { recursive: true, force: true });
}

/** Submits `writes` with `inFlight` submissions outstanding for SECONDS (or until they run out). */
async function timedPoint(ledger: EmbeddedLedger, inFlight: number, writes: Submission[]): Promise<PointResult> {
  const heightBefore = await ledger.height();
  let committed = 0;
  let refused = 0;
  const workerCpu = (): number => ledger.endorsementThreadIds().reduce((sum, id) => sum + threadCpuMs(id), 0);
  const mainBefore = threadCpuMs(process.pid);
  const workersBefore = workerCpu();
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const deadline = Date.now() + SECONDS * 1000;
  let next = 0;
  const client = async (): Promise<void> => {
    while (Date.now() < deadline && next < writes.length) {
      const write = writes[next++] as Submission;
      try {
        await ledger.submit(write);
        committed++;
      } catch {
        refused++;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, client));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const main = threadCpuMs(process.pid) - mainBefore;
  const workers = workerCpu() - workersBefore;
  const total = (cpu.user + cpu.system) / 1000;
  const per = (ms: number): number => (committed === 0 ? 0 : ms / committed);
  return { rate: committed / seconds, committed, refused, blocks: (await ledger.height()) - heightBefore, cpu: { main: per(main), workers: per(workers), other: per(Math.max(0, total - main - workers)) } };
}

function describe(inFlight: number, result: PointResult): string {
  const { main, workers, other } = result.cpu;
  return (
    `${String(inFlight).padStart(2)} in flight: ${result.rate.toFixed(0).padStart(5)} records/s  (${result.committed} in ${result.blocks} blocks, ${result.refused} refused; ` +
    `CPU ms/record: main ${main.toFixed(3)}, endorsement workers ${workers.toFixed(3)}, other threads ${other.toFixed(3)}, total ${(main + workers + other).toFixed(3)})`
  );
}

/** Registers the batches the mix's events go round (not timed). */
async function registerEventBatches(ledger: EmbeddedLedger, run: string): Promise<void> {
  const registrations = eventBatchRegistrations(run);
  for (let i = 0; i < registrations.length; i += 64) await Promise.all(registrations.slice(i, i + 64).map((write) => ledger.submit(write as Submission)));
}

function productWrites(run: string, count: number): Submission[] {
  return Array.from({ length: count }, (_, sequence) => productWrite(run, sequence) as FixtureTransaction as Submission);
}

/** How many records a point may need: generous for this machine, capped so that signing ahead stays short. */
function writesFor(inFlight: number): number {
  return Math.ceil(SECONDS * (inFlight === 1 ? 1500 : 9000));
}

async function productPoints(workers: number | undefined, points: readonly number[]): Promise<Array<[number, PointResult]>> {
  const opened = await openLedger({ contracts: productContracts, contractsModule: productContractsModule(), ...(workers === undefined ? {} : { endorsementWorkers: workers }) });
  const results: Array<[number, PointResult]> = [];
  try {
    for (const write of fixtureTransactions()) await opened.ledger.submit(write as Submission);
    for (const [index, inFlight] of points.entries()) {
      const run = `${index}p${inFlight}w${opened.ledger.endorsementThreads()}`;
      await registerEventBatches(opened.ledger, run);
      results.push([inFlight, await timedPoint(opened.ledger, inFlight, productWrites(run, writesFor(inFlight)))]);
    }
  } finally {
    await closeLedger(opened);
  }
  return results;
}

async function attestationPoints(): Promise<void> {
  const opened = await openLedger({ contracts: [AttestationContract, BulkLoadContract], contractsModule: join(__dirname, 'bench-contracts.js') });
  try {
    for (const inFlight of [1, 8, 64]) {
      const signer = sm2GenerateKeyPair();
      const keyId = `ah-bench#${inFlight}`;
      await opened.ledger.submit({ identity, contract: 'attestation', transaction: 'registerKey', args: [keyId, bytesToHex(signer.publicKey)] });
      const writes = Array.from({ length: writesFor(inFlight) }, (_, sequence): Submission => ({
        identity,
        contract: 'attestation',
        transaction: 'attest',
        args: [JSON.stringify(signRecord({ id: `${keyId}-${sequence}`, subject: `91340000${String(sequence).padStart(10, '0')}`, statement: '电子证照核验', issuedAt: '2024-05-01T08:00:00Z' }, { privateKey: signer.privateKey, keyId }))],
      }));
      console.log(`  ${describe(inFlight, await timedPoint(opened.ledger, inFlight, writes))}`);
    }
    await bulkLoad(opened.ledger);
  } finally {
    await closeLedger(opened);
  }
}

async function lookupLatencyMs(ledger: EmbeddedLedger, loaded: number, samples = 2000): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < samples; i++) {
    const id = String(Math.floor(Math.random() * loaded)).padStart(8, '0');
    await ledger.evaluate({ identity, contract: 'bulk', transaction: 'get', args: [id] });
  }
  return Number(process.hrtime.bigint() - started) / 1e6 / samples;
}

async function bulkLoad(ledger: EmbeddedLedger): Promise<void> {
  if (SKIP.has('load')) return;
  const perTx = 1000;
  const loadStarted = process.hrtime.bigint();
  let loaded = 0;
  let at10k: number | undefined;
  while (loaded < RECORDS) {
    const wave: Array<Promise<unknown>> = [];
    for (let i = 0; i < 4 && loaded < RECORDS; i++) {
      const count = Math.min(perTx, RECORDS - loaded);
      wave.push(ledger.submit({ identity, contract: 'bulk', transaction: 'load', args: [String(loaded), String(count)] }));
      loaded += count;
    }
    await Promise.all(wave);
    if (at10k === undefined && loaded >= 10_000) {
      at10k = await lookupLatencyMs(ledger, loaded);
      console.log(`lookup latency at ${loaded} records: ${at10k.toFixed(3)} ms (evaluate, point read)`);
    }
  }
  const loadSeconds = Number(process.hrtime.bigint() - loadStarted) / 1e9;
  console.log(`loaded ${loaded} records in ${loadSeconds.toFixed(1)} s (${(loaded / loadSeconds).toFixed(0)} records/s, ${perTx} per transaction)`);
  const lookupStarted = process.hrtime.bigint();
  await ledger.evaluate({ identity, contract: 'bulk', transaction: 'get', args: [String(loaded - 1).padStart(8, '0')] });
  console.log(`first lookup after the load: ${(Number(process.hrtime.bigint() - lookupStarted) / 1e6).toFixed(3)} ms`);
  const atFull = await lookupLatencyMs(ledger, loaded);
  console.log(`lookup latency at ${loaded} records: ${atFull.toFixed(3)} ms (evaluate, point read)`);
  if (at10k !== undefined) console.log(`lookup latency ratio ${loaded} / 10k: ${(atFull / at10k).toFixed(2)}`);
}

/** The 64-in-flight product point in a child process pinned to `cpus` (taskset -c), after a warm-up run. */
function pinnedRate(cpus: string): number | undefined {
  const child = spawnSync('taskset', ['-c', cpus, process.execPath, __filename, '--pinned-point'], { encoding: 'utf8', env: process.env });
  const line = child.stdout?.split('\n').find((text) => text.startsWith('{'));
  if (child.status !== 0 || line === undefined) {
    console.log(`  taskset -c ${cpus}: failed (${child.error?.message ?? child.stderr?.trim().split('\n').pop() ?? `exit ${child.status}`})`);
    return undefined;
  }
  const result = JSON.parse(line) as { cores: number; workers: number; point: PointResult };
  console.log(`  taskset -c ${cpus} (${result.cores} core${result.cores === 1 ? '' : 's'}, ${result.workers} endorsement workers): ${describe(64, result.point)}`);
  return result.point.rate;
}

async function main(): Promise<void> {
  if (process.argv.includes('--pinned-point')) {
    // The first run warms the JIT of the main thread and the workers, as the in-process points before it do.
    const [, [, point]] = (await productPoints(undefined, [64, 64])) as [[number, PointResult], [number, PointResult]];
    console.log(JSON.stringify({ cores: availableParallelism(), workers: Number(process.env.DTL_ENDORSEMENT_WORKERS || availableParallelism()), point }));
    return;
  }
  const timeout = batchTimeout.batchTimeoutMs ?? DEFAULT_BATCH_TIMEOUT_MS;
  console.log(`embedded ledger bench: ${availableParallelism()} cores, ${SECONDS}s per point, fsync per block, batch timeout ${timeout} ms, endorsement workers ${process.env.DTL_ENDORSEMENT_WORKERS || `${availableParallelism()} (one per core)`}`);
  console.log('product writes (credit entry, licence issue, trace registration, trace event in turn), committed:');
  for (const [inFlight, result] of await productPoints(undefined, [1, 8, 64])) console.log(`  ${describe(inFlight, result)}`);
  console.log('the same endorsed on the main thread (DTL_ENDORSEMENT_WORKERS=0), for comparison:');
  for (const [inFlight, result] of await productPoints(0, [64])) console.log(`  ${describe(inFlight, result)}`);
  if (!SKIP.has('scaling')) {
    console.log('scaling, product writes at 64 in flight, one process per run:');
    const one = pinnedRate('0');
    const two = pinnedRate('0,1');
    if (one !== undefined && two !== undefined) console.log(`  2-core / 1-core throughput: ${(two / one).toFixed(2)}`);
  }
  if (!SKIP.has('attestation')) {
    console.log('AttestationContract (one SM2 verification, one write per record), committed:');
    await attestationPoints();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
