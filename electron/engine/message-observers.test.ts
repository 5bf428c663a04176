import { decodeTrafficBatch, type EventName, type EventPayloads, type TrafficFrame } from '@shared';
import { afterEach, describe, expect, it } from 'vitest';
import { DisplayBudget } from './display-budget';
import type { ReceivedMessage, SessionContext } from './session';
import type { SessionBase } from './session-base';
import { TcpClientSession } from './tcp-client-session';
import { closeServer, tcpPeerServer, udpPeer } from './test-support/peers';
import { waitFor } from './test-support/wait-for';
import { UdpSession } from './udp-session';

/**
 * The hooks automation builds on (DESIGN §3b): whole received messages reach a session's observers after their rx
 * frame, and a send may carry a mark that its tx frame shows. Real sockets on 127.0.0.1.
 */

function contextRecording(frames: TrafficFrame[]): SessionContext {
  return {
    id: 's1',
    tabId: null,
    emit: <E extends EventName>(name: E, payload: EventPayloads[E]) => {
      if (name !== 'traffic.batch') return;
      const batch = payload as EventPayloads['traffic.batch'];
      const decoded = decodeTrafficBatch(batch.packed);
      if (decoded.ok) frames.push(...decoded.value.frames);
    },
    batcher: { batchIntervalMs: 1 },
    displayBudget: new DisplayBudget(10_000, 16 * 1024 * 1024),
    maxQueuedWriteBytes: 1024 * 1024,
    defaultConnectTimeoutMs: 2_000,
    halfClosedLingerMs: 30_000,
    onClosed: () => undefined,
  };
}

describe('session message observers and marked sends', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('UDP: each datagram reaches the observer with its peer after its rx frame; a marked reply shows its mark', async () => {
    const frames: TrafficFrame[] = [];
    const session: SessionBase = new UdpSession(contextRecording(frames), { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 });
    cleanups.push(() => session.dispose());
    const opened = await session.open();
    if (!opened.ok || !opened.value.local) throw new Error(opened.ok ? 'no local endpoint' : opened.error.message);
    const local = opened.value.local;
    const peer = await udpPeer();
    cleanups.push(() => peer.socket.close());
    const seen: ReceivedMessage[] = [];
    const stop = session.observeMessages((message) => {
      seen.push({ ...message, bytes: Uint8Array.from(message.bytes) });
      void session.send({ sessionId: 's1', bytes: Uint8Array.of(...message.bytes, 0x21), to: { host: message.peer.address, port: message.peer.port } }, 'rule:Echo');
    });
    peer.socket.send(Buffer.from('hi'), local.port, '127.0.0.1');
    await waitFor(() => peer.received.length === 1, 2_000, 'the marked reply reached the peer');
    expect(peer.received[0]!.data.toString()).toBe('hi!');
    expect(seen.map((m) => [Buffer.from(m.bytes).toString(), m.peer.port])).toEqual([['hi', peer.port]]);
    await waitFor(() => frames.length === 2, 2_000, 'rx and tx rows');
    expect(frames.map((f) => [f.dir, f.mark])).toEqual([['rx', undefined], ['tx', 'rule:Echo']]);
    expect(frames[0]!.ts).toBe(seen[0]!.ts);
    stop();
    peer.socket.send(Buffer.from('again'), local.port, '127.0.0.1');
    await waitFor(() => frames.length === 3, 2_000, 'the next datagram logged');
    expect(seen).toHaveLength(1);
  });

  it('TCP: observers see messages as the framing cut them, never socket chunks', async () => {
    const frames: TrafficFrame[] = [];
    const peer = await tcpPeerServer();
    cleanups.push(() => closeServer(peer.server, peer.sockets));
    const session: SessionBase = new TcpClientSession(
      contextRecording(frames),
      { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: peer.port },
      { kind: 'delimiter', delimiter: Uint8Array.of(0x0a), keep: 'strip', maxMessageBytes: 65_536 },
    );
    cleanups.push(() => session.dispose());
    const opened = await session.open();
    if (!opened.ok) throw new Error(opened.error.message);
    const seen: string[] = [];
    session.observeMessages((message) => seen.push(Buffer.from(message.bytes).toString()));
    const socket = await waitFor(() => peer.sockets[0], 2_000, 'the peer accepted');
    socket.write('one\ntw');
    socket.write('o\nthree\n');
    await waitFor(() => seen.length === 3, 2_000, 'three messages');
    expect(seen).toEqual(['one', 'two', 'three']);
  });
});
