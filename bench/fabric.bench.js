#!/usr/bin/env node
'use strict';
/**
 * npm run bench:fabric — submits/s and submit latency (p50/p99) through the gateway's Fabric adapter against the
 * real four-province network (network-config, `npm run network:up`), with several submissions in flight; and the
 * same workload on the embedded ledger in the same run, for comparison.
 *
 * Workload: black-list entries (`credit:addEntry`), each a record signed by a credit-issuing department of one of the
 * four provinces (registered at the start of the run): the chaincode parses it strictly, looks up the department's
 * SM2 key, verifies the SM2-SM3 signature, refuses replays, checks the role, writes the entry and the record, and
 * emits an event. On Fabric every submit is endorsed by a majority of the provinces (3 of 4 peers run the
 * chaincode), ordered by Raft, validated and committed by all four peers, and the adapter waits for the commit
 * status and the block. Submissions rotate over the four provinces' client identities (each through its own
 * province's peer).
 * Records are signed before the clock starts: the bench measures the ledger, not the client's SM2 signing.
 * After every Fabric point it prints the CPU breakdown per process (network-config/scripts/cpu-breakdown.js: each
 * peer, chaincode server, the orderer and this client, in CPU seconds and CPU ms per committed transaction), and once
 * what the network burns idle.
 *
 * Runs the compiled code (npm run build first; the npm script does). BENCH_SECONDS per point (default 5),
 * BENCH_INFLIGHT (default "1,10,50,200"), BENCH_EMBEDDED=0 skips the embedded ledger.
 * If the network is not up, it is brought up first and stopped again at the end.
 */
const { execFileSync } = require('node:child_process');
const { existsSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir, cpus, loadavg } = require('node:os');
const { join } = require('node:path');

const REPO = join(__dirname, '..');
// First, as in the gateway processes: fabric-contract-api logs every decorator at INFO when the contracts load.
require('../gateway/dist/src/http/quiet-chaincode-logs');
const chaincode = require('../chaincode/dist/src');
const fixtures = require('../fixtures/dist');
const { contracts } = chaincode;
const { createFabricLedger } = require('../gateway/dist/src/ledger/fabric');
const cpu = require('../network-config/scripts/cpu-breakdown');

const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const IN_FLIGHT = (process.env.BENCH_INFLIGHT || '1,10,50,200').split(',').map(Number);
const PROVINCES = ['shanghai', 'jiangsu', 'zhejiang', 'anhui'];
const NETWORK = join(REPO, 'network-config/scripts/network.sh');

const runId = Date.now().toString(36);
let sequence = 0;
const PROVINCE_CODE = { shanghai: '310000', jiangsu: '320100', zhejiang: '330100', anhui: '340100' };

/** One credit-issuing department per province, registered for this run by the province's admin. */
function benchDepartments() {
  return PROVINCES.map((province) =>
    fixtures.newDepartment(`${province.slice(0, 2)}-bench-${runId}`, { nameZh: '基准测试信用办', nameEn: 'Benchmark credit office', province, city: province, tier: 'province', roles: ['credit-issuer'] }),
  );
}

/** A valid unified social credit code (GB 32100) for the n-th bench subject of a province. */
function creditCode(province, n) {
  const first17 = `91${PROVINCE_CODE[province]}${String(n).padStart(9, '0')}`;
  return first17 + chaincode.creditCodeCheckCharacter(first17);
}

/** A signed black-list entry (credit.entry) for a fresh organisation, by the province's bench department. */
function creditEntry(department) {
  const n = sequence++;
  const record = {
    type: 'credit.entry',
    id: `credit-bench-${runId}-${n}`,
    department: department.id,
    list: 'black',
    subject: { kind: 'organisation', creditCode: creditCode(department.province, n), name: `基准测试企业${n}有限公司` },
    category: 'food-drug-safety',
    legalBasis: '《中华人民共和国食品安全法》第一百三十五条',
    decisionNumber: `基准〔2026〕${n}号`,
    measures: ['enhanced-supervision'],
    validFrom: '2026-01-01T00:00:00Z',
    validTo: '2029-01-01T00:00:00Z',
  };
  return {
    province: department.province,
    json: department.sign(record),
  };
}

function presign(departments, count) {
  return Array.from({ length: count }, (_, i) => creditEntry(departments[i % departments.length]));
}

function clientCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(ledger, departments, inFlight, records) {
  const heightBefore = await ledger.height();
  const latencies = [];
  let failures = 0;
  const firstError = [];
  const deadline = Date.now() + SECONDS * 1000;
  const cpuBefore = { processes: cpu.snapshot(), client: clientCpuMs() };
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (Date.now() < deadline) {
      const next = records.pop() ?? creditEntry(departments[sequence % departments.length]);
      const t0 = process.hrtime.bigint();
      try {
        await ledger.submit({
          identity: { province: next.province, role: 'client' },
          contract: 'credit',
          transaction: 'addEntry',
          args: [next.json],
        });
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch (error) {
        failures++;
        if (firstError.length === 0) firstError.push(`${error.code ?? ''} ${error.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const processes = cpu.breakdown(cpuBefore.processes, cpu.snapshot(), latencies.length);
  // The embedded ledger runs in this process: its CPU is the client's (process.cpuUsage, every thread).
  const cpuMs = ledger.kind === 'fabric' ? processes.total.cpuSeconds * 1000 : clientCpuMs() - cpuBefore.client;
  latencies.sort((a, b) => a - b);
  return {
    inFlight,
    submitsPerSecond: latencies.length / seconds,
    committed: latencies.length,
    failures,
    firstError: firstError[0],
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    blocks: (await ledger.height()) - heightBefore,
    cpuPerSubmitMs: latencies.length > 0 ? cpuMs / latencies.length : NaN,
    processes,
  };
}

function line(name, r) {
  const failed = r.failures > 0 ? `, ${r.failures} failed (${r.firstError})` : '';
  return (
    `${name.padEnd(8)} ${String(r.inFlight).padStart(4)} in flight: ${r.submitsPerSecond.toFixed(0).padStart(5)} submits/s, ` +
    `p50 ${r.p50.toFixed(1).padStart(6)} ms, p99 ${r.p99.toFixed(1).padStart(6)} ms, CPU ${r.cpuPerSubmitMs.toFixed(1).padStart(5)} ms/submit  ` +
    `(${r.committed} committed in ${r.blocks} blocks${failed})`
  );
}

async function run(name, ledger) {
  const departments = benchDepartments();
  for (const department of departments) {
    await ledger.submit({
      identity: { province: department.province, role: 'admin' },
      contract: 'department',
      transaction: 'register',
      args: [department.registration],
    });
  }
  const results = [];
  // Warm up: connections, the chaincode's key cache, the block feed.
  await measure(ledger, departments, 4, presign(departments, 40));
  if (name === 'fabric') {
    // What the network burns with nothing to do (gossip, timers, keepalives): counted in every point below too.
    const idleBefore = cpu.snapshot();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const idle = cpu.breakdown(idleBefore, cpu.snapshot(), 0);
    console.log(`fabric idle: ${idle.kinds.map((k) => `${k.kind} ×${k.processes} ${((k.cpuSeconds / idle.wallSeconds) * 1000).toFixed(0)} ms/s`).join(', ')}`);
  }
  for (const inFlight of IN_FLIGHT) {
    const records = presign(departments, Math.max(200, Math.min(6000, Math.ceil(SECONDS * (name === 'fabric' ? 300 : 1200)))));
    const result = await measure(ledger, departments, inFlight, records);
    results.push(result);
    console.log(line(name, result));
    if (name === 'fabric') console.log(cpu.format(result.processes));
  }
  return results;
}

async function main() {
  console.log(`bench:fabric — ${cpus().length} cores, ${SECONDS}s per point, credit:addEntry (signed record, SM2 verify in chaincode)`);
  console.log(
    `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at start: other work on the machine takes CPU from the ledger; ` +
      'CPU ms/submit (fabric: orderer + peers + chaincode servers + this client; embedded: this process) is the load-independent figure',
  );
  let started = false;
  const running = (() => {
    try {
      execFileSync('bash', [NETWORK, 'status'], { stdio: 'ignore' });
      return existsSync(join(REPO, 'network-config/.run/connection.json'));
    } catch {
      return false;
    }
  })();
  if (!running) {
    console.log('network not running: npm run network:up ...');
    const t0 = Date.now();
    execFileSync('bash', [NETWORK, 'up'], { stdio: 'inherit' });
    console.log(`network up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    started = true;
  }
  const summary = {};
  try {
    const fabric = await createFabricLedger({ profilePath: join(REPO, 'network-config/.run/connection.json') });
    try {
      summary.fabric = await run('fabric', fabric);
      console.log(`fabric adapter gRPC connections: ${fabric.connectionCount} (one per peer endpoint)`);
    } finally {
      await fabric.close();
    }
  } finally {
    if (started) execFileSync('bash', [NETWORK, 'down'], { stdio: 'inherit' });
  }

  if (process.env.BENCH_EMBEDDED !== '0') {
    // Loaded only here: BENCH_EMBEDDED=0 measures Fabric without touching the embedded ledger's modules.
    const { EmbeddedLedger } = require('../gateway/dist/src/ledger/embedded/embedded-ledger');
    const dataDir = mkdtempSync(join(tmpdir(), 'dtl-bench-fabric-embedded-'));
    const embedded = await EmbeddedLedger.open({ dataDir, contracts });
    try {
      summary.embedded = await run('embedded', embedded);
    } finally {
      await embedded.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at end`);
  const best = (rows) => rows.reduce((a, b) => (b.submitsPerSecond > a.submitsPerSecond ? b : a));
  if (summary.fabric) {
    const f = best(summary.fabric);
    console.log(`best fabric: ${f.submitsPerSecond.toFixed(0)} submits/s at ${f.inFlight} in flight (p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms)`);
  }
  if (summary.embedded) {
    const e = best(summary.embedded);
    console.log(`best embedded: ${e.submitsPerSecond.toFixed(0)} submits/s at ${e.inFlight} in flight (p50 ${e.p50.toFixed(1)} ms, p99 ${e.p99.toFixed(1)} ms)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
