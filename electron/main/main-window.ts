import { IPC_EVENT_CHANNEL } from '@shared';
import { BrowserWindow } from 'electron';
import type { WorkspaceHost } from '../engine/workspace-host';
import { PageSlot } from './page-slot';
import type { RendererLocation } from './trusted-sender';
import { MIN_WINDOW_SIZE, type WindowPlacement } from './window-bounds';

export interface AppWindow {
  readonly window: BrowserWindow;
  readonly pages: PageSlot;
}

/**
 * One window = one renderer = one page of the app's workspace at a time. The window is locked down per
 * DESIGN §5; navigation, popups and permissions are refused by the guards in web-contents-guards.ts, which apply
 * to every web contents.
 */
export function createMainWindow(location: RendererLocation, preloadPath: string, workspace: WorkspaceHost, placement: WindowPlacement): AppWindow {
  const { maximized, ...bounds } = placement;
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'SocketDesk',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      // electronegativity PRELOAD_JS_CHECK asks for a review of every preload. Reviewed (electron/preload/index.ts):
      // it hands the page only invoke/on/onMenuCommand through contextBridge, never ipcRenderer, and the main
      // process checks the sender and validates every argument (electron-host.test.ts).
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK (reviewed, see above)
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click would open links in new windows (Electron security checklist); nothing here needs it.
      disableBlinkFeatures: 'Auxclick',
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
  window.once('ready-to-show', () => {
    // Maximised over its normal bounds, so that un-maximising returns to where it was.
    if (maximized) window.maximize();
    window.show();
  });

  if (location.devUrl) void window.loadURL(location.devUrl);
  else void window.loadURL(location.fileUrl);
  return { window, pages };
}
