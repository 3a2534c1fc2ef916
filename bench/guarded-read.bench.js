#!/usr/bin/env node
'use strict';
/**
 * npm run bench:guarded-read — the cost of a guarded (cross-province, access-recorded) read through the gateway
 * (issue 12): latency p50/p99 and ledger writes per read, for
 *   same-province   a read that writes nothing (the floor),
 *   allowed         another province's unconditionally shared credit entry (one access record),
 *   refused         another province's not-shared credit entry (403, one refusal record),
 *   granted         another province's conditionally shared credit entry read under a grant (setup written by the
 *                   bench: js-fgw catalogues its credit data conditional, writes an entry, grants zj-hz-scjgj). Since
 *                   placement (issue 12) its content is in protected-jiangsu: the read is decideRead + the access
 *                   record (the one write) + protected:release at the owner's peer,
 *   flood           BENCH_FLOOD refused reads by one department at the gateway's per-department budget.
 * Ledger writes are counted from the blocks (transactions committed during the phase / reads).
 * BENCH_GATEWAY_ROOT runs another checkout's built gateway (e.g. the code before issue 12) for a before/after.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { spawn } = require('node:child_process');
const { fetch } = require('undici');

const ROOT = process.env.BENCH_GATEWAY_ROOT || join(__dirname, '..');
const READS = Number(process.env.BENCH_READS || 200);
const FLOOD = Number(process.env.BENCH_FLOOD || 500);
const BUDGET = Number(process.env.BENCH_BUDGET || 120);

function startGateway(dataDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'gateway', 'dist', 'src', 'main.js')], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DTL_DATA_DIR: dataDir, DTL_LOG_LEVEL: 'warn', DTL_PUBLIC_RATE_LIMIT: '100000000', DTL_GUARDED_READS_PER_MINUTE: String(BUDGET), CORE_CHAINCODE_LOGGING_LEVEL: 'CRITICAL' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), 180_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /API\s+(http:\/\/[^\s]+)\/api\/v1/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', (code) => reject(new Error(`gateway exited (${code}):\n${output}`)));
  });
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'dtl-bench-guarded-'));
  const { child, url } = await startGateway(dataDir);
  const api = `${url}/api/v1`;
  const tokens = {};
  const login = async (department) => {
    if (!tokens[department]) {
      const res = await fetch(`${api}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: `dtl-demo-${department}` }) });
      tokens[department] = (await res.json()).token;
    }
    return tokens[department];
  };
  const get = async (department, path) => {
    const started = process.hrtime.bigint();
    const res = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${await login(department)}`, 'x-dtl-purpose': encodeURIComponent('性能测试') } });
    await res.arrayBuffer();
    return { status: res.status, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  };
  const committedTransactions = async () => {
    const { height } = await (await fetch(`${api}/blocks?limit=1`, { headers: { authorization: `Bearer ${await login('sh-sjj')}` } })).json();
    return height;
  };
  const countTxSince = async (fromHeight) => {
    let count = 0;
    const height = await committedTransactions();
    for (let from = fromHeight; from < height; from += 100) {
      const res = await fetch(`${api}/blocks?from=${from}&limit=100`, { headers: { authorization: `Bearer ${await login('sh-sjj')}` } });
      for (const block of (await res.json()).blocks) if (block.number >= fromHeight) count += block.transactions;
    }
    return count;
  };
  const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const phase = async (name, department, path, reads) => {
    await new Promise((r) => setTimeout(r, 300)); // let the background tender settle between phases
    const before = await committedTransactions();
    const latencies = [];
    const statuses = {};
    for (let i = 0; i < reads; i++) {
      const { status, ms } = await get(department, path);
      statuses[status] = (statuses[status] || 0) + 1;
      latencies.push(ms);
    }
    await new Promise((r) => setTimeout(r, 50));
    const writes = await countTxSince(before);
    latencies.sort((a, b) => a - b);
    console.log(`${name.padEnd(15)} ${String(reads).padStart(5)} reads  p50 ${quantile(latencies, 0.5).toFixed(2).padStart(7)} ms  p99 ${quantile(latencies, 0.99).toFixed(2).padStart(7)} ms  ledger writes/read ${(writes / reads).toFixed(2)}  statuses ${JSON.stringify(statuses)}`);
  };
  // Let the fixtures' background tender finish (it commits on its own for ~22 s), so its writes are not counted.
  await new Promise((r) => setTimeout(r, Number(process.env.BENCH_SETTLE_MS || 25_000)));
  console.log(`gateway: ${ROOT}; budget ${BUDGET} ledger-writing reads per department per minute`);
  await phase('same-province', 'ah-samr', '/credit/entries/credit-ah-fgw-2025-0007', READS);
  await phase('allowed', 'sh-samr', '/credit/entries/credit-zj-hz-2025-0031', Math.min(READS, Math.floor(BUDGET / 2)));
  await phase('refused', 'js-nj-scjgj', '/credit/entries/credit-ah-fgw-2025-0007', Math.min(READS, Math.floor(BUDGET / 2)));
  // A conditional resource read under a grant (the path issue 12 moved into the chaincode for protected content).
  const run = Date.now().toString(36);
  const post = async (department, path, record) => {
    const res = await fetch(`${api}${path}`, { method: 'POST', headers: { authorization: `Bearer ${await login(department)}`, 'content-type': 'application/json' }, body: JSON.stringify({ record: { ...record, department } }) });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  await post('js-fgw', '/sharing/catalogue', { type: 'sharing.catalogue', id: `bench-cat-${run}`, resourceId: 'bench-js-credit', family: 'credit', title: '失信主体名单（性能测试）', description: '主体、措施', mode: 'conditional', conditions: '需说明事由' });
  await post('js-fgw', '/credit/entries', { type: 'credit.entry', id: `bench-credit-${run}`, list: 'black', subject: { kind: 'organisation', creditCode: '91320115MA1Y7K3B0F', name: '南京江宁示范建设工程有限公司' }, category: 'food-drug-safety', legalBasis: '《食品安全法》第一百三十五条', measures: ['enhanced-supervision'], validFrom: '2025-01-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z' });
  await post('zj-hz-scjgj', '/sharing/requests', { type: 'sharing.request', id: `bench-req-${run}`, owner: 'js-fgw', resourceId: 'bench-js-credit', purpose: '联合惩戒核查', until: '2099-01-01T00:00:00Z' });
  await post('js-fgw', '/sharing/grants', { type: 'sharing.grant', id: `bench-grant-${run}`, requestId: `bench-req-${run}`, decision: 'approved', validFrom: '2025-01-01T00:00:00Z', validTo: '2099-01-01T00:00:00Z', reason: '同意' });
  await phase('granted', 'zj-hz-scjgj', `/credit/entries/bench-credit-${run}`, Math.min(READS, Math.floor(BUDGET / 2)));
  await phase('flood', 'zj-hz-scjgj', '/credit/entries/credit-ah-fgw-2025-0007', FLOOD);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
