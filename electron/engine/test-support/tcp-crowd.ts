import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for';

const SCRIPT = fileURLToPath(new URL('./tcp-crowd.py', import.meta.url));

export interface CrowdState {
  /** Connections still open, and those the server closed: with a FIN, or with a reset. */
  readonly open: number;
  readonly fin: number;
  readonly reset: number;
}

/**
 * Hundreds or thousands of TCP clients in a python3 process (tcp-crowd.py): its sockets are not descriptors of the
 * test process, so the test counts exactly what the engine holds. Commands go one at a time, each answered by a line.
 */
export class TcpCrowd {
  private readonly lines: unknown[] = [];
  private answered = 0;
  private stderr = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => this.lines.push(JSON.parse(line)));
  }

  /** Starts the process; resolves once it is ready (its pipes are open: take a descriptor baseline after this). */
  static async start(): Promise<TcpCrowd> {
    const crowd = new TcpCrowd(spawn('python3', [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] }) as ChildProcessWithoutNullStreams);
    await crowd.next(10_000, 'the crowd process to start');
    return crowd;
  }

  /** Opens `count` connections to 127.0.0.1:`port`, at most `window` connecting at once. */
  connect(port: number, count: number, window = 1000): Promise<{ connected: number; failed: Record<string, number> }> {
    return this.ask(`connect 127.0.0.1 ${port} ${count} ${window}`, 90_000, `${count} connections`);
  }

  /** Every open connection sends `bytes` once (a few bytes); how many did, and how many could not. */
  send(bytes: Uint8Array): Promise<{ sent: number; failed: number }> {
    if (bytes.length === 0) throw new Error('send: nothing to send');
    return this.ask(`send ${Buffer.from(bytes).toString('hex')}`, 30_000, `a send on every connection`);
  }

  poll(): Promise<CrowdState> {
    return this.ask('poll', 30_000, 'the state of the connections');
  }

  /** Polls until `done` holds for the state, within `timeoutMs`; returns that state (or throws with the last one). */
  async until(done: (state: CrowdState) => boolean, timeoutMs: number, what: string): Promise<CrowdState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await this.poll();
      if (done(state)) return state;
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}: ${JSON.stringify(state)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Closes its connections and ends the process (killed if it does not end). `fin` closes them as a program that
   * exits does; `reset` with an RST each, so a server drops them at once instead of keeping them half-closed.
   */
  async close(how: 'fin' | 'reset' = 'fin'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.write(how === 'reset' ? 'close reset\n' : 'close\n');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private async ask<T>(command: string, timeoutMs: number, what: string): Promise<T> {
    this.child.stdin.write(`${command}\n`);
    return this.next<T>(timeoutMs, what);
  }

  private async next<T>(timeoutMs: number, what: string): Promise<T> {
    const index = this.answered++;
    try {
      return (await waitFor(() => this.lines[index], timeoutMs, what)) as T;
    } catch (error) {
      throw new Error(`${(error as Error).message}; crowd stderr: ${this.stderr}`);
    }
  }
}
