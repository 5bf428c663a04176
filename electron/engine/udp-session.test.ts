import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from './test-support/engine-harness';
import { udpPeer } from './test-support/peers';
import { once, waitFor } from './test-support/wait-for';
import { MAX_UDP_PAYLOAD_IPV4, MAX_UDP_PAYLOAD_IPV6 } from './udp-session';

/** Linux tells the kernel's drops of the socket (/proc/net/udp): a UDP session's counters carry them, none here. */
const NO_DROPS = process.platform === 'linux' ? { rxDropped: 0 } : {};

describe('UDP session', () => {
  let harness: EngineHarness;
  const sockets: Socket[] = [];

  afterEach(async () => {
    await harness?.dispose();
    for (const socket of sockets.splice(0)) socket.close();
  });

  async function openUdp(localAddress: string, localPort = 0) {
    harness = new EngineHarness();
    return harness.must('session.open', { config: { kind: 'udp', localAddress, localPort } });
  }

  it('binds, sends to a Node peer, receives from it, and records the peer of every frame', async () => {
    const opened = await openUdp('127.0.0.1');
    expect(opened.sessionId).toBe('s1');
    expect(opened.local).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(opened.local.port).toBeGreaterThan(0);
    const peer = await udpPeer('udp4');
    sockets.push(peer.socket);

    const sent = await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('hello'), to: { host: '127.0.0.1', port: peer.port } });
    expect(sent.bytesSent).toBe(5);
    await waitFor(() => peer.received.length === 1, 2000, 'datagram at peer');
    expect(peer.received[0]!.data.toString()).toBe('hello');
    expect(peer.received[0]!.port).toBe(opened.local.port);

    peer.socket.send(Buffer.from([0, 1, 2, 0xff]), opened.local.port, '127.0.0.1');
    await harness.waitForRx('s1', 4);
    const frames = harness.framesOf('s1');
    expect(frames.map((f) => [f.seq, f.dir, f.peer.address, f.peer.port, f.peer.family])).toEqual([
      [1, 'tx', '127.0.0.1', peer.port, 'IPv4'],
      [2, 'rx', '127.0.0.1', peer.port, 'IPv4'],
    ]);
    expect([...frames[1]!.bytes]).toEqual([0, 1, 2, 0xff]);
    expect(Math.abs(frames[1]!.ts - Date.now())).toBeLessThan(5000);
    expect(harness.countersOf('s1')).toEqual({ rxBytes: 4, rxFrames: 1, txBytes: 5, txFrames: 1, ...NO_DROPS });
  });

  it('receives from several senders and tells them apart', async () => {
    const opened = await openUdp('127.0.0.1');
    const a = await udpPeer('udp4');
    const b = await udpPeer('udp4');
    sockets.push(a.socket, b.socket);
    a.socket.send('from-a', opened.local.port, '127.0.0.1');
    b.socket.send('from-b', opened.local.port, '127.0.0.1');
    await waitFor(() => harness.framesOf('s1', 'rx').length === 2, 2000, 'two datagrams');
    const byPeer = new Map(harness.framesOf('s1', 'rx').map((f) => [f.peer.port, Buffer.from(f.bytes).toString()]));
    expect(byPeer.get(a.port)).toBe('from-a');
    expect(byPeer.get(b.port)).toBe('from-b');
  });

  it('refuses datagrams over 65 507 B to IPv4 and 65 527 B to IPv6 with TOO_LARGE, and sends the largest legal one', async () => {
    const v4 = await openUdp('127.0.0.1');
    const peer = await udpPeer('udp4');
    sockets.push(peer.socket);
    const tooBig4 = await harness.invoke('session.send', { sessionId: v4.sessionId, bytes: new Uint8Array(MAX_UDP_PAYLOAD_IPV4 + 1), to: { host: '127.0.0.1', port: peer.port } });
    expect(tooBig4).toMatchObject({ ok: false, error: { code: 'TOO_LARGE', params: { size: 65_508, max: 65_507 } } });
    const largest = await harness.invoke('session.send', { sessionId: v4.sessionId, bytes: new Uint8Array(MAX_UDP_PAYLOAD_IPV4), to: { host: '127.0.0.1', port: peer.port } });
    expect(largest).toEqual({ ok: true, value: { bytesSent: 65_507 } });
    await waitFor(() => peer.received.length === 1, 2000, 'max datagram');
    expect(peer.received[0]!.data.length).toBe(65_507);
    // Nothing that was refused reached the counters.
    await waitFor(() => harness.countersOf(v4.sessionId)?.txFrames === 1, 2000, 'tx counter');

    await harness.dispose();
    const v6 = await openUdp('::1');
    const tooBig6 = await harness.invoke('session.send', { sessionId: v6.sessionId, bytes: new Uint8Array(MAX_UDP_PAYLOAD_IPV6 + 1), to: { host: '::1', port: 9 } });
    expect(tooBig6).toMatchObject({ ok: false, error: { code: 'TOO_LARGE', params: { size: 65_528, max: 65_527 } } });
  });

  it('names the limit of the family that would carry it: 65 507 on an IPv4 socket, 65 527 on IPv6, the target\'s on dual-stack', async () => {
    // Past both limits: no IP version carries it, but the user is told the one that applies to this send.
    const size = MAX_UDP_PAYLOAD_IPV6 + 1;
    await openUdp('127.0.0.1');
    const v4 = await harness.invoke('session.send', { sessionId: 's1', bytes: new Uint8Array(size), to: { host: '127.0.0.1', port: 9 } });
    expect(v4).toMatchObject({ ok: false, error: { code: 'TOO_LARGE', message: 'A UDP datagram carries at most 65507 bytes', params: { size, max: 65_507 } } });
    await harness.dispose();

    await openUdp('::1');
    const v6 = await harness.invoke('session.send', { sessionId: 's1', bytes: new Uint8Array(size), to: { host: '::1', port: 9 } });
    expect(v6).toMatchObject({ ok: false, error: { code: 'TOO_LARGE', message: 'A UDP datagram carries at most 65527 bytes', params: { size, max: 65_527 } } });
    await harness.dispose();

    await openUdp('::');
    const dual4 = await harness.invoke('session.send', { sessionId: 's1', bytes: new Uint8Array(size), to: { host: '127.0.0.1', port: 9 } });
    expect(dual4).toMatchObject({ ok: false, error: { code: 'TOO_LARGE', params: { size, max: 65_507 } } });
    const dual6 = await harness.invoke('session.send', { sessionId: 's1', bytes: new Uint8Array(size), to: { host: '::1', port: 9 } });
    expect(dual6).toMatchObject({ ok: false, error: { code: 'TOO_LARGE', params: { size, max: 65_527 } } });
  });

  it('answers ENOTFOUND for a name under the reserved .invalid TLD (RFC 6761)', async () => {
    await openUdp('127.0.0.1');
    const result = await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('x'), to: { host: 'no-such-host.invalid', port: 9 } });
    expect(result).toMatchObject({ ok: false, error: { code: 'ENOTFOUND', params: { host: 'no-such-host.invalid' } } });
  });

  it('resolves names with dns.lookup (localhost)', async () => {
    await openUdp('127.0.0.1');
    const peer = await udpPeer('udp4');
    sockets.push(peer.socket);
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('n'), to: { host: 'localhost', port: peer.port } });
    await waitFor(() => peer.received.length === 1, 2000, 'datagram via localhost');
  });

  it('fails with EADDRINUSE when another socket holds the port, and the failed session is gone', async () => {
    const holder = createSocket('udp4');
    sockets.push(holder);
    holder.bind(0, '127.0.0.1');
    await once(holder, 'listening');
    harness = new EngineHarness();
    const result = await harness.invoke('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: holder.address().port } });
    expect(result).toMatchObject({ ok: false, error: { code: 'EADDRINUSE', params: { address: '127.0.0.1', port: holder.address().port } } });
    expect(result.ok ? '' : result.error.detail).toMatch(/EADDRINUSE/);
    const closed = await harness.waitForState('s1', 'closed');
    expect(closed.reason).toBe('error');
    const send = await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('x'), to: { host: '127.0.0.1', port: 9 } });
    expect(send).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });
  });

  it('EADDRNOTAVAIL for an address this machine does not have (TEST-NET-3, RFC 5737)', async () => {
    harness = new EngineHarness();
    const result = await harness.invoke('session.open', { config: { kind: 'udp', localAddress: '203.0.113.77', localPort: 0 } });
    expect(result).toMatchObject({ ok: false, error: { code: 'EADDRNOTAVAIL' } });
  });

  it('send on a closed or unknown session is NOT_OPEN; close is idempotent', async () => {
    await openUdp('127.0.0.1');
    await harness.must('session.close', { sessionId: 's1' });
    const closed = await harness.waitForState('s1', 'closed');
    expect(closed.reason).toBe('user');
    const afterClose = await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('x'), to: { host: '127.0.0.1', port: 9 } });
    expect(afterClose).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });
    expect(await harness.invoke('session.close', { sessionId: 's1' })).toEqual({ ok: true, value: null });
    expect(await harness.invoke('session.close', { sessionId: 's99' })).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });
    const unknown = await harness.invoke('session.send', { sessionId: 'nope', bytes: Buffer.from('x'), to: { host: '127.0.0.1', port: 9 } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });
  });

  it('a UDP send without a target is INVALID_ARGUMENT', async () => {
    await openUdp('127.0.0.1');
    const result = await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('x') });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field: 'to' } } });
  });

  it('works on IPv6 ::1', async () => {
    const opened = await openUdp('::1');
    expect(opened.local).toMatchObject({ address: '::1', family: 'IPv6' });
    const peer = await udpPeer('udp6');
    sockets.push(peer.socket);
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('v6'), to: { host: '[::1]', port: peer.port } });
    await waitFor(() => peer.received.length === 1, 2000, 'v6 datagram');
    peer.socket.send('back', opened.local.port, '::1');
    await harness.waitForRx('s1', 4);
    expect(harness.framesOf('s1', 'rx')[0]!.peer).toEqual({ address: '::1', port: peer.port, family: 'IPv6' });
    // An IPv4 target from a socket bound to ::1 cannot work: said up front.
    const mismatch = await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('x'), to: { host: '127.0.0.1', port: peer.port } });
    expect(mismatch).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('an IPv4 socket refuses an IPv6 target with INVALID_ARGUMENT', async () => {
    await openUdp('127.0.0.1');
    const result = await harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from('x'), to: { host: '::1', port: 9 } });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('bound to :: it is dual-stack: IPv4 peers are reached via ::ffff: and shown without the prefix', async () => {
    const opened = await openUdp('::');
    const peer = await udpPeer('udp4');
    sockets.push(peer.socket);
    await harness.must('session.send', { sessionId: 's1', bytes: Buffer.from('dual'), to: { host: '127.0.0.1', port: peer.port } });
    await waitFor(() => peer.received.length === 1, 2000, 'datagram from dual-stack socket');
    peer.socket.send('back4', opened.local.port, '127.0.0.1');
    await harness.waitForRx('s1', 5);
    const frames = harness.framesOf('s1');
    expect(frames.map((f) => f.peer)).toEqual([
      { address: '127.0.0.1', port: peer.port, family: 'IPv4' },
      { address: '127.0.0.1', port: peer.port, family: 'IPv4' },
    ]);
  });

  it('resetCounters emits a zero-counter batch at once; seq continues', async () => {
    const opened = await openUdp('127.0.0.1');
    const peer = await udpPeer('udp4');
    sockets.push(peer.socket);
    peer.socket.send('abc', opened.local.port, '127.0.0.1');
    await harness.waitForRx('s1', 3);
    const batchesBefore = harness.eventsOf('traffic.batch', 's1').length;
    await harness.must('session.resetCounters', { sessionId: 's1' });
    expect(harness.eventsOf('traffic.batch', 's1').length).toBe(batchesBefore + 1);
    expect(harness.countersOf('s1')).toEqual({ rxBytes: 0, rxFrames: 0, txBytes: 0, txFrames: 0, ...NO_DROPS });
    peer.socket.send('d', opened.local.port, '127.0.0.1');
    await harness.waitForRx('s1', 4);
    expect(harness.framesOf('s1', 'rx').map((f) => f.seq)).toEqual([1, 2]);
    expect(harness.countersOf('s1')).toEqual({ rxBytes: 1, rxFrames: 1, txBytes: 0, txFrames: 0, ...NO_DROPS });
  });

  it('keeps exact counters and a gap marker when the display stops acking', async () => {
    harness = new EngineHarness({ maxUnackedBatches: 1, maxPendingDisplayFrames: 10 });
    harness.autoAck = false;
    const opened = await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const peer = await udpPeer('udp4');
    sockets.push(peer.socket);
    const total = 200;
    for (let i = 0; i < total; i++) peer.socket.send(Buffer.from([i & 0xff]), opened.local.port, '127.0.0.1');
    // Without acks exactly one batch goes out; the rest waits or becomes a gap.
    await waitFor(() => harness.eventsOf('traffic.batch', 's1').length === 1, 2000, 'first batch');
    harness.autoAck = true;
    await harness.must('traffic.ack', { sessionId: 's1', batchSeq: 0 });
    // Loopback UDP may drop under a burst; the counters say how many really arrived.
    await waitFor(() => {
      const c = harness.countersOf('s1');
      const shown = harness.framesOf('s1').length + harness.gapsOf('s1').reduce((s, g) => s + g.frames, 0);
      return c && c.rxFrames === shown && c.rxFrames >= total * 0.5;
    }, 3000, 'frames + gap = counters');
    expect(harness.gapsOf('s1').length).toBeGreaterThan(0);
  });
});
