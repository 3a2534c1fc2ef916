'use strict';
/**
 * CPU seconds of a process (all its threads) and of its main thread, from /proc/<pid>/stat and
 * /proc/<pid>/task/<pid>/stat (utime + stime, in clock ticks of 1/100 s on Linux). Used by the HTTP benchmarks to
 * show what the gateway costs per request, and how much of it is on the main thread (the event loop: the ceiling)
 * rather than on worker threads, GC and libuv's pool. Elsewhere than Linux the figures are undefined.
 */
const { readFileSync } = require('node:fs');

const TICKS_PER_SECOND = 100;

function ticks(statPath) {
  try {
    const text = readFileSync(statPath, 'utf8');
    // The command name (field 2) may hold spaces: the fields after its closing parenthesis are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of proc(5))
  } catch {
    return undefined;
  }
}

/** { total, mainThread } CPU seconds used so far by process pid; undefined where /proc is not there. */
function processCpu(pid) {
  const total = ticks(`/proc/${pid}/stat`);
  const main = ticks(`/proc/${pid}/task/${pid}/stat`);
  if (total === undefined || main === undefined) return undefined;
  return { total: total / TICKS_PER_SECOND, mainThread: main / TICKS_PER_SECOND };
}

/** This process's own CPU seconds (user + system), all threads. */
function ownCpu() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

module.exports = { processCpu, ownCpu };
