#!/usr/bin/env node
'use strict';
/* global fetch */
/**
 * npm run bench:http — a real HTTP load test (autocannon, programmatic) against a gateway process the bench starts on
 * 127.0.0.1 over the embedded ledger in a fresh temp data dir (fixtures loaded, fsync per block as in production).
 *
 *   1. submits at full speed (HTTP POST /api/v1/batches, e-seal path: the gateway signs with the department's key,
 *      the chaincode verifies SM2, the ledger orders, validates, commits and fsyncs the block, the answer carries
 *      the proof): submits/s
 *   2. submits offered at 1,000/s, open loop (bench/open-loop.js: evenly spaced, latency from the instant each
 *      request was due): served/s, p50 / p99
 *   3. submits offered at half the full-speed rate (or BENCH_LOW_RATE): latency below saturation, for context
 *   4. public trace lookups (GET /api/v1/trace/:batchId) offered at 2,000/s, open loop: served/s and p99; then at
 *      full speed (autocannon)
 *
 * Full-speed phases are closed loop (autocannon, BENCH_CONNECTIONS in flight); fixed-rate phases are open loop, so a
 * server that cannot keep up shows growing latency instead of a quietly lower offered rate.
 * Targets (issue 5): >= 2,000 submits/s; p99 < 50 ms at 1,000 submits/s; trace p99 < 20 ms at 2,000/s.
 * Environment: BENCH_SECONDS (default 10 per phase), BENCH_CONNECTIONS (default 64), BENCH_LOW_RATE.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir, cpus, loadavg } = require('node:os');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { DEPARTMENT, startGateway, guapianRegistration } = require('./gateway-process');
const { openLoop } = require('./open-loop');

const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 64);
const API_KEY = `dtl-demo-${DEPARTMENT}`;

async function token(url) {
  const res = await fetch(`${url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: API_KEY }) });
  const body = await res.json();
  if (!body.token) throw new Error(`login failed: ${JSON.stringify(body)}`);
  return body.token;
}

let sequence = 0;
function nextBatchRecord(prefix) {
  const n = ++sequence;
  return guapianRegistration(`${prefix}-reg-${n}`, `${prefix}-B-${n}`);
}

function run(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ ...options, duration: SECONDS }, (error, result) => (error ? reject(error) : resolve(result)));
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

function submitOptions(url, bearer, prefix) {
  return {
    url,
    connections: CONNECTIONS,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/batches',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ record: nextBatchRecord(prefix) }) }),
      },
    ],
  };
}

function format(name, { perSecond, p50, p99, max, bad }) {
  const ms = (value) => value.toFixed(0).padStart(5);
  return `${name.padEnd(34)} ${perSecond.toFixed(0).padStart(6)}/s ok   p50 ${ms(p50)} ms   p99 ${ms(p99)} ms   max ${ms(max)} ms   refused/errors ${bad}`;
}

/** A closed-loop autocannon result. */
function line(name, result, expectedStatus) {
  const ok = result[expectedStatus] ?? 0;
  const figures = { perSecond: ok / (result.duration || SECONDS), p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, bad: result.non2xx + result.errors + result.timeouts };
  return { name, ...figures, text: format(name, figures) };
}

/** An open-loop result; says so when the server served less than 95% of what was offered. */
function openLine(name, result, rate) {
  const figures = { perSecond: result.perSecond, p50: result.p50, p99: result.p99, max: result.max, bad: result.failed };
  const saturated = result.perSecond < 0.95 * rate;
  return { name, ...figures, saturated, text: `${format(name, figures)}${saturated ? `   SATURATED (offered ${rate}/s)` : ''}` };
}

function submitRequest(bearer, prefix) {
  return () => ({
    method: 'POST',
    path: '/api/v1/batches',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ record: nextBatchRecord(prefix) }),
  });
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'dtl-bench-http-'));
  const { child, url } = await startGateway(dataDir);
  const lines = [];
  try {
    const bearer = await token(url);
    process.stdout.write(`gateway ${url} (embedded ledger, ${dataDir}); ${SECONDS} s per phase, ${CONNECTIONS} connections, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (the bench's load generator shares them)\n`);
    // warm-up
    await new Promise((resolve, reject) => {
      const instance = autocannon({ ...submitOptions(url, bearer, 'warm'), connections: 16, amount: 500 }, (error, result) => (error ? reject(error) : resolve(result)));
      autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
    });
    const max = line('submits, full speed', await run(submitOptions(url, bearer, 'max')), '2xx');
    lines.push(max);
    process.stdout.write(`${max.text}\n`);
    const fixed = openLine('submits offered at 1,000/s', await openLoop({ origin: url, rate: 1000, seconds: SECONDS, request: submitRequest(bearer, 'fixed'), expectedStatus: 201 }), 1000);
    lines.push(fixed);
    process.stdout.write(`${fixed.text}\n`);
    const lowRate = Number(process.env.BENCH_LOW_RATE || Math.max(10, Math.round(max.perSecond / 2 / 10) * 10));
    const low = openLine(`submits offered at ${lowRate}/s (context)`, await openLoop({ origin: url, rate: lowRate, seconds: SECONDS, request: submitRequest(bearer, 'low'), expectedStatus: 201 }), lowRate);
    lines.push(low);
    process.stdout.write(`${low.text}\n`);
    const tracePath = `/api/v1/trace/warm-B-1`;
    const traceFixed = openLine('public trace offered at 2,000/s', await openLoop({ origin: url, rate: 2000, seconds: SECONDS, request: () => ({ method: 'GET', path: tracePath }) }), 2000);
    lines.push(traceFixed);
    process.stdout.write(`${traceFixed.text}\n`);
    const traceMax = line('public trace, full speed', await run({ url: `${url}${tracePath}`, connections: CONNECTIONS }), '2xx');
    lines.push(traceMax);
    process.stdout.write(`${traceMax.text}\n`);
    const health = await (await fetch(`${url}/healthz`)).json();
    process.stdout.write(`ledger height after the run: ${health.height} blocks\n`);
    const verdict = (ok) => (ok ? 'met' : 'NOT met');
    process.stdout.write(
      [
        'targets:',
        `  >= 2,000 submits/s ............ ${max.perSecond.toFixed(0)}/s ${verdict(max.perSecond >= 2000)}`,
        `  p99 < 50 ms at 1,000 submits/s  ${fixed.p99.toFixed(0)} ms ${verdict(fixed.p99 < 50 && !fixed.saturated)}`,
        `  trace p99 < 20 ms at 2,000/s .. ${traceFixed.p99.toFixed(0)} ms ${verdict(traceFixed.p99 < 20 && !traceFixed.saturated)}`,
        '',
      ].join('\n'),
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench:http failed: ${error.stack || error}\n`);
  process.exit(1);
});
