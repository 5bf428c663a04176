import { readFile } from 'node:fs/promises';
import type { Download } from '@playwright/test';
import { expect, test } from './fixtures';
import type { Desk } from './desk';
import { freePort } from './peers/ports';
import { startTalkingServer, writeAndDrain } from './peers/talking-server';

/**
 * Issue 9, the toolkit: text encodings both ways, checksums, receive framing, counter templates in a cyclic send,
 * quick commands, search in a large log and the log's exports — each against real peers on 127.0.0.1.
 */

async function openUdp(desk: Desk): Promise<number> {
  const port = await freePort('udp');
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', port);
  await desk.open();
  return port;
}


async function download(desk: Desk, kind: 'text' | 'csv' | 'jsonl' | 'pcap'): Promise<Buffer> {
  await desk.page.getByTestId('log-export').click();
  const [file] = await Promise.all([desk.page.waitForEvent('download'), desk.page.getByTestId(`log-export-${kind}`).click()]) as [Download, unknown];
  const path = await file.path();
  return readFile(path);
}

test.describe('toolkit (issue 9)', () => {
  // Failed before the log pane passed the tab's receive encoding to the row formatter (it decoded as UTF-8).
  test('GBK receive: D6 D0 CE C4 from a Node peer shows as 中文', async ({ desk, peers }) => {
    const port = await openUdp(desk);
    const peer = await peers.udpPeer();
    await desk.showReceivedAs('ascii');
    await desk.page.getByTestId('recv-encoding').selectOption('gbk');
    await expect(desk.page.getByTestId('recv-encoding')).toHaveValue('gbk');
    await peer.send(Buffer.from([0xd6, 0xd0, 0xce, 0xc4]), port);
    const rx = desk.entries({ dir: 'rx', peer: peer.address });
    await expect(rx).toHaveCount(1);
    await expect(rx).toContainText('中文');
  });

  test('GBK send: 中文 reaches a Node peer as D6 D0 CE C4; an emoji is named in the preview and nothing is sent', async ({ desk, peers }) => {
    const port = await openUdp(desk);
    const peer = await peers.udpPeer();
    await desk.typeSendAs('ascii');
    await desk.page.getByTestId('send-encoding').selectOption('gbk');
    await desk.sendTo(peer.address);
    await desk.send('中文');
    await expect.poll(() => peer.received.map((d) => d.data.toString('hex'))).toEqual(['d6d0cec4']);
    await desk.expectCounter('tx', { bytes: 4, frames: 1 });

    // An emoji has no GBK bytes: the preview names it, in both languages, and 发送 sends nothing.
    await desk.switchLanguage('en');
    await desk.page.getByTestId('send-input').fill('a😀');
    const preview = desk.page.getByTestId('send-preview');
    await expect(preview).toHaveAttribute('data-state', 'error');
    await expect(preview).toContainText('Character "😀"');
    await expect(preview).toContainText('cannot be encoded in');
    await desk.switchLanguage('zh');
    await expect(desk.page.getByTestId('send-preview')).toContainText('“😀”');
    await expect(desk.page.getByTestId('send-preview')).toContainText('无法用');
    await desk.page.getByTestId('send-button').click();
    // A datagram from the peer after the refused send proves the path is live; nothing new reached the peer.
    await peer.send('x', port);
    await expect(desk.entries({ dir: 'rx' })).toHaveCount(1);
    await desk.expectCounter('tx', { bytes: 4, frames: 1 });
    expect(peer.received).toHaveLength(1);
  });

  test('Modbus CRC: 01 03 00 00 00 0A with crc-16/modbus goes out as 8 bytes ending C5 CD', async ({ desk, peers }) => {
    await openUdp(desk);
    const echo = await peers.socatUdpEcho();
    await desk.sendTo(`${echo.host}:${echo.port}`);
    await desk.typeSendAs('hex');
    await desk.page.getByTestId('send-input').fill('01 03 00 00 00 0A');
    await desk.page.getByTestId('checksum').selectOption('crc-16/modbus');
    const preview = desk.page.getByTestId('send-preview');
    await expect(preview).toHaveAttribute('data-count', '8');
    await desk.switchLanguage('en');
    await expect(preview).toContainText('8 bytes');
    await desk.switchLanguage('zh');
    await expect(preview).toContainText('8 字节');
    await desk.page.getByTestId('send-button').click();
    // socat echoes exactly what it received; the rx row's bytes are the peer's.
    await desk.expectCounter('tx', { bytes: 8, frames: 1 });
    await desk.expectCounter('rx', { bytes: 8, frames: 1 });
    await desk.showReceivedAs('hex');
    await expect(desk.entries({ dir: 'rx' })).toContainText(/01 03 00 00 00 0A C5 CD/i);
  });

  test('Modbus CRC reaches a Node peer byte for byte', async ({ desk, peers }) => {
    await openUdp(desk);
    const peer = await peers.udpPeer();
    await desk.sendTo(peer.address);
    await desk.typeSendAs('hex');
    await desk.page.getByTestId('checksum').selectOption('crc-16/modbus');
    await desk.send('01 03 00 00 00 0A');
    await expect.poll(() => peer.received.map((d) => d.data.toString('hex'))).toEqual(['01030000000ac5cd']);
  });

  test('framing by \\r\\n: four ragged TCP writes become exactly three rx rows', async ({ desk }) => {
    const server = await startTalkingServer();
    try {
      await desk.chooseProtocol('tcp-client');
      await desk.setRemote('127.0.0.1', server.port);
      await desk.page.getByTestId('framing').selectOption('delimiter');
      await desk.page.getByTestId('framing-delimiter').fill('\\r\\n');
      await desk.showReceivedAs('ascii');
      await desk.open();
      const socket = await server.client();
      const parts = ['li', 'ne 1\r', '\nline 2\r\nline', ' 3\r\n'];
      for (const part of parts) {
        await writeAndDrain(socket, part);
        // A short bounded pause so the parts arrive as separate reads.
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      await desk.expectCounter('rx', { bytes: parts.join('').length });
      const rows = desk.entries({ dir: 'rx' });
      await expect(rows).toHaveCount(3);
      const texts = await rows.evaluateAll((els) =>
        els
          .map((el) => ({ i: Number(el.getAttribute('data-index')), t: (el.querySelector('.log-data')?.textContent ?? el.textContent ?? '').trim() }))
          .sort((a, b) => a.i - b.i)
          .map((r) => r.t),
      );
      expect(texts).toEqual(['line 1', 'line 2', 'line 3']);
    } finally {
      await server.close();
    }
  });

  test('cyclic send with {{counter format=dec}} every 10 ms: the peer sees n=1; n=2; … in order', async ({ desk, peers }) => {
    await openUdp(desk);
    const peer = await peers.udpPeer();
    await desk.sendTo(peer.address);
    await desk.typeSendAs('ascii');
    await desk.startRepeating('n={{counter format=dec}};', 10);
    await expect.poll(() => peer.received.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(10);
    const sent = await desk.stopRepeating();
    await expect.poll(() => peer.received.length).toBe(sent);
    const texts = peer.received.map((d) => d.data.toString('latin1'));
    expect(texts).toEqual(texts.map((_, i) => `n=${i + 1};`));
  });

  test('a quick command "Read" (HEX 01 03, F2) sends from its chip and from its hotkey', async ({ desk, peers }) => {
    await openUdp(desk);
    const peer = await peers.udpPeer();
    await desk.sendTo(peer.address);
    await desk.typeSendAs('hex');
    await desk.page.getByTestId('send-input').fill('01 03');
    await desk.page.getByTestId('quick-command-add').click();
    const form = desk.page.getByTestId('quick-command-form');
    await expect(form).toBeVisible();
    await form.getByTestId('quick-form-name').fill('Read');
    await form.getByTestId('quick-form-hotkey').selectOption('F2');
    await expect(form.getByTestId('quick-form-mode')).toHaveValue('hex');
    await form.getByTestId('quick-form-save').click();
    await expect(form).toHaveCount(0);
    await desk.page.getByTestId('send-input').fill('');

    await desk.page.locator('[data-testid="quick-command"][data-name="Read"]').click();
    await expect.poll(() => peer.received.map((d) => d.data.toString('hex'))).toEqual(['0103']);
    await desk.page.locator('body').press('F2');
    await expect.poll(() => peer.received.map((d) => d.data.toString('hex'))).toEqual(['0103', '0103']);
  });

  // Once a defect: a match already on screen while the list followed the newest row sent the view to the top (the
  // anchor from before it followed), so the match was not in view.
  test('search in 100 000 rows: "#99999 " matches once and its row is in view', async ({ appHost, desk }) => {
    await desk.page.goto(`${appHost.url}&bench=1`);
    await expect(desk.openToggle).toBeVisible({ timeout: 15_000 });
    await desk.page.waitForFunction(() => 'socketdeskBench' in window);
    const size = await desk.page.evaluate(() => (window as unknown as { socketdeskBench: { fillLog(n: number, b: number): Promise<number> } }).socketdeskBench.fillLog(100_000, 32));
    expect(size).toBe(100_000);
    await desk.page.getByTestId('log-search').fill('#99999 ');
    const count = desk.page.getByTestId('log-search-count');
    await expect(count).toHaveAttribute('data-total', '1', { timeout: 15_000 });
    // A new search has no current match yet ("– / 1"); Enter goes to it.
    await desk.page.getByTestId('log-search').press('Enter');
    await expect(count).toHaveText('1 / 1');
    const match = desk.log.locator('[data-testid="log-entry"][data-match="true"]');
    await expect(match).toHaveCount(1);
    await expect(match).toContainText('#99999 ');
    await expect(match).toBeInViewport();
    await desk.switchLanguage('en');
    await desk.page.getByTestId('log-search').fill('#100001 ');
    await expect(count).toHaveText('No matches');
    await desk.switchLanguage('zh');
    await expect(count).toHaveText('无匹配');
  });

  test('export: text, CSV, JSON Lines and pcap hold every row, with the peer in the pcap headers', async ({ desk, peers }) => {
    const port = await openUdp(desk);
    const peer = await peers.udpPeer();
    await desk.sendTo(peer.address);
    await desk.typeSendAs('ascii');
    await desk.showReceivedAs('ascii');
    await peer.send('alpha-rx', port);
    await expect(desk.entries({ dir: 'rx' })).toHaveCount(1);
    await desk.send('beta-tx');
    await expect.poll(() => peer.received.length).toBe(1);
    await peer.send('gamma-rx', port);
    await expect(desk.entries()).toHaveCount(3);
    const payloads = ['alpha-rx', 'beta-tx', 'gamma-rx'];

    const text = (await download(desk, 'text')).toString('utf8');
    for (const p of payloads) expect(text).toContain(p);

    const csvLines = (await download(desk, 'csv')).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.length > 0);
    expect(csvLines[0]).toBe('time,direction,peer,length,hex,text,mark');
    expect(csvLines).toHaveLength(1 + payloads.length);
    payloads.forEach((p, i) => expect(csvLines[i + 1]).toContain(p));

    const json = (await download(desk, 'jsonl')).toString('utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as { dir: string; peer: string; hex: string });
    expect(json.map((o) => [o.dir, o.peer, Buffer.from(o.hex, 'hex').toString('latin1')])).toEqual([
      ['rx', peer.address, 'alpha-rx'],
      ['tx', peer.address, 'beta-tx'],
      ['rx', peer.address, 'gamma-rx'],
    ]);

    const pcap = await download(desk, 'pcap');
    expect(pcap.subarray(0, 4).toString('hex')).toBe('d4c3b2a1');
    expect(pcap.readUInt32LE(20)).toBe(101); // LINKTYPE_RAW
    const records: Array<{ src: string; dst: string; payload: string }> = [];
    for (let at = 24; at < pcap.length; ) {
      const incl = pcap.readUInt32LE(at + 8);
      const ip = pcap.subarray(at + 16, at + 16 + incl);
      expect(ip[0]! >> 4).toBe(4);
      expect(ip[9]).toBe(17); // UDP
      const ihl = (ip[0]! & 0x0f) * 4;
      const addr = (o: number) => `${ip[o]}.${ip[o + 1]}.${ip[o + 2]}.${ip[o + 3]}`;
      const udp = ip.subarray(ihl);
      records.push({ src: `${addr(12)}:${udp.readUInt16BE(0)}`, dst: `${addr(16)}:${udp.readUInt16BE(2)}`, payload: udp.subarray(8).toString('latin1') });
      at += 16 + incl;
    }
    const local = `127.0.0.1:${port}`;
    expect(records).toEqual([
      { src: peer.address, dst: local, payload: 'alpha-rx' },
      { src: local, dst: peer.address, payload: 'beta-tx' },
      { src: peer.address, dst: local, payload: 'gamma-rx' },
    ]);
  });
});
