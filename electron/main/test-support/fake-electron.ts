/**
 * Just enough of Electron, in plain Node, to run the main-process and preload modules in vitest where no
 * Electron binary exists. IPC is simulated with structuredClone (what Electron's IPC does to arguments), so
 * bytes cross as Uint8Array and nothing is shared by reference. This checks our wiring: the sender check, the
 * command gate, event forwarding, engine lifetimes. It does not check Electron itself (sandbox, contextBridge
 * proxies, CSP): the Playwright run against the real binary does.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Listener = (...args: never[]) => unknown;

class Emitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.off(event, wrapped);
      return listener(...args);
    }) as Listener;
    return this.on(event, wrapped);
  }
  off(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }
  removeListener(event: string, listener: Listener): this {
    return this.off(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
  }
}

export class FakeFrame {
  url = '';
  constructor(
    readonly processId: number,
    readonly routingId: number,
    readonly parent: FakeFrame | null = null,
  ) {}
}

let nextId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  readonly mainFrame = new FakeFrame(1, this.id);
  /** Per-contents IPC (Electron 17+): recorded, never called — the host registers none (electron-security-checklist.test.ts). */
  readonly ipc = {
    handle: (channel: string) => void fake.ipcRegistrations.push({ method: 'webContents.ipc.handle', channel }),
    on: (channel: string) => void fake.ipcRegistrations.push({ method: 'webContents.ipc.on', channel }),
  };
  destroyed = false;
  windowOpenHandler: ((details: unknown) => unknown) | undefined;
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, message: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    fake.rendererEmitter.emit(channel, { sender: this }, structuredClone(message));
  }
  setWindowOpenHandler(handler: (details: unknown) => unknown): void {
    this.windowOpenHandler = handler;
  }
}

export interface FakeRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A window with bounds and the states the host reads (maximised, minimised, shown, focused). Without x / y it is
 * centred on the primary display's work area, as Electron does. Only what the host calls is simulated: no window
 * manager, so setBounds is taken as given.
 */
export class FakeBrowserWindow extends Emitter {
  static getAllWindows(): FakeBrowserWindow[] {
    return fake.windows.filter((w) => !w.destroyed);
  }
  readonly webContents = new FakeWebContents();
  destroyed = false;
  bounds: FakeRect;
  maximized = false;
  minimized = false;
  visible = false;
  focusCalls = 0;
  constructor(readonly options: Record<string, unknown>) {
    super();
    const width = Number(options.width);
    const height = Number(options.height);
    const area = screen.getPrimaryDisplay().workArea;
    this.bounds = {
      x: typeof options.x === 'number' ? options.x : area.x + Math.round((area.width - width) / 2),
      y: typeof options.y === 'number' ? options.y : area.y + Math.round((area.height - height) / 2),
      width,
      height,
    };
    fake.windows.push(this);
    fake.appEmitter.emit('web-contents-created', {}, this.webContents);
  }
  /** Loads at once: the navigation starts, the page is there, the window is ready to show. */
  async loadURL(url: string): Promise<void> {
    this.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false, url });
    this.webContents.mainFrame.url = url;
    this.emit('ready-to-show');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getBounds(): FakeRect {
    return { ...this.bounds };
  }
  /** The normal bounds: this fake keeps them while maximised or minimised (it has no screen to fill). */
  getNormalBounds(): FakeRect {
    return { ...this.bounds };
  }
  /** A user's move or resize, as the window manager reports it. */
  setBounds(bounds: Partial<FakeRect>): void {
    this.bounds = { ...this.bounds, ...bounds };
    this.emit('move');
    this.emit('resize');
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  /** As Electron's: also shows the window. */
  maximize(): void {
    this.maximized = true;
    this.visible = true;
    this.emit('maximize');
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  minimize(): void {
    this.minimized = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isFullScreen(): boolean {
    return false;
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focusCalls++;
  }
  /** 'close' (the bounds still there), then 'closed'. */
  close(): void {
    this.emit('close', { preventDefault() {} });
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

/** One native dialog the host asked for: which, over which window, with which options. */
export interface FakeDialogCall {
  readonly kind: 'save' | 'open';
  readonly window: unknown;
  readonly options: Record<string, unknown>;
}

/** What the user does in a dialog: a save dialog answers `filePath`, an open dialog `filePaths`. */
export interface FakeDialogAnswer {
  readonly canceled: boolean;
  readonly filePath?: string;
  readonly filePaths?: string[];
}

type InvokeHandler = (event: { sender: FakeWebContents; senderFrame: FakeFrame | null }, ...args: unknown[]) => Promise<unknown>;

export const fake = {
  windows: [] as FakeBrowserWindow[],
  appEmitter: new Emitter(),
  rendererEmitter: new Emitter(),
  ipcHandlers: new Map<string, InvokeHandler>(),
  /** Every IPC channel the host registered, and how: the list a test checks for a sender check on each. */
  ipcRegistrations: [] as Array<{ method: string; channel: string }>,
  exposed: new Map<string, unknown>(),
  quitCalls: 0,
  permissionRequestHandler: undefined as ((...args: unknown[]) => void) | undefined,
  permissionCheckHandler: undefined as ((...args: unknown[]) => boolean) | undefined,
  devicePermissionHandler: undefined as ((details: unknown) => boolean) | undefined,
  displayMediaRequestHandler: undefined as ((request: unknown, callback: (streams: unknown) => void) => void) | undefined,
  headersHandler: undefined as ((details: unknown, callback: (response: unknown) => void) => void) | undefined,
  /** The template given to Menu.buildFromTemplate (the fake's Menu is its template). */
  menu: undefined as unknown,
  /** A directory of its own per test file (files may share a worker process). */
  userDataDir: join(tmpdir(), `socketdesk-fake-electron-${process.pid}-${randomBytes(4).toString('hex')}`),
  locale: 'en-US',
  /** What requestSingleInstanceLock answers: false simulates a second launch. */
  singleInstanceLock: true,
  lockRequests: 0,
  /** userData when the lock was asked for (Electron takes the lock in that directory). */
  lockDir: undefined as string | undefined,
  /** The displays' work areas; the first is the primary display. */
  displays: [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] as Array<{ id: number; workArea: FakeRect }>,
  /** The frame the simulated renderer sends from (defaults to the first window's main frame). */
  senderFrame: undefined as FakeFrame | null | undefined,
  /** Every native dialog shown, in order. */
  dialogCalls: [] as FakeDialogCall[],
  /** The user's answer to a dialog (a promise keeps it open); by default the user cancels. */
  dialogAnswer: ((_call: FakeDialogCall): FakeDialogAnswer | Promise<FakeDialogAnswer> => ({ canceled: true })) as (
    call: FakeDialogCall,
  ) => FakeDialogAnswer | Promise<FakeDialogAnswer>,
};

export const app = {
  isPackaged: false,
  /** Only userData is asked for (settings, window state); a temporary directory stands in for it. */
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`fake electron: getPath('${name}') not simulated`);
    return fake.userDataDir;
  },
  setPath(name: string, path: string): void {
    if (name !== 'userData') throw new Error(`fake electron: setPath('${name}') not simulated`);
    fake.userDataDir = path;
  },
  getLocale: () => fake.locale,
  requestSingleInstanceLock(): boolean {
    fake.lockRequests++;
    fake.lockDir = fake.userDataDir;
    return fake.singleInstanceLock;
  },
  on(event: string, listener: Listener) {
    fake.appEmitter.on(event, listener);
    return app;
  },
  whenReady: () => Promise.resolve(),
  quit() {
    fake.quitCalls++;
    fake.appEmitter.emit('before-quit', { preventDefault() {} });
  },
};

export const BrowserWindow = FakeBrowserWindow;

export const screen = {
  getAllDisplays: () => fake.displays,
  getPrimaryDisplay: () => fake.displays[0]!,
};

export const ipcMain = {
  handle(channel: string, handler: InvokeHandler) {
    fake.ipcRegistrations.push({ method: 'ipcMain.handle', channel });
    fake.ipcHandlers.set(channel, handler);
  },
  // Recorded, never called: the host registers none of these (electron-security-checklist.test.ts).
  handleOnce: (channel: string) => void fake.ipcRegistrations.push({ method: 'ipcMain.handleOnce', channel }),
  on: (channel: string) => void fake.ipcRegistrations.push({ method: 'ipcMain.on', channel }),
  once: (channel: string) => void fake.ipcRegistrations.push({ method: 'ipcMain.once', channel }),
  addListener: (channel: string) => void fake.ipcRegistrations.push({ method: 'ipcMain.addListener', channel }),
};

export const session = {
  defaultSession: {
    webRequest: {
      onHeadersReceived(_filter: unknown, handler: typeof fake.headersHandler) {
        fake.headersHandler = handler;
      },
    },
    setPermissionRequestHandler(handler: typeof fake.permissionRequestHandler) {
      fake.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: typeof fake.permissionCheckHandler) {
      fake.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler(handler: typeof fake.devicePermissionHandler) {
      fake.devicePermissionHandler = handler;
    },
    setDisplayMediaRequestHandler(handler: typeof fake.displayMediaRequestHandler) {
      fake.displayMediaRequestHandler = handler;
    },
  },
};

/** Electron's dialog module, window-parented calls only: records the call and answers as `fake.dialogAnswer` says. */
export const dialog = {
  async showSaveDialog(window: unknown, options: Record<string, unknown>): Promise<{ canceled: boolean; filePath: string }> {
    const call: FakeDialogCall = { kind: 'save', window, options: structuredClone(options) };
    fake.dialogCalls.push(call);
    const answer = await fake.dialogAnswer(call);
    return { canceled: answer.canceled, filePath: answer.canceled ? '' : (answer.filePath ?? '') };
  },
  async showOpenDialog(window: unknown, options: Record<string, unknown>): Promise<{ canceled: boolean; filePaths: string[] }> {
    const call: FakeDialogCall = { kind: 'open', window, options: structuredClone(options) };
    fake.dialogCalls.push(call);
    const answer = await fake.dialogAnswer(call);
    return { canceled: answer.canceled, filePaths: answer.canceled ? [] : (answer.filePaths ?? []) };
  },
};

export const Menu = {
  buildFromTemplate: (template: unknown) => template,
  setApplicationMenu(menu: unknown) {
    fake.menu = menu;
  },
};

// Renderer side (the preload).
export const ipcRenderer = {
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = fake.ipcHandlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const window = fake.windows[0]!;
    const senderFrame = fake.senderFrame === undefined ? window.webContents.mainFrame : fake.senderFrame;
    return structuredClone(await handler({ sender: window.webContents, senderFrame }, ...structuredClone(args)));
  },
  on(channel: string, listener: Listener) {
    fake.rendererEmitter.on(channel, listener);
    return ipcRenderer;
  },
  removeListener(channel: string, listener: Listener) {
    fake.rendererEmitter.off(channel, listener);
    return ipcRenderer;
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    fake.exposed.set(key, api);
  },
};
