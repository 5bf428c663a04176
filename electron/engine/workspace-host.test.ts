import { createSocket } from 'node:dgram';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionSnapshot } from '@shared';
import { udpPeer } from './test-support/peers';
import { once, waitFor } from './test-support/wait-for';
import { WorkspaceHarness } from './test-support/workspace-harness';

/** Linux tells the kernel's drops of a UDP socket (/proc/net/udp): a UDP session's counters carry them, none here. */
const NO_DROPS = process.platform === 'linux' ? { rxDropped: 0 } : {};

const UDP = { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } as const;

describe('workspace: one engine, pages that come and go (issue 7)', () => {
  let harness: WorkspaceHarness;
  let dir: string;
  const cleanups: Array<() => void> = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'socketdesk-workspace-'));
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await harness?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  async function peer(): Promise<Awaited<ReturnType<typeof udpPeer>>> {
    const made = await udpPeer();
    cleanups.push(() => made.socket.close());
    return made;
  }

  async function tcpClient(port: number): Promise<Socket> {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    cleanups.push(() => socket.destroy());
    await once(socket, 'connect', 2000);
    return socket;
  }

  function snapshotOf(sessions: readonly SessionSnapshot[], sessionId: string): SessionSnapshot {
    const found = sessions.find((s) => s.sessionId === sessionId);
    if (!found) throw new Error(`no snapshot of ${sessionId} in ${JSON.stringify(sessions.map((s) => s.sessionId))}`);
    return found;
  }

  it('attach returns a snapshot of every live session: tab, config, state, endpoints, exact counters, clients, tasks', async () => {
    harness = new WorkspaceHarness();
    const page = harness.connect();
    expect(await page.must('workspace.attach', {})).toEqual({ sessions: [], engineId: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const udp = await page.must('session.open', { config: UDP, tabId: 'tab-udp' });
    const serverConfig = { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } as const;
    const server = await page.must('session.open', { config: serverConfig, tabId: 'tab-server' });
    const clientConfig = { kind: 'tcp-client', remoteHost: '127.0.0.1', remotePort: server.local.port } as const;
    const client = await page.must('session.open', { config: clientConfig });
    const outsider = await tcpClient(server.local.port);
    await waitFor(() => page.lastClients(server.sessionId).length === 2, 2000, 'two clients listed');

    const far = await peer();
    far.socket.send('abc', udp.local.port, '127.0.0.1');
    await page.waitForRx(udp.sessionId, 3);
    await page.must('session.repeat.start', { sessionId: udp.sessionId, bytes: new Uint8Array([1, 2]), periodMs: 1, count: 2, to: { host: '127.0.0.1', port: far.port } });
    await waitFor(() => page.eventsOf('repeat.state', udp.sessionId).find((e) => !e.running), 2000, 'the cyclic send to end');
    const capturePath = join(dir, 'server.bin');
    await page.must('session.capture.start', { sessionId: server.sessionId, path: capturePath });
    outsider.write('hello');
    await page.waitForRx(server.sessionId, 5);

    const { sessions } = await page.must('workspace.attach', {});
    expect(sessions.map((s) => s.sessionId)).toEqual([udp.sessionId, server.sessionId, client.sessionId]);
    expect(snapshotOf(sessions, udp.sessionId)).toEqual({
      sessionId: udp.sessionId,
      tabId: 'tab-udp',
      config: UDP,
      state: 'open',
      local: udp.local,
      counters: { rxBytes: 3, rxFrames: 1, txBytes: 4, txFrames: 2, ...NO_DROPS },
      clients: [],
      repeat: { sessionId: udp.sessionId, running: false, sent: 2, skipped: 0, reason: 'count' },
      capture: null,
      fileSend: null,
    });
    const serverSnapshot = snapshotOf(sessions, server.sessionId);
    expect(serverSnapshot).toMatchObject({ tabId: 'tab-server', config: serverConfig, state: 'open', local: server.local, repeat: null, fileSend: null });
    expect(serverSnapshot.counters).toEqual({ rxBytes: 5, rxFrames: 1, txBytes: 0, txFrames: 0 });
    expect(serverSnapshot.capture).toMatchObject({ sessionId: server.sessionId, active: true, path: capturePath });
    const outsiderKey = `127.0.0.1:${outsider.localPort}`;
    expect(serverSnapshot.clients.map((c) => c.key).sort()).toEqual([outsiderKey, `127.0.0.1:${client.local.port}`].sort());
    expect(serverSnapshot.clients.find((c) => c.key === outsiderKey)).toMatchObject({ address: '127.0.0.1', port: outsider.localPort, rxBytes: 5, txBytes: 0 });
    expect(snapshotOf(sessions, client.sessionId)).toMatchObject({
      tabId: null,
      config: clientConfig,
      state: 'open',
      remote: { address: '127.0.0.1', port: server.local.port },
      clients: [],
    });
  });

  it('names its engine: one id on every attach of one engine, another for the next engine (a host that restarted)', async () => {
    harness = new WorkspaceHarness();
    const first = await harness.connect().must('workspace.attach', {});
    expect((await harness.connect().must('workspace.attach', {})).engineId).toBe(first.engineId);
    const restarted = new WorkspaceHarness();
    try {
      expect((await restarted.connect().must('workspace.attach', {})).engineId).not.toBe(first.engineId);
    } finally {
      await restarted.dispose();
    }
  });

  it('the snapshot of a capture that replaced another names the new file, whatever order the files closed in', async () => {
    harness = new WorkspaceHarness();
    const page = harness.connect();
    await page.must('workspace.attach', {});
    const udp = await page.must('session.open', { config: UDP });
    const [a, b] = [join(dir, 'a.bin'), join(dir, 'b.bin')];
    await page.must('session.capture.start', { sessionId: udp.sessionId, path: a });
    await page.must('session.capture.start', { sessionId: udp.sessionId, path: b });
    // The replaced file's last word ("inactive") came after the new file's first.
    expect(page.eventsOf('capture.state', udp.sessionId).at(-1)).toMatchObject({ path: a, active: false });
    const snapshot = snapshotOf((await page.must('workspace.attach', {})).sessions, udp.sessionId);
    expect(snapshot.capture).toMatchObject({ path: b, active: true });
    await page.must('session.capture.stop', { sessionId: udp.sessionId });
    const stopped = snapshotOf((await page.must('workspace.attach', {})).sessions, udp.sessionId);
    expect(stopped.capture).toMatchObject({ path: b, active: false });
    // A start that fails leaves the running capture described as it is.
    await page.must('session.capture.start', { sessionId: udp.sessionId, path: a });
    expect(await page.invoke('session.capture.start', { sessionId: udp.sessionId, path: join(dir, 'missing', 'x.bin') })).toMatchObject({ ok: false });
    const still = snapshotOf((await page.must('workspace.attach', {})).sessions, udp.sessionId);
    expect(still.capture).toMatchObject({ path: a, active: true });
  });

  it('sessions outlive their page: what arrives while no page is attached is counted, captured and shown to the next page as one gap', async () => {
    harness = new WorkspaceHarness();
    const first = harness.connect();
    await first.must('workspace.attach', {});
    const udp = await first.must('session.open', { config: UDP, tabId: 'tab-1' });
    const far = await peer();
    far.socket.send('seen', udp.local.port, '127.0.0.1');
    await first.waitForRx(udp.sessionId, 4);
    const capturePath = join(dir, 'away.bin');
    await first.must('session.capture.start', { sessionId: udp.sessionId, path: capturePath });
    await first.must('session.repeat.start', { sessionId: udp.sessionId, bytes: new Uint8Array([7]), periodMs: 5, to: { host: '127.0.0.1', port: far.port } });

    first.disconnect();
    const eventsAtDisconnect = first.events.length;
    const shownToFirst = first.framesOf(udp.sessionId, 'tx').length;
    const sentAtDisconnect = far.received.length;
    const sizes = [1, 2, 3, 4, 5, 6, 7, 8];
    for (const size of sizes) far.socket.send(Buffer.alloc(size, 0x61), udp.local.port, '127.0.0.1');
    const awayBytes = sizes.reduce((a, b) => a + b, 0);
    // The capture file is the witness that the engine received them with nobody watching.
    let captured = 0;
    for (let i = 0; i < 500 && captured < awayBytes; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      captured = (await stat(capturePath)).size;
    }
    expect((await readFile(capturePath)).length).toBe(awayBytes);
    // The cyclic send goes on too.
    await waitFor(() => far.received.length >= sentAtDisconnect + 3, 2000, 'cyclic sends while detached');
    // A page that has not attached (yet) may still give commands; it just hears nothing.
    const helper = harness.connect();
    await helper.must('session.repeat.stop', { sessionId: udp.sessionId });
    expect(helper.events).toEqual([]);

    const second = harness.connect();
    const { sessions } = await second.must('workspace.attach', {});
    const snapshot = snapshotOf(sessions, udp.sessionId);
    const txFrames = snapshot.counters.txFrames;
    expect(snapshot.counters).toEqual({ rxBytes: 4 + awayBytes, rxFrames: 1 + sizes.length, txBytes: txFrames, txFrames, ...NO_DROPS });
    await waitFor(() => far.received.length === txFrames, 2000, 'the peer to have every cyclic send the counters count');
    expect(snapshot.capture).toMatchObject({ active: true, path: capturePath });
    expect(snapshot.repeat).toMatchObject({ running: false, reason: 'user', sent: txFrames });

    // The next batch carries the gap: what arrived while nobody watched, and the sends the first page never saw.
    const gap = await waitFor(() => second.gapsOf(udp.sessionId)[0], 2000, 'the gap');
    expect(gap).toEqual({ frames: sizes.length + txFrames - shownToFirst, bytes: awayBytes + txFrames - shownToFirst });
    expect(second.framesOf(udp.sessionId)).toEqual([]);
    expect(second.countersOf(udp.sessionId)).toEqual(snapshot.counters);
    // The page that went hears nothing more.
    expect(first.events.length).toBe(eventsAtDisconnect);

    far.socket.send('after', udp.local.port, '127.0.0.1');
    expect((await second.waitForRx(udp.sessionId, 5)).toString()).toBe('after');
  });

  it('attach resets the flow-control credit: batches the old page never acked do not hold up the next page', async () => {
    harness = new WorkspaceHarness({ maxUnackedBatches: 1 });
    const first = harness.connect();
    first.autoAck = false;
    await first.must('workspace.attach', {});
    const udp = await first.must('session.open', { config: UDP });
    const far = await peer();
    far.socket.send('x', udp.local.port, '127.0.0.1');
    await first.waitForRx(udp.sessionId, 1);
    first.disconnect();

    const second = harness.connect();
    await second.must('workspace.attach', {});
    far.socket.send('yz', udp.local.port, '127.0.0.1');
    expect((await second.waitForRx(udp.sessionId, 2)).toString()).toBe('yz');
    far.socket.send('w', udp.local.port, '127.0.0.1');
    await second.waitForRx(udp.sessionId, 3);
    expect(second.countersOf(udp.sessionId)).toMatchObject({ rxBytes: 4, rxFrames: 3 });
  });

  it('a page that attaches takes over: the other gets workspace.detached, hears nothing more, and its session commands answer TAKEN_OVER', async () => {
    harness = new WorkspaceHarness();
    const first = harness.connect();
    await first.must('workspace.attach', {});
    const udp = await first.must('session.open', { config: UDP, tabId: 'tab-a' });
    const far = await peer();

    const second = harness.connect();
    const { sessions } = await second.must('workspace.attach', {});
    expect(snapshotOf(sessions, udp.sessionId).tabId).toBe('tab-a');
    expect(first.events.at(-1)).toEqual({ name: 'workspace.detached', payload: { reason: 'taken-over' } });
    const firstEventCount = first.events.length;

    far.socket.send('to-second', udp.local.port, '127.0.0.1');
    await second.waitForRx(udp.sessionId, 9);
    expect(first.events.length).toBe(firstEventCount);

    const to = { host: '127.0.0.1', port: far.port };
    const refused = { ok: false, error: { code: 'TAKEN_OVER' } };
    expect(await first.invoke('session.send', { sessionId: udp.sessionId, bytes: new Uint8Array([1]), to })).toMatchObject(refused);
    expect(await first.invoke('session.close', { sessionId: udp.sessionId })).toMatchObject(refused);
    expect(await first.invoke('traffic.ack', { sessionId: udp.sessionId, batchSeq: 0 })).toMatchObject(refused);
    expect(await first.invoke('session.open', { config: UDP })).toMatchObject(refused);
    // What touches no session still works.
    expect(await first.invoke('system.interfaces', {})).toMatchObject({ ok: true });
    expect(await first.invoke('settings.load', {})).toMatchObject({ ok: true });
    expect(second.eventsOf('session.state', udp.sessionId).filter((e) => e.state === 'closed')).toEqual([]);

    // The first page attaches again (its socket came back): it is the attached page again.
    await first.must('workspace.attach', {});
    expect(second.events.at(-1)).toEqual({ name: 'workspace.detached', payload: { reason: 'taken-over' } });
    expect(await first.invoke('session.send', { sessionId: udp.sessionId, bytes: new Uint8Array([1]), to })).toMatchObject({ ok: true });
    // The page that was taken over leaving does not take the display away from the attached one.
    second.disconnect();
    far.socket.send('still', udp.local.port, '127.0.0.1');
    expect((await first.waitForRx(udp.sessionId, 5)).toString()).toBe('still');
  });

  it('a page that never attached hears nothing; a page that disconnected cannot come back as itself', async () => {
    harness = new WorkspaceHarness();
    const quiet = harness.connect();
    const udp = await quiet.must('session.open', { config: UDP });
    const far = await peer();
    far.socket.send('unseen', udp.local.port, '127.0.0.1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(quiet.events).toEqual([]);
    quiet.disconnect();
    expect(await quiet.invoke('workspace.attach', {})).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });

    const next = harness.connect();
    const { sessions } = await next.must('workspace.attach', {});
    expect(snapshotOf(sessions, udp.sessionId).counters).toMatchObject({ rxBytes: 6, rxFrames: 1 });
    expect(await waitFor(() => next.gapsOf(udp.sessionId)[0], 2000, 'the gap')).toEqual({ frames: 1, bytes: 6 });
  });

  it('dispose closes every session, whichever page opened it; later commands fail NOT_OPEN', async () => {
    harness = new WorkspaceHarness();
    const page = harness.connect();
    await page.must('workspace.attach', {});
    await page.must('session.open', { config: UDP });
    const other = harness.connect();
    const second = await other.must('session.open', { config: UDP });
    await harness.dispose();
    expect(await other.invoke('session.open', { config: UDP })).toMatchObject({ ok: false, error: { code: 'NOT_OPEN' } });
    // Its port is free again.
    await new Promise<void>((resolve, reject) => {
      const socket = createSocket('udp4');
      socket.once('error', reject);
      socket.bind(second.local.port, '127.0.0.1', () => socket.close(() => resolve()));
    });
  });
});
