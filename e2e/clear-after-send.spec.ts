import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import type { Language } from './desk';
import { freePort } from './peers/ports';

/** What the option and a bad-HEX refusal say in each language. */
const WORDS = {
  en: { option: 'Clear after send', badHex: 'Invalid HEX: character 2 "G"' },
  zh: { option: '发送完自动清空', badHex: 'HEX 格式错误：第 2 个字符“G”' },
} satisfies Record<Language, { option: string; badHex: string }>;

/** The tabs' clearAfterSend as the host wrote them to the workspace file (undefined: not written yet). */
async function savedOptions(settingsFile: string): Promise<unknown[] | undefined> {
  const text = await readFile(settingsFile, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const settings = JSON.parse(text) as { tabs: Array<{ send: { clearAfterSend?: boolean } }> };
  return settings.tabs.map((tab) => tab.send.clearAfterSend);
}

/** 发送完自动清空: the send box empties after a send the engine took, and keeps a refused one to be fixed. */
test.describe('clear after send', () => {
  for (const language of ['en', 'zh'] as const) {
    test(`${language}: a send that reaches the peer empties the box, a refused one keeps it; the option survives a reload`, async ({ appHost, desk, peers }) => {
      const page = desk.page;
      const words = WORDS[language];
      await desk.switchLanguage(language);
      const peer = await peers.udpPeer();
      await desk.chooseProtocol('udp');
      await desk.setLocal('127.0.0.1', await freePort('udp'));
      await desk.open();
      await desk.sendTo(peer.address);
      const box = page.getByTestId('send-input');
      const option = page.getByRole('checkbox', { name: words.option, exact: true });
      const received = () => peer.received.map((d) => d.data.toString('latin1'));

      await expect(option).not.toBeChecked();
      await option.check();
      await desk.send('hello');
      await expect.poll(received).toEqual(['hello']);
      await expect(box).toHaveValue('');
      await expect(desk.error).toHaveCount(0);

      // Refused before it went out: the text stays to be fixed, with the reason.
      await desk.typeSendAs('hex');
      await desk.send('0G');
      await expect(desk.error).toContainText(words.badHex);
      await expect(box).toHaveValue('0G');
      await box.fill('41 42');
      await page.getByTestId('send-button').click();
      await expect.poll(received).toEqual(['hello', 'AB']);
      await expect(box).toHaveValue('');
      // The history still has both sends.
      await expect(page.getByTestId('send-history').locator('option', { hasText: 'hello' })).toHaveCount(1);
      await expect(page.getByTestId('send-history').locator('option', { hasText: '41 42' })).toHaveCount(1);

      // Off: the box keeps what was sent.
      await desk.typeSendAs('ascii');
      await option.uncheck();
      await desk.send('kept');
      await expect.poll(received).toEqual(['hello', 'AB', 'kept']);
      await expect(box).toHaveValue('kept');
      await desk.expectCounter('tx', { bytes: 5 + 2 + 4, frames: 3 });

      // On again, then a reload: the tab comes back with it (from the workspace file) and its socket still open.
      await option.check();
      await expect.poll(() => savedOptions(appHost.settingsFile)).toEqual([true]);
      await page.reload();
      await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
      await expect(page.getByTestId('send-clear-after')).toBeChecked();
      await desk.send('again');
      await expect.poll(received).toEqual(['hello', 'AB', 'kept', 'again']);
      await expect(box).toHaveValue('');
    });
  }
});
