import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { releaseFifoReaders } from '../test-support/fifo';
import { within } from '../test-support/wait-for';
import { connectWsClient, tryConnect, wsUrlOf } from './test-support/ws-client';

// The built command (`npm run build` makes out/main/serve.js). Skipped, and said so, when it is not built.
const serveJs = fileURLToPath(new URL('../../out/main/serve.js', import.meta.url));
const isBuilt = existsSync(serveJs);
if (!isBuilt) console.warn('cli tests skipped: out/main/serve.js not built (run npm run build)');

interface Run {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runServe(args: string[], nodeArgs: string[] = []): Run {
  const child = spawn(process.execPath, [...nodeArgs, serveJs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function urlLine(run: Run): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const match = /^SocketDesk browser host: (\S+)$/m.exec(run.stdout());
    if (match) return match[1]!;
    if (run.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  run.child.kill('SIGKILL');
  throw new Error(`no URL line; stdout: ${run.stdout()} stderr: ${run.stderr()}`);
}

describe.skipIf(!isBuilt)('serve command (out/main/serve.js)', () => {
  let scratch: string;
  const started: Run[] = [];

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'socketdesk-cli-'));
  });

  afterEach(async () => {
    // A host a failed test left running (one that ignored SIGTERM) goes now, by its pid.
    for (const run of started.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    await rm(scratch, { recursive: true, force: true });
  });

  it('answers settings.load at once when settings.json is a FIFO, and still exits 0 on SIGTERM within seconds', async () => {
    const fifo = join(scratch, 'settings.json');
    execFileSync('mkfifo', [fifo]);
    const run = runServe(['--port', '0', '--data-dir', scratch]);
    started.push(run);
    try {
      const url = await urlLine(run);
      const client = await connectWsClient(wsUrlOf(url), new URL(url).origin);
      const loaded = await within(client.invoke('settings.load', {}), 3_000, 'the answer to settings.load');
      expect(loaded).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { path: fifo, reason: 'notRegularFile' } } });
      run.child.kill('SIGTERM');
      expect(await within(run.exited, 4_000, 'the host to exit on SIGTERM')).toEqual({ code: 0, signal: null });
    } finally {
      await releaseFifoReaders(fifo);
    }
  });

  it('exits within its shutdown deadline on SIGTERM even with a file operation stuck in the kernel', async () => {
    // A read from a hung mount in miniature, started in the host process before it runs: opening a FIFO nobody
    // writes to blocks a libuv worker thread in open(2), and Node's process.exit() waits for that thread forever.
    const hung = join(scratch, 'hung');
    execFileSync('mkfifo', [hung]);
    const preload = join(scratch, 'hang-a-worker.mjs');
    await writeFile(preload, `import { open } from 'node:fs/promises';\nopen(${JSON.stringify(hung)}, 'r').catch(() => undefined);\n`);
    const run = runServe(['--port', '0', '--data-dir', scratch], ['--import', preload]);
    started.push(run);
    try {
      await urlLine(run);
      const signalledAt = Date.now();
      run.child.kill('SIGTERM');
      // The host ends itself with the signal it was asked to stop by once the deadline (3 s) has passed.
      expect(await within(run.exited, 6_000, 'the host to exit past its shutdown deadline')).toEqual({ code: null, signal: 'SIGTERM' });
      expect(Date.now() - signalledAt).toBeLessThan(6_000);
      expect(run.stderr()).toMatch(/SocketDesk browser host: still busy 3 s after SIGTERM \(.+\), exiting/);
    } finally {
      await releaseFifoReaders(hung);
    }
  });

  it('prints exactly one URL line, accepts its own token, and exits 0 on SIGTERM', async () => {
    const run = runServe(['--port', '0']);
    const url = await urlLine(run);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    const origin = new URL(url).origin;
    const attempt = await tryConnect(wsUrlOf(url), origin);
    expect(attempt.ok).toBe(true);
    if (attempt.ok) attempt.socket.close();
    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout().trim().split('\n')).toHaveLength(1);
  });

  it('exits 0 on SIGINT with a client still connected', async () => {
    const run = runServe([]);
    const url = await urlLine(run);
    const attempt = await tryConnect(wsUrlOf(url), new URL(url).origin);
    expect(attempt.ok).toBe(true);
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('warns on stderr when bound beyond loopback', async () => {
    const run = runServe(['--host', '0.0.0.0']);
    await urlLine(run);
    expect(run.stderr()).toMatch(/warning: listening on 0\.0\.0\.0, not loopback — anyone on that network who holds the token/);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
  });

  it('rejects a bad flag with one line and exit code 2', async () => {
    const run = runServe(['--port', 'x']);
    expect((await run.exited).code).toBe(2);
    expect(run.stdout()).toBe('');
    expect(run.stderr().trim().split('\n')).toEqual(['SocketDesk browser host: --port must be an integer from 0 to 65535, got "x"']);
  });
});
