import { readFileSync } from 'node:fs';
import type { Side } from './interleave';

/** Linux reports utime/stime in USER_HZ ticks, 100 per second on every architecture Node runs on. */
const USER_HZ = 100;

/** CPU seconds (user + system) process `pid` has used so far, from /proc/<pid>/stat; undefined where unreadable. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; the fields after its closing one are plain.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / USER_HZ : undefined;
  } catch {
    return undefined;
  }
}

export interface MeteredSide {
  side: Side;
  /** CPU ms per 2xx response over every run of `side` so far (warm-up included): the server's and this process's. */
  perRequest(): { serverMs: number; clientMs: number } | undefined;
}

/**
 * `side`, also adding up the CPU time that the server process `pid` and this (client) process spend while
 * it runs. Both sides of a comparison run alone in their slices, so the CPU spent then is theirs.
 */
export function metered(side: Side, pid: number | undefined): MeteredSide {
  let serverS = 0;
  let clientS = 0;
  let ok = 0;
  let known = true;
  return {
    side: async (d) => {
      const s0 = cpuSeconds(pid);
      const c0 = process.cpuUsage();
      const t = await side(d);
      const c = process.cpuUsage(c0);
      const s1 = cpuSeconds(pid);
      if (s0 === undefined || s1 === undefined) known = false;
      else serverS += s1 - s0;
      clientS += (c.user + c.system) / 1e6;
      ok += t.ok;
      return t;
    },
    perRequest: () => (known && ok > 0 ? { serverMs: (serverS / ok) * 1000, clientMs: (clientS / ok) * 1000 } : undefined),
  };
}
