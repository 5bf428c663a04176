import { readFile } from 'node:fs/promises';
import { pollUntil } from './wait';

/** A UDP socket as /proc/net/udp(6) shows it: its receive queue (bytes) and the datagrams the kernel dropped. */
export interface UdpSocketStats {
  readonly rxQueueBytes: number;
  readonly drops: number;
}

/**
 * Finds the UDP socket bound to `port` on loopback (IPv4 or IPv6) and reads its queue and `drops` column: the
 * datagrams the kernel discarded for THIS socket because its receive buffer was full. Undefined when absent.
 */
export async function udpSocketStats(port: number): Promise<UdpSocketStats | undefined> {
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 13) continue;
      const local = cols[1]!;
      if (!local.endsWith(`:${portHex}`)) continue;
      const rxQueueBytes = parseInt(cols[4]!.split(':')[1]!, 16);
      const drops = Number(cols[12]);
      return { rxQueueBytes, drops };
    }
  }
  return undefined;
}

/** Waits (≤ 10 s) until the UDP socket on `port` has an empty receive queue: its reader has taken all the kernel kept. */
export async function udpQueueDrained(port: number): Promise<void> {
  await pollUntil(`UDP ${port} receive queue to drain`, async () => ((await udpSocketStats(port))?.rxQueueBytes === 0 ? true : undefined), 10_000);
}

/** Drops (datagrams the kernel discarded for a full receive buffer) of several loopback UDP sockets, one read of /proc. */
export async function udpDropsOf(ports: readonly number[]): Promise<number[]> {
  const wanted = new Map(ports.map((port, i) => [`:${port.toString(16).toUpperCase().padStart(4, '0')}`, i]));
  const out = ports.map(() => Number.NaN);
  for (const file of ['/proc/net/udp', '/proc/net/udp6']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 13) continue;
      const i = wanted.get(cols[1]!.slice(cols[1]!.lastIndexOf(':')));
      if (i !== undefined && Number.isNaN(out[i]!)) out[i] = Number(cols[12]);
    }
  }
  return out;
}

/** CPU a process has used so far (user + system), ms, from /proc/PID/stat (clock ticks of 10 ms). */
export async function processCpuMs(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'; utime and stime are 14 and 15.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** System-wide UDP counters from /proc/net/snmp (RcvbufErrors: datagrams dropped for a full receive buffer). */
export async function udpSnmp(): Promise<{ rcvbufErrors: number; inDatagrams: number }> {
  const lines = (await readFile('/proc/net/snmp', 'utf8')).split('\n').filter((line) => line.startsWith('Udp:'));
  const names = lines[0]?.split(/\s+/) ?? [];
  const values = lines[1]?.split(/\s+/) ?? [];
  const get = (name: string): number => Number(values[names.indexOf(name)]);
  return { rcvbufErrors: get('RcvbufErrors'), inDatagrams: get('InDatagrams') };
}

/** Peak and current resident set of a process (kB → bytes), from /proc/PID/status. */
export async function processMemory(pid: number | 'self'): Promise<{ rssBytes: number; peakRssBytes: number }> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return { rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
}

/** CPU time of every process, ms, with its parent and command name (one pass over /proc). */
async function allProcessCpu(): Promise<Map<number, { ppid: number; comm: string; cpuMs: number }>> {
  const { readdir } = await import('node:fs/promises');
  const out = new Map<number, { ppid: number; comm: string; cpuMs: number }>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const text = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const close = text.lastIndexOf(')');
    if (close < 0) continue;
    const comm = text.slice(text.indexOf('(') + 1, close);
    const fields = text.slice(close + 2).split(' ');
    out.set(Number(name), { ppid: Number(fields[1]), comm, cpuMs: (Number(fields[11]) + Number(fields[12])) * 10 });
  }
  return out;
}

/**
 * CPU of the processes this bench started, grouped: the named pids (e.g. the browser host, the load generator),
 * every other descendant whose command name starts with "chrom" (Chromium's processes), the bench process itself;
 * and the whole machine's busy time from /proc/stat. Take one snapshot before and one after; `cpuDelta` subtracts.
 */
export interface CpuSnapshot {
  readonly at: number;
  readonly groups: Record<string, number>;
  /** Busy (non-idle, non-iowait) ms of all cores together, and their total ms. */
  readonly machineBusyMs: number;
  readonly machineTotalMs: number;
}

export async function cpuSnapshot(named: Record<string, number>): Promise<CpuSnapshot> {
  const procs = await allProcessCpu();
  const isUnder = (pid: number, root: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === root) return true;
      p = procs.get(p)?.ppid ?? 0;
    }
    return false;
  };
  const groups: Record<string, number> = { chromium: 0, bench: procs.get(process.pid)?.cpuMs ?? 0 };
  const namedPids = new Set(Object.values(named));
  for (const [name, pid] of Object.entries(named)) groups[name] = procs.get(pid)?.cpuMs ?? Number.NaN;
  for (const [pid, p] of procs) if (!namedPids.has(pid) && p.comm.startsWith('chrom') && isUnder(pid, process.pid)) groups.chromium! += p.cpuMs;
  const cpu = (await readFile('/proc/stat', 'utf8')).split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = cpu[3]! + cpu[4]!;
  return { at: performance.now(), groups, machineBusyMs: (total - idle) * 10, machineTotalMs: total * 10 };
}

/** What each group used between two snapshots, in % of one core, and the machine's busy % of all its cores. */
export function cpuDelta(a: CpuSnapshot, b: CpuSnapshot): { wallMs: number; percentOfOneCore: Record<string, number>; machineBusyPercent: number } {
  const wallMs = b.at - a.at;
  const percentOfOneCore: Record<string, number> = {};
  for (const k of Object.keys(b.groups)) percentOfOneCore[k] = Math.round(((b.groups[k]! - (a.groups[k] ?? 0)) / wallMs) * 100);
  return { wallMs, percentOfOneCore, machineBusyPercent: Math.round(((b.machineBusyMs - a.machineBusyMs) / (b.machineTotalMs - a.machineTotalMs)) * 100) };
}

/** The 1, 5 and 15 minute load averages (/proc/loadavg), e.g. "1.95 4.18 4.53": reported beside noisy figures. */
export async function loadAverage(): Promise<string> {
  return (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
}
