import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures';
import { freePort } from './peers/ports';

/**
 * Pictures of the main window for people (README, reviews), in both languages at the reference size and at a
 * narrow one. Saved to test-results/screens/<host>-<scene>-<lang>-<width>x<height>.png. With
 * UPDATE_DOCS_SCREENSHOT=1 the browser-host English one at 1100 wide also replaces docs/screenshot.png (the
 * README's picture); otherwise docs/ is left alone, so a test run does not dirty the working tree.
 */
const SIZES = [
  { width: 1100, height: 720 },
  { width: 760, height: 720 },
] as const;

test('screenshots of a UDP conversation in 中文 and English, wide and narrow', async ({ appHost, desk, peers }) => {
  const echo = await peers.socatUdpEcho();
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', await freePort('udp'));
  await desk.open();
  await desk.sendTo(`${echo.host}:${echo.port}`);
  await desk.typeSendAs('ascii');
  await desk.send('hello SocketDesk');
  await expect(desk.entries({ dir: 'rx' })).toHaveCount(1);
  await desk.send('你好');
  await expect(desk.entries({ dir: 'rx' })).toHaveCount(2);

  const dir = path.resolve('test-results', 'screens');
  await mkdir(dir, { recursive: true });
  for (const language of ['zh', 'en'] as const) {
    await desk.switchLanguage(language);
    for (const size of SIZES) {
      await appHost.resize(size.width, size.height);
      const file = path.join(dir, `${appHost.kind}-${language}-${size.width}x${size.height}.png`);
      await appHost.page.screenshot({ path: file });
      if (process.env.UPDATE_DOCS_SCREENSHOT === '1' && appHost.kind === 'browser' && language === 'en' && size.width === 1100) {
        await appHost.page.screenshot({ path: path.resolve('docs', 'screenshot.png') });
      }
    }
  }
});

test('screenshots of a TCP server with clients, HEX view and an error line', async ({ appHost, desk, peers }) => {
  const port = await freePort('tcp');
  await desk.chooseProtocol('tcp-server');
  await desk.setLocal('127.0.0.1', port);
  await desk.open();
  const first = await peers.tcpClient(port);
  const second = await peers.socatClient(port);
  await expect.poll(async () => (await desk.clientOptions()).length).toBe(2);
  first.write('GET / HTTP/1.0\r\n\r\n');
  second.process.write('hello from socat\n');
  await expect(desk.entries({ dir: 'rx' })).toHaveCount(2);
  await desk.typeSendAs('hex');
  await desk.sendTo('all');
  await desk.send('48 65 6C 6C 6F 0D 0A');
  await expect(desk.entries({ dir: 'tx' })).not.toHaveCount(0);
  await desk.showReceivedAs('hex');
  await desk.send('0G');
  await expect(desk.error).toBeVisible();

  const dir = path.resolve('test-results', 'screens');
  await mkdir(dir, { recursive: true });
  for (const language of ['zh', 'en'] as const) {
    await desk.switchLanguage(language);
    for (const size of SIZES) {
      await appHost.resize(size.width, size.height);
      await appHost.page.screenshot({ path: path.join(dir, `${appHost.kind}-tcp-server-${language}-${size.width}x${size.height}.png`) });
    }
  }
});

test('screenshots of a TCP client talking to an echo server, with long lines', async ({ appHost, desk, peers }) => {
  const echo = await peers.ncatTcpEcho();
  await desk.chooseProtocol('tcp-client');
  await desk.setRemote(echo.host, echo.port);
  await desk.open();
  await desk.typeSendAs('ascii');
  const longLine = 'A long line that does not fit in a narrow window: '.repeat(4).trim();
  await desk.send(longLine);
  await desk.expectCounter('rx', { bytes: longLine.length });
  await desk.page.getByRole('checkbox', { name: 'Wrap lines' }).check();
  await desk.send('line one\r\nline two');

  const dir = path.resolve('test-results', 'screens');
  await mkdir(dir, { recursive: true });
  for (const language of ['zh', 'en'] as const) {
    await desk.switchLanguage(language);
    for (const size of SIZES) {
      await appHost.resize(size.width, size.height);
      await appHost.page.screenshot({ path: path.join(dir, `${appHost.kind}-tcp-client-${language}-${size.width}x${size.height}.png`) });
    }
  }
});
