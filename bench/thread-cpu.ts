/** CPU time of one thread of this process, from /proc/self/task/<tid>/stat (Linux): utime + stime in milliseconds. */
import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of /proc's utime and stime, 100 on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;

export function threadCpuMs(threadId: number): number {
  const stat = readFileSync(`/proc/self/task/${threadId}/stat`, 'utf8');
  // After the command name (which may hold spaces): state is field 3, utime field 14, stime field 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}
