import { IPC_INVOKE_CHANNEL } from '@shared';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fake, FakeFrame, FakeWebContents } from './test-support/fake-electron';

// Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security; issue 11), item by item,
// on the main-process modules run on a simulated Electron (see fake-electron.ts for what that proves and what only
// the real binary can). `shell.openExternal` is not used anywhere; electronegativity's OPEN_EXTERNAL_JS_CHECK in
// `npm run lint` fails on any call whose URL is not a fixed string.
vi.mock('electron', () => import('./test-support/fake-electron'));

beforeAll(async () => {
  await import('./index');
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
});

afterAll(async () => {
  fake.windows.forEach((w) => w.close());
  fake.appEmitter.emit('window-all-closed');
  await vi.waitFor(() => expect(fake.quitCalls).toBe(1), { timeout: 5_000 });
  // Closing the window saves its state a moment later: retry while that write lands (ENOTEMPTY).
  await rm(fake.userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
});

/** A navigation event as Electron passes it, recording whether a listener prevented it. */
function navigation(url: string, isMainFrame = true): { url: string; isMainFrame: boolean; preventDefault(): void; prevented: boolean } {
  const event = {
    url,
    isMainFrame,
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
  };
  return event;
}

describe('Electron security checklist (simulated Electron)', () => {
  it('the window: sandbox, contextIsolation, no Node in the page, its workers or subframes, webSecurity, no insecure content, no <webview>, no Auxclick', () => {
    expect(fake.windows[0]!.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    // Nothing switched back on: no experimental features, no Blink features enabled.
    expect(fake.windows[0]!.options.webPreferences).not.toHaveProperty('experimentalFeatures');
    expect(fake.windows[0]!.options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
  });

  it('every web contents the app ever creates is guarded: no navigation, no redirect away, no subframe navigation, no <webview>, no new window', () => {
    // Not only our window's: a contents created later (a devtools or a future window) gets the same guards.
    const contents = new FakeWebContents();
    const ours = fake.windows[0]!.webContents.mainFrame.url;
    fake.appEmitter.emit('web-contents-created', {}, contents);
    for (const target of [contents, fake.windows[0]!.webContents]) {
      const away = navigation('https://evil.example/');
      const ownPage = navigation(ours);
      target.emit('will-navigate', away);
      target.emit('will-navigate', ownPage);
      // Every navigation the page starts is refused, to our own page too (a reload is not a navigation event).
      expect([away.prevented, ownPage.prevented]).toEqual([true, true]);

      const redirectAway = navigation('https://evil.example/');
      const redirectHome = navigation(ours);
      target.emit('will-redirect', redirectAway);
      target.emit('will-redirect', redirectHome);
      expect([redirectAway.prevented, redirectHome.prevented]).toEqual([true, false]);

      const subframe = navigation('https://evil.example/', false);
      target.emit('will-frame-navigate', subframe);
      expect(subframe.prevented).toBe(true);

      const webview = navigation('about:blank');
      target.emit('will-attach-webview', webview);
      expect(webview.prevented).toBe(true);

      for (const url of ['https://evil.example/', ours, 'file:///etc/passwd', 'javascript:alert(1)']) {
        expect(target.windowOpenHandler?.({ url, disposition: 'foreground-tab' })).toEqual({ action: 'deny' });
      }
    }
  });

  it('refuses every permission request and check but clipboard-sanitized-write from our page’s main frame, and every device and screen capture', () => {
    const contents = fake.windows[0]!.webContents;
    const ours = { isMainFrame: true, requestingUrl: contents.mainFrame.url };
    const permissions = [
      'clipboard-read',
      'media',
      'display-capture',
      'mediaKeySystem',
      'geolocation',
      'notifications',
      'midi',
      'midiSysex',
      'pointerLock',
      'keyboardLock',
      'fullscreen',
      'openExternal',
      'window-management',
      'idle-detection',
      'storage-access',
      'top-level-storage-access',
      'fileSystem',
      'hid',
      'serial',
      'usb',
      'unknown',
    ];
    for (const permission of permissions) {
      const answers: boolean[] = [];
      fake.permissionRequestHandler?.(contents, permission, (allow: boolean) => answers.push(allow), ours);
      expect(answers, permission).toEqual([false]);
      expect(fake.permissionCheckHandler?.(contents, permission, 'file://', ours), permission).toBe(false);
    }
    const granted: boolean[] = [];
    fake.permissionRequestHandler?.(contents, 'clipboard-sanitized-write', (allow: boolean) => granted.push(allow), ours);
    expect(granted).toEqual([true]);
    expect(fake.devicePermissionHandler?.({ deviceType: 'usb', origin: 'file://' })).toBe(false);
    const streams: unknown[] = [];
    fake.displayMediaRequestHandler?.({ frame: contents.mainFrame }, (s: unknown) => streams.push(s));
    expect(streams).toEqual([null]);
  });

  it('listens on IPC only through ipcMain.handle, and every channel refuses every untrusted sender before anything runs', async () => {
    // The complete list: a new channel (or an ipcMain.on listener, which cannot answer "refused") fails here until
    // it is added with its own sender check.
    expect(fake.ipcRegistrations).toEqual([{ method: 'ipcMain.handle', channel: IPC_INVOKE_CHANNEL }]);

    const window = fake.windows[0]!;
    const main = window.webContents.mainFrame;
    const subframe = Object.assign(new FakeFrame(main.processId, 999, main), { url: main.url });
    const foreignPage = Object.assign(new FakeFrame(main.processId, main.routingId), { url: 'https://evil.example/' });
    const otherProcess = Object.assign(new FakeFrame(main.processId + 1, main.routingId), { url: main.url });
    // A web contents that is not one of our windows, though it claims our page.
    const stranger = new FakeWebContents();
    stranger.mainFrame.url = main.url;
    const untrusted = [
      { name: 'no frame (gone)', sender: window.webContents, senderFrame: null },
      { name: 'a subframe of our page', sender: window.webContents, senderFrame: subframe },
      { name: 'another page in our frame', sender: window.webContents, senderFrame: foreignPage },
      { name: 'a frame of another process', sender: window.webContents, senderFrame: otherProcess },
      { name: 'a web contents that is not our window', sender: stranger, senderFrame: stranger.mainFrame },
    ];
    const openUdp = { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } };
    for (const { channel } of fake.ipcRegistrations) {
      const handler = fake.ipcHandlers.get(channel)!;
      for (const { name, sender, senderFrame } of untrusted) {
        expect(await handler({ sender, senderFrame }, 'session.open', openUdp), `${channel}: ${name}`).toEqual({
          ok: false,
          error: { code: 'INVALID_ARGUMENT', message: 'Untrusted sender: only the SocketDesk window may send commands' },
        });
      }
      // Nothing was opened: our own page, attaching, finds no session.
      const attached = (await handler({ sender: window.webContents, senderFrame: main }, 'workspace.attach', {})) as { ok: boolean; value?: { sessions: unknown[] } };
      expect(attached).toMatchObject({ ok: true, value: { sessions: [] } });
    }
  });
});
