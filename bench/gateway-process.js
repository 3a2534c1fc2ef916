'use strict';
/**
 * Shared by the HTTP benchmarks: start the real gateway (gateway/dist/src/main.js) as a child process on
 * 127.0.0.1 with a free port and its own data dir (fixtures load into it), and the demo batch record they submit.
 */
const { spawn } = require('node:child_process');
const { join } = require('node:path');

/** The demo cooperative whose DEV key the gateway holds (e-seal path) and its unified social credit code. */
const DEPARTMENT = 'ah-la-jz-coop-guapian';
const COOP_CODE = '93341524MA2N7K4XX7';

/** Resolves with { child, url } once the gateway prints its API URL. */
function startGateway(dataDir, { timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, '..', 'gateway', 'dist', 'src', 'main.js')], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DTL_DATA_DIR: dataDir, DTL_LOG_LEVEL: 'warn', DTL_PUBLIC_RATE_LIMIT: '100000000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), timeoutMs);
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

/** An unsigned trace.batch.register record of the demo cooperative (the gateway signs it: e-seal path). */
function batchRecord(recordId, batchId) {
  return {
    type: 'trace.batch.register',
    id: recordId,
    department: DEPARTMENT,
    batchId,
    product: { name: '六安瓜片', standard: 'GB/T 21824' },
    origin: { province: '安徽省', city: '六安市', county: '金寨县', place: '齐山村' },
    producer: { kind: 'cooperative', name: '金寨县齐山茶叶专业合作社', creditCode: COOP_CODE },
    quantity: 100,
    unit: 'kg',
    harvestSeason: '2025-spring',
  };
}

module.exports = { DEPARTMENT, COOP_CODE, startGateway, batchRecord };
