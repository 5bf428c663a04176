import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import type { AppSettings } from '@shared';
import { sleep } from './wait';
import { seedWorkspace } from './workspace-seed';

/** Debian's Chromium; the bench never downloads a browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** The flags e2e uses, minus anything that changes timing (no --disable-renderer-backgrounding games). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];
/** The line `node out/main/serve.js` prints once it listens (electron/serve/cli.ts URL_LINE_PREFIX). */
const URL_LINE = /^SocketDesk browser host: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)\s*$/m;
/** The design's reference window (e2e uses the same). */
export const VIEWPORT = { width: 1100, height: 720 } as const;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 20_000 });
}

/** `node out/main/serve.js --port 0` with its own settings directory, and the URL it printed. */
export interface BrowserHostProcess {
  readonly url: string;
  readonly pid: number;
  readonly dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * How a case wants its host: `workspace` is written as the host's workspace file before it starts (B10, B11);
 * `nodeArgs` are options for node itself, before the script (a profiling tool's `--inspect`); none as a user runs it.
 */
export interface HostOptions {
  readonly workspace?: AppSettings;
  readonly nodeArgs?: readonly string[];
}

export async function startBrowserHost(root: string, options: HostOptions = {}): Promise<BrowserHostProcess> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'socketdesk-bench-'));
  if (options.workspace) {
    try {
      await seedWorkspace(dataDir, options.workspace);
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }
  const script = path.join(root, 'out', 'main', 'serve.js');
  const env: NodeJS.ProcessEnv = { ...process.env, SOCKETDESK_DATA_DIR: dataDir, LANG: 'en_US.UTF-8', LANGUAGE: 'en_US' };
  delete env.LC_ALL;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, '--port', '0'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const stop = async (): Promise<void> => {
    await stopChild(child, exited);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`browser host did not print its URL within 10 s:\n${log}`)), 10_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        log += chunk.toString('utf8');
        const match = URL_LINE.exec(log);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('error', reject);
      void exited.then((code) => reject(new Error(`browser host exited (${code}) before printing its URL:\n${log}`)));
    });
    return { url, pid: child.pid ?? -1, dataDir, output: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(3_000).then(() => false)]);
  if (!done) {
    child.kill('SIGKILL');
    await Promise.race([exited, sleep(2_000)]);
  }
}

/** A page of its own context, with a CDP session for heap metrics. */
export interface BenchPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly cdp: CDPSession;
  /** JS heap in use by the page's main thread (CDP Performance.getMetrics JSHeapUsedSize), bytes. */
  jsHeapUsed(): Promise<number>;
  close(): Promise<void>;
}

export async function newBenchPage(browser: Browser): Promise<BenchPage> {
  const context = await browser.newContext({ locale: 'en-US', viewport: VIEWPORT });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    context,
    page,
    cdp,
    async jsHeapUsed() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN;
    },
    close: () => context.close(),
  };
}

/** Samples `read` every `intervalMs` until stopped; keeps every sample (for the peak and results.json). */
export function sampleEvery(intervalMs: number, read: () => Promise<number>): { stop(): Promise<number[]> } {
  const samples: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      samples.push(await read().catch(() => Number.NaN));
      await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}

/** The app served by a fresh browser host in a fresh page, ready when 打开 is on screen. */
export interface AppSession {
  readonly host: BrowserHostProcess;
  readonly bench: BenchPage;
  readonly page: Page;
  close(): Promise<void>;
}

export async function openApp(browser: Browser, root: string, query = '', options: HostOptions = {}): Promise<AppSession> {
  const host = await startBrowserHost(root, options);
  try {
    const bench = await newBenchPage(browser);
    await bench.page.goto(host.url + query);
    await bench.page.getByTestId('open-toggle').waitFor({ state: 'visible', timeout: 15_000 });
    return {
      host,
      bench,
      page: bench.page,
      async close() {
        await bench.close().catch(() => undefined);
        await host.stop();
      },
    };
  } catch (error) {
    await host.stop();
    throw error;
  }
}
