import { IPC_INVOKE_CHANNEL, type PreloadBridge } from '@shared';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeContractConformance } from '../test-support/conformance';
import { CONTENT_SECURITY_POLICY } from '@shared/contract/content-security-policy';
import { fake, FakeFrame } from './test-support/fake-electron';

// The main-process and preload modules, run on a simulated Electron (see fake-electron.ts for what that does
// and does not prove). The same suite runs against the real binary in electron/serve/electron-host.test.ts.
vi.mock('electron', () => import('./test-support/fake-electron'));

let bridge: PreloadBridge;

beforeAll(async () => {
  await import('./index');
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
  await import('../preload/index');
  bridge = fake.exposed.get('socketdesk') as PreloadBridge;
});

afterAll(async () => {
  fake.windows.forEach((w) => w.close());
  await rm(fake.userDataDir, { recursive: true, force: true });
});

describe('Electron host (simulated Electron)', () => {
  it('opens one locked-down window on the built renderer', () => {
    const window = fake.windows[0]!;
    expect(window.options).toMatchObject({ width: 1100, height: 720, minWidth: 720, minHeight: 520, title: 'SocketDesk' });
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(window.webContents.mainFrame.url).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
  });

  it('exposes exactly invoke, on and onMenuCommand', () => {
    expect([...fake.exposed.keys()]).toEqual(['socketdesk']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'onMenuCommand']);
  });

  it('denies new windows, permissions, and sets the CSP on http(s) responses', () => {
    const contents = fake.windows[0]!.webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const granted: boolean[] = [];
    fake.permissionRequestHandler?.(contents, 'media', (allow: boolean) => granted.push(allow));
    expect(granted).toEqual([false]);
    expect(fake.permissionCheckHandler?.(contents, 'clipboard-read', 'file://', {})).toBe(false);
    let headers: Record<string, string[]> = {};
    fake.headersHandler?.({ responseHeaders: { 'content-security-policy': ['default-src *'] } }, (r) => {
      headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders;
    });
    expect(headers).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'X-Content-Type-Options': ['nosniff'] });
  });

  it('prevents navigation away from the renderer', () => {
    let prevented = false;
    fake.windows[0]!.webContents.emit('will-navigate', { url: 'https://evil.example', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('refuses commands from a frame that is not our window’s main frame on our page', async () => {
    const window = fake.windows[0]!;
    const handler = fake.ipcHandlers.get(IPC_INVOKE_CHANNEL)!;
    const main = window.webContents.mainFrame;
    const sub = new FakeFrame(main.processId, 999, main);
    sub.url = main.url;
    const foreign = new FakeFrame(main.processId, main.routingId);
    foreign.url = 'https://evil.example/';
    const untrusted = { ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringMatching(/untrusted sender/i) } };
    const otherProcess = new FakeFrame(2, main.routingId);
    otherProcess.url = main.url;
    for (const senderFrame of [null, sub, foreign, otherProcess]) {
      expect(await handler({ sender: window.webContents, senderFrame }, 'system.interfaces', {})).toMatchObject(untrusted);
    }
    const ours = main.url;
    main.url = 'https://evil.example/';
    try {
      expect(await handler({ sender: window.webContents, senderFrame: main }, 'system.interfaces', {})).toMatchObject(untrusted);
    } finally {
      main.url = ours;
    }
    expect(await handler({ sender: window.webContents, senderFrame: main }, 'system.interfaces', {})).toMatchObject({ ok: true });
  });
});

describeContractConformance('Electron host main + preload (simulated Electron IPC)', async () => ({
  client: {
    invoke: (name, args) => bridge.invoke(name, args),
    on: (name, listener) => bridge.on(name, listener),
  },
  async dispose() {},
}));

describe('Electron host lifecycle (simulated Electron)', () => {
  /** Every UDP port a session of these tests bound: all must be free once the app quit. */
  const boundPorts: number[] = [];

  async function openUdp(tabId?: string): Promise<number> {
    const config = { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 };
    const result = (await bridge.invoke('session.open', tabId ? { config, tabId } : { config })) as {
      ok: boolean;
      value: { local: { port: number } };
    };
    expect(result.ok).toBe(true);
    boundPorts.push(result.value.local.port);
    return result.value.local.port;
  }

  async function attach(): Promise<Array<{ tabId: string | null; local?: { port: number }; state: string }>> {
    const result = (await bridge.invoke('workspace.attach', {})) as { ok: boolean; value: { sessions: Array<{ tabId: string | null; local?: { port: number }; state: string }> } };
    expect(result.ok).toBe(true);
    return result.value.sessions;
  }

  async function isPortFree(port: number): Promise<boolean> {
    const { createSocket } = await import('node:dgram');
    const socket = createSocket('udp4');
    return new Promise((resolve) => {
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
  }

  it('a reload keeps the sessions: the socket stays bound and the reloaded page gets it back when it attaches', async () => {
    await attach();
    const port = await openUdp('tab-reload');
    const window = fake.windows[0]!;
    const events: string[] = [];
    const off = bridge.on('session.state', () => events.push('session.state'));
    try {
      window.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false, url: window.webContents.mainFrame.url });
      // Give a (wrong) disposal the time it took before: the socket must still be bound.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await isPortFree(port)).toBe(false);
      // The new document has not attached: a session it opens says nothing to it.
      const unseen = await openUdp();
      expect(events).toEqual([]);
      const sessions = await attach();
      expect(sessions).toContainEqual(expect.objectContaining({ tabId: 'tab-reload', state: 'open', local: expect.objectContaining({ port }) }));
      expect(sessions).toContainEqual(expect.objectContaining({ tabId: null, local: expect.objectContaining({ port: unseen }) }));
    } finally {
      off();
    }
  });

  it('closing the last window disposes the engine (every session of every page) and quits', async () => {
    await openUdp();
    const window = fake.windows[0]!;
    window.close();
    fake.appEmitter.emit('window-all-closed');
    await vi.waitFor(() => expect(fake.quitCalls).toBe(1), { timeout: 5_000 });
    expect(boundPorts.length).toBeGreaterThanOrEqual(3);
    for (const port of boundPorts) expect(await isPortFree(port), `port ${port}`).toBe(true);
  });
});
