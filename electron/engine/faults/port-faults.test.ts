import { spawn, spawnSync } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppError, SessionConfig } from '@shared';
import { EngineHarness } from '../test-support/engine-harness';
import { closedTcpPort, udpPeer } from '../test-support/peers';
import { once, waitFor } from '../test-support/wait-for';
import { MAX_UDP_PAYLOAD_IPV4, MAX_UDP_PAYLOAD_IPV6 } from '../udp-session';
import { canCountDescriptors, descriptorsBackTo, openDescriptors } from '../test-support/descriptors';

/*
 * Issue 11, faults survived: ports. A port another program holds, a privileged port for a user who may not bind
 * it, a refused connect and a datagram over the UDP limit are each answered with the error the page words (code
 * and the params it names: the port, the endpoint, the limit), the session that failed leaves nothing behind
 * (descriptors back to what they were, after many tries), and nothing is counted that was not sent.
 */

const TRIES = 4;

async function udpHolder(): Promise<UdpSocket> {
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return socket;
}

async function tcpHolder(): Promise<Server> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

/** Why the privileged-port case cannot run here, or undefined when it can. */
function privilegedPortUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  let unprivilegedStart = 1024;
  try {
    unprivilegedStart = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
  } catch {
    // Older kernels have no such setting: 1024 it is.
  }
  if (unprivilegedStart <= 80) return `every user may bind port 80 here (net.ipv4.ip_unprivileged_port_start = ${unprivilegedStart})`;
  if (process.getuid?.() !== 0) return 'not root, so privileges cannot be dropped to another user';
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', 'process.exit(process.getuid() === 65534 ? 0 : 1)'], { timeout: 10_000 });
  return probe.status === 0 ? undefined : `setpriv cannot run node as uid 65534 (${probe.error?.message ?? `exit ${probe.status}`})`;
}
const privilegedUnavailable = privilegedPortUnavailable();
if (privilegedUnavailable) console.warn(`[fault tests] privileged port as a non-root user skipped: ${privilegedUnavailable}`);

describe('ports that refuse', () => {
  let harness: EngineHarness;
  const cleanups: Array<() => Promise<void> | void> = [];

  afterEach(async () => {
    await harness?.dispose();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('a port in use: UDP, TCP server, a TCP client’s local port and both relays are refused with EADDRINUSE naming the port; no descriptor leaks', async () => {
    const udp = await udpHolder();
    const tcp = await tcpHolder();
    cleanups.push(() => new Promise<void>((resolve) => udp.close(() => resolve())));
    cleanups.push(() => new Promise<void>((resolve) => tcp.close(() => resolve())));
    const udpPort = udp.address().port;
    const tcpPort = (tcp.address() as AddressInfo).port;
    harness = new EngineHarness();
    // What the engine keeps for its life is taken before the baseline.
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const baseline = canCountDescriptors ? openDescriptors() : 0;
    const cases: Array<[SessionConfig, number]> = [
      [{ kind: 'udp', localAddress: '127.0.0.1', localPort: udpPort }, udpPort],
      [{ kind: 'tcp-server', localAddress: '127.0.0.1', localPort: tcpPort }, tcpPort],
      [{ kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: tcpPort, localPort: tcpPort }, tcpPort],
      [{ kind: 'relay', transport: 'tcp', localAddress: '127.0.0.1', localPort: tcpPort, remoteHost: '127.0.0.1', remotePort: 9 }, tcpPort],
      [{ kind: 'relay', transport: 'udp', localAddress: '127.0.0.1', localPort: udpPort, remoteHost: '127.0.0.1', remotePort: 9 }, udpPort],
    ];
    for (let round = 0; round < TRIES; round++) {
      for (const [config, port] of cases) {
        const result = await harness.invoke('session.open', { config });
        expect(result, `${config.kind} on ${port}`).toMatchObject({ ok: false, error: { code: 'EADDRINUSE', params: { port } } });
      }
    }
    // Every failed session is gone: its id answers NOT_OPEN, and the engine lists only the one that opened.
    expect(await harness.invoke('session.send', { sessionId: 's2', bytes: Buffer.from('x'), to: { host: '127.0.0.1', port: 9 } })).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });
    expect((await harness.must('workspace.attach', {})).sessions.map((s) => s.sessionId)).toEqual(['s1']);
    if (canCountDescriptors) {
      const after = await descriptorsBackTo(baseline);
      console.info(`[fault: port in use] ${TRIES * cases.length} refused opens (5 kinds); descriptors ${baseline} before, ${after} after`);
    }
  });

  it('a refused connect: ECONNREFUSED naming the endpoint, again and again, with no descriptor left behind', async () => {
    const port = await closedTcpPort();
    harness = new EngineHarness();
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const baseline = canCountDescriptors ? openDescriptors() : 0;
    for (let i = 0; i < 5 * TRIES; i++) {
      const result = await harness.invoke('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: port } });
      expect(result).toMatchObject({ ok: false, error: { code: 'ECONNREFUSED', params: { host: '127.0.0.1', port } } });
    }
    if (canCountDescriptors) {
      const after = await descriptorsBackTo(baseline);
      console.info(`[fault: refused connect] ${5 * TRIES} refused connects; descriptors ${baseline} before, ${after} after`);
    }
  });

  it('a datagram over the UDP limit (65 507 B to IPv4, 65 527 B to IPv6): TOO_LARGE naming size, limit and IP version; nothing counted; the socket stays open', async () => {
    harness = new EngineHarness();
    const expected: Array<['IPv4' | 'IPv6', string, number]> = [
      ['IPv4', '127.0.0.1', MAX_UDP_PAYLOAD_IPV4],
      ['IPv6', '::1', MAX_UDP_PAYLOAD_IPV6],
    ];
    for (const [family, address, max] of expected) {
      const peer = await udpPeer(family === 'IPv4' ? 'udp4' : 'udp6');
      cleanups.push(() => new Promise<void>((resolve) => peer.socket.close(() => resolve())));
      const { sessionId } = await harness.must('session.open', { config: { kind: 'udp', localAddress: address, localPort: 0 } });
      const to = { host: address, port: peer.port };
      const baseline = canCountDescriptors ? openDescriptors() : 0;
      for (const size of [max + 1, max + 100, 200_000]) {
        const result = await harness.invoke('session.send', { sessionId, bytes: new Uint8Array(size), to });
        expect(result).toEqual({
          ok: false,
          error: { code: 'TOO_LARGE', message: `A UDP datagram carries at most ${max} bytes`, params: { size, max, family, reason: 'udpDatagram' } satisfies AppError['params'] },
        });
      }
      // Nothing went out, nothing was counted, and the socket sends the largest legal datagram whole.
      expect(peer.received).toEqual([]);
      expect(await harness.invoke('session.send', { sessionId, bytes: new Uint8Array(max), to })).toEqual({ ok: true, value: { bytesSent: max } });
      await waitFor(() => peer.received.length === 1, 2_000, `the ${max} B datagram`);
      expect(peer.received[0]!.data.length).toBe(max);
      await waitFor(() => harness.countersOf(sessionId)?.txFrames === 1, 2_000, 'the tx counter');
      expect(harness.countersOf(sessionId)).toMatchObject({ txBytes: max, txFrames: 1 });
      if (canCountDescriptors) {
        const after = await descriptorsBackTo(baseline);
        console.info(`[fault: EMSGSIZE ${family}] 3 oversize sends refused, 0 B counted, then ${max} B sent and received; descriptors ${baseline} before, ${after} after`);
      }
    }
  });

  it.skipIf(privilegedUnavailable !== undefined)('a privileged port (80) as a non-root user: every kind refused with EACCES naming the port; no descriptor leaks; port 0 still opens', async () => {
    const target = await closedTcpPort();
    const script = fileURLToPath(new URL('./port-privileged-engine.ts', import.meta.url));
    const child = spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', script, '80', String(target)], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    expect(status, stderr).toBe(0);
    const report = JSON.parse(stdout) as {
      uid: number;
      before: number;
      after: number;
      unprivilegedOpen: boolean;
      refusals: Array<{ kind: string; transport?: string; result: { ok: boolean; code?: string; params?: Record<string, unknown> } }>;
    };
    expect(report.uid).toBe(65_534);
    expect(report.refusals.map((r) => [r.kind, r.transport ?? null, r.result.ok, r.result.code, r.result.params?.port])).toEqual([
      ['udp', null, false, 'EACCES', 80],
      ['tcp-server', null, false, 'EACCES', 80],
      ['tcp-client', null, false, 'EACCES', 80],
      ['relay', 'tcp', false, 'EACCES', 80],
      ['relay', 'udp', false, 'EACCES', 80],
    ]);
    // Not the path or send variants of EACCES: the page words this one as a port that needs rights.
    for (const refusal of report.refusals) expect(refusal.result.params?.reason).toBeUndefined();
    expect(report.after).toBe(report.before);
    expect(report.unprivilegedOpen).toBe(true);
    console.info(`[fault: privileged port as uid 65534] 5 kinds refused with EACCES on port 80; descriptors ${report.before} before, ${report.after} after`);
  }, 30_000);
});
