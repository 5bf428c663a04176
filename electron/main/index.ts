import { fail, IPC_INVOKE_CHANNEL } from '@shared';
import { app, BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createCommandDispatcher } from '../engine/command-dispatcher';
import { Engine } from '../engine/engine';
import { SettingsFile } from '../engine/settings-file';
import { WorkspaceHost } from '../engine/workspace-host';
import { installAppMenu } from './app-menu';
import { createMainWindow, type AppWindow } from './main-window';
import { isTrustedFrame, type RendererLocation } from './trusted-sender';
import { installSecurityGuards } from './web-contents-guards';

/**
 * The Electron host (DESIGN §5): app lifecycle, one workspace (one engine) for the app's life, locked-down
 * windows whose pages attach to it, and the IPC handler that checks the sender and puts the command gate in
 * front of the engine.
 */

// Paths of the build (out/main/index.js → out/preload/index.cjs, out/renderer/index.html).
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const location: RendererLocation = {
  fileUrl: pathToFileURL(fileURLToPath(new URL('../renderer/index.html', import.meta.url))).href,
  ...(!app.isPackaged && process.env.ELECTRON_RENDERER_URL ? { devUrl: process.env.ELECTRON_RENDERER_URL } : {}),
};

/** Our windows, by webContents id. */
const windows = new Map<number, AppWindow>();

/**
 * Settings live in Electron's per-user data directory (DESIGN §5); SOCKETDESK_DATA_DIR overrides it, as it does
 * for the browser host (tests, portable use). One file store for every window, so their saves stay in order.
 */
let settings: SettingsFile | undefined;
function settingsStore(): SettingsFile {
  const override = process.env.SOCKETDESK_DATA_DIR;
  settings ??= new SettingsFile(override ? resolve(override) : app.getPath('userData'));
  return settings;
}

/** Created with the first window; its sessions outlive reloads and windows, and end when the app quits. */
let workspace: WorkspaceHost | undefined;
function appWorkspace(): WorkspaceHost {
  workspace ??= new WorkspaceHost((sink) => new Engine(sink, { settings: settingsStore() }));
  return workspace;
}

function openWindow(): void {
  const appWindow = createMainWindow(location, PRELOAD_PATH, appWorkspace());
  const id = appWindow.window.webContents.id;
  windows.set(id, appWindow);
  appWindow.window.on('closed', () => windows.delete(id));
}

async function handleInvoke(event: IpcMainInvokeEvent, name: unknown, args: unknown): Promise<unknown> {
  const appWindow = windows.get(event.sender.id);
  if (!appWindow || appWindow.window.isDestroyed() || !isTrustedFrame(event.senderFrame, event.sender.mainFrame, location)) {
    return fail('INVALID_ARGUMENT', 'Untrusted sender: only the SocketDesk window may send commands');
  }
  return createCommandDispatcher(appWindow.pages.get())(name, args);
}

/** Longest wait for the engine to close its sockets on quit, ms; the OS reclaims whatever is left at exit. */
const QUIT_DISPOSE_TIMEOUT_MS = 3_000;

let quitting: 'no' | 'disposing' | 'done' = 'no';

/** Disposes the engine (closing all sockets) before the process exits. */
function disposeAllThenQuit(): void {
  if (quitting !== 'no') return;
  quitting = 'disposing';
  const disposed = (workspace?.dispose() ?? Promise.resolve()).catch((error: unknown) => {
    console.error(`SocketDesk: engine dispose failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, QUIT_DISPOSE_TIMEOUT_MS).unref());
  void Promise.race([disposed, timeout]).finally(() => {
    quitting = 'done';
    app.quit();
  });
}

// Several instances may run side by side: talking from one to another is a common way to use the tool.

// A tool, not a document app: closing the last window quits, on macOS too.
app.on('window-all-closed', () => disposeAllThenQuit());
app.on('before-quit', (event) => {
  if (quitting === 'done') return;
  event.preventDefault();
  disposeAllThenQuit();
});

void app.whenReady().then(() => {
  installSecurityGuards(location);
  installAppMenu();
  ipcMain.handle(IPC_INVOKE_CHANNEL, handleInvoke);
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
});
