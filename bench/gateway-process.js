'use strict';
/**
 * Shared by the HTTP benchmarks: start the real gateway (gateway/dist/src/main.js) as a child process on
 * 127.0.0.1 with a free port and its own data dir (fixtures load into it), and the record builder they submit.
 */
require('../gateway/dist/src/http/quiet-chaincode-logs'); // before fixtures: they load the chaincode package
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { guapianRegistration } = require('../fixtures/dist');

/** The demo cooperative whose DEV key the gateway holds (e-seal path): the department of fixtures' guapianRegistration. */
const DEPARTMENT = 'ah-la-jz-coop-guapian';

/**
 * Node flags for the gateway process: BENCH_GATEWAY_CPU_PROF=<dir> writes a V8 CPU profile of the gateway there when
 * it exits (read it with `node bench/profile-summary.js <dir>/*.cpuprofile`).
 */
function gatewayNodeFlags() {
  const dir = process.env.BENCH_GATEWAY_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/**
 * The checkout whose built gateway runs: this one, or BENCH_GATEWAY_ROOT (another checkout or a copy of one with its
 * node_modules, chaincode/dist + native, gateway/dist, fixtures/dist) for a before/after comparison on the same bench.
 */
function gatewayRoot() {
  return process.env.BENCH_GATEWAY_ROOT || join(__dirname, '..');
}

/** Resolves with { child, url, startedAt } once the gateway prints its API URL (startedAt: hrtime at spawn, ns). */
function startGateway(dataDir, { timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const startedAt = process.hrtime.bigint();
    const child = spawn(process.execPath, [...gatewayNodeFlags(), join(gatewayRoot(), 'gateway', 'dist', 'src', 'main.js')], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DTL_DATA_DIR: dataDir, DTL_LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn', DTL_PUBLIC_RATE_LIMIT: '100000000', DTL_DEPARTMENT_RATE_LIMIT: '100000000', DTL_LOGIN_RATE_LIMIT: '100000000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), timeoutMs);
    const readStartup = (chunk) => {
      output += chunk;
      const match = /API\s+(http:\/\/[^\s]+)\/api\/v1/.exec(output);
      if (match) {
        clearTimeout(timer);
        // From here on the gateway's log (one line per request at info) is read and dropped, not kept.
        child.stdout.off('data', readStartup);
        child.stdout.resume();
        output = '';
        resolve({ child, url: match[1], startedAt });
      }
    };
    child.stdout.on('data', readStartup);
    child.once('exit', (code) => reject(new Error(`gateway exited (${code}):\n${output}`)));
  });
}

module.exports = { DEPARTMENT, startGateway, guapianRegistration };
