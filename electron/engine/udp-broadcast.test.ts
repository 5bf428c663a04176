import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { createCommandDispatcher } from './command-dispatcher';
import { EngineHarness } from './test-support/engine-harness';
import { once, waitFor } from './test-support/wait-for';

/*
 * 广播 (issue 10): SO_BROADCAST per session, at open (config) and while open (session.udp.set). Loopback's own
 * broadcast address, 127.255.255.255, reaches a receiver bound to it on this machine and nowhere else.
 */

const BROADCAST = '127.255.255.255';

describe('UDP broadcast', () => {
  let harness: EngineHarness;
  const sockets: Socket[] = [];

  afterEach(async () => {
    await harness?.dispose();
    for (const socket of sockets.splice(0)) socket.close();
  });

  /** A Node socket bound to loopback's broadcast address: what is broadcast on loopback to its port arrives here. */
  async function broadcastReceiver(): Promise<{ port: number; received: string[] }> {
    const socket = createSocket('udp4');
    sockets.push(socket);
    const received: string[] = [];
    socket.on('message', (data, rinfo) => received.push(`${data.toString()}@${rinfo.address}`));
    socket.bind(0, BROADCAST);
    await once(socket, 'listening');
    return { port: socket.address().port, received };
  }

  const send = (text: string, port: number) => harness.invoke('session.send', { sessionId: 's1', bytes: Buffer.from(text), to: { host: BROADCAST, port } });

  it('without the option a broadcast send is refused, naming the Broadcast option; nothing is sent or counted', async () => {
    harness = new EngineHarness();
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const receiver = await broadcastReceiver();
    const refused = await send('x', receiver.port);
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'EACCES',
        message: `Not allowed to send to ${BROADCAST}:${receiver.port}: sending to a broadcast address needs the Broadcast option`,
        params: { reason: 'broadcastOff', host: BROADCAST, port: receiver.port },
        detail: expect.stringContaining('EACCES'),
      },
    });
    // The session carries on: the refusal was about that one target.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received).toEqual([]);
    expect(harness.framesOf('s1', 'tx')).toEqual([]);
  });

  it('with broadcast in the config the datagram reaches a receiver on the broadcast address, from the session\'s address', async () => {
    harness = new EngineHarness();
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0, broadcast: true } });
    const receiver = await broadcastReceiver();
    expect(await send('to all', receiver.port)).toEqual({ ok: true, value: { bytesSent: 6 } });
    await waitFor(() => receiver.received.length === 1, 2000, 'broadcast datagram');
    expect(receiver.received).toEqual(['to all@127.0.0.1']);
    await waitFor(() => harness.countersOf('s1')?.txFrames === 1, 2000, 'one tx frame counted');
  });

  it('toggled while open it takes effect at once, both ways; a page that attaches sees it', async () => {
    harness = new EngineHarness();
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '0.0.0.0', localPort: 0 } });
    const receiver = await broadcastReceiver();
    expect((await send('before', receiver.port)).ok).toBe(false);

    await harness.must('session.udp.set', { sessionId: 's1', options: { broadcast: true } });
    expect((await send('on', receiver.port)).ok).toBe(true);
    await waitFor(() => receiver.received.length === 1, 2000, 'broadcast after turning it on');
    const { sessions } = await harness.must('workspace.attach', {});
    expect(sessions[0]!.config).toEqual({ kind: 'udp', localAddress: '0.0.0.0', localPort: 0, broadcast: true });

    await harness.must('session.udp.set', { sessionId: 's1', options: { broadcast: false } });
    expect(await send('off', receiver.port)).toMatchObject({ ok: false, error: { code: 'EACCES', params: { reason: 'broadcastOff' } } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received.map((entry) => entry.split('@')[0])).toEqual(['on']);
  });

  it('a cyclic send to a broadcast address without the option stops with the same error', async () => {
    harness = new EngineHarness();
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const receiver = await broadcastReceiver();
    const started = await harness.invoke('session.repeat.start', { sessionId: 's1', bytes: Buffer.from('r'), periodMs: 10, to: { host: BROADCAST, port: receiver.port } });
    expect(started).toMatchObject({ ok: false, error: { code: 'EACCES', params: { reason: 'broadcastOff' } } });
  });

  it('the options are a UDP session\'s: a TCP session and a closed one say so', async () => {
    harness = new EngineHarness();
    const server = await harness.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } });
    expect(await harness.invoke('session.udp.set', { sessionId: server.sessionId, options: { broadcast: true } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', params: { reason: 'notUdp' } },
    });
    expect(await harness.invoke('session.multicast.join', { sessionId: server.sessionId, membership: { group: '239.1.2.3' } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', params: { reason: 'notUdp' } },
    });
    const udp = await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    await harness.must('session.close', { sessionId: udp.sessionId });
    expect(await harness.invoke('session.udp.set', { sessionId: udp.sessionId, options: { broadcast: true } })).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });
  });

  it('the host\'s gate refuses a group that is not multicast, or a bad TTL, with the check\'s words, before the engine (nothing joined)', async () => {
    harness = new EngineHarness();
    const dispatch = createCommandDispatcher(harness.engine);
    await harness.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    expect(await dispatch('session.multicast.join', { sessionId: 's1', membership: { group: '10.0.0.1' } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', params: { field: 'membership.group', reason: 'notMulticast', group: '10.0.0.1', family: 'IPv4' } },
    });
    expect(await dispatch('session.udp.set', { sessionId: 's1', options: { multicastTtl: 300 } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', params: { field: 'options.multicastTtl', reason: 'multicastTtl', min: 0, max: 255 } },
    });
    const opened = await dispatch('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0, multicastGroups: [{ group: 'ff15::1%eth0' }] } });
    expect(opened).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', params: { field: 'config.multicastGroups.0.group', reason: 'notIpGroup' } } });
    // Only the first session opened; the refused open made none.
    expect(harness.eventsOf('session.state').filter((event) => event.state === 'opening')).toHaveLength(1);
  });
});
