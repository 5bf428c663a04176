import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeLogEvent, type FramingConfig, type SessionLogEvent, type TrafficFrame } from '@shared';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommandDispatcher } from './command-dispatcher';
import { EngineHarness } from './test-support/engine-harness';
import { closeServer, hasTool, Processes, tcpPeerServer } from './test-support/peers';
import { connectClient } from './test-support/tcp-test-clients';
import { waitFor } from './test-support/wait-for';

const CRLF: FramingConfig = { kind: 'delimiter', delimiter: [0x0d, 0x0a], keep: 'strip' };
const LF: FramingConfig = { kind: 'delimiter', delimiter: [0x0a], keep: 'strip' };

/** A row of the log: an rx message as text, or an event. */
type Row = { readonly rx: string; readonly port: number } | { readonly event: SessionLogEvent | undefined; readonly port: number };

function rows(frames: readonly TrafficFrame[]): Row[] {
  return frames
    .filter((frame) => frame.dir !== 'tx')
    .map((frame) => (frame.dir === 'rx' ? { rx: Buffer.from(frame.bytes).toString('latin1'), port: frame.peer.port } : { event: decodeLogEvent(frame.bytes), port: frame.peer.port }));
}

/** Writes `pieces` one by one with a pause between them, so the receiver mostly gets them as separate chunks. */
async function writeInPieces(socket: Socket, pieces: readonly (string | Buffer)[], pauseMs = 15): Promise<void> {
  socket.setNoDelay(true);
  for (const piece of pieces) {
    socket.write(piece);
    await sleep(pauseMs);
  }
}

describe('TCP framing (粘包): received bytes re-cut into messages', () => {
  let harness: EngineHarness;
  const cleanups: Array<() => Promise<void> | void> = [];

  afterEach(async () => {
    await harness?.dispose();
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A TCP client session on a Node peer server with `framing`; returns the peer's side of the connection. */
  async function clientSession(framing?: FramingConfig) {
    harness = new EngineHarness();
    const peer = await tcpPeerServer();
    cleanups.push(() => closeServer(peer.server, peer.sockets));
    await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: peer.port, ...(framing ? { framing } : {}) } });
    const socket = await waitFor(() => peer.sockets[0], 2000, 'the peer accepted');
    return { peer, socket, port: peer.port };
  }

  const rxTexts = (sessionId = 's1') => harness.framesOf(sessionId, 'rx').map((frame) => Buffer.from(frame.bytes).toString('latin1'));

  it('a \\r\\n-delimited stream written in odd chunks gives one rx frame per line; bytes and frames counted exactly', async () => {
    const { socket } = await clientSession(CRLF);
    const pieces = ['li', 'ne 1\r', '\nline 2\r\nline', ' 3', '\r', '\n', 'line 4 no end'];
    await writeInPieces(socket, pieces);
    const sent = pieces.join('').length;
    await waitFor(() => harness.framesOf('s1', 'rx').length === 3 && harness.countersOf('s1')?.rxBytes === sent, 3000, 'three lines and every byte counted');
    expect(rxTexts()).toEqual(['line 1', 'line 2', 'line 3']);
    // The unfinished fourth line is counted in bytes (the peer sent it) but is not a frame until it ends.
    expect(harness.countersOf('s1')).toEqual({ rxBytes: sent, rxFrames: 3, txBytes: 0, txFrames: 0 });
  });

  it('without framing a chunk is a frame, as before (the framing-less default is "none")', async () => {
    const { socket } = await clientSession();
    await writeInPieces(socket, ['ab', 'cd\r\n'], 40);
    await waitFor(() => harness.countersOf('s1')?.rxBytes === 6, 3000, 'bytes');
    expect(rxTexts().join('')).toBe('abcd\r\n');
    expect(harness.countersOf('s1')?.rxFrames).toBe(harness.framesOf('s1', 'rx').length);
  });

  it('fixed size: every 4 bytes is a message; the rest is flushed, marked, when the peer finishes sending', async () => {
    const { socket, port } = await clientSession({ kind: 'fixed', size: 4 });
    await writeInPieces(socket, ['abc', 'def', 'ghij', 'kl']);
    await waitFor(() => harness.countersOf('s1')?.rxBytes === 12, 3000, 'twelve bytes');
    expect(rxTexts()).toEqual(['abcd', 'efgh', 'ijkl']);
    // FIN: nothing more can come, so the unfinished message comes out now, before the row (the session stays open).
    socket.end('xy');
    await waitFor(() => rows(harness.framesOf('s1')).some((row) => 'event' in row && row.event?.type === 'peer-finished'), 3000, 'peer finished');
    expect(rows(harness.framesOf('s1')).slice(-4)).toEqual([
      { rx: 'ijkl', port },
      { rx: 'xy', port },
      { event: { type: 'message-cut', reason: 'flush', bytes: 2 }, port },
      { event: { type: 'peer-finished' }, port },
    ]);
    expect(harness.countersOf('s1')).toEqual({ rxBytes: 14, rxFrames: 4, txBytes: 0, txFrames: 0 });
  });

  it('length field (2 bytes, big-endian, counting what follows) across odd chunks', async () => {
    const { socket } = await clientSession({ kind: 'length', offset: 0, width: 2, order: 'be', adjust: 0, includesHeader: false });
    const stream = Buffer.concat([Buffer.from([0, 3]), Buffer.from('abc'), Buffer.from([0, 0]), Buffer.from([0, 5]), Buffer.from('hello')]);
    await writeInPieces(socket, [stream.subarray(0, 1), stream.subarray(1, 4), stream.subarray(4, 8), stream.subarray(8, 12), stream.subarray(12)]);
    await waitFor(() => harness.framesOf('s1', 'rx').length === 3, 3000, 'three messages');
    expect(harness.framesOf('s1', 'rx').map((frame) => Buffer.from(frame.bytes))).toEqual([
      Buffer.from([0, 3, 0x61, 0x62, 0x63]),
      Buffer.from([0, 0]),
      Buffer.from([0, 5, 0x68, 0x65, 0x6c, 0x6c, 0x6f]),
    ]);
    expect(harness.countersOf('s1')).toEqual({ rxBytes: stream.length, rxFrames: 3, txBytes: 0, txFrames: 0 });
  });

  it('idle gap: bytes with no pause longer than the gap are one message; the session timer ends it', async () => {
    const { socket } = await clientSession({ kind: 'idle', gapMs: 150 });
    // Pauses of 5 ms keep the first burst together (with room for a slow machine); 500 ms is a gap.
    await writeInPieces(socket, ['AT', '+OK', '\r\n'], 5);
    await sleep(500);
    await writeInPieces(socket, ['second', ' burst'], 5);
    await waitFor(() => harness.framesOf('s1', 'rx').length === 2, 3000, 'two bursts');
    expect(rxTexts()).toEqual(['AT+OK\r\n', 'second burst']);
    // An idle message ends at its own boundary: no marker row.
    expect(rows(harness.framesOf('s1')).filter((row) => 'event' in row && row.event?.type === 'message-cut')).toEqual([]);
  });

  it('a message longer than the maximum is cut there, and a row after it says so', async () => {
    const { socket, port } = await clientSession({ ...LF, maxMessageBytes: 8 });
    await writeInPieces(socket, ['0123', '456789ab', 'c\nok\n']);
    await waitFor(() => harness.framesOf('s1', 'rx').length === 3, 3000, 'three messages');
    expect(rows(harness.framesOf('s1')).slice(1)).toEqual([
      { rx: '01234567', port },
      { event: { type: 'message-cut', reason: 'max-size', bytes: 8 }, port },
      { rx: '89abc', port },
      { rx: 'ok', port },
    ]);
    expect(harness.countersOf('s1')).toEqual({ rxBytes: 17, rxFrames: 3, txBytes: 0, txFrames: 0 });
  });

  it('a framing change mid-stream: the old buffer comes out marked, a row says what the framing is now, and the next bytes follow it', async () => {
    const { socket, port } = await clientSession(LF);
    await writeInPieces(socket, ['one\ntw', 'o-and-a-half']);
    await waitFor(() => harness.countersOf('s1')?.rxBytes === 18, 3000, 'bytes counted while the line is unfinished');
    await harness.must('session.framing.set', { sessionId: 's1', framing: { kind: 'fixed', size: 2 } });
    await writeInPieces(socket, ['wxy', 'z']);
    await waitFor(() => harness.framesOf('s1', 'rx').length === 4, 3000, 'four messages');
    expect(rows(harness.framesOf('s1')).slice(1)).toEqual([
      { rx: 'one', port },
      { rx: 'two-and-a-half', port },
      { event: { type: 'message-cut', reason: 'flush', bytes: 14 }, port },
      { event: { type: 'framing-changed', framing: { kind: 'fixed', size: 2, maxMessageBytes: 1024 * 1024 } }, port },
      { rx: 'wx', port },
      { rx: 'yz', port },
    ]);
    expect(harness.countersOf('s1')).toEqual({ rxBytes: 22, rxFrames: 4, txBytes: 0, txFrames: 0 });
    // A page that attaches now is told the framing in force.
    const attached = await harness.must('workspace.attach', {});
    expect(attached.sessions[0]?.config).toMatchObject({ kind: 'tcp-client', framing: { kind: 'fixed', size: 2 } });
  });

  it('a framing change while nothing is buffered logs only the change', async () => {
    const { socket, port } = await clientSession(LF);
    await writeInPieces(socket, ['a\n']);
    await waitFor(() => harness.framesOf('s1', 'rx').length === 1, 3000, 'one line');
    await harness.must('session.framing.set', { sessionId: 's1', framing: { kind: 'none' } });
    await waitFor(() => rows(harness.framesOf('s1')).length === 3, 3000, 'the change row');
    expect(rows(harness.framesOf('s1')).slice(1)).toEqual([
      { rx: 'a', port },
      { event: { type: 'framing-changed', framing: { kind: 'none', maxMessageBytes: 1024 * 1024 } }, port },
    ]);
  });

  it('refuses a framing that does not check, on open (no session) and on set (the old one stays)', async () => {
    harness = new EngineHarness();
    const peer = await tcpPeerServer();
    cleanups.push(() => closeServer(peer.server, peer.sockets));
    const bad = await harness.invoke('session.open', {
      config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: peer.port, framing: { kind: 'delimiter', delimiter: [], keep: 'strip' } },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field: 'framing.delimiter', reason: 'empty' } } });
    expect(harness.eventsOf('session.state')).toEqual([]);
    await harness.must('session.open', { config: { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: peer.port, framing: LF } });
    const set = await harness.invoke('session.framing.set', { sessionId: 's1', framing: { kind: 'fixed', size: 0 } });
    expect(set).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field: 'framing.size', reason: 'out-of-range', min: 1 } } });
    const socket = await waitFor(() => peer.sockets[0], 2000, 'accepted');
    await writeInPieces(socket, ['still\nlines\n']);
    await waitFor(() => harness.framesOf('s1', 'rx').length === 2, 3000, 'two lines');
    expect(rxTexts()).toEqual(['still', 'lines']);
  });

  it('the host checks framing before the engine: field path and reason reach the page', async () => {
    harness = new EngineHarness();
    const dispatch = createCommandDispatcher(harness.engine);
    const open = await dispatch('session.open', {
      config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0, framing: { kind: 'length', offset: 65, width: 2, order: 'be', adjust: 0, includesHeader: false } },
    });
    expect(open).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field: 'config.framing.offset', reason: 'out-of-range', min: 0, max: 64, value: 65 } } });
    const udp = await dispatch('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0, framing: CRLF } });
    expect(udp).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field: 'config.framing', reason: 'not-tcp' } } });
    const set = await dispatch('session.framing.set', { sessionId: 's1', framing: { kind: 'delimiter', delimiter: [13, 256], keep: 'strip' } });
    expect(set).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field: 'framing.delimiter', reason: 'not-bytes', index: 1 } } });
    expect(harness.eventsOf('session.state')).toEqual([]);
  });

  it('UDP: session.framing.set is INVALID_ARGUMENT (a datagram is a message already)', async () => {
    harness = new EngineHarness();
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const set = await harness.invoke('session.framing.set', { sessionId: 's1', framing: CRLF });
    expect(set).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field: 'framing', reason: 'not-tcp' } } });
  });

  describe('TCP server: one framer per client', () => {
    const sockets: Socket[] = [];
    afterEach(() => {
      for (const socket of sockets.splice(0)) socket.destroy();
    });

    async function serverSession(framing: FramingConfig) {
      harness = new EngineHarness();
      return harness.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0, framing } });
    }

    it('two clients interleaving unfinished lines are framed separately; a leaving client is flushed, marked', async () => {
      const opened = await serverSession(LF);
      const a = await connectClient(sockets, opened.local.port);
      const b = await connectClient(sockets, opened.local.port);
      const [portA, portB] = [a.socket.localPort!, b.socket.localPort!];
      // Interleaved so that one framer for both would mix their bytes into the same lines.
      await writeInPieces(a.socket, ['a1-']);
      await writeInPieces(b.socket, ['b1-']);
      await writeInPieces(a.socket, ['end\na2']);
      await writeInPieces(b.socket, ['end\n']);
      await waitFor(() => harness.framesOf('s1', 'rx').length === 2 && harness.countersOf('s1')?.rxBytes === 16, 3000, 'a line of each');
      const linesOf = (port: number) => harness.framesOf('s1', 'rx').filter((f) => f.peer.port === port).map((f) => Buffer.from(f.bytes).toString());
      expect(linesOf(portA)).toEqual(['a1-end']);
      expect(linesOf(portB)).toEqual(['b1-end']);
      a.socket.end();
      await waitFor(() => rows(harness.framesOf('s1')).some((row) => 'event' in row && row.event?.type === 'peer-finished'), 3000, 'a finished');
      expect(rows(harness.framesOf('s1')).filter((row) => row.port === portA).slice(-3)).toEqual([
        { rx: 'a2', port: portA },
        { event: { type: 'message-cut', reason: 'flush', bytes: 2 }, port: portA },
        { event: { type: 'peer-finished' }, port: portA },
      ]);
      expect(harness.countersOf('s1')).toEqual({ rxBytes: 16, rxFrames: 3, txBytes: 0, txFrames: 0 });
      // Per-client byte counts are chunk counts too: b sent 7 bytes, one line.
      await waitFor(() => harness.lastClients('s1').find((c) => c.port === portB)?.rxBytes === 7, 2000, "b's bytes in the client list");
    });

    it('a framing change flushes every client, then one row at the server endpoint; new bytes follow the new rule', async () => {
      const opened = await serverSession(LF);
      const a = await connectClient(sockets, opened.local.port);
      const b = await connectClient(sockets, opened.local.port);
      await writeInPieces(a.socket, ['aaa']);
      await writeInPieces(b.socket, ['bb']);
      await waitFor(() => harness.countersOf('s1')?.rxBytes === 5, 3000, 'five bytes counted');
      await harness.must('session.framing.set', { sessionId: 's1', framing: { kind: 'fixed', size: 3 } });
      await writeInPieces(b.socket, ['123456']);
      await waitFor(() => harness.framesOf('s1', 'rx').length === 4, 3000, 'flushed and new messages');
      const events = rows(harness.framesOf('s1')).filter((row) => !('event' in row && row.event?.type === 'client-connected'));
      const flushed = events.slice(0, 4);
      // Both flushes (in client order) come before the one change row, which concerns the server itself.
      expect(flushed).toEqual(
        expect.arrayContaining([
          { rx: 'aaa', port: a.socket.localPort! },
          { event: { type: 'message-cut', reason: 'flush', bytes: 3 }, port: a.socket.localPort! },
          { rx: 'bb', port: b.socket.localPort! },
          { event: { type: 'message-cut', reason: 'flush', bytes: 2 }, port: b.socket.localPort! },
        ]),
      );
      expect(events.slice(4)).toEqual([
        { event: { type: 'framing-changed', framing: { kind: 'fixed', size: 3, maxMessageBytes: 1024 * 1024 } }, port: opened.local.port },
        { rx: '123', port: b.socket.localPort! },
        { rx: '456', port: b.socket.localPort! },
      ]);
      expect(harness.countersOf('s1')).toEqual({ rxBytes: 11, rxFrames: 4, txBytes: 0, txFrames: 0 });
    });

    it('closing the server flushes each client before its disconnect row; idle timers stop', async () => {
      const opened = await serverSession({ kind: 'idle', gapMs: 60_000 });
      const a = await connectClient(sockets, opened.local.port);
      const port = a.socket.localPort!;
      await writeInPieces(a.socket, ['pending']);
      await waitFor(() => harness.countersOf('s1')?.rxBytes === 7, 3000, 'seven bytes');
      expect(harness.framesOf('s1', 'rx')).toEqual([]);
      await harness.must('session.close', { sessionId: 's1' });
      expect(rows(harness.framesOf('s1')).slice(-3)).toEqual([
        { rx: 'pending', port },
        { event: { type: 'message-cut', reason: 'flush', bytes: 7 }, port },
        { event: { type: 'client-disconnected', reason: 'server-closed' }, port },
      ]);
    });
  });

  describe.skipIf(!hasTool('socat'))('interop: socat as the client', () => {
    const processes = new Processes();
    afterEach(() => processes.killAll());

    it('socat sends CRLF lines to the server in one write; each line is a frame', async () => {
      harness = new EngineHarness();
      const opened = await harness.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0, framing: CRLF } });
      const socat = processes.start('socat', ['-u', 'STDIN', `TCP:127.0.0.1:${opened.local.port}`]);
      const lines = Array.from({ length: 50 }, (_, i) => `$GPGGA,${i}*00`);
      socat.stdin!.end(lines.map((line) => `${line}\r\n`).join(''));
      await waitFor(() => harness.framesOf('s1', 'rx').length === 50, 5000, 'fifty lines');
      expect(rxTexts()).toEqual(lines);
      const sent = lines.reduce((sum, line) => sum + line.length + 2, 0);
      await waitFor(() => harness.countersOf('s1')?.rxBytes === sent, 3000, 'every byte counted');
      expect(harness.countersOf('s1')?.rxFrames).toBe(50);
    });
  });
});
