import { readdir, readFile } from 'node:fs/promises';

/**
 * How long a thread waited for a CPU (B10). On a machine shared with other work a page's task that needs 10 ms of
 * CPU can take 200 ms of wall time when its thread is not scheduled, and PerformanceObserver reports it as a long
 * task all the same. /proc/PID/task/TID/schedstat separates the two: the time the thread ran and the time it sat
 * runnable on a run queue. For Chromium's renderer the main thread is the process's first thread (tid = pid).
 */

export interface SchedStat {
  /** ms on a CPU. */
  readonly runMs: number;
  /** ms runnable but waiting for a CPU. */
  readonly waitMs: number;
}

export async function threadSchedStat(pid: number, tid = pid): Promise<SchedStat> {
  const [run, wait] = (await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8')).trim().split(/\s+/).map(Number);
  return { runMs: run! / 1e6, waitMs: wait! / 1e6 };
}

export function schedDelta(a: SchedStat, b: SchedStat): SchedStat {
  return { runMs: b.runMs - a.runMs, waitMs: b.waitMs - a.waitMs };
}

/** Chromium renderer processes (`--type=renderer`) started under this bench process. */
export async function rendererPids(): Promise<number[]> {
  const parents = new Map<number, number>();
  const renderers: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('--type=renderer')) renderers.push(pid);
  }
  const isOurs = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === process.pid) return true;
      p = parents.get(p) ?? 0;
    }
    return false;
  };
  return renderers.filter(isOurs);
}
