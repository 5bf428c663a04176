import type { Browser, Page } from '@playwright/test';
import { launchChromium, openApp, type AppSession, type HostOptions } from './browser-session';
import { LoadProcess } from './load-process';
import { SOAK_RATE, SOAK_SIZE, soakTabs, soakWorkspace, type SoakTab } from './soak-workspace';
import { pollUntil } from './wait';

/** What a soak tool works with: the app showing B10's seeded tabs, all open, and the load generator to drive them. */
export interface SoakPage {
  readonly browser: Browser;
  readonly app: AppSession;
  readonly tabs: readonly SoakTab[];
  readonly load: LoadProcess;
}

/**
 * The soak tools' frame: starts the load generator and Chromium, opens the app on B10's seeded workspace, waits for
 * every tab to be open, runs `body`, and closes all of it again whatever `body` did. `nodeArgs` go to the host's node
 * (a profiling tool's `--inspect`).
 */
export async function withSoakPage(root: string, body: (soak: SoakPage) => Promise<void>, nodeArgs: readonly string[] = []): Promise<void> {
  const load = await LoadProcess.start();
  try {
    const browser = await launchChromium();
    try {
      const tabs = await soakTabs();
      const app = await openApp(browser, root, '', { workspace: soakWorkspace(tabs), nodeArgs } satisfies HostOptions);
      try {
        await waitSoakTabsOpen(app.page, tabs);
        await body({ browser, app, tabs, load });
      } finally {
        await app.close();
      }
    } finally {
      await browser.close();
    }
  } finally {
    await load.stop();
  }
}

/** The soak tools' shared start: resolves once the page shows all of the seeded soak tabs open. */
export async function waitSoakTabsOpen(page: Page, tabs: readonly SoakTab[]): Promise<void> {
  await pollUntil('soak tabs open', async () => ((await page.locator('[data-testid="tab"][data-state="open"]').count()) === tabs.length ? true : undefined), 15_000, 50);
}

/** B10's load on the soak tabs (20 000 msg/s each, sender at nice −10) for `durationMs`; resolves when it ends. */
export function soakFlood(load: LoadProcess, tabs: readonly SoakTab[], durationMs: number, timeoutMs: number): Promise<unknown> {
  const udp = tabs.filter((t) => t.kind !== 'tcp-framed');
  const tcp = tabs.find((t) => t.kind === 'tcp-framed');
  if (!tcp) throw new Error('the soak tabs have no TCP framed tab');
  return load.request(
    { kind: 'soak-paced', host: '127.0.0.1', udpTargets: udp.map((t) => ({ port: t.port, fill: t.fill })), tcpTarget: { port: tcp.port, fill: tcp.fill }, size: SOAK_SIZE, ratePerTarget: SOAK_RATE, durationMs, nice: -10 },
    timeoutMs,
  );
}
