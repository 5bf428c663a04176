/**
 * Just enough of Electron, in plain Node, to run the main-process and preload modules in vitest where no
 * Electron binary exists. IPC is simulated with structuredClone (what Electron's IPC does to arguments), so
 * bytes cross as Uint8Array and nothing is shared by reference. This checks our wiring: the sender check, the
 * command gate, event forwarding, engine lifetimes. It does not check Electron itself (sandbox, contextBridge
 * proxies, CSP): the Playwright run against the real binary does.
 */
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

export class FakeBrowserWindow extends Emitter {
  static getAllWindows(): FakeBrowserWindow[] {
    return fake.windows.filter((w) => !w.destroyed);
  }
  readonly webContents = new FakeWebContents();
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    fake.windows.push(this);
    fake.appEmitter.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false, url });
    this.webContents.mainFrame.url = url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

type InvokeHandler = (event: { sender: FakeWebContents; senderFrame: FakeFrame | null }, ...args: unknown[]) => Promise<unknown>;

export const fake = {
  windows: [] as FakeBrowserWindow[],
  appEmitter: new Emitter(),
  rendererEmitter: new Emitter(),
  ipcHandlers: new Map<string, InvokeHandler>(),
  exposed: new Map<string, unknown>(),
  quitCalls: 0,
  permissionRequestHandler: undefined as ((...args: unknown[]) => void) | undefined,
  permissionCheckHandler: undefined as ((...args: unknown[]) => boolean) | undefined,
  headersHandler: undefined as ((details: unknown, callback: (response: unknown) => void) => void) | undefined,
  menu: undefined as unknown,
  userDataDir: join(tmpdir(), `socketdesk-fake-electron-${process.pid}`),
  /** The frame the simulated renderer sends from (defaults to the first window's main frame). */
  senderFrame: undefined as FakeFrame | null | undefined,
};

export const app = {
  isPackaged: false,
  /** Only userData is asked for (settings); a per-process temporary directory stands in for it. */
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`fake electron: getPath('${name}') not simulated`);
    return fake.userDataDir;
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

export const ipcMain = {
  handle(channel: string, handler: InvokeHandler) {
    fake.ipcHandlers.set(channel, handler);
  },
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
    setDevicePermissionHandler() {},
    setDisplayMediaRequestHandler() {},
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
