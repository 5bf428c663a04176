import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pollUntil, withTimeout } from './wait';

/**
 * An external program (socat, ncat) run as a peer. It collects what the program writes to stdout, lets a test
 * feed its stdin, and is always stopped in teardown — SIGTERM, then SIGKILL if it lingers.
 */
export class ToolProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly stdoutChunks: Buffer[] = [];
  private stderrText = '';
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitPromise: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly command: string,
    readonly args: readonly string[],
  ) {
    // Its own process group, so stop() also ends the children it forks (ncat -e, socat fork).
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child.stdout.on('data', (chunk: Buffer) => this.stdoutChunks.push(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderrText += chunk.toString('utf8')));
    // A peer that already exited must not crash the runner when the test writes to it.
    this.child.stdin.on('error', () => undefined);
    this.exitPromise = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
      this.child.once('error', (error) => {
        this.stderrText += `spawn error: ${error.message}\n`;
        this.exitInfo = { code: -1, signal: null };
        resolve(this.exitInfo);
      });
    });
  }

  get label(): string {
    return `${this.command} ${this.args.join(' ')}`;
  }

  /** Everything the program wrote to stdout so far. */
  get stdout(): Buffer {
    return Buffer.concat(this.stdoutChunks);
  }

  get stderr(): string {
    return this.stderrText;
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  write(data: string | Uint8Array): void {
    this.child.stdin.write(data);
  }

  /** Ends the program's stdin (EOF): ncat then half-closes its connection, socat shuts its sending side. */
  end(): void {
    this.child.stdin.end();
  }

  /** Resolves when stdout holds at least `expected` (as bytes); fails after `timeoutMs`. */
  async waitForStdout(expected: string | Uint8Array, timeoutMs = 5_000): Promise<void> {
    const needle = Buffer.from(expected);
    await pollUntil(`${this.label} to print ${JSON.stringify(needle.toString('latin1'))}`, () =>
      this.stdout.includes(needle) ? true : undefined,
    { timeoutMs });
  }

  /** Resolves when the program exits on its own (e.g. its connection was closed); fails after `timeoutMs`. */
  async waitForExit(timeoutMs = 5_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return withTimeout(`${this.label} to exit`, this.exitPromise, timeoutMs);
  }

  /** Fails fast with the program's stderr when it died early (bad arguments, port taken, missing binary). */
  assertRunning(): void {
    if (this.exitInfo) {
      throw new Error(`${this.label} exited early (code ${this.exitInfo.code}): ${this.stderrText.trim()}`);
    }
  }

  /** Stops the program and everything it forked (its process group, by id). */
  async stop(): Promise<void> {
    this.signalGroup('SIGTERM');
    if (this.exitInfo) return;
    try {
      await withTimeout(`${this.label} to stop`, this.exitPromise, 2_000);
    } catch {
      this.signalGroup('SIGKILL');
      await withTimeout(`${this.label} to die`, this.exitPromise, 2_000).catch(() => undefined);
    }
  }

  private signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone: nothing left to stop.
    }
  }
}
