#!/usr/bin/env node
'use strict';
/**
 * Per-process CPU breakdown of the native Fabric network: the CPU seconds (utime + stime from /proc/<pid>/stat, every
 * thread) that each orderer, peer and chaincode server started by network.sh (pid files in network-config/.run/pids)
 * and the load-generating client used between two snapshots, and the CPU-ms per committed transaction per process,
 * per kind and in total.
 *
 * As a module (bench/fabric.bench.js, network-config/caliper/workload/credit-entry.js):
 *   const cpu = require('network-config/scripts/cpu-breakdown');
 *   const before = cpu.snapshot();            // network processes + this process as "client"
 *   ...timed section...
 *   console.log(cpu.format(cpu.breakdown(before, cpu.snapshot(), committed)));
 * As a command (any other load generator):
 *   node cpu-breakdown.js snapshot > before.json; ...; node cpu-breakdown.js snapshot > after.json
 *   node cpu-breakdown.js report before.json after.json <committed transactions>
 */
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const PIDS = join(__dirname, '..', '.run', 'pids');
/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat (100 on every Linux this runs on). */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, all threads) of a process, or undefined when it is gone. */
function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces: split after its closing parenthesis; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** What a network process is, from its pid-file name: orderer0, peer0.<province>, <chaincode>-<province>. */
function kindOf(name) {
  if (name.startsWith('orderer')) return 'orderer';
  if (name.startsWith('peer')) return 'peer';
  return 'chaincode server';
}

/**
 * CPU seconds so far of every running network process, and of the load generator's processes: `clients` maps a
 * name to a pid (default { client: this process }; {} leaves the client out).
 */
function snapshot(options = {}) {
  const processes = {};
  for (const file of existsSync(PIDS) ? readdirSync(PIDS).sort() : []) {
    if (!file.endsWith('.pid')) continue;
    const name = file.slice(0, -'.pid'.length);
    const pid = readFileSync(join(PIDS, file), 'utf8').trim();
    const seconds = processCpuSeconds(pid);
    if (seconds !== undefined) processes[name] = { pid: Number(pid), kind: kindOf(name), seconds };
  }
  for (const [name, pid] of Object.entries(options.clients ?? { client: process.pid })) {
    const seconds = processCpuSeconds(pid);
    if (seconds !== undefined) processes[name] = { pid: Number(pid), kind: 'client', seconds };
  }
  return { at: Date.now(), processes };
}

/**
 * CPU used between two snapshots, per process (same name and pid in both: a restarted process is left out) and per
 * kind, with CPU-ms per committed transaction.
 */
function breakdown(before, after, committed) {
  const wallSeconds = (after.at - before.at) / 1000;
  const rows = [];
  for (const [name, end] of Object.entries(after.processes)) {
    const start = before.processes[name];
    if (!start || start.pid !== end.pid) continue;
    rows.push({ name, kind: end.kind, cpuSeconds: end.seconds - start.seconds });
  }
  const perTx = (seconds) => (committed > 0 ? (seconds * 1000) / committed : NaN);
  const kinds = new Map();
  for (const row of rows) {
    const kind = kinds.get(row.kind) ?? { kind: row.kind, processes: 0, cpuSeconds: 0 };
    kind.processes++;
    kind.cpuSeconds += row.cpuSeconds;
    kinds.set(row.kind, kind);
  }
  const totalSeconds = rows.reduce((sum, row) => sum + row.cpuSeconds, 0);
  return {
    wallSeconds,
    committed,
    processes: rows.map((row) => ({ ...row, msPerTx: perTx(row.cpuSeconds) })),
    kinds: [...kinds.values()].map((kind) => ({ ...kind, msPerTx: perTx(kind.cpuSeconds) })),
    total: { cpuSeconds: totalSeconds, msPerTx: perTx(totalSeconds), cores: wallSeconds > 0 ? totalSeconds / wallSeconds : NaN },
  };
}

/** The breakdown as text: one line per process, then per kind, then the total. */
function format(result, indent = '  ') {
  const lines = [];
  const row = (label, seconds, msPerTx) =>
    `${indent}${label.padEnd(26)} ${seconds.toFixed(2).padStart(7)} CPU s ${msPerTx.toFixed(2).padStart(7)} ms/tx`;
  lines.push(`${indent}CPU per process over ${result.wallSeconds.toFixed(1)} s, ${result.committed} committed:`);
  for (const p of result.processes) lines.push(row(p.name, p.cpuSeconds, p.msPerTx));
  for (const k of result.kinds) lines.push(row(`= ${k.kind} ×${k.processes}`, k.cpuSeconds, k.msPerTx));
  lines.push(`${row('= total', result.total.cpuSeconds, result.total.msPerTx)} (${result.total.cores.toFixed(2)} cores busy)`);
  return lines.join('\n');
}

module.exports = { snapshot, breakdown, format, processCpuSeconds };

if (require.main === module) {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'snapshot') {
    // The client to account for is the caller's choice: --client <pid>, default none (this short-lived process).
    const at = args.indexOf('--client');
    process.stdout.write(`${JSON.stringify(snapshot({ clients: at >= 0 ? { client: args[at + 1] } : {} }))}\n`);
  } else if (command === 'report' && args.length === 3) {
    const read = (path) => JSON.parse(readFileSync(path, 'utf8'));
    console.log(format(breakdown(read(args[0]), read(args[1]), Number(args[2])), ''));
  } else {
    console.error('usage: cpu-breakdown.js snapshot [--client <pid>] | report <before.json> <after.json> <committed>');
    process.exit(2);
  }
}
