import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { withTimeout } from '../peers/wait';

/** The one line the browser host prints on stdout once it listens (electron/serve). */
const URL_LINE = /^SocketDesk browser host: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)\s*$/m;

export interface BrowserHost {
  readonly url: string;
  /** The TCP port it listens on (from its URL). */
  readonly port: number;
  /** Its process id: a test may pause it (SIGSTOP), or look at its sockets (ss -p). */
  readonly pid: number;
  /** Everything the host printed, for the report of a failed test. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node out/main/serve.js --port <port>` (built by `npm run build`; port 0 = one the OS picks) and waits,
 * bounded, for its URL line. `env` lets a test give the host its own settings directory; every start prints a new
 * random token unless `env` fixes it (SOCKETDESK_TOKEN).
 */
export async function startBrowserHost(root: string, env: NodeJS.ProcessEnv, port = 0): Promise<BrowserHost> {
  const script = path.join(root, 'out', 'main', 'serve.js');
  const child = spawn(process.execPath, [script, '--port', String(port)], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const url = await withTimeout(
    `the browser host (${script}) to print its URL`,
    new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        stdout += text;
        log += text;
        const match = URL_LINE.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('error', reject);
      void exited.then((code) => reject(new Error(`browser host exited with code ${code} before printing its URL:\n${log}`)));
    }),
    10_000,
  ).catch(async (error: unknown) => {
    await stopChild(child, exited);
    throw error;
  });
  return { url, port: Number(new URL(url).port), pid: child.pid!, output: () => log, stop: () => stopChild(child, exited) };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  try {
    await withTimeout('the browser host to stop', exited, 3_000);
  } catch {
    child.kill('SIGKILL');
    await withTimeout('the browser host to die', exited, 2_000).catch(() => undefined);
  }
}
