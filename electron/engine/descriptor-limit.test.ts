import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { once, waitFor } from './test-support/wait-for';

const SCRIPT = fileURLToPath(new URL('./test-support/descriptor-starved-engine.ts', import.meta.url));

/**
 * An engine process whose descriptor table holds `limit` entries (soft and hard), talking JSON lines. The limit is
 * set with prlimit once the process has loaded its modules (line 0, {"ready": true}); then "go" starts `mode`.
 */
async function startStarvedEngine(limit: number, mode: 'open-starved' | 'serve') {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, mode], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: ['pipe', 'pipe', 'pipe'],
  }) as ChildProcessWithoutNullStreams;
  const lines: unknown[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line)));
  const nextLine = async <T>(index: number, what: string): Promise<T> => {
    try {
      return (await waitFor(() => lines[index], 40_000, what)) as T;
    } catch (error) {
      throw new Error(`${(error as Error).message}; engine stderr: ${stderr}`);
    }
  };
  await nextLine(0, 'the engine process loaded');
  execFileSync('prlimit', ['--pid', String(child.pid), `--nofile=${limit}:${limit}`], { timeout: 5_000 });
  child.stdin.write('go\n');
  // Its answers follow the ready line.
  return { child, nextLine: <T>(index: number, what: string) => nextLine<T>(index + 1, what) };
}

describe('out of file descriptors (issue 6, defect 5)', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  const sockets: Socket[] = [];

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
    child?.kill('SIGKILL');
    child = undefined;
  });

  it('names the cause when a session cannot open for lack of descriptors', async () => {
    const engine = await startStarvedEngine(64, 'open-starved');
    child = engine.child;
    const report = await engine.nextLine<{ held: number; errors: Array<{ kind: string; code?: string; message?: string }> }>(0, 'open results');
    expect(report.held).toBeGreaterThan(0);
    expect(report.errors.map((e) => [e.kind, e.code])).toEqual([
      ['udp', 'EMFILE'],
      ['tcp-server', 'EMFILE'],
      ['tcp-client', 'EMFILE'],
    ]);
    for (const error of report.errors) expect(error.message).toBe('Too many open files');
  }, 60_000);

  it('refuses clients beyond the descriptor limit with event rows that count them, instead of dropping them silently', async () => {
    const engine = await startStarvedEngine(128, 'serve');
    child = engine.child;
    const { port } = await engine.nextLine<{ port: number }>(0, 'server port');
    const attempts = 200;
    let closedByServer = 0;
    await Promise.all(
      Array.from({ length: attempts }, async () => {
        const socket = connect(port, '127.0.0.1');
        sockets.push(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => closedByServer++);
        await once(socket, 'connect', 5_000);
      }),
    );
    // Every connect succeeds at the TCP level (the kernel completes the handshake); refused ones are closed at once.
    await waitFor(() => closedByServer > 0, 5_000, 'the server to close the clients it cannot keep');
    // Refusals close at once; give the last of them a moment on loopback, then count before the report closes the rest.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const closedBeforeReport = closedByServer;
    engine.child.stdin.write('report\n');
    const report = await engine.nextLine<{ accepted: number; events: string[] }>(1, 'report');
    const rows = report.events.map((text) => JSON.parse(text) as { type: string; count: number; reason: string });
    // Each kept client has its 'client-connected' row; the refused ones only their summary rows.
    const refusals = rows.filter((row) => row.type !== 'client-connected');
    expect(rows.length - refusals.length).toBe(report.accepted);
    expect(refusals.length).toBeGreaterThan(0);
    for (const refusal of refusals) expect(refusal).toMatchObject({ type: 'clients-refused', reason: 'EMFILE' });
    const refused = refusals.reduce((sum, r) => sum + r.count, 0);
    expect(report.accepted).toBeGreaterThan(0);
    expect(report.accepted + refused).toBe(attempts);
    expect(refused).toBe(closedBeforeReport);
  }, 60_000);
});
