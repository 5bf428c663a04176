import { expect, test } from './fixtures';
import type { Language } from './desk';
import { freePort } from './peers/ports';

/**
 * 显示往返时间 (issue 10) against echo peers: each received row's header says how long after the last send to that
 * peer it came, and the status bar gives the session's min / median / p99 over one sample per send.
 */
const WORDS = {
  en: { toggle: 'Round-trip time', rowRtt: /· RTT \d+\.\d{3} (ms|s)$/, stats: /^RTT min [\d.]+ · median [\d.]+ · p99 [\d.]+ (ms|s)$/, none: 'RTT —' },
  zh: { toggle: '显示往返时间', rowRtt: /· 往返 \d+\.\d{3} (毫秒|秒)$/, stats: /^往返 最小 [\d.]+ · 中位 [\d.]+ · p99 [\d.]+ (毫秒|秒)$/, none: '往返 —' },
} satisfies Record<Language, unknown>;

for (const language of ['en', 'zh'] as const) {
  test(`${language}: round-trip times on the rows and in the status bar against an ncat echo; kept with the tab`, async ({ desk, peers }) => {
    const page = desk.page;
    const words = WORDS[language];
    await desk.switchLanguage(language);
    const echo = await peers.ncatTcpEcho();
    await desk.chooseProtocol('tcp-client');
    await desk.setRemote(echo.host, echo.port);
    const toggle = page.getByRole('checkbox', { name: words.toggle, exact: true });
    await toggle.check();
    await desk.open();
    const stats = page.getByTestId('rtt-stats');
    await expect(stats).toHaveText(words.none);

    // One at a time, so each reply answers its own send.
    for (const [i, text] of ['ping 1', 'ping 2', 'ping 3'].entries()) {
      await desk.send(text);
      await expect(desk.entries({ dir: 'rx' })).toHaveCount(i + 1);
    }
    const headers = desk.entries({ dir: 'rx' }).locator('.log-head');
    for (let i = 0; i < 3; i++) await expect(headers.nth(i)).toHaveText(words.rowRtt);
    // A sent row has no round-trip time.
    await expect(desk.entries({ dir: 'tx' }).first().locator('.log-head')).not.toContainText(language === 'en' ? 'RTT' : '往返');
    await expect(stats).toHaveAttribute('data-count', '3');
    await expect(stats).toHaveText(words.stats);
    const [min, median, p99] = await Promise.all(['data-min-ms', 'data-median-ms', 'data-p99-ms'].map(async (name) => Number(await stats.getAttribute(name))));
    expect(min).toBeGreaterThanOrEqual(0);
    expect(median).toBeGreaterThanOrEqual(min!);
    expect(p99).toBeGreaterThanOrEqual(median!);
    // On loopback a round trip through ncat takes well under a second.
    expect(p99).toBeLessThan(1000);

    // Off: the rows lose it, the status bar too; the tab keeps the choice across a reload.
    await toggle.uncheck();
    await expect(headers.first()).not.toHaveText(words.rowRtt);
    await expect(stats).toHaveCount(0);
    await toggle.check();
    await page.reload();
    await expect(page.getByTestId('rtt-toggle')).toBeChecked();
    await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
    // A page that attached anew starts its figures from what it sees.
    await desk.send('ping 4');
    await expect(page.getByTestId('rtt-stats')).toHaveAttribute('data-count', '1');
  });
}

test('UDP: the round-trip time of each peer is its own (two socat echoes)', async ({ desk, peers }) => {
  const page = desk.page;
  const [a, b] = [await peers.socatUdpEcho(), await peers.socatUdpEcho()];
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', await freePort('udp'));
  await page.getByTestId('rtt-toggle').check();
  await desk.open();
  for (const peer of [a, b]) {
    await desk.sendTo(`${peer.host}:${peer.port}`);
    await desk.send('echo?');
    await expect(desk.entries({ dir: 'rx', peer: `${peer.host}:${peer.port}` })).toHaveCount(1);
    await expect(desk.entries({ dir: 'rx', peer: `${peer.host}:${peer.port}` }).locator('.log-head')).toHaveText(WORDS.en.rowRtt);
  }
  await expect(page.getByTestId('rtt-stats')).toHaveAttribute('data-count', '2');
});
