import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import type { Locator, Page } from '@playwright/test';
import { pollUntil } from './wait';

/**
 * What the UI cases do at the SocketDesk window, through the same data-testids as e2e/desk.ts (DESIGN §4).
 * Every wait is bounded and waits on DOM state.
 */

/** A UDP port free on 127.0.0.1 right now (bound, then released; the UI binds it next). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A TCP port free on 127.0.0.1 right now (listened on, then released; the UI listens on it next). */
export async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function setValue(control: Locator, value: string): Promise<void> {
  const tag = await control.evaluate((el) => el.tagName);
  if (tag === 'SELECT') await control.selectOption(value);
  else await control.fill(value);
}

export async function sessionState(page: Page): Promise<string | null> {
  return page.getByTestId('open-toggle').getAttribute('data-state');
}

async function waitState(page: Page, state: string, timeoutMs = 10_000): Promise<void> {
  await pollUntil(`open-toggle data-state=${state}`, async () => ((await sessionState(page)) === state ? true : undefined), timeoutMs, 20);
}

/** 协议 UDP, 本地地址 127.0.0.1, 本地端口 `port`, 打开; waits until the session is open. */
export async function openUdp(page: Page, port: number): Promise<void> {
  await page.getByTestId('protocol').selectOption('udp');
  await setValue(page.getByTestId('local-address'), '127.0.0.1');
  await setValue(page.getByTestId('local-port'), String(port));
  await waitState(page, 'closed');
  await page.getByTestId('open-toggle').click();
  await waitState(page, 'open');
}

export async function closeSession(page: Page): Promise<void> {
  if ((await sessionState(page)) !== 'open') return;
  await page.getByTestId('open-toggle').click();
  await waitState(page, 'closed');
}

/** The rx counter as the status bar shows it (data-frames / data-bytes). */
export function rxCounter(page: Page): Promise<{ frames: number; bytes: number }> {
  return counterOf(page, 'rx');
}

/** The rx or tx counter as the status bar shows it (data-frames / data-bytes). */
export async function counterOf(page: Page, which: 'rx' | 'tx'): Promise<{ frames: number; bytes: number }> {
  const counter = page.getByTestId(`counter-${which}`);
  const [frames, bytes] = await Promise.all([counter.getAttribute('data-frames'), counter.getAttribute('data-bytes')]);
  return { frames: Number(frames), bytes: Number(bytes) };
}

/** 丢弃 N beside RX (a UDP tab where the OS tells its drops): data-dropped; NaN where the counter is not shown. */
export async function droppedCounter(page: Page): Promise<number> {
  const counter = page.getByTestId('counter-dropped');
  if ((await counter.count()) === 0) return Number.NaN;
  return Number(await counter.getAttribute('data-dropped'));
}

/** Entries in the log, from the toolbar's "N entries" / "N 条" (digits only, separators ignored). */
export async function logEntryCount(page: Page): Promise<number> {
  const text = (await page.locator('.log-count').textContent()) ?? '';
  return Number(text.replace(/\D/g, ''));
}

/**
 * Tabs (issue 7): a tab bar with one `data-testid="tab"` per tab (`data-tab-id`, `data-active`, `data-state`) and
 * a `tab-new` button; only the active tab's `session-panel` (with its `data-tab-id`) is in the DOM, so every other
 * helper here acts on the active tab.
 */
export async function activeTabId(page: Page): Promise<string> {
  const id = await page.locator('[data-testid="tab"][data-active="true"]').getAttribute('data-tab-id', { timeout: 5_000 });
  if (!id) throw new Error('no active tab with a data-tab-id');
  return id;
}

async function waitPanelOf(page: Page, tabId: string): Promise<void> {
  await pollUntil(
    `the session panel of tab ${tabId}`,
    async () => ((await page.getByTestId('session-panel').getAttribute('data-tab-id', { timeout: 1_000 }).catch(() => null)) === tabId ? true : undefined),
    5_000,
    10,
  );
}

/** Clicks 新建 (tab-new); resolves with the new tab's id once it is active and its panel is shown. */
export async function newTab(page: Page): Promise<string> {
  const before = await activeTabId(page);
  const count = await page.getByTestId('tab').count();
  await page.getByTestId('tab-new').click();
  const id = await pollUntil(
    'a new active tab',
    async () => ((await page.getByTestId('tab').count()) > count ? await activeTabId(page).then((a) => (a !== before ? a : undefined)) : undefined),
    5_000,
    10,
  );
  await waitPanelOf(page, id);
  return id;
}

/** Clicks the tab `tabId` (a click, as the user does); resolves once its panel is shown. */
export async function activateTab(page: Page, tabId: string): Promise<void> {
  await page.locator(`[data-testid="tab"][data-tab-id="${tabId}"]`).click({ timeout: 10_000 });
  await waitPanelOf(page, tabId);
}
