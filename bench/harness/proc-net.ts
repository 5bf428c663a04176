import { readFile } from 'node:fs/promises';

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
