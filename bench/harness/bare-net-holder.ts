import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pollUntil, sleep } from './wait';

const SCRIPT = fileURLToPath(new URL('../load/bare-net-holder.mjs', import.meta.url));

/**
 * bench/load/bare-net-holder.mjs in a process of its own, started with plain `node` as the browser host is: a bare
 * `net` server that keeps what it accepts, the baseline for the host's memory per client.
 */
export class BareNetHolder {
  private readonly lines: unknown[] = [];
  private answered = 0;
  /** The port it listens on, once it said so. */
  port = 0;

  private constructor(private readonly child: ChildProcessByStdio<Writable, Readable, null>) {
    createInterface({ input: child.stdout }).on('line', (line) => this.lines.push(JSON.parse(line)));
  }

  static async start(): Promise<BareNetHolder> {
    const holder = new BareNetHolder(spawn(process.execPath, [SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] }));
    holder.port = (await holder.next<{ port: number }>('the bare net server to listen')).port;
    return holder;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Connections it holds now. */
  async open(): Promise<number> {
    this.child.stdin.write('count\n');
    return (await this.next<{ open: number }>('the bare net server to count')).open;
  }

  private async next<T>(what: string): Promise<T> {
    const index = this.answered++;
    return (await pollUntil(what, () => this.lines[index], 10_000)) as T;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.write('quit\n');
    const done = await Promise.race([exited.then(() => true), sleep(3_000).then(() => false)]);
    if (!done) {
      this.child.kill('SIGKILL');
      await exited;
    }
  }
}
