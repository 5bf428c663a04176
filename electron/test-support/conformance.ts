import { decodeTrafficBatch, type AppError, type Endpoint, type TrafficFrame } from '@shared';
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_SETTINGS } from './sample-settings';
import { waitFor } from './wait-for';

/**
 * The contract as any host exposes it, untyped on purpose: the suite checks what actually crosses the transport
 * (Electron IPC through the preload, or the browser host's WebSocket), not what TypeScript believes.
 */
export interface ContractClient {
  invoke(name: string, args: unknown): Promise<unknown>;
  on(name: string, listener: (payload: unknown) => void): () => void;
}

export interface ConformanceTarget {
  readonly client: ContractClient;
  /** Closes the connection / app; must leave no socket open. */
  dispose(): Promise<void>;
}

type AnyResult = { ok: true; value: unknown } | { ok: false; error: AppError };

function asResult(value: unknown): AnyResult {
  expect(value, 'a Result object').toMatchObject({ ok: expect.any(Boolean) });
  return value as AnyResult;
}

function expectOk<T>(value: unknown, what: string): T {
  const result = asResult(value);
  if (!result.ok) throw new Error(`${what} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

function expectError(value: unknown, code: string, what: string): AppError {
  const result = asResult(value);
  if (result.ok) throw new Error(`${what} succeeded but should fail with ${code}`);
  expect(result.error.code, what).toBe(code);
  expect(typeof result.error.message, `${what}: message`).toBe('string');
  return result.error;
}

function bindUdpPeer(): Promise<DgramSocket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve(socket));
  });
}

/**
 * One conformance suite, run against every host (DESIGN §2): the same commands, errors and events must cross
 * Electron IPC and the browser host's WebSocket alike. `connect` is called once for the suite.
 */
export function describeContractConformance(hostName: string, connect: () => Promise<ConformanceTarget>, skipReason?: string): void {
  const suite = skipReason ? describe.skip : describe;
  suite(`contract conformance: ${hostName}`, () => {
    let target: ConformanceTarget | undefined;
    const client = (): ContractClient => {
      if (!target) throw new Error('not connected');
      return target.client;
    };

    beforeAll(async () => {
      target = await connect();
    });
    afterAll(async () => {
      await target?.dispose();
    });

    it('lists network interfaces, loopback included', async () => {
      const value = expectOk<{ interfaces: Array<{ name: string; address: string; family: string; internal: boolean }> }>(
        await client().invoke('system.interfaces', {}),
        'system.interfaces',
      );
      expect(Array.isArray(value.interfaces)).toBe(true);
      expect(value.interfaces).toContainEqual(expect.objectContaining({ address: '127.0.0.1', family: 'IPv4', internal: true }));
    });

    it('rejects invalid arguments and unknown commands with INVALID_ARGUMENT', async () => {
      const c = client();
      expectError(await c.invoke('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 70000 } }), 'INVALID_ARGUMENT', 'port 70000');
      expectError(await c.invoke('no.such.command', {}), 'INVALID_ARGUMENT', 'unknown command');
      expectError(await c.invoke('session.send', { sessionId: 'x', bytes: [104, 105] }), 'INVALID_ARGUMENT', 'bytes as an array');
      expectError(await c.invoke('session.send', { sessionId: 'x', bytes: 'hi' }), 'INVALID_ARGUMENT', 'bytes as a string');
      expectError(await c.invoke('system.interfaces', { extra: 1 }), 'INVALID_ARGUMENT', 'unexpected field');
      expectError(await c.invoke('session.open', null), 'INVALID_ARGUMENT', 'null arguments');
    });

    it('saves settings and loads them back; refuses settings that do not match the schema', async () => {
      const c = client();
      expect(expectOk(await c.invoke('settings.save', { settings: SAMPLE_SETTINGS }), 'settings.save')).toBeNull();
      expect(expectOk(await c.invoke('settings.load', {}), 'settings.load')).toEqual({ settings: SAMPLE_SETTINGS });
      expectError(await c.invoke('settings.save', { settings: { ...SAMPLE_SETTINGS, version: SAMPLE_SETTINGS.version + 1 } }), 'INVALID_ARGUMENT', 'settings of another version');
      const [firstTab, ...otherTabs] = SAMPLE_SETTINGS.tabs;
      const sctpTab = { ...firstTab, protocol: 'sctp' };
      expectError(await c.invoke('settings.save', { settings: { ...SAMPLE_SETTINGS, tabs: [sctpTab, ...otherTabs] } }), 'INVALID_ARGUMENT', 'unknown protocol');
      // What was saved before a refused save is still there.
      expect(expectOk(await c.invoke('settings.load', {}), 'settings.load')).toEqual({ settings: SAMPLE_SETTINGS });
    });

    it('attaches to the workspace: a snapshot of each live session, with its tab, config, state and counters', async () => {
      const c = client();
      const config = { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 };
      const opened = expectOk<{ sessionId: string; local: Endpoint }>(await c.invoke('session.open', { config, tabId: 'tab-conformance' }), 'session.open');
      try {
        const { sessions } = expectOk<{ sessions: unknown[] }>(await c.invoke('workspace.attach', {}), 'workspace.attach');
        expect(sessions).toContainEqual({
          sessionId: opened.sessionId,
          tabId: 'tab-conformance',
          config,
          state: 'open',
          local: opened.local,
          // Linux tells the kernel's drops of a UDP socket (/proc/net/udp): none here.
          counters: { rxBytes: 0, rxFrames: 0, txBytes: 0, txFrames: 0, ...(process.platform === 'linux' ? { rxDropped: 0 } : {}) },
          clients: [],
          repeat: null,
          capture: null,
          fileSend: null,
        });
      } finally {
        expectOk(await c.invoke('session.close', { sessionId: opened.sessionId }), 'session.close');
      }
      const after = expectOk<{ sessions: Array<{ sessionId: string }> }>(await c.invoke('workspace.attach', {}), 'workspace.attach again');
      expect(after.sessions.map((s) => s.sessionId)).not.toContain(opened.sessionId);
    });

    it('opens UDP, sends to a peer, receives its datagram as a traffic batch, acks it, closes', async () => {
      const c = client();
      // Events reach a page only once it attached; attaching again is harmless.
      expectOk(await c.invoke('workspace.attach', {}), 'workspace.attach');
      const states: Array<{ sessionId: string; state: string }> = [];
      const frames: TrafficFrame[] = [];
      const batchErrors: string[] = [];
      const acks: Array<Promise<unknown>> = [];
      let sessionId = '';
      const offState = c.on('session.state', (p) => states.push(p as { sessionId: string; state: string }));
      const offBatch = c.on('traffic.batch', (p) => {
        const batch = p as { sessionId: string; batchSeq: number; packed: unknown };
        if (!(batch.packed instanceof Uint8Array)) {
          batchErrors.push(`packed is ${Object.prototype.toString.call(batch.packed)}, not a Uint8Array`);
          return;
        }
        const decoded = decodeTrafficBatch(batch.packed);
        if (!decoded.ok) {
          batchErrors.push(decoded.error.message);
          return;
        }
        frames.push(...decoded.value.frames);
        acks.push(c.invoke('traffic.ack', { sessionId: batch.sessionId, batchSeq: batch.batchSeq }));
      });
      const peer = await bindUdpPeer();
      const peerPort = peer.address().port;
      const received: Array<{ bytes: Buffer; port: number }> = [];
      peer.on('message', (bytes, rinfo) => received.push({ bytes, port: rinfo.port }));
      try {
        const opened = expectOk<{ sessionId: string; local: Endpoint }>(
          await c.invoke('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } }),
          'session.open udp',
        );
        sessionId = opened.sessionId;
        expect(typeof sessionId).toBe('string');
        expect(opened.local).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
        expect(opened.local.port).toBeGreaterThan(0);

        // Outbound: every byte value survives, including NUL and 0xFF.
        const out = new Uint8Array([0x68, 0x69, 0x00, 0xff, 0x0d, 0x0a]);
        const sent = expectOk<{ bytesSent: number }>(
          await c.invoke('session.send', { sessionId, bytes: out, to: { host: '127.0.0.1', port: peerPort } }),
          'session.send',
        );
        expect(sent.bytesSent).toBe(out.length);
        const got = await waitFor('the peer to receive the datagram', () => received[0]);
        expect([...got.bytes]).toEqual([...out]);
        expect(got.port).toBe(opened.local.port);

        // Inbound: the peer's datagram comes back as a traffic.batch frame with its bytes and its address.
        const inbound = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x41]);
        peer.send(inbound, opened.local.port, '127.0.0.1');
        const rx = await waitFor('an rx frame in a traffic.batch', () => frames.find((f) => f.dir === 'rx'));
        expect(batchErrors).toEqual([]);
        expect([...rx.bytes]).toEqual([...inbound]);
        expect(rx.peer).toMatchObject({ address: '127.0.0.1', port: peerPort, family: 'IPv4' });
        expect(rx.seq).toBeGreaterThan(0);
        expect(rx.ts).toBeGreaterThan(0);
        // The send went out before the datagram came in: its tx row is there, in order, with the bytes sent.
        const tx = await waitFor('the tx frame of the send', () => frames.find((f) => f.dir === 'tx'));
        expect([...tx.bytes]).toEqual([...out]);
        expect(tx.peer).toMatchObject({ address: '127.0.0.1', port: peerPort });
        expect(tx.seq).toBeLessThan(rx.seq);
        for (const ack of await Promise.all(acks)) expectOk(ack, 'traffic.ack');

        expectOk(await c.invoke('session.close', { sessionId }), 'session.close');
        await waitFor('session.state closed', () => states.find((s) => s.sessionId === sessionId && s.state === 'closed'));
      } finally {
        offState();
        offBatch();
        peer.close();
      }
    });
  });
}
