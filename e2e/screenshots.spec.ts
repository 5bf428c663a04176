import { expect, test } from './fixtures';
import { freePort } from './peers/ports';
import { shootBothLanguages } from './screens';

// Pictures of the main window for people (README, reviews): see shootBothLanguages.

test('screenshots of a UDP conversation in 中文 and English, wide and narrow', async ({ appHost, desk, peers }) => {
  const echo = await peers.socatUdpEcho();
  const port = await freePort('udp');
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', port);
  await desk.open();
  await desk.sendTo(`${echo.host}:${echo.port}`);
  await desk.typeSendAs('ascii');
  await desk.send('hello SocketDesk');
  await expect(desk.entries({ dir: 'rx' })).toHaveCount(1);
  await desk.send('你好');
  await expect(desk.entries({ dir: 'rx' })).toHaveCount(2);

  await shootBothLanguages(appHost, desk, undefined, {
    docs: true,
    check: async ({ language }) => {
      // The conversation: both messages there and back, in view, in order; the status and counters say so.
      await expect(desk.status).toHaveText(language === 'zh' ? `UDP 已打开 127.0.0.1:${port}` : `UDP open on 127.0.0.1:${port}`);
      for (const dir of ['tx', 'rx'] as const) {
        const rows = desk.entries({ dir }).locator('.log-data');
        await expect(rows).toHaveText(['hello SocketDesk', '你好']);
        for (const row of await rows.all()) await expect(row).toBeInViewport();
      }
      await desk.expectCounter('rx', { bytes: 16 + 6, frames: 2 });
      await expect(desk.openToggle).toBeInViewport();
    },
  });
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

  await shootBothLanguages(appHost, desk, 'tcp-server', {
    check: async ({ language }) => {
      // Two clients, what each sent shown in HEX, the HEX sent to all, and the error saying what is wrong with "0G".
      await expect(desk.status).toContainText(language === 'zh' ? '2 个连接' : '2 connections');
      expect(await desk.clientOptions()).toEqual([first.address, `127.0.0.1:${second.localPort}`].sort());
      const received = (await desk.entries({ dir: 'rx' }).locator('.log-data').allTextContents()).map((text) => text.slice(0, 29)).sort();
      expect(received, 'what each client sent, in HEX').toEqual(['47 45 54 20 2F 20 48 54 54 50', '68 65 6C 6C 6F 20 66 72 6F 6D']);
      await expect(desk.entries({ dir: 'tx' })).toHaveCount(2);
      await expect(desk.error).toBeInViewport();
      await expect(desk.error).toHaveText(language === 'zh' ? 'HEX 格式错误：第 2 个字符“G”不是十六进制数字' : 'Invalid HEX: character 2 "G" is not a hex digit');
    },
  });
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
  // The text box keeps a line break as LF: 17 bytes.
  await desk.expectCounter('rx', { bytes: longLine.length + 'line one\nline two'.length });

  await shootBothLanguages(appHost, desk, 'tcp-client', {
    check: async ({ language }) => {
      await expect(desk.status).toContainText(language === 'zh' ? `TCP 客户端已连接 ${echo.host}:${echo.port}` : `TCP client connected to ${echo.host}:${echo.port}`);
      // Wrapped, the long line is shown whole inside the log's width: no sideways scrolling needed to read it.
      const long = desk.entries({ dir: 'rx' }).first().locator('.log-data');
      await expect(long).toHaveText(longLine);
      const fits = await long.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.getBoundingClientRect().right <= (el.closest('[data-testid="log"]')?.getBoundingClientRect().right ?? 0) + 1);
      expect(fits, 'the wrapped long line fits the log').toBe(true);
      await expect(desk.entries({ dir: 'rx' }).last()).toContainText('line two');
      await expect(desk.entries({ dir: 'rx' }).last()).toBeInViewport();
    },
  });
});
