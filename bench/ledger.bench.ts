/**
 * npm run bench:ledger — the embedded ledger in process, on this machine:
 *  1. committed signed records/s with 1, 8 and 64 submissions in flight (AttestationContract: each transaction
 *     verifies an SM2-SM3 record signature against a registered key, refuses replays, writes one record);
 *  2. the time to load 1,000,000 records through the same endorse/order/validate/commit path (bulk transactions of
 *     1,000 generated records each, unsigned: signature cost is measured in 1.) and the latency of looking one up
 *     (an evaluate of a point read) at 10k records and at 1M records.
 * BENCH_SECONDS (default 5) per throughput point, BENCH_RECORDS (default 1000000) for the load, BENCH_BATCH_TIMEOUT_MS
 * to try another block-cutting timeout, DTL_SM2_WORKERS another SM2 worker pool size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex, signRecord, sm2GenerateKeyPair } from '@dtl/chaincode/crypto';
import { DEFAULT_BATCH_TIMEOUT_MS, EmbeddedLedger } from '../gateway/src/ledger/embedded/embedded-ledger';
import { AttestationContract } from '../gateway/test/conformance/attestation-contract';
import { BulkLoadContract } from './bulk-load-contract';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const identity = { province: 'anhui', role: 'client' } as const;

async function throughput(ledger: EmbeddedLedger, inFlight: number): Promise<{ rate: number; committed: number; blocks: number }> {
  const signer = sm2GenerateKeyPair();
  const keyId = `ah-bench#${inFlight}`;
  await ledger.submit({ identity, contract: 'attestation', transaction: 'registerKey', args: [keyId, bytesToHex(signer.publicKey)] });
  let sequence = 0;
  const next = (): string =>
    JSON.stringify(
      signRecord(
        { id: `${keyId}-${sequence}`, subject: `91340000${String(sequence++).padStart(10, '0')}`, statement: '电子证照核验', issuedAt: '2024-05-01T08:00:00Z' },
        { privateKey: signer.privateKey, keyId },
      ),
    );
  // Sign ahead, outside the timed section: the bench measures the ledger, not the client's signing.
  const presigned: string[] = [];
  const estimate = Math.max(200, Math.ceil(3000 * SECONDS));
  const signUntil = Date.now() + 60_000;
  while (presigned.length < estimate && Date.now() < signUntil) presigned.push(next());
  const heightBefore = await ledger.height();
  let committed = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + SECONDS * 1000;
  const worker = async (): Promise<void> => {
    while (Date.now() < deadline) {
      const record = presigned.pop() ?? next();
      await ledger.submit({ identity, contract: 'attestation', transaction: 'attest', args: [record] });
      committed++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rate: committed / seconds, committed, blocks: (await ledger.height()) - heightBefore };
}

async function lookupLatencyMs(ledger: EmbeddedLedger, loaded: number, samples = 2000): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < samples; i++) {
    const id = String(Math.floor(Math.random() * loaded)).padStart(8, '0');
    await ledger.evaluate({ identity, contract: 'bulk', transaction: 'get', args: [id] });
  }
  return Number(process.hrtime.bigint() - started) / 1e6 / samples;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dtl-bench-'));
  const batchTimeout = process.env.BENCH_BATCH_TIMEOUT_MS ? { batchTimeoutMs: Number(process.env.BENCH_BATCH_TIMEOUT_MS) } : {};
  const ledger = await EmbeddedLedger.open({ dataDir, contracts: [AttestationContract, BulkLoadContract], ...batchTimeout });
  try {
    const workers = process.env.DTL_SM2_WORKERS || `${availableParallelism()} (one per core)`;
    const timeout = batchTimeout.batchTimeoutMs ?? DEFAULT_BATCH_TIMEOUT_MS;
    console.log(`embedded ledger bench (${SECONDS}s per point, fsync per block, batch timeout ${timeout} ms, ${workers} SM2 workers, data in ${dataDir})`);
    for (const inFlight of [1, 8, 64]) {
      const result = await throughput(ledger, inFlight);
      console.log(
        `committed signed records/s, ${String(inFlight).padStart(2)} in flight: ${result.rate.toFixed(0)}  (${result.committed} records in ${result.blocks} blocks)`,
      );
    }

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
  } finally {
    await ledger.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
