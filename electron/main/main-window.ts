import { IPC_EVENT_CHANNEL } from '@shared';
import { BrowserWindow } from 'electron';
import { EngineSlot, type EngineOptions } from './engine-slot';
import type { RendererLocation } from './trusted-sender';

/** Sizes in device-independent pixels: room for both columns of DESIGN §4, and the smallest still usable. */
const WINDOW_SIZE = { width: 1100, height: 720, minWidth: 720, minHeight: 520 } as const;

export interface AppWindow {
  readonly window: BrowserWindow;
  readonly engines: EngineSlot;
}

/**
 * One window = one renderer = one engine slot. The window is locked down per DESIGN §5; navigation, popups and
 * permissions are refused by the guards in web-contents-guards.ts, which apply to every web contents.
 */
export function createMainWindow(location: RendererLocation, preloadPath: string, engineOptions?: EngineOptions): AppWindow {
  const window = new BrowserWindow({
    ...WINDOW_SIZE,
    title: 'SocketDesk',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const contents = window.webContents;
  const engines = new EngineSlot((name, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, { name, payload });
  }, engineOptions);

  // A new document in the main frame (reload, crash recovery) starts with a fresh engine.
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) void engines.retire();
  });
  contents.on('render-process-gone', () => void engines.retire());
  window.on('closed', () => void engines.retire());
  window.once('ready-to-show', () => window.show());

  if (location.devUrl) void window.loadURL(location.devUrl);
  else void window.loadURL(location.fileUrl);
  return { window, engines };
}
