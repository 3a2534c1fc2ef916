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
 * Targets (issues 5 and 19): >= 2,000 submits/s; p99 < 50 ms at 1,000 submits/s; trace p99 < 20 ms at 2,000/s.
 * After each phase: the CPU seconds the gateway process used (all threads, and its main thread: the event loop, which
 * is the ceiling) and the load generator's own (this process: autocannon, undici), in all and per answered request,
 * so the reader sees what the load generator takes from the same cores.
 * Environment: BENCH_SECONDS (default 10 per phase), BENCH_CONNECTIONS (default 64), BENCH_LOW_RATE,
 * BENCH_PHASES (default "max,fixed,low,trace,trace-max": a comma list of the phases to run),
 * BENCH_GATEWAY_CPU_PROF=<dir> (a V8 CPU profile of the gateway, written when it exits; bench/profile-summary.js),
 * BENCH_GATEWAY_ROOT=<checkout> (run that checkout's built gateway instead: before/after on the same bench),
 * BENCH_LOG_LEVEL (the gateway's DTL_LOG_LEVEL, default warn; info logs one line per request, as in production).
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir, cpus, loadavg } = require('node:os');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { DEPARTMENT, startGateway, guapianRegistration } = require('./gateway-process');
const { openLoop } = require('./open-loop');
const { processCpu, ownCpu } = require('./process-cpu');

const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 64);
const API_KEY = `dtl-demo-${DEPARTMENT}`;
const PHASES = new Set((process.env.BENCH_PHASES || 'max,fixed,low,trace,trace-max').split(',').map((p) => p.trim()));

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

function format(name, { perSecond, p50, p99, p999, max, bad }) {
  const ms = (value) => (value < 10 ? value.toFixed(1) : value.toFixed(0)).padStart(5);
  const tail = p999 === undefined ? '' : `   p999 ${ms(p999)} ms`;
  return `${name.padEnd(34)} ${perSecond.toFixed(0).padStart(6)}/s ok   p50 ${ms(p50)} ms   p99 ${ms(p99)} ms${tail}   max ${ms(max)} ms   refused/errors ${bad}`;
}

/** CPU seconds of the gateway (all threads, main thread) and of this process, to subtract around a phase. */
function cpuNow(pid) {
  return { gateway: processCpu(pid), generator: ownCpu(), at: process.hrtime.bigint() };
}

/** What a phase cost in CPU: seconds and ms per answered request, for the gateway and for the load generator. */
function cpuLine(before, after, answered) {
  const wall = Number(after.at - before.at) / 1e9;
  const per = (seconds) => (answered > 0 ? ((1000 * seconds) / answered).toFixed(2) : '-');
  const generator = after.generator - before.generator;
  const parts = [];
  if (before.gateway && after.gateway) {
    const total = after.gateway.total - before.gateway.total;
    const main = after.gateway.mainThread - before.gateway.mainThread;
    parts.push(`gateway ${total.toFixed(1)} s (${per(total)} ms/req; main thread ${main.toFixed(1)} s = ${per(main)} ms/req, ${((100 * main) / wall).toFixed(0)}% of one core)`);
  }
  parts.push(`load generator ${generator.toFixed(1)} s (${per(generator)} ms/req)`);
  return { wall, generator, text: `${' '.repeat(35)}cpu over ${wall.toFixed(1)} s: ${parts.join('; ')}` };
}

/** A closed-loop autocannon result. */
function line(name, result, expectedStatus) {
  const ok = result[expectedStatus] ?? 0;
  const figures = { perSecond: ok / (result.duration || SECONDS), p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, bad: result.non2xx + result.errors + result.timeouts };
  return { name, ...figures, text: format(name, figures) };
}

/** An open-loop result; says so when the server served less than 95% of what was offered. */
function openLine(name, result, rate) {
  const figures = { perSecond: result.perSecond, p50: result.p50, p99: result.p99, p999: result.p999, max: result.max, bad: result.failed };
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
  const { child, url, startedAt } = await startGateway(dataDir);
  const lines = [];
  try {
    const bearer = await token(url);
    process.stdout.write(`gateway ${url} (embedded ledger, ${dataDir}); ${SECONDS} s per phase, ${CONNECTIONS} connections, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (the bench's load generator shares them)\n`);
    // warm-up
    await new Promise((resolve, reject) => {
      const instance = autocannon({ ...submitOptions(url, bearer, 'warm'), connections: 16, amount: 500 }, (error, result) => (error ? reject(error) : resolve(result)));
      autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
    });
    const answeredOf = (result) => (result.ok !== undefined ? result.ok : (result['2xx'] ?? 0));
    /** Runs one phase, prints its line and its CPU line. */
    const phase = async (key, measure, describe) => {
      if (!PHASES.has(key)) return undefined;
      const before = cpuNow(child.pid);
      const result = await measure();
      const after = cpuNow(child.pid);
      const figures = describe(result);
      const cpu = cpuLine(before, after, answeredOf(result));
      const since = (at) => (Number(at - startedAt) / 1e9).toFixed(1);
      if (process.env.BENCH_GATEWAY_CPU_PROF) cpu.text += `\n${' '.repeat(35)}profile window: --from ${since(before.at)} --to ${since(after.at)}`;
      lines.push(figures);
      process.stdout.write(`${figures.text}\n${cpu.text}\n`);
      return figures;
    };
    const max = await phase('max', () => run(submitOptions(url, bearer, 'max')), (result) => line('submits, full speed', result, '2xx'));
    const fixed = await phase('fixed', () => openLoop({ origin: url, rate: 1000, seconds: SECONDS, request: submitRequest(bearer, 'fixed'), expectedStatus: 201 }), (result) => openLine('submits offered at 1,000/s', result, 1000));
    const lowRate = Number(process.env.BENCH_LOW_RATE || Math.max(10, Math.round((max?.perSecond ?? 400) / 2 / 10) * 10));
    await phase('low', () => openLoop({ origin: url, rate: lowRate, seconds: SECONDS, request: submitRequest(bearer, 'low'), expectedStatus: 201 }), (result) => openLine(`submits offered at ${lowRate}/s (context)`, result, lowRate));
    const tracePath = `/api/v1/trace/warm-B-1`;
    const traceFixed = await phase('trace', () => openLoop({ origin: url, rate: 2000, seconds: SECONDS, request: () => ({ method: 'GET', path: tracePath }) }), (result) => openLine('public trace offered at 2,000/s', result, 2000));
    await phase('trace-max', () => run({ url: `${url}${tracePath}`, connections: CONNECTIONS }), (result) => line('public trace, full speed', result, '2xx'));
    const health = await (await fetch(`${url}/healthz`)).json();
    process.stdout.write(`ledger height after the run: ${health.height} blocks\n`);
    const verdict = (ok) => (ok ? 'met' : 'NOT met');
    process.stdout.write(
      [
        `load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
        'targets:',
        ...(max ? [`  >= 2,000 submits/s ............ ${max.perSecond.toFixed(0)}/s ${verdict(max.perSecond >= 2000)}`] : []),
        ...(fixed ? [`  p99 < 50 ms at 1,000 submits/s  ${fixed.p99.toFixed(0)} ms ${verdict(fixed.p99 < 50 && !fixed.saturated)}`] : []),
        ...(traceFixed ? [`  trace p99 < 20 ms at 2,000/s .. ${traceFixed.p99.toFixed(0)} ms ${verdict(traceFixed.p99 < 20 && !traceFixed.saturated)}`] : []),
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
