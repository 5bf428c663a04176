import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { Language } from './desk';
import { ComingAndGoingServer } from './peers/coming-going-peers';
import type { Disposable } from './peers/node-peers';
import { freePort } from './peers/ports';

/**
 * 断线自动重连 (issue 10): a TCP client tab whose server crashes keeps retrying with back-off, says each attempt on
 * the status line and in the log, and reconnects, as the same session, when the server comes back. A first connect
 * that is refused says so and retries too; Disconnect stops retrying at once.
 */
const WORDS = {
  en: {
    reconnect: 'Reconnect automatically',
    waiting: /^TCP client reconnecting to 127\.0\.0\.1:\d+ in [\d.]+ s \(attempt \d+\)$/,
    reset: 'Disconnected: the connection was reset by the peer',
    scheduled: /Reconnecting in 0\.2 s \(attempt 1\)$/,
    failed: (port: number) => `Reconnect attempt 1 failed: Connection refused: nothing is listening on 127.0.0.1:${port}`,
    reconnected: /Reconnected \(attempt \d+\)$/,
    refused: (port: number) => `Connection refused: nothing is listening on 127.0.0.1:${port}`,
    firstFailed: (port: number) => `Connect failed: Connection refused: nothing is listening on 127.0.0.1:${port}`,
    disconnect: 'Disconnect',
  },
  zh: {
    reconnect: '断线自动重连',
    waiting: /^TCP 客户端 [\d.]+ 秒后重连 127\.0\.0\.1:\d+（第 \d+ 次）$/,
    reset: '已断开：连接被对方重置',
    scheduled: /0\.2 秒后重连（第 1 次）$/,
    failed: (port: number) => `第 1 次重连失败：连接被拒绝：127.0.0.1:${port} 没有在监听`,
    reconnected: /已重新连接（第 \d+ 次重试）$/,
    refused: (port: number) => `连接被拒绝：127.0.0.1:${port} 没有在监听`,
    firstFailed: (port: number) => `连接失败：连接被拒绝：127.0.0.1:${port} 没有在监听`,
    disconnect: '断开',
  },
} satisfies Record<Language, unknown>;

const owned: Disposable[] = [];
test.afterEach(async () => {
  for (const peer of owned.splice(0)) await peer.dispose();
});

async function server(greeting?: string): Promise<ComingAndGoingServer> {
  const peer = new ComingAndGoingServer(await freePort('tcp'), greeting);
  owned.push(peer);
  return peer;
}

/** The tab's TCP options as the host wrote them to the workspace file. */
async function savedTcp(settingsFile: string): Promise<unknown> {
  const text = await readFile(settingsFile, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as { tabs: Array<{ tcp?: unknown }> }).tabs[0]?.tcp;
}

async function chooseFastReconnect(page: Page, words: (typeof WORDS)[Language]): Promise<void> {
  await page.getByRole('checkbox', { name: words.reconnect, exact: true }).check();
  await page.getByTestId('tcp-reconnect-first').fill('0.2');
  await page.getByTestId('tcp-reconnect-max').fill('0.8');
}

for (const language of ['en', 'zh'] as const) {
  test.describe(`TCP client reconnect (${language})`, () => {
    test('the server crashes: the tab says each attempt, and reconnects when the server is back', async ({ desk, appHost }) => {
      const page = desk.page;
      const words = WORDS[language];
      await desk.switchLanguage(language);
      const peer = await server();
      await peer.listen();
      await desk.chooseProtocol('tcp-client');
      await desk.setRemote('127.0.0.1', peer.port);
      await chooseFastReconnect(page, words);
      await expect.poll(() => savedTcp(appHost.settingsFile)).toEqual({ keepAlive: false, noDelay: true, reconnect: true, reconnectFirstS: '0.2', reconnectMaxS: '0.8' });
      await desk.open();
      await desk.send('one');
      await peer.waitForConnections(1);
      await expect.poll(() => peer.connections[0]!.received).toBe('one');

      await peer.crash();
      // Retrying: the status line counts down to the next attempt; the button now stops it.
      await expect(desk.status).toHaveText(words.waiting);
      await expect(desk.openToggle).toHaveAttribute('data-reconnecting', 'true');
      await expect(desk.openToggle).toContainText(words.disconnect);
      await expect.poll(async () => Number(await desk.status.getAttribute('data-reconnect-attempt'))).toBeGreaterThanOrEqual(2);
      const events = desk.entries({ dir: 'event' });
      await expect(events.filter({ hasText: words.reset })).toHaveCount(1);
      await expect(events.filter({ hasText: words.scheduled })).toHaveCount(1);
      await expect(events.filter({ hasText: words.failed(peer.port) })).toHaveCount(1);
      // Typed nothing while it retries: sending says it is not open, and nothing goes out.
      await desk.send('lost');
      await expect(desk.error).toBeVisible();

      await peer.listen();
      await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
      await expect(desk.openToggle).not.toHaveAttribute('data-reconnecting', 'true');
      await expect(events.filter({ hasText: words.reconnected })).toHaveCount(1);
      await desk.send('two');
      await peer.waitForConnections(2);
      await expect.poll(() => peer.connections[1]!.received).toBe('two');
      // One session all along: the counters went on.
      await desk.expectCounter('tx', { bytes: 6, frames: 2 });
      await desk.close();
    });

    test('a first connect refused is said, retried, and Disconnect stops the retrying at once', async ({ desk }) => {
      const page = desk.page;
      const words = WORDS[language];
      await desk.switchLanguage(language);
      const peer = await server();
      await desk.chooseProtocol('tcp-client');
      await desk.setRemote('127.0.0.1', peer.port);
      await chooseFastReconnect(page, words);
      await desk.openToggle.click();
      // The refusal is not hidden behind the retries: the button says it, and the log.
      await expect(desk.error).toHaveText(words.refused(peer.port));
      await expect(desk.entries({ dir: 'event' }).filter({ hasText: words.firstFailed(peer.port) })).toHaveCount(1);
      await expect(desk.status).toHaveText(words.waiting);
      await expect(desk.openToggle).toHaveAttribute('data-reconnecting', 'true');

      await desk.openToggle.click();
      await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');
      const rows = await desk.entries().count();
      // The server is there now: a retry that was still scheduled would connect. None does.
      await peer.listen();
      await page.waitForTimeout(1_000);
      expect(peer.connections).toHaveLength(0);
      await expect(desk.entries()).toHaveCount(rows);
    });
  });
}

test('the retrying goes on in the host while the page reloads; the page comes back to it and sees the reconnect', async ({ desk }) => {
  const page = desk.page;
  const peer = await server();
  await peer.listen();
  await desk.chooseProtocol('tcp-client');
  await desk.setRemote('127.0.0.1', peer.port);
  await chooseFastReconnect(page, WORDS.en);
  await desk.open();
  await peer.crash();
  await expect(desk.status).toHaveText(WORDS.en.waiting);
  await page.reload();
  // The engine kept the session (and its retrying) while no page was attached: the tab shows it from the snapshot.
  await expect(desk.openToggle).toHaveAttribute('data-reconnecting', 'true');
  await expect(desk.status).toHaveText(/^TCP client reconnecting to 127\.0\.0\.1:\d+( in [\d.]+ s)? \(attempt \d+\)/);
  await peer.listen();
  await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
  await expect(desk.status).toHaveText(new RegExp(`^TCP client connected to 127\\.0\\.0\\.1:${peer.port} \\(local 127\\.0\\.0\\.1:\\d+\\)$`));
  await desk.send('after reload');
  await peer.waitForConnections(2);
  await expect.poll(() => peer.connections[1]!.received).toBe('after reload');
});

