import { IPC_INVOKE_CHANNEL, IPC_MENU_CHANNEL, type MenuCommand, type PreloadBridge } from '@shared';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { describeContractConformance } from '../test-support/conformance';
import { CONTENT_SECURITY_POLICY } from '@shared/contract/content-security-policy';
import { fake, FakeFrame } from './test-support/fake-electron';
import { clickMenuItem, findMenuItem, menuOf } from './test-support/menu-items';
import { WINDOW_STATE_FILE_NAME } from './window-state-file';

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
  // Closing the window saves its state a moment later: retry while that write lands (ENOTEMPTY).
  await rm(fake.userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

describe('Electron host (simulated Electron)', () => {
  it('takes the single-instance lock and opens one locked-down window on the built renderer, at the default size', () => {
    expect(fake.lockRequests).toBe(1);
    const window = fake.windows[0]!;
    expect(window.options).toMatchObject({ width: 1100, height: 720, minWidth: 720, minHeight: 520, title: 'SocketDesk' });
    // Nothing saved: Electron centres it (no x / y given).
    expect(window.options).not.toHaveProperty('x');
    expect(window.visible).toBe(true);
    expect(window.maximized).toBe(false);
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, disableBlinkFeatures: 'Auxclick' });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(window.webContents.mainFrame.url).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
  });

  it('exposes exactly invoke, on and onMenuCommand', () => {
    expect([...fake.exposed.keys()]).toEqual(['socketdesk']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'onMenuCommand']);
  });

  it('denies new windows and every permission but clipboard writes from our page, and sets the CSP on http(s) responses', () => {
    const contents = fake.windows[0]!.webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const granted: boolean[] = [];
    const ours = { isMainFrame: true, requestingUrl: contents.mainFrame.url };
    fake.permissionRequestHandler?.(contents, 'media', (allow: boolean) => granted.push(allow), ours);
    // Copy rows writes text to the clipboard: granted to our page's main frame only, and reading never.
    fake.permissionRequestHandler?.(contents, 'clipboard-sanitized-write', (allow: boolean) => granted.push(allow), ours);
    fake.permissionRequestHandler?.(contents, 'clipboard-sanitized-write', (allow: boolean) => granted.push(allow), { ...ours, isMainFrame: false });
    fake.permissionRequestHandler?.(contents, 'clipboard-sanitized-write', (allow: boolean) => granted.push(allow), { isMainFrame: true, requestingUrl: 'https://evil.example/' });
    expect(granted).toEqual([false, true, false, false]);
    expect(fake.permissionCheckHandler?.(contents, 'clipboard-read', 'file://', ours)).toBe(false);
    expect(fake.permissionCheckHandler?.(contents, 'clipboard-sanitized-write', 'file://', ours)).toBe(true);
    expect(fake.permissionCheckHandler?.(contents, 'clipboard-sanitized-write', 'file://', { isMainFrame: true })).toBe(false);
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

describe('Application menu (simulated Electron)', () => {
  it('has File, Edit, View, Tabs, Window and Help, with the tab shortcuts shown but left to the page', () => {
    expect(menuOf(fake.menu).map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Tabs', 'Window', 'Help']);
    const shortcuts: Array<[string, string]> = [
      ['New Tab', 'CmdOrCtrl+T'],
      ['Close Tab', 'CmdOrCtrl+W'],
      ['Next Tab', 'Ctrl+Tab'],
      ['Previous Tab', 'Ctrl+Shift+Tab'],
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): [string, string] => [`Tab ${n}`, `CmdOrCtrl+${n}`]),
      ['Last Tab', 'CmdOrCtrl+9'],
    ];
    for (const [label, accelerator] of shortcuts) {
      expect(findMenuItem(fake.menu, label), label).toMatchObject({ accelerator, registerAccelerator: false });
    }
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'reload', 'zoomIn', 'zoomOut', 'resetZoom', 'about', 'quit']) {
      expect(findMenuItem(fake.menu, (item) => item.role === role), role).toBeDefined();
    }
    // Not packaged here: the developer tools are there.
    expect(findMenuItem(fake.menu, (item) => item.role === 'toggleDevTools')).toBeDefined();
  });

  it('a click on an item sends its command to the page of the window, and through the preload to the page’s listener', () => {
    const window = fake.windows[0]!;
    const received: MenuCommand[] = [];
    const off = bridge.onMenuCommand((command) => received.push(command));
    try {
      const click = (label: string, target: unknown = window): void => clickMenuItem(fake.menu, label, target);
      click('New Tab');
      click('Close Tab');
      click('Next Tab');
      click('Previous Tab');
      click('Tab 3');
      click('Last Tab');
      // No window known to Electron (macOS, no window focused): our window's page.
      click('Tab 1', undefined);
      expect(received).toEqual(['tab.new', 'tab.close', 'tab.next', 'tab.previous', { position: 3 }, 'tab.last', { position: 1 }]);
    } finally {
      off();
    }
    // Unsubscribed: nothing more arrives.
    clickMenuItem(fake.menu, 'New Tab', window);
    expect(received).toHaveLength(7);
  });

  it('sends nothing to a page that is not our renderer', () => {
    const window = fake.windows[0]!;
    const received: MenuCommand[] = [];
    const off = bridge.onMenuCommand((command) => received.push(command));
    const ours = window.webContents.mainFrame.url;
    window.webContents.mainFrame.url = 'https://evil.example/';
    try {
      clickMenuItem(fake.menu, 'New Tab', window);
      expect(received).toEqual([]);
    } finally {
      window.webContents.mainFrame.url = ours;
      off();
    }
  });

  it('the preload passes on only valid menu commands: anything else on the menu channel is dropped', () => {
    const contents = fake.windows[0]!.webContents;
    const received: MenuCommand[] = [];
    const off = bridge.onMenuCommand((command) => received.push(command));
    try {
      const malformed = ['tab.explode', 'TAB.NEW', '', { position: 0 }, { position: 9 }, { position: '1' }, { position: 1.5 }, { position: 1, extra: true }, {}, null, 42, ['tab.new'], { name: 'tab.new' }];
      for (const message of malformed) contents.send(IPC_MENU_CHANNEL, message);
      expect(received).toEqual([]);
      contents.send(IPC_MENU_CHANNEL, { position: 8 });
      contents.send(IPC_MENU_CHANNEL, 'tab.previous');
      expect(received).toEqual([{ position: 8 }, 'tab.previous']);
    } finally {
      off();
    }
    expect(() => bridge.onMenuCommand('not a function' as never)).toThrow(TypeError);
  });
});

describe('Single instance and window state (simulated Electron)', () => {
  it('a second launch brings the first window to the front, restoring it when minimised', () => {
    const window = fake.windows[0]!;
    window.minimize();
    const focused = window.focusCalls;
    fake.appEmitter.emit('second-instance', {}, ['socketdesk'], process.cwd(), {});
    expect(window.minimized).toBe(false);
    expect(window.visible).toBe(true);
    expect(window.focusCalls).toBe(focused + 1);
    expect(fake.windows).toHaveLength(1);
  });

  it('saves the window’s bounds a moment after it moves or resizes, in a file of its own', async () => {
    const window = fake.windows[0]!;
    window.setBounds({ x: 40, y: 30, width: 1000, height: 700 });
    window.setBounds({ x: 50, y: 30 });
    const path = join(fake.userDataDir, WINDOW_STATE_FILE_NAME);
    await vi.waitFor(async () => expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 1, bounds: { x: 50, y: 30, width: 1000, height: 700 }, maximized: false }), {
      timeout: 3_000,
    });
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

  it('closing the last window saves its state at once, disposes the engine (every session of every page) and quits', async () => {
    await openUdp();
    const window = fake.windows[0]!;
    // Maximised over new normal bounds, and closed before the debounced save: the close saves.
    window.setBounds({ x: 200, y: 100, width: 900, height: 600 });
    window.maximize();
    window.close();
    fake.appEmitter.emit('window-all-closed');
    await vi.waitFor(() => expect(fake.quitCalls).toBe(1), { timeout: 5_000 });
    const saved: unknown = JSON.parse(await readFile(join(fake.userDataDir, WINDOW_STATE_FILE_NAME), 'utf8'));
    expect(saved).toEqual({ version: 1, bounds: { x: 200, y: 100, width: 900, height: 600 }, maximized: true });
    expect(boundPorts.length).toBeGreaterThanOrEqual(3);
    for (const port of boundPorts) expect(await isPortFree(port), `port ${port}`).toBe(true);
  });
});
