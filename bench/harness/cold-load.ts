import type { Browser } from '@playwright/test';
import { startBrowserHost, VIEWPORT } from './browser-session';
import { actionResult, armAction, type ActionTiming } from './page-probes';
import { installStartupProbe, readStartup, whenInteractive, type StartupTimes } from './startup-probe';
import { STARTUP_EXPECTATION, startupWorkspace } from './startup-workspace';

/**
 * One cold load of B11's workspace (startup-workspace.ts): a new browser host on a fresh data directory holding the
 * workspace file, a new browser context (empty cache), the page from navigation start to interactive
 * (startup-probe.ts), the main thread's figures at that moment, then a real key press into the send box.
 * `root` is a directory whose out/ holds the build to load (the repository, or another build to compare).
 */

/**
 * The page's main thread from its start to `interactiveAt` (read just after it; CDP Performance.getMetrics, ms):
 * CPU time (ThreadTime), and the wall time of its tasks in all, in script, style recalculation, layout and compile.
 * On a shared machine the wall figures stretch with the wait for a CPU; ThreadTime does not.
 */
export interface MainThread {
  readonly cpu: number;
  readonly tasks: number;
  readonly script: number;
  readonly style: number;
  readonly layout: number;
  readonly compile: number;
}

export interface ColdLoad extends StartupTimes {
  readonly main: MainThread;
  readonly key: ActionTiming;
}

const METRICS: Record<keyof MainThread, string> = {
  cpu: 'ThreadTime',
  tasks: 'TaskDuration',
  script: 'ScriptDuration',
  style: 'RecalcStyleDuration',
  layout: 'LayoutDuration',
  compile: 'V8CompileDuration',
};

export async function coldLoad(browser: Browser, root: string): Promise<ColdLoad> {
  const host = await startBrowserHost(root, { workspace: startupWorkspace() });
  try {
    const context = await browser.newContext({ locale: 'en-US', viewport: VIEWPORT });
    try {
      await installStartupProbe(context, STARTUP_EXPECTATION);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const interactive = whenInteractive(page);
      await page.goto(host.url, { waitUntil: 'commit' });
      await interactive;
      const { metrics } = await cdp.send('Performance.getMetrics');
      const ms = (name: string): number => (metrics.find((m) => m.name === name)?.value ?? Number.NaN) * 1000;
      const main = Object.fromEntries(Object.entries(METRICS).map(([k, name]) => [k, ms(name)])) as unknown as MainThread;
      const times = await readStartup(page);
      const box = page.getByTestId('send-input');
      await box.focus();
      await armAction(page, ['keydown'], `() => (document.querySelector('[data-testid="send-input"]')?.value ?? '').endsWith('x') && 'typed'`);
      await page.keyboard.press('x');
      return { ...times, main, key: await actionResult(page) };
    } finally {
      await context.close();
    }
  } finally {
    await host.stop();
  }
}

