import { readdirSync, readFileSync } from 'node:fs';

/** CPU time and memory of processes, read from /proc (Linux), for per-order cost figures. */

const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU seconds a process has used so far; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Peak resident memory (the kernel's high-water mark) in MiB. */
export function peakRssMiB(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** The pids whose command line contains every one of `needles`. */
export function pidsMatching(...needles: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (needles.every((n) => cmdline.includes(n))) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Total CPU seconds of a set of processes found again at each call (PostgreSQL backends come and go). */
export function cpuSecondsOfAll(pids: () => number[]): number {
  return pids().reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}
