#!/usr/bin/env node
'use strict';
/**
 * Prints the hostile-input / fault / load figures as Markdown table rows from what the suites last wrote to
 * test-artifacts/hostile/*.json (run the suites and `npm run bench:soak` first; a missing file prints "not run").
 *
 *   node gateway/test/hostile/print-figures.js
 */
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const DIR = join(__dirname, '..', '..', '..', 'test-artifacts', 'hostile');

function load(name) {
  const path = join(DIR, `${name}.json`);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

const n = (value) => (typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 1 }) : String(value));
const rows = [];
const row = (figure, value, command) => rows.push(`| ${figure} | ${value} | \`${command}\` |`);

const fuzz = load('fuzz-1000') ?? load('fuzz');
if (fuzz) {
  const command = `DTL_FUZZ_RUNS=${fuzz.runsPerOperation} DTL_FUZZ_SEED=${fuzz.seed} npx jest gateway/test/hostile/fuzz.test.ts`;
  row(`HTTP requests tried (${fuzz.operations} operations × ${fuzz.runsPerOperation} + fixed corpus)`, n(fuzz.requestsTried), command);
  row('5xx seen / hangs / refusals without JSON error', `${fuzz.serverErrors} / ${fuzz.hangs} / ${fuzz.refusalsNotJson}`, command);
  row('accepted writes / refused ids checked absent / unexplained new transactions', `${fuzz.acceptedWrites} / ${n(fuzz.refusedRecordIdsCheckedAbsent)} / ${fuzz.unexplainedTransactions}`, command);
  row('chain verifies after fuzzing', fuzz.chainVerified ? 'yes' : 'NO', command);
} else row('HTTP fuzzer', 'not run', 'npx jest gateway/test/hostile/fuzz.test.ts');

const kill = load('kill');
if (kill) row(`records lost after ${kill.kills} SIGKILLs (of ${n(kill.acknowledged)} acknowledged)`, n(kill.recordsLostAfterKills), 'npx jest gateway/test/hostile/kill.test.ts');
else row('records lost after kills', 'not run', 'npx jest gateway/test/hostile/kill.test.ts');

const security = load('security');
if (security) {
  const tampering = security.tamperingDetected + security.forgedRefused + security.replaysRefused;
  row('tampering cases detected over HTTP (edits after signing, forgeries, replays, revoked key)', n(tampering), 'npx jest gateway/test/hostile/security.test.ts');
  row('impersonations / JWT attacks / traversal probes / grantless reads refused', `${security.impersonationsRefused} / ${security.jwtAttacksRefused} / ${security.traversalsRefused} / ${security.grantlessReadsRefused}`, 'npx jest gateway/test/hostile/security.test.ts');
}
const scan = load('repository-scan');
if (scan) row('repository scan: files / findings', `${scan.filesScanned} / ${scan.findings}`, 'npx jest gateway/test/hostile/security.test.ts');

const faults = load('faults');
if (faults) {
  row('corrupted blocks refused at open (block named)', n(faults.corruptedBlocksRefused), 'npx jest gateway/test/hostile/faults.test.ts');
  if (faults.gatewayFullDisk) row('gateway process on a full disk: acknowledged before / refusal / lost / chain verifies', `${faults.gatewayFullDisk.acknowledgedBeforeFull} / ${faults.gatewayFullDisk.refusal} / ${faults.gatewayFullDisk.lost} / ${faults.gatewayFullDisk.chainVerified ? 'yes' : 'NO'}`, 'npx jest gateway/test/hostile/faults.test.ts');
  if (faults.fullDisk) row('full disk: acknowledged before / lost / chain verifies', `${faults.fullDisk.acknowledgedBeforeFull} / ${faults.fullDisk.lost} / ${faults.fullDisk.chainVerified ? 'yes' : 'NO'}`, 'npx jest gateway/test/hostile/faults.test.ts');
}

const soak = load('soak');
if (soak) {
  row(`soak throughput (${soak.totalSeconds} s at ${soak.rate} req/s offered)`, `${n(soak.throughputOkPerSecond)} ok req/s, ${soak.refusedOrErrors} refused/errors`, 'npm run bench:soak');
  row('soak p99 per window (worst kind)', soak.windows.map((w) => `${w.worstP99} ms`).join(' → '), 'npm run bench:soak');
  row('memory start → end (heap floor, RSS)', `heap ${n(soak.memoryAtStart.heapUsedMB)} → ${n(soak.memoryAtEnd.heapUsedMB)} MB, RSS ${n(soak.memoryAtStart.rssMB)} → ${n(soak.memoryAtEnd.rssMB)} MB; flat: latency ${soak.latencyFlat ? 'yes' : 'no'}, memory ${soak.memoryFlat ? 'yes' : 'no'}`, 'npm run bench:soak');
} else row('soak', 'not run', 'npm run bench:soak');

process.stdout.write(['| figure | value | command |', '|---|---|---|', ...rows, ''].join('\n'));
