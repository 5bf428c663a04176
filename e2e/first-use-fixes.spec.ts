import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import type { Desk } from './desk';
import { freePort } from './peers/ports';
import { pollUntil } from './peers/wait';

/**
 * What a first-time user ran into (issue 8), each checked in English and 中文 where it is words: messages that name
 * the real cause, control bytes that read as escapes, English plurals, the Chinese protocol names, history that
 * keeps a send's options, the local address field, and the theme. Each test says what the app showed before.
 */

async function openUdp(desk: Desk, address = '127.0.0.1'): Promise<number> {
  const port = await freePort('udp', address);
  await desk.chooseProtocol('udp');
  await desk.setLocal(address, port);
  await desk.open();
  return port;
}

test.describe('messages that name the real cause', () => {
  test('a UDP send to 127.255.255.255 (broadcast not enabled) is "not allowed" and names the Broadcast option, not administrator rights', async ({ desk }) => {
    // Before: "Permission denied for port 9 (ports below 1024 may need administrator rights)" (EACCES read as a
    // privileged port).
    await openUdp(desk, '0.0.0.0');
    await desk.sendTo('127.255.255.255:9');
    await desk.typeSendAs('ascii');
    await desk.send('anyone?');
    await expect(desk.error).toHaveText('Not allowed to send to 127.255.255.255:9: sending to a broadcast address needs the Broadcast option');
    await desk.switchLanguage('zh');
    await expect(desk.error).toHaveText('不允许发送到 127.255.255.255:9：向广播地址发送需要勾选"广播"');
    await expect(desk.error).not.toContainText('管理员');
    await desk.expectCounter('tx', { bytes: 0, frames: 0 });
    await expect(desk.openToggle, 'a refused send leaves the socket open').toHaveAttribute('data-state', 'open');
  });

  test('a TCP client whose local port is taken names that local port, not the remote one', async ({ desk, peers }) => {
    // Before: the EADDRINUSE of the local bind was reported with the remote's port ("Port <remote> is already in use").
    const server = await peers.tcpSink();
    const holder = await peers.holdTcpPort();
    await desk.chooseProtocol('tcp-client');
    await desk.setRemote('127.0.0.1', server.port);
    await desk.page.getByTestId('client-local-port').fill(String(holder.port));

    await desk.openToggle.click();
    await expect(desk.error).toHaveText(`Port ${holder.port} is already in use`);
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');
    await desk.switchLanguage('zh');
    await expect(desk.error).toHaveText(`端口 ${holder.port} 已被占用`);
    expect(server.connectionCount, 'no connection reached the remote').toBe(0);

    // The same form with the local port left to the OS connects.
    await desk.page.getByTestId('client-local-port').fill('');
    await desk.open();
    await server.waitForConnections(1);
  });

  test('a UDP datagram over the limit names the limit of its IP version: 65,507 to IPv4, 65,527 to IPv6', async ({ desk, peers }) => {
    // Before: past 65 527 B the limit was said to be 65 527 whatever the target, so 65 600 B to IPv4 read "the limit
    // is 65,527 bytes". Issue 11: the sentence says which limit (a UDP datagram over IPv4 / IPv6) and that nothing went.
    const peer4 = await peers.udpPeer('127.0.0.1');
    await openUdp(desk, '127.0.0.1');
    await desk.sendTo(peer4.address);
    await desk.typeSendAs('ascii');

    await desk.send('x'.repeat(65_508));
    await expect(desk.error).toHaveText('A UDP datagram over IPv4 carries at most 65,507 bytes; this one is 65,508 bytes. Nothing was sent');
    await desk.send('x'.repeat(65_600));
    await expect(desk.error).toHaveText('A UDP datagram over IPv4 carries at most 65,507 bytes; this one is 65,600 bytes. Nothing was sent');
    await desk.switchLanguage('zh');
    await expect(desk.error).toHaveText('IPv4 的 UDP 数据报最多 65,507 字节，本次为 65,600 字节，未发送');
    await desk.switchLanguage('en');
    // The limit itself goes out whole.
    await desk.send('x'.repeat(65_507));
    await desk.expectCounter('tx', { bytes: 65_507, frames: 1 });
    await expect.poll(() => peer4.received.map((d) => d.data.length)).toEqual([65_507]);
    await desk.close();

    const peer6 = await peers.udpPeer('::1');
    await desk.setLocal('::1', await freePort('udp', '::1'));
    await desk.open();
    await desk.sendTo(peer6.address);
    await desk.send('x'.repeat(65_528));
    await expect(desk.error).toHaveText('A UDP datagram over IPv6 carries at most 65,527 bytes; this one is 65,528 bytes. Nothing was sent');
    await desk.switchLanguage('zh');
    await expect(desk.error).toHaveText('IPv6 的 UDP 数据报最多 65,527 字节，本次为 65,528 字节，未发送');
    expect(peer6.received).toEqual([]);
  });

  test("a peer's FIN is said once, plainly; a reset is said in the status bar and not repeated under the send box", async ({ desk, peers }) => {
    // Before: a peer's ordinary close was shown red (status tone-bad) and the error line under the send box said
    // the close again.
    const server = await peers.tcpSink();
    await desk.chooseProtocol('tcp-client');
    await desk.setRemote('127.0.0.1', server.port);
    const server127 = `127.0.0.1:${server.port}`;

    // FIN from the server: it finished sending (a half-close, issue 10). The tab stays connected for a reply and
    // says so plainly; the user ends it.
    await desk.open();
    await server.waitForConnections(1);
    server.endAll();
    await expect(desk.status).toHaveText(/^TCP client connected to 127\.0\.0\.1:\d+ \(local 127\.0\.0\.1:\d+\); the peer finished sending$/);
    await expect(desk.openToggle).toHaveAttribute('data-state', 'open');
    await expect(desk.status, 'an ordinary close is not shown as a fault').not.toHaveClass(/tone-bad/);
    await expect(desk.error).toHaveCount(0);
    await expect(desk.entries({ dir: 'event', peer: server127 }).last()).toContainText('Peer finished sending (FIN)');
    await desk.switchLanguage('zh');
    await expect(desk.status).toHaveText(/；对端已结束发送$/);
    await expect(desk.entries({ dir: 'event', peer: server127 }).last()).toContainText('对端已结束发送（FIN）');
    await desk.switchLanguage('en');
    await desk.close();
    await expect(desk.status).toHaveText('Not open');
    await expect(desk.error).toHaveCount(0);

    // RST from the server.
    await desk.open();
    await server.waitForConnections(1);
    server.resetAll();
    await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');
    await expect(desk.status).toHaveText('TCP Client closed: the connection was reset by the peer');
    await expect(desk.status).toHaveClass(/tone-bad/);
    await expect(desk.error.filter({ hasText: /reset/i }), 'the reset is said once').toHaveCount(0);
    await desk.switchLanguage('zh');
    await expect(desk.status).toHaveText('TCP 客户端已关闭：连接被对方重置');
    await expect(desk.error.filter({ hasText: /重置/ })).toHaveCount(0);
  });
});

test.describe('what the log and the status bar say', () => {
  test('control bytes show as dimmed \\xHH escapes: 00 41 1B reads \\x00A\\x1B', async ({ desk, peers }) => {
    // Before: control pictures (U+2400 "␀", U+241B "␛"), boxes in many fonts, not dimmed.
    const peer = await peers.udpPeer();
    const port = await openUdp(desk);
    await desk.showReceivedAs('ascii');
    await peer.send(Buffer.from([0x00, 0x41, 0x1b]), port);

    const row = desk.entries({ dir: 'rx', peer: peer.address });
    await expect(row.locator('.log-data')).toHaveText('\\x00A\\x1B');
    await expect(row.locator('.log-ctrl')).toHaveText(['\\x00', '\\x1B']);
    // Dimmed: the escapes are drawn fainter than the byte "A" beside them.
    const look = await row.locator('.log-data').evaluate((data) => {
      const ctrl = data.querySelector('.log-ctrl')!;
      const style = (el: Element) => getComputedStyle(el);
      return { ctrlColor: style(ctrl).color, textColor: style(data).color, ctrlOpacity: style(ctrl).opacity };
    });
    expect(look.ctrlColor !== look.textColor || Number(look.ctrlOpacity) < 1, `escapes dimmed: ${JSON.stringify(look)}`).toBe(true);
    await desk.showReceivedAs('hex');
    await expect(row.locator('.log-data')).toHaveText('00 41 1B');
  });

  test('English counts agree with their nouns: 1 entry, 1 frame, 1 connection; sizes in KiB with the exact number on hover', async ({ desk, peers }) => {
    // Before: "1 entries", "RX 5 B / 1 frames", and counters in plain bytes ("RX 1536 B / 3 frames").
    const peer = await peers.udpPeer();
    const port = await openUdp(desk);
    await peer.send('hello', port);
    await desk.expectCounter('rx', { bytes: 5, frames: 1 });
    await expect(desk.logCount).toHaveText('1 entry');
    await expect(desk.counter('rx')).toHaveText('RX 5 B / 1 frame');
    await expect(desk.counter('rx')).toHaveAttribute('title', '5 bytes, 1 frame (exact)');
    await expect(desk.counter('tx')).toHaveText('TX 0 B / 0 frames');

    for (const size of [1_019, 1_024, 1_541]) await peer.send(Buffer.alloc(size, 'k'), port);
    // 5 + 1 019 + 1 024 + 1 541 = 3 589 B = 3.5 KiB.
    await desk.expectCounter('rx', { bytes: 3_589, frames: 4 });
    await expect(desk.counter('rx')).toHaveText('RX 3.5 KiB / 4 frames');
    await expect(desk.counter('rx')).toHaveAttribute('title', '3,589 bytes, 4 frames (exact)');
    await expect(desk.logCount).toHaveText('4 entries');
    await desk.switchLanguage('zh');
    await expect(desk.counter('rx')).toHaveText('接收 3.5 KiB / 4 帧');
    await expect(desk.logCount).toHaveText('4 条');
    await desk.switchLanguage('en');
    await desk.close();

    // A server with one client: "1 connection", "1 connected".
    await desk.chooseProtocol('tcp-server');
    const serverPort = await freePort('tcp');
    await desk.setLocal('127.0.0.1', serverPort);
    await desk.open();
    const client = await peers.tcpClient(serverPort);
    await expect(desk.clientRow(client.address)).toBeVisible();
    await expect(desk.status).toHaveText(`TCP server listening on 127.0.0.1:${serverPort}, 1 connection`);
    await expect(desk.clientList).toContainText('1 connected');
  });

  test('the Chinese UI says TCP 客户端 and TCP 服务器 everywhere, never "TCP Client" / "TCP Server"', async ({ desk }) => {
    // Before: the protocol list and the tab label said "TCP Client" / "TCP Server" in the Chinese UI.
    await desk.switchLanguage('zh');
    const options = await desk.page.getByTestId('protocol').locator('option').allTextContents();
    expect(options).toEqual(['UDP', 'TCP 客户端', 'TCP 服务器', '转发']);
    for (const [protocol, name] of [['tcp-client', 'TCP 客户端'], ['tcp-server', 'TCP 服务器']] as const) {
      await desk.chooseProtocol(protocol);
      await expect(desk.activeTab).toContainText(name);
      await expect(desk.page.locator('body')).not.toContainText(/TCP (Client|Server)/i);
    }
  });
});

test.describe('history keeps how each send was made', () => {
  test('picking a history entry restores its mode, escapes and CR LF; a send too long to keep is sent, not listed, and the note says so', async ({ desk, peers }) => {
    // Before: history kept the text only and was labelled "[ASCII] …"/"[HEX] …": picking an entry left escapes and
    // CR LF as they were, so "AT" went out without its CR LF; and a 70 000-character send was listed (and lost at the
    // next start, the file keeps 65 536).
    const sink = await peers.tcpSink();
    await desk.chooseProtocol('tcp-client');
    await desk.setRemote('127.0.0.1', sink.port);
    await desk.open();
    const page = desk.page;
    const escapes = page.getByTestId('send-escapes');
    const crlf = page.getByTestId('send-crlf');
    const history = page.getByTestId('send-history');

    await desk.typeSendAs('hex');
    await desk.send('01 02');
    await desk.typeSendAs('ascii');
    await escapes.check();
    await desk.send('A\\x42');
    await escapes.uncheck();
    await crlf.check();
    await desk.send('AT');
    await expect.poll(() => sink.received.toString('latin1')).toBe('\x01\x02AB' + 'AT\r\n');
    await expect(history.locator('option:not([disabled])')).toHaveText(['[ASCII CRLF] AT', '[ASCII \\] A\\x42', '[HEX] 01 02']);

    // Every option off, then each entry brings its own back.
    await crlf.uncheck();
    await history.selectOption({ label: '[HEX] 01 02' });
    await expect(page.getByTestId('send-input')).toHaveValue('01 02');
    await expect(page.getByTestId('send-hex')).toBeChecked();
    await expect(escapes).not.toBeChecked();
    await expect(crlf).not.toBeChecked();

    await history.selectOption({ label: '[ASCII \\] A\\x42' });
    await expect(page.getByTestId('send-input')).toHaveValue('A\\x42');
    await expect(page.getByTestId('send-ascii')).toBeChecked();
    await expect(escapes).toBeChecked();
    await expect(crlf).not.toBeChecked();

    await history.selectOption({ label: '[ASCII CRLF] AT' });
    await expect(page.getByTestId('send-input')).toHaveValue('AT');
    await expect(escapes).not.toBeChecked();
    await expect(crlf).toBeChecked();
    // Sent again from history: the same bytes as the first time.
    await page.getByTestId('send-button').click();
    await expect.poll(() => sink.received.toString('latin1')).toBe('\x01\x02AB' + 'AT\r\n' + 'AT\r\n');

    // 70 000 characters: sent whole, not listed, and the send settings say why.
    await crlf.uncheck();
    await expect(page.getByTestId('history-skipped')).toHaveCount(0);
    await desk.send('y'.repeat(70_000));
    await expect.poll(() => sink.receivedBytes).toBe(2 + 2 + 4 + 4 + 70_000);
    await expect(page.getByTestId('history-skipped')).toHaveText(
      'Sent, but not added to the history: 70,000 characters (it keeps sends of up to 65,536)',
    );
    await expect(history.locator('option:not([disabled])')).toHaveCount(3);
    await desk.switchLanguage('zh');
    await expect(page.getByTestId('history-skipped')).toHaveText('已发送，但未加入历史记录：共 70,000 个字符（历史记录最多保存 65,536 个字符）');
  });
});

test.describe('the local address field', () => {
  test('UDP and TCP server listen on 0.0.0.0 by default, the hint says what the address means, and the picker shows its arrow', async ({ desk }) => {
    // Before: the default was 127.0.0.1, nothing said what an address meant, and the picker (select.combo-pick)
    // was drawn with color: transparent, so it looked like an empty box.
    const address = desk.page.getByTestId('local-address');
    const hint = desk.page.getByTestId('local-address-hint');
    const picker = desk.page.locator('select.combo-pick');
    const pickerColor = () => picker.evaluate((el) => getComputedStyle(el).color);

    for (const protocol of ['udp', 'tcp-server'] as const) {
      await desk.chooseProtocol(protocol);
      await expect(address).toHaveValue('0.0.0.0');
      await expect(hint).toHaveText('all IPv4 interfaces');
    }
    await expect(picker).toBeEnabled();
    expect(await pickerColor(), 'the picker arrow is drawn (not transparent) while enabled').not.toBe('rgba(0, 0, 0, 0)');

    await desk.switchLanguage('zh');
    await expect(hint).toHaveText('所有 IPv4 网卡');
    await desk.switchLanguage('en');

    // The picker fills the field, and the hint follows.
    await picker.selectOption('::');
    await expect(address).toHaveValue('::');
    await expect(hint).toHaveText('all interfaces (IPv6 and IPv4)');
    await picker.selectOption('127.0.0.1');
    await expect(hint).toHaveText('loopback: this machine only');
    await address.fill('192.0.2.7');
    await expect(hint, 'an ordinary address needs no hint').toHaveCount(0);
    await address.fill('0.0.0.0');
    await expect(hint).toHaveText('all IPv4 interfaces');

    // In the dark theme too.
    await desk.page.getByTestId('theme-toggle').click();
    await desk.page.getByTestId('theme-toggle').click();
    await expect(desk.page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await pickerColor()).not.toBe('rgba(0, 0, 0, 0)');
  });
});

test.describe('themes', () => {
  test('the status-bar button walks light → dark → system; the root element says which theme is in force; the choice is kept', async ({ appHost, desk }) => {
    // Before: no theme-toggle, no data-theme: one light palette whatever the OS said.
    const page = desk.page;
    const toggle = page.getByTestId('theme-toggle');
    const html = page.locator('html');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(toggle).toHaveAttribute('data-choice', 'system');
    await expect(html).toHaveAttribute('data-theme', 'light');
    const lightBackground = await background();

    await toggle.click();
    await expect(toggle).toHaveAttribute('data-choice', 'light');
    await expect(toggle).toHaveText('☀ Light');
    await expect(html).toHaveAttribute('data-theme', 'light');
    await toggle.click();
    await expect(toggle).toHaveAttribute('data-choice', 'dark');
    await expect(toggle).toHaveText('☾ Dark');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect.poll(background, 'the page is drawn in other colours').not.toBe(lightBackground);
    await desk.switchLanguage('zh');
    await expect(toggle).toHaveText('☾ 深色');
    await desk.switchLanguage('en');

    // Kept in the workspace file, and brought back by a reload.
    await pollUntil('the workspace file to keep the dark theme', async () => {
      const file = await readFile(appHost.settingsFile, 'utf8').catch(() => '');
      return file.includes('"theme": "dark"') || file.includes('"theme":"dark"') ? true : undefined;
    });
    await page.reload();
    await expect(toggle).toHaveAttribute('data-choice', 'dark');
    await expect(html).toHaveAttribute('data-theme', 'dark');

    // System: follows the OS, both ways.
    await toggle.click();
    await expect(toggle).toHaveAttribute('data-choice', 'system');
    await expect(html).toHaveAttribute('data-theme', 'light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(html).toHaveAttribute('data-theme', 'light');
  });
});
