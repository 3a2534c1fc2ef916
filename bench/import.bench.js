#!/usr/bin/env node
'use strict';
/**
 * npm run bench:import — bulk import of credit entries through the gateway's import path (issue 16), the endpoints
 * the workbench's import page calls: a CSV of BENCH_ROWS (default 10,000) black-list entries with zh-CN headers,
 * one row in BENCH_BAD_EVERY (default 200) deliberately bad (five kinds). Starts the real gateway (embedded ledger,
 * demo fixtures) on 127.0.0.1, signs in as 上海市市场监督管理局 (e-seal), then
 *   preview   POST /api/v1/import/preview: time, rows/s, the bad cells by column and reason;
 *   submit    POST /api/v1/import/submit: time, committed rows/s, rows refused with their reasons.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { fetch, Agent } = require('undici');
const { startGateway } = require('./gateway-process');
const { creditEntriesCsv } = require('../gateway/dist/src/import/credit-entries-csv');

const ROWS = Number(process.env.BENCH_ROWS || 10_000);
const BAD_EVERY = Number(process.env.BENCH_BAD_EVERY || 200);
const DEPARTMENT = 'sh-samr';
const dispatcher = new Agent({ headersTimeout: 3_600_000, bodyTimeout: 3_600_000 });

async function token(url) {
  const res = await fetch(`${url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: `dtl-demo-${DEPARTMENT}` }) });
  const body = await res.json();
  if (!body.token) throw new Error(`login refused: ${JSON.stringify(body)}`);
  return body.token;
}

async function post(url, path, bearer, csv) {
  const started = process.hrtime.bigint();
  const res = await fetch(`${url}/api/v1/import/${path}?type=credit.entry`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'text/csv' }, body: csv, dispatcher });
  const body = await res.json();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
  return { body, seconds };
}

function tally(items, keyOf) {
  const counts = new Map();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) || 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'dtl-bench-import-'));
  const { child, url } = await startGateway(dataDir);
  try {
    const { csv, bad } = creditEntriesCsv(ROWS, BAD_EVERY, Date.now() % 1000);
    const bearer = await token(url);
    console.log(`bench:import — ${ROWS} credit entries (${(Buffer.byteLength(csv) / 1024 / 1024).toFixed(2)} MiB CSV), ${bad.length} deliberately bad rows; gateway ${url}, department ${DEPARTMENT} (e-seal)`);

    const preview = await post(url, 'preview', bearer, csv);
    console.log(`preview  ${preview.seconds.toFixed(2)} s  ${(ROWS / preview.seconds).toFixed(0)} rows/s  valid ${preview.body.valid}  with bad cells ${preview.body.invalid}`);
    for (const [reason, n] of tally(preview.body.issues, (i) => `${i.column}: ${i.reason}`)) console.log(`  ${String(n).padStart(5)} × ${reason.slice(0, 160)}`);

    const submit = await post(url, 'submit', bearer, csv);
    const b = submit.body;
    console.log(`submit   ${submit.seconds.toFixed(2)} s  ${(ROWS / submit.seconds).toFixed(0)} rows/s (${(b.committed / submit.seconds).toFixed(0)} committed/s)  committed ${b.committed}  refused by the ledger ${b.refused}  invalid ${b.invalid}`);
    for (const [reason, n] of tally(b.results.filter((r) => r.status !== 'committed'), (r) => `${r.status} ${r.code}: ${(r.message || '').replace(/\(allowed: [^)]*\)/g, '(allowed: …)')}`)) console.log(`  ${String(n).padStart(5)} × ${reason.slice(0, 160)}`);
    if (b.committed + b.invalid + b.refused !== ROWS || b.invalid !== bad.length) throw new Error('row accounting does not add up');
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
