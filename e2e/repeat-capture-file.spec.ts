import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures';
import type { Desk } from './desk';
import { freePort } from './peers/ports';
import { shootBothLanguages } from './screens';

/**
 * 循环发送, 接收保存到文件 and 打开文件数据源 as a NetAssist user works them: the engine keeps the timer, writes the
 * capture file and streams the file; the page starts, stops and shows progress.
 */

/** Asserts `read()` keeps one value for `windowMs` (polled), e.g. that nothing more arrives after a stop. */
async function expectSteady(what: string, read: () => number | Promise<number>, windowMs: number): Promise<number> {
  const first = await read();
  const until = Date.now() + windowMs;
  await expect
    .poll(async () => ((await read()) !== first ? 'changed' : Date.now() >= until ? 'steady' : 'waiting'), { message: what, timeout: windowMs + 5_000, intervals: [50] })
    .toBe('steady');
  return first;
}

async function openTcpServer(desk: Desk): Promise<number> {
  const port = await freePort('tcp');
  await desk.chooseProtocol('tcp-server');
  await desk.setLocal('127.0.0.1', port);
  await desk.open();
  return port;
}

test.describe('cyclic send, capture to file, file send', () => {
  test('UDP 循环发送 every 100 ms reaches a Node peer until 停止, then nothing more arrives', async ({ desk, peers }) => {
    const peer = await peers.udpPeer();
    await desk.chooseProtocol('udp');
    await desk.setLocal('127.0.0.1', await freePort('udp'));
    await desk.open();
    await desk.sendTo(peer.address);

    await desk.startRepeating('tick', 100);
    await expect.poll(() => peer.received.length, { message: 'several datagrams arrive', timeout: 5_000 }).toBeGreaterThanOrEqual(5);
    await expect(desk.page.getByTestId('repeat-count')).not.toHaveAttribute('data-sent', '0');
    await expect(desk.page.getByTestId('repeat-period')).toBeDisabled();

    const sent = await desk.stopRepeating();
    expect(sent).toBeGreaterThanOrEqual(5);
    // Every send the engine counted arrived (loopback), and the counters agree; then, for five periods, nothing more.
    await expect.poll(() => peer.received.length).toBe(sent);
    await desk.expectCounter('tx', { bytes: 4 * sent, frames: sent });
    await expectSteady('no datagram after 停止', () => peer.received.length, 500);
    expect(peer.received.every((d) => d.data.toString('latin1') === 'tick')).toBe(true);
    await expect(desk.page.getByTestId('send-button')).toHaveText('Send');
  });

  test('closing the session stops the cyclic send, and a bad period starts nothing', async ({ desk, peers }) => {
    const peer = await peers.udpPeer();
    await desk.chooseProtocol('udp');
    await desk.setLocal('127.0.0.1', await freePort('udp'));
    await desk.open();
    await desk.sendTo(peer.address);
    await desk.switchLanguage('en');

    await desk.page.getByTestId('repeat-period').fill('0');
    await desk.page.getByTestId('repeat-enabled').check();
    await desk.send('x');
    await expect(desk.error).toHaveText('The repeat period must be a whole number of milliseconds from 1 to 3,600,000');
    await desk.switchLanguage('zh');
    await expect(desk.error).toHaveText('循环周期必须是 1–3,600,000 之间的整数（毫秒）');
    await expect(desk.page.getByTestId('send-button')).toHaveAttribute('data-state', 'idle');
    await desk.expectCounter('tx', { bytes: 0, frames: 0 });

    await desk.startRepeating('x', 50);
    await expect.poll(() => peer.received.length).toBeGreaterThanOrEqual(2);
    await desk.close();
    await expect(desk.page.getByTestId('send-button')).toHaveAttribute('data-state', 'idle');
    await expect(desk.page.getByTestId('repeat-count')).toHaveAttribute('data-running', 'false');
    await expectSteady('no datagram after the session closed', () => peer.received.length, 300);
  });

  test('TCP server capture: 256 KiB from a Node client land in the file byte for byte', async ({ desk, peers }, testInfo) => {
    const file = testInfo.outputPath('capture.bin');
    await mkdir(path.dirname(file), { recursive: true });
    // Checked before the session opens: the capture starts right after open.
    await desk.captureTo(file);
    await expect(desk.page.getByTestId('capture-bytes')).toBeVisible();
    const port = await openTcpServer(desk);
    await expect(desk.page.getByTestId('capture-bytes')).toHaveAttribute('data-active', 'true');

    const payload = randomBytes(256 * 1024);
    const client = await peers.tcpClient(port);
    client.write(payload);
    await desk.expectCounter('rx', { bytes: payload.length });
    await expect(desk.page.getByTestId('capture-path')).toBeDisabled();

    // Unchecking stops the capture; the engine answers once every byte is on disk, with the count.
    await desk.page.getByTestId('capture-enabled').uncheck();
    await expect(desk.page.getByTestId('capture-bytes')).toHaveAttribute('data-active', 'false');
    await expect(desk.page.getByTestId('capture-bytes')).toHaveAttribute('data-bytes', String(payload.length));
    const written = await readFile(file);
    expect(written.length).toBe(payload.length);
    expect(written.equals(payload)).toBe(true);
    expect(Number(await desk.counter('rx').getAttribute('data-bytes'))).toBe((await stat(file)).size);
  });

  test('a capture path that is relative or cannot be created is explained in English and 中文', async ({ desk }, testInfo) => {
    await desk.switchLanguage('en');
    await desk.page.getByTestId('capture-path').fill('capture.bin');
    await desk.page.getByTestId('capture-enabled').click();
    await expect(desk.page.getByTestId('capture-enabled')).not.toBeChecked();
    await expect(desk.error).toHaveText('Capture file path must be an absolute path, such as /home/me/data.bin or C:\\data\\data.bin');
    await desk.switchLanguage('zh');
    await expect(desk.error).toHaveText('保存文件路径必须是绝对路径，例如 /home/me/data.bin 或 C:\\data\\data.bin');

    // A directory that does not exist: the engine says so, naming the path.
    const missing = testInfo.outputPath('no-such-dir', 'capture.bin');
    await openTcpServer(desk);
    await desk.page.getByTestId('capture-path').fill(missing);
    await desk.page.getByTestId('capture-enabled').click();
    await expect(desk.error).toHaveText(`找不到文件或目录：${missing}`);
    await expect(desk.page.getByTestId('capture-enabled')).not.toBeChecked();
    await expect(desk.page.getByTestId('capture-path')).toHaveAttribute('aria-invalid', 'true');
    await desk.switchLanguage('en');
    await expect(desk.error).toHaveText(`No such file or directory: ${missing}`);
  });

  test('a 1 MiB file goes to a TCP server exactly, and the progress shows 100 %', async ({ desk, peers }, testInfo) => {
    const file = testInfo.outputPath('one-mib.bin');
    await mkdir(path.dirname(file), { recursive: true });
    const content = randomBytes(1024 * 1024);
    await writeFile(file, content);
    const sink = await peers.tcpSink();
    await desk.chooseProtocol('tcp-client');
    await desk.setRemote(sink.host, sink.port);
    await desk.open();

    await desk.sendFile(file);
    await expect(desk.page.getByTestId('sendfile-status')).toHaveAttribute('data-state', 'done', { timeout: 10_000 });
    await expect(desk.page.getByTestId('sendfile-percent')).toHaveText('100%');
    await expect(desk.page.getByTestId('sendfile-progress')).toHaveAttribute('data-bytes', String(content.length));
    await expect.poll(() => sink.receivedBytes, { timeout: 10_000 }).toBe(content.length);
    expect(sink.received.equals(content)).toBe(true);
    await desk.expectCounter('tx', { bytes: content.length });

    // A file that is not there: the engine names it.
    await desk.switchLanguage('en');
    const missing = testInfo.outputPath('missing.bin');
    await desk.sendFile(missing);
    await expect(desk.error).toHaveText(`No such file or directory: ${missing}`);
  });

  test('the repeat period and both paths survive a reload; the boxes start unchecked', async ({ desk }) => {
    const page = desk.page;
    await page.getByTestId('repeat-period').fill('250');
    await page.getByTestId('repeat-enabled').check();
    await desk.captureTo('/tmp/socketdesk-e2e-never-written.bin');
    await page.getByTestId('sendfile-path').fill('/tmp/data.bin');
    await page.reload();
    await expect(page.getByTestId('repeat-period')).toHaveValue('250');
    await expect(page.getByTestId('capture-path')).toHaveValue('/tmp/socketdesk-e2e-never-written.bin');
    await expect(page.getByTestId('sendfile-path')).toHaveValue('/tmp/data.bin');
    await expect(page.getByTestId('repeat-enabled')).not.toBeChecked();
    await expect(page.getByTestId('capture-enabled')).not.toBeChecked();
  });

  test('screenshots: cyclic send running and a file send in progress, 中文 and English, wide and narrow', async ({ appHost, desk, peers }, testInfo) => {
    await mkdir(testInfo.outputPath(), { recursive: true });
    const peer = await peers.udpPeer();
    await desk.captureTo(testInfo.outputPath('screens-capture.bin'));
    await desk.chooseProtocol('udp');
    const port = await freePort('udp');
    await desk.setLocal('127.0.0.1', port);
    await desk.open();
    await desk.sendTo(peer.address);
    await peer.send('OK\r\n', port);
    await desk.expectCounter('rx', { bytes: 4 });
    await expect(desk.page.getByTestId('capture-bytes')).toHaveAttribute('data-active', 'true');
    await desk.startRepeating('AT+PING', 200);
    await expect.poll(() => peer.received.length).toBeGreaterThanOrEqual(2);
    await shootBothLanguages(appHost, desk, 'repeat', {
      check: async () => {
        // The cyclic send running (its button says so, its count goes on), the capture writing, the sends in the log.
        await expect(desk.page.getByTestId('send-button')).toHaveAttribute('data-state', 'repeating');
        await expect(desk.page.getByTestId('send-button')).toBeInViewport();
        await expect(desk.page.getByTestId('repeat-count')).toHaveAttribute('data-running', 'true');
        await expect(desk.page.getByTestId('capture-bytes')).toHaveAttribute('data-active', 'true');
        await expect(desk.entries({ dir: 'tx' }).last().locator('.log-data')).toHaveText('AT+PING');
        await expect(desk.entries({ dir: 'tx' }).last()).toBeInViewport();
      },
    });
    await desk.stopRepeating();
    await desk.close();

    // A receiver that stops reading holds the file send part-way: progress stays on screen, then 取消.
    const file = testInfo.outputPath('big.bin');
    await writeFile(file, Buffer.alloc(64 * 1024 * 1024, 0x5a));
    const sink = await peers.tcpSink();
    sink.stall();
    await desk.chooseProtocol('tcp-client');
    await desk.setRemote(sink.host, sink.port);
    await desk.open();
    await desk.sendFile(file);
    await expect(desk.page.getByTestId('sendfile-cancel')).toBeVisible();
    await expect(desk.page.getByTestId('sendfile-progress')).not.toHaveAttribute('data-bytes', '0');
    await shootBothLanguages(appHost, desk, 'sendfile', {
      check: async () => {
        // The send held part-way: its progress and 取消 on screen (the settings column scrolled to them, or the
        // picture would not show what it is of), nowhere near done.
        await desk.page.getByTestId('sendfile-status').scrollIntoViewIfNeeded();
        for (const id of ['sendfile-status', 'sendfile-percent', 'sendfile-cancel']) await expect(desk.page.getByTestId(id)).toBeInViewport();
        const sent = Number(await desk.page.getByTestId('sendfile-progress').getAttribute('data-bytes'));
        expect(sent).toBeGreaterThan(0);
        expect(sent).toBeLessThan(64 * 1024 * 1024);
      },
    });
    await desk.page.getByTestId('sendfile-cancel').click();
    await expect(desk.page.getByTestId('sendfile-status')).toHaveAttribute('data-state', 'cancelled');
    await expect(desk.page.getByTestId('sendfile-button')).toBeVisible();
  });
});
