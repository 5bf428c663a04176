import { _electron, expect, test as base, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Desk } from './desk';
import { startBrowserHost, type BrowserHost } from './hosts/browser-host';
import { findElectronBinary, type ElectronBinary } from './hosts/electron-binary';
import { startNcatClient, startNcatGreeter, startNcatTcpEcho, startSocatClient, startSocatUdpEcho } from './peers/external-peers';
import { PortHolder, TcpClientPeer, TcpSinkServer, UdpPeer, type Disposable } from './peers/node-peers';
import type { ToolProcess } from './peers/tool-process';

/** Which host the `app` fixture starts; set per project in playwright.config.ts. */
export type HostKind = 'browser' | 'electron';
export interface AppOptions {
  hostKind: HostKind;
  /**
   * Browser host: draw scrollbars as desktop Chromium and Electron do on Linux and Windows. Headless Chromium
   * hides them by default (--hide-scrollbars), which also hides layout defects from screenshots. Per worker.
   */
  showScrollbars: boolean;
}

/** The running app under test: its window, how to resize it, and what the host printed. */
export interface AppHost {
  readonly kind: HostKind;
  readonly page: Page;
  /** Browser host only: the URL the running host printed, token included (a restart prints a new one). */
  readonly url?: string;
  /** Browser host only: stops the host process (as if it crashed or was quit), leaving the page open. */
  readonly stopHost?: () => Promise<void>;
  /**
   * Browser host only: stops the host if it still runs and starts a new host process with the same settings
   * directory (so the same workspace file) and a new random token, on the same port when `samePort` is set (the
   * old process has exited, so the port is free again) or on a fresh one. `sameToken`: the old token, given to the
   * new process as SOCKETDESK_TOKEN (a restart a page left open can reconnect to). Leaves the page where it is;
   * resolves with the new URL, which `url` then returns too.
   */
  readonly restartHost?: (options?: { samePort?: boolean; sameToken?: boolean }) => Promise<string>;
  /** Browser host only: the running host process's id (a restart changes it), e.g. to hold it with SIGSTOP. */
  readonly hostPid?: number;
  /** The workspace file the host keeps in this test's own settings directory (it may not exist yet). */
  readonly settingsFile: string;
  /** Sets the size of the window's content area in CSS pixels. */
  resize(width: number, height: number): Promise<void>;
}

/** Peers for a test; everything started here is stopped in teardown. */
export interface PeerKit {
  socatUdpEcho: OmitFirst<typeof startSocatUdpEcho>;
  ncatTcpEcho: OmitFirst<typeof startNcatTcpEcho>;
  ncatGreeter: OmitFirst<typeof startNcatGreeter>;
  ncatClient: OmitFirst<typeof startNcatClient>;
  socatClient: OmitFirst<typeof startSocatClient>;
  udpPeer(host?: '127.0.0.1' | '::1' | '127.255.255.255'): Promise<UdpPeer>;
  tcpClient(port: number): Promise<TcpClientPeer>;
  tcpSink(): Promise<TcpSinkServer>;
  holdTcpPort(): Promise<PortHolder>;
  holdUdpPort(): Promise<PortHolder>;
}
type OmitFirst<F> = F extends (first: never, ...rest: infer A) => infer R ? (...args: A) => R : never;

interface WorkerFixtures extends AppOptions {
  electronBinary: ElectronBinary;
  launchBrowser: () => Promise<Browser>;
}
interface TestFixtures {
  appHost: AppHost;
  app: Page;
  desk: Desk;
  peers: PeerKit;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** One size for every test, the design's reference window (DESIGN §4 screenshots use it too). */
const DEFAULT_SIZE = { width: 1100, height: 720 };

export const test = base.extend<TestFixtures, WorkerFixtures>({
  hostKind: ['browser', { option: true, scope: 'worker' }],
  showScrollbars: [false, { option: true, scope: 'worker' }],

  electronBinary: [
    async ({ hostKind }, use) => {
      const binary = findElectronBinary();
      if (!binary.path && hostKind === 'electron') {
        console.log(`[electron project] skipping: ${binary.reason}`);
      }
      await use(binary);
    },
    { scope: 'worker' },
  ],

  // Launched on first use only, so the electron project never starts a browser it does not need.
  launchBrowser: [
    async ({ playwright, launchOptions, showScrollbars }, use) => {
      let browser: Promise<Browser> | undefined;
      const options = showScrollbars ? { ...launchOptions, ignoreDefaultArgs: ['--hide-scrollbars'] } : launchOptions;
      await use(() => (browser ??= playwright.chromium.launch(options)));
      if (browser) await (await browser).close();
    },
    { scope: 'worker' },
  ],

  appHost: async ({ hostKind, electronBinary, launchBrowser, locale }, use, testInfo) => {
    // Each test gets its own settings directory: both hosts honour SOCKETDESK_DATA_DIR (on any OS); on Linux
    // their defaults are under XDG_CONFIG_HOME too, which Chromium's own profile data also follows.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      XDG_CONFIG_HOME: testInfo.outputPath('config'),
      SOCKETDESK_DATA_DIR: testInfo.outputPath('config', 'socketdesk'),
      LANG: `${(locale ?? 'en-US').replace('-', '_')}.UTF-8`,
      LANGUAGE: (locale ?? 'en-US').replace('-', '_'),
    };
    delete env.LC_ALL;
    const pageErrors: string[] = [];
    let page: Page;
    let hostLog: () => string;
    let closeHost: () => Promise<void>;
    let resize: (width: number, height: number) => Promise<void>;
    let browserHost: BrowserHost | undefined;
    let restartHost: AppHost['restartHost'];

    if (hostKind === 'electron') {
      if (!electronBinary.path) test.skip(true, electronBinary.reason);
      const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
      test.skip(!hasDisplay, 'Electron needs a display: run under xvfb-run (or set DISPLAY)');
      const electronApp: ElectronApplication = await _electron.launch({
        executablePath: electronBinary.path,
        // Chromium refuses to start as root with its sandbox (containers, CI); the window's own sandbox: true
        // settings are unchanged.
        args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), path.join(ROOT, 'out', 'main', 'index.js')],
        cwd: ROOT,
        env: env as Record<string, string>,
        timeout: 20_000,
      });
      let log = '';
      electronApp.process().stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
      electronApp.process().stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
      hostLog = () => log;
      page = await electronApp.firstWindow();
      resize = async (width, height) => {
        await electronApp.evaluate(
          ({ BrowserWindow }, size) => BrowserWindow.getAllWindows()[0]?.setContentSize(size.width, size.height),
          { width, height },
        );
        await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(width);
      };
      closeHost = () => electronApp.close();
    } else {
      browserHost = await startBrowserHost(ROOT, env);
      // Every host process this test started, in order, so a restart keeps the earlier logs in the report.
      const hosts = [browserHost];
      hostLog = () => hosts.map((host, i) => (hosts.length > 1 ? `--- host process ${i + 1} ---\n` : '') + host.output()).join('\n');
      const browser = await launchBrowser();
      const context = await browser.newContext({ locale: locale ?? 'en-US', viewport: DEFAULT_SIZE });
      page = await context.newPage();
      resize = (width, height) => page.setViewportSize({ width, height });
      closeHost = async () => {
        await context.close();
        await browserHost?.stop();
      };
      const start = async (port: number, hostEnv: NodeJS.ProcessEnv): Promise<BrowserHost> => {
        const host = await startBrowserHost(ROOT, hostEnv, port);
        hosts.push(host);
        return host;
      };
      restartHost = async ({ samePort = false, sameToken = false } = {}) => {
        const old = browserHost!;
        await old.stop();
        const token = new URL(old.url).searchParams.get('token') ?? '';
        browserHost = await start(samePort ? old.port : 0, sameToken ? { ...env, SOCKETDESK_TOKEN: token } : env);
        return browserHost.url;
      };
      await page.goto(browserHost.url);
    }

    page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
    });
    await resize(DEFAULT_SIZE.width, DEFAULT_SIZE.height);
    // The app is ready when its main control is on screen.
    await expect(page.getByTestId('open-toggle'), 'the app window shows its open/connect button').toBeVisible({ timeout: 15_000 });

    const settingsFile = path.join(env.SOCKETDESK_DATA_DIR!, 'settings.json');
    const common = { kind: hostKind, page, resize, settingsFile };
    await use(
      browserHost
        ? {
            ...common,
            // A getter, so that after restartHost it is the running host's URL, not the first one.
            get url() {
              return browserHost!.url;
            },
            get hostPid() {
              return browserHost!.pid;
            },
            stopHost: () => browserHost!.stop(),
            restartHost,
          }
        : common,
    );

    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach('window.png', { body: await page.screenshot().catch(() => Buffer.alloc(0)), contentType: 'image/png' });
    }
    await testInfo.attach('host.log', { body: hostLog(), contentType: 'text/plain' });
    if (pageErrors.length > 0) await testInfo.attach('page-errors.txt', { body: pageErrors.join('\n'), contentType: 'text/plain' });
    await closeHost();
    // An uncaught exception in the UI is a defect even when the story still worked.
    expect(pageErrors.filter((line) => !line.startsWith('console.error')), 'uncaught exceptions in the page').toEqual([]);
  },

  app: async ({ appHost }, use) => {
    await use(appHost.page);
  },

  desk: async ({ app }, use) => {
    await use(new Desk(app));
  },

  peers: async ({}, use, testInfo) => {
    const processes: ToolProcess[] = [];
    const disposables: Disposable[] = [];
    const track = (process: ToolProcess) => void processes.push(process);
    const keep = async <T extends Disposable>(created: Promise<T>): Promise<T> => {
      const value = await created;
      disposables.push(value);
      return value;
    };
    await use({
      socatUdpEcho: () => startSocatUdpEcho(track),
      ncatTcpEcho: () => startNcatTcpEcho(track),
      ncatGreeter: (greeting) => startNcatGreeter(track, greeting),
      ncatClient: (port) => startNcatClient(track, port),
      socatClient: (port) => startSocatClient(track, port),
      udpPeer: (host) => keep(UdpPeer.start(host)),
      tcpClient: (port) => keep(TcpClientPeer.connect(port)),
      tcpSink: () => keep(TcpSinkServer.start()),
      holdTcpPort: () => keep(PortHolder.tcp()),
      holdUdpPort: () => keep(PortHolder.udp()),
    });
    const report = processes.map((p) => `$ ${p.label}\n${p.stderr}`).join('\n');
    if (report) await testInfo.attach('peers.log', { body: report, contentType: 'text/plain' });
    await Promise.all([...processes.map((p) => p.stop()), ...disposables.map((d) => d.dispose())]);
  },
});

export { expect };
