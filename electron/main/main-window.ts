import { IPC_EVENT_CHANNEL } from '@shared';
import { BrowserWindow } from 'electron';
import type { WorkspaceHost } from '../engine/workspace-host';
import { PageSlot } from './page-slot';
import type { RendererLocation } from './trusted-sender';

/** Sizes in device-independent pixels: room for both columns of DESIGN §4, and the smallest still usable. */
const WINDOW_SIZE = { width: 1100, height: 720, minWidth: 720, minHeight: 520 } as const;

export interface AppWindow {
  readonly window: BrowserWindow;
  readonly pages: PageSlot;
}

/**
 * One window = one renderer = one page of the app's workspace at a time. The window is locked down per
 * DESIGN §5; navigation, popups and permissions are refused by the guards in web-contents-guards.ts, which apply
 * to every web contents.
 */
export function createMainWindow(location: RendererLocation, preloadPath: string, workspace: WorkspaceHost): AppWindow {
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
  const pages = new PageSlot(workspace, (name, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, { name, payload });
  });

  // A new document in the main frame (reload, crash recovery) is a new page; the sessions wait for it to attach.
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) pages.retire();
  });
  contents.on('render-process-gone', () => pages.retire());
  window.on('closed', () => pages.retire());
  window.once('ready-to-show', () => window.show());

  if (location.devUrl) void window.loadURL(location.devUrl);
  else void window.loadURL(location.fileUrl);
  return { window, pages };
}
