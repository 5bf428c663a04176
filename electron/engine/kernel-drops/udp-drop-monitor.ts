import type { Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dropsBetween, udpDropsOfInode } from './proc-net-udp';
import { udpSocketInode } from './udp-socket-inode';

/** How often an open socket's drops are read: the counter moves within a second, at one small read per second. */
export const DROP_POLL_MS = 1_000;

/** Where the kernel lists the sockets: a udp4 socket in the first, a udp6 one (dual-stack too) in the second. */
const PROC_FILES = { udp4: '/proc/net/udp', udp6: '/proc/net/udp6' } as const;
export type UdpSocketType = keyof typeof PROC_FILES;

/** Told each time the kernel's count grew: `added` datagrams dropped since the previous reading. */
export type DropListener = (added: number) => void;

/**
 * The kernel's drop counter of one UDP socket (issue 11), read from /proc/net/udp{,6} by the socket's inode — never
 * per datagram: once a second while open (a timer that does not keep the process alive), and when asked (`poll`
 * before the socket closes and when a page attaches, `pollNow` before a counter reset). Reports only growth, so the
 * session adds it to its counters and logs a row; a reading that fails (the socket is gone, /proc went away) is
 * skipped. Off Linux, or where Node hides the descriptor, `start` returns undefined and nothing is shown.
 */
export class UdpDropMonitor {
  private last: number;
  private timer: NodeJS.Timeout | undefined;
  /** The reading under way: polls never overlap, a second caller waits for the same one. */
  private reading: Promise<void> | undefined;
  private isStopped = false;
  /** Moves on with every synchronous reading: an async one that began before it is older, and is not reported. */
  private generation = 0;

  private constructor(
    private readonly inode: string,
    private readonly files: readonly string[],
    baseline: number,
    private readonly onDrops: DropListener,
  ) {
    this.last = baseline;
  }

  /**
   * Starts watching `socket` (bound, of `type`): reads its counter once now (the baseline, and the proof the OS
   * tells it), then every `intervalMs`. Undefined when the counter cannot be read here.
   */
  static start(socket: Socket, type: UdpSocketType, onDrops: DropListener, intervalMs = DROP_POLL_MS): UdpDropMonitor | undefined {
    const inode = udpSocketInode(socket);
    if (inode === undefined) return undefined;
    // Its own family's file first; the other one only if the kernel listed it there (it never does today).
    const files = type === 'udp4' ? [PROC_FILES.udp4, PROC_FILES.udp6] : [PROC_FILES.udp6, PROC_FILES.udp4];
    const baseline = readDropsSync(files, inode);
    if (baseline === undefined) return undefined;
    const monitor = new UdpDropMonitor(inode, files, baseline, onDrops);
    monitor.timer = setInterval(() => void monitor.poll(), intervalMs);
    monitor.timer.unref();
    return monitor;
  }

  /** Reads the counter now (off the event loop) and reports growth; resolves once done. */
  poll(): Promise<void> {
    if (this.isStopped) return Promise.resolve();
    this.reading ??= this.read().finally(() => (this.reading = undefined));
    return this.reading;
  }

  /** Reads the counter at once, synchronously: for a counter reset, so drops before it are not counted after it. */
  pollNow(): void {
    if (this.isStopped) return;
    this.generation += 1;
    const drops = readDropsSync(this.files, this.inode);
    if (drops !== undefined) this.report(drops);
  }

  /** One last reading (the socket is still open), then no more. */
  async stop(): Promise<void> {
    if (this.isStopped) return;
    clearInterval(this.timer);
    // A reading under way may have begun before the last datagrams: wait for it, then read once more.
    await this.reading;
    await this.poll();
    this.isStopped = true;
  }

  private async read(): Promise<void> {
    const generation = this.generation;
    for (const file of this.files) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        continue;
      }
      const drops = udpDropsOfInode(text, this.inode);
      if (drops === undefined) continue;
      if (!this.isStopped && generation === this.generation) this.report(drops);
      return;
    }
  }

  private report(drops: number): void {
    const added = dropsBetween(this.last, drops);
    this.last = drops;
    if (added > 0) this.onDrops(added);
  }
}

function readDropsSync(files: readonly string[], inode: string): number | undefined {
  for (const file of files) {
    try {
      const drops = udpDropsOfInode(readFileSync(file, 'utf8'), inode);
      if (drops !== undefined) return drops;
    } catch {
      // Not there (no IPv6 in this kernel, no /proc): the other file, or nothing.
    }
  }
  return undefined;
}
