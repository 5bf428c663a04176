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

  it('exposes exactly invoke and on', () => {
    expect([...fake.exposed.keys()]).toEqual(['socketdesk']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
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
  async function openUdp(): Promise<number> {
    const result = (await bridge.invoke('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } })) as {
      ok: boolean;
      value: { local: { port: number } };
    };
    expect(result.ok).toBe(true);
    return result.value.local.port;
  }

  async function isPortFree(port: number): Promise<boolean> {
    const { createSocket } = await import('node:dgram');
    const socket = createSocket('udp4');
    return new Promise((resolve) => {
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
  }

  it('a reload disposes the old page’s engine: its sockets are released', async () => {
    const port = await openUdp();
    expect(await isPortFree(port)).toBe(false);
    const window = fake.windows[0]!;
    window.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false, url: window.webContents.mainFrame.url });
    await vi.waitFor(async () => expect(await isPortFree(port)).toBe(true), { timeout: 5_000 });
    // The new page gets a working engine.
    expect(await openUdp()).toBeGreaterThan(0);
  });

  it('closing the last window disposes its engine and quits', async () => {
    const port = await openUdp();
    const window = fake.windows[0]!;
    window.close();
    fake.appEmitter.emit('window-all-closed');
    await vi.waitFor(() => expect(fake.quitCalls).toBe(1), { timeout: 5_000 });
    expect(await isPortFree(port)).toBe(true);
  });
});
