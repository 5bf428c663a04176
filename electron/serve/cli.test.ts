import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tryConnect, wsUrlOf } from './test-support/ws-client';

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

function runServe(args: string[]): Run {
  const child = spawn(process.execPath, [serveJs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
    expect(run.stderr().trim().split('\n')).toEqual(['socketdesk serve: --port must be an integer from 0 to 65535, got "x"']);
  });
});
