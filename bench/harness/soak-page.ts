import type { Page } from '@playwright/test';
import type { LoadProcess } from './load-process';
import { SOAK_RATE, SOAK_SIZE, type SoakTab } from './soak-workspace';
import { pollUntil } from './wait';

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
