import { fail, IPC_INVOKE_CHANNEL, IPC_MENU_CHANNEL, type MenuCommand } from '@shared';
import { app, BrowserWindow, dialog, ipcMain, screen, type BaseWindow, type IpcMainInvokeEvent } from 'electron';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createCommandDispatcher } from '../engine/command-dispatcher';
import { Engine } from '../engine/engine';
import { SettingsFile } from '../engine/settings-file';
import { WorkspaceHost } from '../engine/workspace-host';
import { installAppMenu } from './app-menu';
import { createMainWindow, type AppWindow } from './main-window';
import { menuLanguage } from './menu-template';
import { createPathPicker, withNativePathPicker, type PickPath } from './path-picker';
import { isRendererUrl, isTrustedFrame, type RendererLocation } from './trusted-sender';
import { installSecurityGuards } from './web-contents-guards';
import { placeWindow, type SavedWindowState } from './window-bounds';
import { WindowStateFile } from './window-state-file';
import { keepWindowState, type WindowStateKeeper } from './window-state-keeper';

/**
 * The Electron host (DESIGN §5): app lifecycle, one instance, one workspace (one engine) for the app's life,
 * locked-down windows whose pages attach to it, the IPC handler that checks the sender and puts the command gate
 * in front of the engine, the application menu, and the window's size and place kept from one run to the next.
 */

// Paths of the build (out/main/index.js → out/preload/index.cjs, out/renderer/index.html).
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const location: RendererLocation = {
  fileUrl: pathToFileURL(fileURLToPath(new URL('../renderer/index.html', import.meta.url))).href,
  ...(!app.isPackaged && process.env.ELECTRON_RENDERER_URL ? { devUrl: process.env.ELECTRON_RENDERER_URL } : {}),
};

interface OpenWindow extends AppWindow {
  readonly keeper: WindowStateKeeper;
  /** system.pickPath for this window's page: the OS's dialog, parented to the window (path-picker.ts). */
  readonly pickPath: PickPath;
}

/** Our windows, by webContents id. */
const windows = new Map<number, OpenWindow>();

/**
 * Files live in Electron's per-user data directory (DESIGN §5): the workspace file, the window state, and
 * Chromium's own profile. SOCKETDESK_DATA_DIR overrides it, as it does for the browser host (tests, portable use),
 * and moves all of them there: the single-instance lock is taken in that directory too, so a test run or a
 * portable copy with a directory of its own is not refused because SocketDesk is open elsewhere.
 */
const dataDirOverride = process.env.SOCKETDESK_DATA_DIR ? resolve(process.env.SOCKETDESK_DATA_DIR) : undefined;

/** Before the lock and before ready (Electron reads userData then). setPath wants the directory to exist. */
function applyDataDirOverride(): void {
  if (!dataDirOverride) return;
  try {
    mkdirSync(dataDirOverride, { recursive: true, mode: 0o700 });
    app.setPath('userData', dataDirOverride);
  } catch (error) {
    // The workspace file still goes there, and the page says why when it cannot be saved.
    console.error(`SocketDesk: cannot use ${dataDirOverride} as the data directory: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function dataDir(): string {
  return dataDirOverride ?? app.getPath('userData');
}

/** One file store for every window, so their saves stay in order. */
let settings: SettingsFile | undefined;
function settingsStore(): SettingsFile {
  settings ??= new SettingsFile(dataDir());
  return settings;
}

/** The window's size and place: a file of its own, not part of the workspace file (the browser host has no window). */
let windowStates: WindowStateFile | undefined;
/** The last state loaded or saved: where a window opens. */
let lastWindowState: SavedWindowState | undefined;
function windowStateFile(): WindowStateFile {
  windowStates ??= new WindowStateFile(dataDir());
  return windowStates;
}

/** Created with the first window; its sessions outlive reloads and windows, and end when the app quits. */
let workspace: WorkspaceHost | undefined;
function appWorkspace(): WorkspaceHost {
  workspace ??= new WorkspaceHost((sink) => new Engine(sink, { settings: settingsStore() }));
  return workspace;
}

function openWindow(): void {
  // Asked at each opening: displays come and go while the app runs.
  const placement = placeWindow(
    lastWindowState,
    screen.getAllDisplays().map((display) => display.workArea),
    screen.getPrimaryDisplay().workArea,
  );
  const appWindow = createMainWindow(location, PRELOAD_PATH, appWorkspace(), placement);
  const keeper = keepWindowState(appWindow.window, {
    save: (state) => {
      lastWindowState = state;
      return windowStateFile().save(state);
    },
  });
  const id = appWindow.window.webContents.id;
  const pickPath = createPathPicker(dialog, appWindow.window, menuLanguage(app.getLocale()));
  windows.set(id, { ...appWindow, keeper, pickPath });
  appWindow.window.on('closed', () => windows.delete(id));
}

/** The first of our windows still open (there is one: a second launch focuses it instead of opening another). */
function firstWindow(): OpenWindow | undefined {
  return [...windows.values()].find((w) => !w.window.isDestroyed());
}

/**
 * A menu item was chosen: the command goes to the page of the window it was chosen in (or, when no window has the
 * focus, as on macOS with the menu bar still there, to our window), and only while that page is our renderer.
 */
function sendMenuCommand(target: BaseWindow | undefined, command: MenuCommand): void {
  const appWindow = [...windows.values()].find((w) => w.window === target) ?? firstWindow();
  if (!appWindow || appWindow.window.isDestroyed()) return;
  const contents = appWindow.window.webContents;
  if (contents.isDestroyed() || !isRendererUrl(contents.mainFrame.url, location)) return;
  contents.send(IPC_MENU_CHANNEL, command);
}

/** A second launch of SocketDesk: it has quit already (it did not get the lock); this one comes to the front instead. */
function showFirstWindow(): void {
  const appWindow = firstWindow();
  if (!appWindow) return; // still starting: the window shows itself once ready
  if (appWindow.window.isMinimized()) appWindow.window.restore();
  appWindow.window.show();
  appWindow.window.focus();
}

async function handleInvoke(event: IpcMainInvokeEvent, name: unknown, args: unknown): Promise<unknown> {
  const appWindow = windows.get(event.sender.id);
  if (!appWindow || appWindow.window.isDestroyed() || !isTrustedFrame(event.senderFrame, event.sender.mainFrame, location)) {
    return fail('INVALID_ARGUMENT', 'Untrusted sender: only the SocketDesk window may send commands');
  }
  // The gate checks the arguments of every command, system.pickPath too, before the dialog or the engine sees them.
  return createCommandDispatcher(withNativePathPicker(appWindow.pages.get(), appWindow.pickPath))(name, args);
}

/**
 * Longest wait on quit for the engine to close its sockets and the window state to be written, ms; the OS reclaims
 * whatever is left at exit.
 */
const QUIT_DISPOSE_TIMEOUT_MS = 3_000;

let quitting: 'no' | 'disposing' | 'done' = 'no';

/** Saves the windows' state and disposes the engine (closing all sockets) before the process exits. */
function disposeAllThenQuit(): void {
  if (quitting !== 'no') return;
  quitting = 'disposing';
  // A window still open is saved now; one closed already queued its save when it closed.
  const windowsSaved = Promise.all([...windows.values()].map((w) => w.keeper.finish())).then(() => windowStates?.idle());
  const engineDisposed = (workspace?.dispose() ?? Promise.resolve()).catch((error: unknown) => {
    console.error(`SocketDesk: engine dispose failed: ${error instanceof Error ? error.message : String(error)}`);
  });
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, QUIT_DISPOSE_TIMEOUT_MS).unref());
  void Promise.race([Promise.all([windowsSaved, engineDisposed]), timeout]).finally(() => {
    quitting = 'done';
    app.quit();
  });
}

function start(): void {
  app.on('second-instance', () => showFirstWindow());

  // A tool, not a document app: closing the last window quits, on macOS too.
  app.on('window-all-closed', () => disposeAllThenQuit());
  app.on('before-quit', (event) => {
    if (quitting === 'done') return;
    event.preventDefault();
    disposeAllThenQuit();
  });

  void app.whenReady().then(async () => {
    installSecurityGuards(location);
    installAppMenu(sendMenuCommand);
    ipcMain.handle(IPC_INVOKE_CHANNEL, handleInvoke);
    lastWindowState = await windowStateFile().load();
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });
}

/*
 * One instance per data directory. Several instances used to run side by side on purpose, to talk from one to
 * another; tabs do that in one window now (a server tab and a client tab), and two instances would share one
 * workspace file, each saving over the other's tabs. A second launch quits at once and the first comes to the
 * front ('second-instance').
 */
applyDataDirOverride();
if (app.requestSingleInstanceLock()) start();
else app.quit();
