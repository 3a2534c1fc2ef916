#!/usr/bin/env node
'use strict';
/* global fetch */
/**
 * npm run bench:soak — sustained mixed load against a gateway the bench starts on 127.0.0.1 (embedded ledger in a
 * fresh temp data dir, fixtures loaded, fsync per block), in windows of one minute, at fixed rates:
 *
 *   submits    POST /api/v1/batches (e-seal: the gateway signs, the chaincode verifies SM2, block commit + fsync)
 *   verifies   GET /api/v1/records/:id (record + proof) and the public GET /api/v1/licences/:number/verify
 *   trace      public GET /api/v1/trace/:batchId (the consumer's QR lookup)
 *   explorer   GET /api/v1/blocks?limit=20, /api/v1/blocks/:n, /api/v1/transactions/:txId (what the explorer asks)
 *
 * Each kind is offered open loop (bench/open-loop.js: evenly spaced requests, latency from the instant each was due).
 * Per window: ok requests/s of each kind, p50/p99, refusals/errors, and the gateway's RSS and heap (from its
 * /metrics). At the end: whether latency and memory stayed flat (last window against the first), written to
 * bench/out/soak.json and test-artifacts/hostile/soak.json.
 *
 * Environment: SOAK_SECONDS (total, default 180), SOAK_WINDOW_SECONDS (default 60), SOAK_RATE (requests/s over
 * all kinds, default 200; split 1 submit : 2 verifies : 4 trace : 1 explorer).
 */
const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir, cpus } = require('node:os');
const { join } = require('node:path');
const { DEPARTMENT, startGateway, guapianRegistration } = require('./gateway-process');
const { openLoop } = require('./open-loop');

const TOTAL_SECONDS = Number(process.env.SOAK_SECONDS || 180);
const WINDOW_SECONDS = Math.min(TOTAL_SECONDS, Number(process.env.SOAK_WINDOW_SECONDS || 60));
const RATE = Number(process.env.SOAK_RATE || 200);
const SHARES = { submits: 1, verifies: 2, trace: 4, explorer: 1 };

async function json(url, options) {
  const res = await fetch(url, options);
  const body = await res.json();
  if (res.status >= 400) throw new Error(`${options?.method ?? 'GET'} ${url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

let sequence = 0;
function nextBatchRecord() {
  const n = ++sequence;
  return guapianRegistration(`soak-reg-${process.pid}-${n}`, `SOAK-${process.pid}-${n}`);
}

async function memory(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const metric = (name) => {
    const match = new RegExp(`^(?:dtl_)?${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text);
    return match ? Number(match[1]) : NaN;
  };
  return { rssMB: metric('process_resident_memory_bytes') / 2 ** 20, heapUsedMB: metric('nodejs_heap_size_used_bytes') / 2 ** 20, heapTotalMB: metric('nodejs_heap_size_total_bytes') / 2 ** 20, externalMB: metric('nodejs_external_memory_bytes') / 2 ** 20 };
}

const pick = (items) => items[Math.floor(Math.random() * items.length)];

async function run(name, kind, origin, seconds) {
  const result = await openLoop({ origin, rate: kind.rate, seconds, request: kind.request, expectedStatus: kind.expectedStatus ?? 200, connections: 64 });
  const ms = (value) => Math.round(value);
  return { name, okPerSecond: result.ok / seconds, p50: ms(result.p50), p99: ms(result.p99), max: ms(result.max), refusedOrErrors: result.failed };
}

async function main() {
  // The fixtures load the contracts, whose decorators fabric-contract-api logs at INFO unless told otherwise.
  process.env.CORE_CHAINCODE_LOGGING_LEVEL = process.env.CORE_CHAINCODE_LOGGING_LEVEL || 'CRITICAL';
  const fixtures = require(join(__dirname, '..', 'fixtures', 'dist', 'index.js'));
  const dataDir = mkdtempSync(join(tmpdir(), 'dtl-soak-'));
  const started = Date.now();
  const { child, url } = await startGateway(dataDir, { timeoutMs: 180_000 });
  const out = { command: 'npm run bench:soak', totalSeconds: TOTAL_SECONDS, windowSeconds: WINDOW_SECONDS, rate: RATE, loadGenerator: 'open loop', cpus: cpus().length, windows: [] };
  try {
    const { token } = await json(`${url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: `dtl-demo-${DEPARTMENT}` }) });
    const auth = { authorization: `Bearer ${token}` };
    // Warm-up: some submits whose records and transactions the verifies and explorer queries then ask for.
    const recordIds = [];
    const txIds = [];
    for (let i = 0; i < 40; i++) {
      const answer = await json(`${url}/api/v1/batches`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ record: nextBatchRecord() }) });
      recordIds.push(answer.receipt.id);
      txIds.push(answer.receipt.txId);
    }
    const licences = fixtures.LICENCE_ISSUES.map((l) => ({ number: l.number, digest: l.fileDigest }));
    const batches = Object.values(fixtures.TRACE_BATCHES);
    const height = () => json(`${url}/healthz`).then((h) => h.height);
    let knownHeight = await height();
    const unit = RATE / Object.values(SHARES).reduce((a, b) => a + b, 0);
    const kinds = {
      submits: {
        rate: unit * SHARES.submits,
        expectedStatus: 201,
        request: () => ({ method: 'POST', path: '/api/v1/batches', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ record: nextBatchRecord() }) }),
      },
      verifies: {
        rate: unit * SHARES.verifies,
        request: () => {
          if (Math.random() < 0.5) return { method: 'GET', path: `/api/v1/records/${pick(recordIds)}`, headers: auth };
          const licence = pick(licences);
          return { method: 'GET', path: `/api/v1/licences/${licence.number}/verify?digest=${licence.digest}` };
        },
      },
      trace: { rate: unit * SHARES.trace, request: () => ({ method: 'GET', path: `/api/v1/trace/${pick(batches)}` }) },
      explorer: {
        rate: unit * SHARES.explorer,
        request: () => {
          const roll = Math.random();
          const path = roll < 0.4 ? '/api/v1/blocks?limit=20' : roll < 0.7 ? `/api/v1/blocks/${Math.floor(Math.random() * knownHeight)}` : `/api/v1/transactions/${pick(txIds)}`;
          return { method: 'GET', path, headers: auth };
        },
      },
    };
    const memoryAtStart = await memory(url);
    process.stdout.write(
      `soak: gateway ${url} (embedded ledger, fsync per block), ${TOTAL_SECONDS} s in ${WINDOW_SECONDS} s windows, ${RATE} req/s ` +
        `(submits ${kinds.submits.rate.toFixed(0)}, verifies ${kinds.verifies.rate.toFixed(0)}, trace ${kinds.trace.rate.toFixed(0)}, explorer ${kinds.explorer.rate.toFixed(0)}), ${cpus().length} CPUs\n` +
        `memory at start (after warm-up): RSS ${memoryAtStart.rssMB.toFixed(1)} MB, heap ${memoryAtStart.heapUsedMB.toFixed(1)} MB\n`,
    );
    const windows = Math.max(1, Math.round(TOTAL_SECONDS / WINDOW_SECONDS));
    for (let w = 0; w < windows; w++) {
      // Heap every 2 s; a window's heap figure is its floor (the live heap after collections), RSS its last sample.
      const samples = [];
      const sampler = setInterval(() => void memory(url).then((m) => samples.push(m), () => undefined), 2000);
      const lines = await Promise.all(Object.entries(kinds).map(([name, kind]) => run(name, kind, url, WINDOW_SECONDS)));
      clearInterval(sampler);
      knownHeight = await height();
      const now = await memory(url);
      samples.push(now);
      const mem = { rssMB: now.rssMB, heapUsedMB: Math.min(...samples.map((m) => m.heapUsedMB)), heapTotalMB: now.heapTotalMB, externalMB: now.externalMB };
      const window = { window: w + 1, height: knownHeight, ...mem, totalOkPerSecond: lines.reduce((a, l) => a + l.okPerSecond, 0), worstP99: Math.max(...lines.map((l) => l.p99)), kinds: lines };
      out.windows.push(window);
      process.stdout.write(`window ${w + 1}/${windows}: ${window.totalOkPerSecond.toFixed(0)} ok/s, height ${knownHeight}, RSS ${mem.rssMB.toFixed(1)} MB, heap floor ${mem.heapUsedMB.toFixed(1)} MB (of ${mem.heapTotalMB.toFixed(1)} MB reserved), external ${mem.externalMB.toFixed(1)} MB\n`);
      for (const l of lines) {
        process.stdout.write(`  ${l.name.padEnd(9)} ${l.okPerSecond.toFixed(1).padStart(7)}/s  p50 ${String(l.p50).padStart(4)} ms  p99 ${String(l.p99).padStart(5)} ms  max ${String(l.max).padStart(5)} ms  refused/errors ${l.refusedOrErrors}\n`);
      }
    }
    const first = out.windows[0];
    const last = out.windows[out.windows.length - 1];
    const latencyFlat = last.kinds.every((l, i) => {
      const f = first.kinds[i];
      return l.p99 <= Math.max(2 * f.p99, f.p99 + 20);
    });
    const memoryFlat = last.heapUsedMB <= 1.5 * first.heapUsedMB + 32 && last.rssMB <= 1.5 * first.rssMB + 64;
    const errors = out.windows.reduce((a, w) => a + w.kinds.reduce((b, l) => b + l.refusedOrErrors, 0), 0);
    Object.assign(out, {
      memoryAtStart,
      memoryAtEnd: { rssMB: last.rssMB, heapUsedMB: last.heapUsedMB },
      throughputOkPerSecond: out.windows.reduce((a, w) => a + w.totalOkPerSecond, 0) / out.windows.length,
      worstP99: Math.max(...out.windows.map((w) => w.worstP99)),
      submitP99: Math.max(...out.windows.map((w) => w.kinds[0].p99)),
      refusedOrErrors: errors,
      latencyFlat,
      memoryFlat,
      seconds: (Date.now() - started) / 1000,
    });
    process.stdout.write(
      [
        `throughput ${out.throughputOkPerSecond.toFixed(0)} ok req/s over ${out.windows.length} window(s); worst p99 ${out.worstP99} ms (submits ${out.submitP99} ms); refused/errors ${errors}`,
        `memory: RSS ${memoryAtStart.rssMB.toFixed(1)} → ${last.rssMB.toFixed(1)} MB, heap ${memoryAtStart.heapUsedMB.toFixed(1)} → ${last.heapUsedMB.toFixed(1)} MB (after window 1: RSS ${first.rssMB.toFixed(1)}, heap ${first.heapUsedMB.toFixed(1)})`,
        `latency flat (last-window p99 <= max(2x, +20 ms) of the first, per kind): ${latencyFlat ? 'yes' : 'NO'}`,
        `memory flat (last window heap <= 1.5x+32 MB and RSS <= 1.5x+64 MB of the first): ${memoryFlat ? 'yes' : 'NO'}`,
        '',
      ].join('\n'),
    );
    for (const dir of [join(__dirname, 'out'), join(__dirname, '..', 'test-artifacts', 'hostile')]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'soak.json'), `${JSON.stringify({ at: new Date().toISOString(), ...out }, null, 2)}\n`);
    }
    if (errors > 0 || !latencyFlat || !memoryFlat) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench:soak failed: ${error.stack || error}\n`);
  process.exit(1);
});
