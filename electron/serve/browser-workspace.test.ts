import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EventSink } from '@shared';
import { Engine } from '../engine/engine';
import { once, waitFor } from '../engine/test-support/wait-for';
import { startBrowserHost, type BrowserHost } from './browser-host';
import { WsPage } from './test-support/ws-page';

/** The real Engine, telling the test when the host detached its display (a page's socket closed). */
class ObservedEngine extends Engine {
  detaches = 0;
  override detachDisplay(): void {
    this.detaches++;
    super.detachDisplay();
  }
}

/** An outside TCP client of a session's server, noting every sign that the connection ended. */
async function outsideClient(port: number): Promise<{ socket: Socket; endings: string[] }> {
  const socket = connect(port, '127.0.0.1');
  const endings: string[] = [];
  socket.on('end', () => endings.push('end (FIN)'));
  socket.on('error', (error) => endings.push(`error ${error.message}`));
  socket.on('close', () => endings.push('close'));
  await once(socket, 'connect', 2000);
  return { socket, endings };
}

describe('browser host: the workspace outlives the page (issue 7)', () => {
  let staticDir: string;
  let host: BrowserHost;
  let engine: ObservedEngine;
  const pages: WsPage[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    staticDir = await mkdtemp(join(tmpdir(), 'socketdesk-workspace-host-'));
    await writeFile(join(staticDir, 'index.html'), '<!doctype html>');
  });

  beforeEach(async () => {
    host = await startBrowserHost({
      staticDir,
      createEngine: (sink: EventSink) => {
        engine = new ObservedEngine(sink);
        return engine;
      },
    });
  });

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.close()));
    for (const socket of sockets.splice(0)) socket.destroy();
    await host.close();
  });

  afterAll(async () => {
    await rm(staticDir, { recursive: true, force: true });
  });

  async function page(): Promise<WsPage> {
    const made = await WsPage.connect(host.url, host.port);
    pages.push(made);
    return made;
  }

  it('a TCP server session survives its page’s WebSocket closing: its client stays connected and reaches the next page', async () => {
    const first = await page();
    await first.must('workspace.attach', {});
    const server = await first.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 }, tabId: 'tab-1' });
    const outside = await outsideClient(server.local.port);
    sockets.push(outside.socket);
    await waitFor(() => first.lastClients(server.sessionId).length === 1, 2000, 'the client listed');
    outside.socket.write('before');
    await first.waitForRx(server.sessionId, 6);
    const capturePath = join(staticDir, 'capture.bin');
    await first.must('session.capture.start', { sessionId: server.sessionId, path: capturePath });

    await first.close();
    await waitFor(() => engine.detaches === 2, 2000, 'the host to detach the display'); // 1: at start, nobody attached
    outside.socket.write('away!');
    // The capture file witnesses that the engine read the bytes while no page was attached.
    let captured = 0;
    for (let i = 0; i < 500 && captured < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      captured = (await stat(capturePath)).size;
    }
    expect(captured).toBe(5);

    const second = await page();
    const { sessions } = await second.must('workspace.attach', {});
    const outsideKey = `127.0.0.1:${outside.socket.localPort}`;
    expect(sessions).toEqual([
      expect.objectContaining({
        sessionId: server.sessionId,
        tabId: 'tab-1',
        state: 'open',
        local: server.local,
        counters: { rxBytes: 11, rxFrames: 2, txBytes: 0, txFrames: 0 },
        clients: [expect.objectContaining({ key: outsideKey, rxBytes: 11, txBytes: 0 })],
        capture: expect.objectContaining({ active: true, path: capturePath }),
      }),
    ]);
    expect(await waitFor(() => second.gapsOf(server.sessionId)[0], 2000, 'the gap')).toEqual({ frames: 1, bytes: 5 });

    outside.socket.write('after');
    expect((await second.waitForRx(server.sessionId, 5)).toString()).toBe('after');
    // The page can use the client it got back.
    await second.must('session.send', { sessionId: server.sessionId, bytes: new TextEncoder().encode('hi'), client: outsideKey });
    const echoed = await new Promise<string>((resolve) => outside.socket.once('data', (data: Buffer) => resolve(data.toString())));
    expect(echoed).toBe('hi');
    expect(outside.endings).toEqual([]);

    // Closing the host still ends every session and its clients.
    await host.close();
    await waitFor(() => outside.endings.includes('close'), 2000, 'the client to be closed by the host');
  });

  it('a page attaching takes over: the page that opened the session gets workspace.detached, then TAKEN_OVER', async () => {
    const first = await page();
    await first.must('workspace.attach', {});
    const udp = await first.must('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const second = await page();
    const { sessions } = await second.must('workspace.attach', {});
    expect(sessions.map((s) => s.sessionId)).toEqual([udp.sessionId]);
    const detached = await waitFor(() => first.eventsOf('workspace.detached')[0], 2000, 'workspace.detached');
    expect(detached).toEqual({ reason: 'taken-over' });
    expect(await first.invoke('session.close', { sessionId: udp.sessionId })).toMatchObject({ ok: false, error: { code: 'TAKEN_OVER' } });
    expect(await second.invoke('session.close', { sessionId: udp.sessionId })).toEqual({ ok: true, value: null });
  });
});
