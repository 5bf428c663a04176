import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import type { Desk } from './desk';
import { expectNoClippedOrOverflowing } from './layout-checks';
import { freePort } from './peers/ports';
import { shootBothLanguages } from './screens';

/**
 * Issue 9, the toolkit's views and helpers, driven through the page against real peers on 127.0.0.1: the hex dump,
 * Δt and the byte count in the row header, copying rows, the direction / peer filters, the in-page Browse… dialog of
 * the browser host, and importing Packet Sender's packets.ini. (toolkit.spec.ts has encodings, checksums, framing,
 * templates, quick commands, search and export; toolkit-errors.spec.ts the refusals.)
 */

const SCREENS_DIR = path.resolve('test-results', 'screens');

async function openUdp(desk: Desk): Promise<number> {
  const port = await freePort('udp');
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', port);
  await desk.open();
  return port;
}

interface ShownRow {
  readonly index: number;
  readonly dir: string;
  readonly peer: string;
  /** The header line (log mode), '' without one. */
  readonly head: string;
  /** The data line(s) as drawn ("\n" between the lines of a dump). */
  readonly data: string;
}

/** The rows the log draws, in log order (the list positions them; DOM order is not the order on screen). */
async function shownRows(desk: Desk): Promise<ShownRow[]> {
  const rows = await desk.entries().evaluateAll((els) =>
    els.map((el) => ({
      index: Number(el.getAttribute('data-index')),
      dir: el.getAttribute('data-dir') ?? '',
      peer: el.getAttribute('data-peer') ?? '',
      head: el.querySelector('.log-head')?.textContent ?? '',
      data: el.querySelector('.log-data')?.textContent ?? '',
    })),
  );
  return rows.sort((a, b) => a.index - b.index);
}

/** "[2026-11-22 10:31:05.123]# …" → its time in ms (local time, as the header writes it). */
function headerTime(head: string): number {
  const m = /^\[(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3})\]/.exec(head);
  if (!m) throw new Error(`no timestamp in header "${head}"`);
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
  return new Date(y!, mo! - 1, d!, h!, mi!, s!, ms!).getTime();
}

test.describe('toolkit views (issue 9)', () => {
  test('hex dump: a 40-byte datagram shows as offset | 16 bytes | text on three lines', async ({ appHost, desk, peers }) => {
    const port = await openUdp(desk);
    const peer = await peers.udpPeer();
    const bytes = Buffer.concat([
      Buffer.from('GET /status HTTP', 'latin1'),
      Buffer.from([0x2f, 0x31, 0x2e, 0x31, 0x0d, 0x0a, 0x00, 0x01, 0x7f, 0x80, 0xff, 0x20, 0x7e, 0x41, 0x42, 0x43]),
      Buffer.from([0x45, 0x4e, 0x44, 0x2e, 0xde, 0xad, 0xbe, 0xef]),
    ]);
    expect(bytes.length).toBe(40);
    await peer.send(bytes, port);
    await expect(desk.entries({ dir: 'rx' })).toHaveCount(1);

    await desk.page.getByTestId('recv-dump').check();
    await expect(desk.log).toHaveClass(/mode-dump/);
    const dump = desk.entries({ dir: 'rx' }).locator('.log-dump');
    // The offset (4 hex digits: a row keeps at most 64 KiB), two groups of 8 HEX pairs, then the bytes as text with
    // '.' for anything not printable ASCII; the last line's text column stays in line with the full lines'.
    const expected = [
      '0000  47 45 54 20 2F 73 74 61  74 75 73 20 48 54 54 50  GET /status HTTP',
      '0010  2F 31 2E 31 0D 0A 00 01  7F 80 FF 20 7E 41 42 43  /1.1....... ~ABC',
      `0020  45 4E 44 2E DE AD BE EF${' '.repeat(27)}END.....`,
    ];
    await expect(dump).toHaveText(expected.join('\n'), { useInnerText: false });
    // Drawn as three lines of the log's 16 px, not wrapped into more.
    const box = await dump.boundingBox();
    expect(box?.height ?? 0).toBeGreaterThanOrEqual(3 * 14);
    expect(box?.height ?? 0).toBeLessThan(4 * 16);
    // The header still says how many bytes the frame had.
    await expect(desk.entries({ dir: 'rx' }).locator('.log-head')).toContainText(`${peer.address} · 40 B`);

    // Back to HEX: one line of the same bytes.
    await desk.showReceivedAs('hex');
    await expect(desk.entries({ dir: 'rx' }).locator('.log-data')).toHaveText(/^47 45 54 20 .* DE AD BE EF$/);

    // Pictures for people to look at (test-results/screens/, not committed); each shows the three dump lines whole.
    await desk.page.getByTestId('recv-dump').check();
    await shootBothLanguages(appHost, desk, 'hex-dump', {
      check: async () => {
        await expect(dump).toHaveText(expected.join('\n'), { useInnerText: false });
        await expect(dump).toBeInViewport();
      },
    });
  });

  test('Δt: with the option on, each header after the first says the time since the row before it', async ({ desk, peers }) => {
    const port = await openUdp(desk);
    const peer = await peers.udpPeer();
    await desk.showReceivedAs('ascii');
    await desk.page.getByTestId('recv-delta').check();
    await peer.send('one', port);
    await expect(desk.entries({ dir: 'rx' })).toHaveCount(1);
    await peer.send('three', port);
    await expect(desk.entries({ dir: 'rx' })).toHaveCount(2);

    const [first, second] = await shownRows(desk);
    // The first row of the view has nothing before it: no Δt.
    expect(first!.head).toMatch(new RegExp(`# RECV ← ${peer.address.replace(/\./g, '\\.')} · 3 B$`));
    const delta = / · 5 B · \+(\d+\.\d{3}) (ms|s)$/.exec(second!.head);
    expect(delta, `Δt in "${second!.head}"`).not.toBeNull();
    const deltaMs = Number(delta![1]) * (delta![2] === 's' ? 1000 : 1);
    // Plausible: the second datagram was sent after the first was on screen, and it agrees with the two headers'
    // own times (which are rounded to the millisecond).
    expect(deltaMs).toBeGreaterThan(0);
    expect(deltaMs).toBeLessThan(10_000);
    expect(Math.abs(deltaMs - (headerTime(second!.head) - headerTime(first!.head)))).toBeLessThanOrEqual(1);

    await desk.switchLanguage('zh');
    await expect(desk.entries({ dir: 'rx' }).nth(1).locator('.log-head')).toHaveText(/ · 5 字节 · \+\d+\.\d{3} (毫秒|秒)$/);

    // Off again: the headers lose it.
    await desk.page.getByTestId('recv-delta').uncheck();
    for (const row of await shownRows(desk)) expect(row.head).toMatch(/ · \d+ 字节$/);
  });

  test('each row header shows its byte count: 1 B, 5 B, 1,234 B (and 字节 in 中文)', async ({ desk, peers }) => {
    const port = await openUdp(desk);
    const peer = await peers.udpPeer();
    await desk.sendTo(peer.address);
    await desk.typeSendAs('ascii');
    await peer.send('x', port);
    await expect(desk.entries()).toHaveCount(1);
    await desk.send('hello');
    await expect.poll(() => peer.received.length).toBe(1);
    await expect(desk.entries()).toHaveCount(2);
    await peer.send(Buffer.alloc(1234, 0x61), port);
    await expect(desk.entries()).toHaveCount(3);

    const heads = (await shownRows(desk)).map((row) => row.head.replace(/^\[[^\]]+\]/, '[time]'));
    expect(heads).toEqual([
      `[time]# RECV ← ${peer.address} · 1 B`,
      `[time]# SEND → ${peer.address} · 5 B`,
      `[time]# RECV ← ${peer.address} · 1,234 B`,
    ]);
    await desk.switchLanguage('zh');
    await expect(desk.log.locator('[data-index="2"] .log-head')).toHaveText(new RegExp(`# 接收 ← ${peer.address.replace(/\./g, '\\.')} · 1,234 字节$`));
    await expect(desk.log.locator('[data-index="1"] .log-head')).toHaveText(/# 发送 → .* · 5 字节$/);
  });

  test('copy rows: a click and a Shift+click select rows, Ctrl+C puts them on the clipboard exactly as shown', async ({ appHost, desk, peers }) => {
    test.skip(!appHost.url, 'clipboard permissions are granted to the browser host page');
    await desk.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(appHost.url!).origin });
    const readClipboard = (): Promise<string> => desk.page.evaluate(() => navigator.clipboard.readText());
    const port = await openUdp(desk);
    const peer = await peers.udpPeer();
    await desk.sendTo(peer.address);
    await desk.typeSendAs('ascii');
    await desk.showReceivedAs('hex');
    await desk.page.getByTestId('recv-delta').check();
    await peer.send('alpha', port);
    await expect(desk.entries()).toHaveCount(1);
    await desk.send('beta');
    await expect.poll(() => peer.received.length).toBe(1);
    await expect(desk.entries()).toHaveCount(2);
    await peer.send(Buffer.from([0x67, 0x00, 0xff]), port);
    await expect(desk.entries()).toHaveCount(3);
    await desk.page.evaluate(() => navigator.clipboard.writeText('(before)'));

    // Rows 2 and 3: the second row's Δt counts from the first row, which is not copied.
    const row = (i: number) => desk.log.locator(`[data-testid="log-entry"][data-index="${i}"]`);
    await row(1).click();
    await row(2).click({ modifiers: ['Shift'] });
    await expect(desk.page.getByTestId('log-selected')).toHaveText('2 rows selected');
    await expect(row(1)).toHaveAttribute('data-selected', 'true');
    await expect(row(2)).toHaveAttribute('data-selected', 'true');
    await expect(row(0)).not.toHaveAttribute('data-selected', 'true');
    await desk.log.press('Control+c');
    await expect(desk.page.getByTestId('log-notice')).toHaveText('Copied 2 rows');
    const shown = await shownRows(desk);
    const asText = (rows: ShownRow[]): string => rows.flatMap((r) => [r.head, ...r.data.split('\n')]).join('\n');
    expect(shown[1]!.head).toMatch(/ · 4 B · \+\d+\.\d{3} m?s$/);
    expect(shown[2]!.data).toBe('67 00 FF');
    await expect.poll(readClipboard).toBe(asText(shown.slice(1)));

    // Ctrl+A: every row; 中文 headers are copied as shown too.
    await desk.switchLanguage('zh');
    await desk.log.press('Control+a');
    await expect(desk.page.getByTestId('log-selected')).toHaveText('已选 3 行');
    await desk.log.press('Control+c');
    await expect(desk.page.getByTestId('log-notice')).toHaveText('已复制 3 行');
    const all = await shownRows(desk);
    expect(all[0]!.head).toContain('接收 ←');
    await expect.poll(readClipboard).toBe(asText(all));

    // Escape clears the selection.
    await desk.log.press('Escape');
    await expect(desk.page.getByTestId('log-selected')).toHaveCount(0);
    await expect(desk.log.locator('[data-selected="true"]')).toHaveCount(0);
  });

  test('filters: a TCP server log narrowed to received, sent, events and one client, with counts that match', async ({ appHost, desk, peers }) => {
    await appHost.resize(1100, 1000);
    const port = await freePort('tcp');
    await desk.chooseProtocol('tcp-server');
    await desk.setLocal('127.0.0.1', port);
    await desk.open();
    const a = await peers.tcpClient(port);
    await expect(desk.clientRow(a.address)).toBeVisible();
    const b = await peers.tcpClient(port);
    await expect(desk.clientRow(b.address)).toBeVisible();
    a.write('from-a');
    await expect(desk.entries({ dir: 'rx' })).toHaveCount(1);
    b.write('from-b');
    await expect(desk.entries({ dir: 'rx' })).toHaveCount(2);
    await desk.typeSendAs('ascii');
    await desk.sendTo('all');
    await desk.send('to-all');
    await expect.poll(() => [a.received.toString(), b.received.toString()]).toEqual(['to-all', 'to-all']);
    a.write('again-a');
    await expect(desk.entries({ dir: 'rx' })).toHaveCount(3);

    // Everything: 2 "client connected" events, 3 received, one sent row per client.
    await expect(desk.entries({ dir: 'event' })).toHaveCount(2);
    await expect(desk.entries({ dir: 'tx' })).toHaveCount(2);
    await expect(desk.entries()).toHaveCount(7);
    await expect(desk.logCount).toHaveText('7 entries');
    await expect(desk.logCount).not.toHaveAttribute('data-filtered', 'true');

    const dirFilter = desk.page.getByTestId('log-filter-dir');
    const peerFilter = desk.page.getByTestId('log-filter-peer');
    const expectOnly = async (count: number, keep: (row: ShownRow) => boolean): Promise<void> => {
      await expect(desk.logCount).toHaveText(`${count} ${count === 1 ? 'entry' : 'entries'}`);
      await expect(desk.logCount).toHaveAttribute('data-filtered', 'true');
      await expect(desk.entries()).toHaveCount(count);
      const rows = await shownRows(desk);
      expect(rows.filter((row) => !keep(row)), 'rows the filter should have hidden').toEqual([]);
    };

    await dirFilter.selectOption('rx');
    await expectOnly(3, (row) => row.dir === 'rx');
    expect((await shownRows(desk)).map((row) => row.data)).toEqual(['from-a', 'from-b', 'again-a']);
    await dirFilter.selectOption('tx');
    await expectOnly(2, (row) => row.dir === 'tx' && row.data === 'to-all');
    expect((await shownRows(desk)).map((row) => row.peer)).toEqual([a.address, b.address]);
    await dirFilter.selectOption('event');
    await expectOnly(2, (row) => row.dir === 'event');

    // One client: its event, its rows both ways.
    await dirFilter.selectOption('all');
    await expect(peerFilter.locator('option')).toHaveText(['Every peer', a.address, b.address]);
    await peerFilter.selectOption(a.address);
    await expect(desk.page.getByTestId('log-filter')).toHaveAttribute('data-peer', a.address);
    await expectOnly(4, (row) => row.peer === a.address);
    // Both filters at once: client B's received rows only, no events.
    await peerFilter.selectOption(b.address);
    await dirFilter.selectOption('rx');
    await expectOnly(1, (row) => row.peer === b.address && row.dir === 'rx');

    await desk.switchLanguage('zh');
    await expect(dirFilter.locator('option:checked')).toHaveText('只看接收');
    await expect(desk.logCount).toHaveText('1 条');
    // Cleared: all 7 again.
    await dirFilter.selectOption('all');
    await peerFilter.selectOption('');
    await expect(desk.entries()).toHaveCount(7);
    await expect(desk.logCount).not.toHaveAttribute('data-filtered', 'true');
  });

  test('Browse… in the browser host: the page lists host folders; a file and a folder are chosen; a missing folder says so', async ({ appHost, desk, peers }) => {
    test.skip(appHost.kind !== 'browser', 'the in-page folder browser is the browser host’s; Electron shows the OS dialog');
    const root = await mkdtemp(path.join(os.tmpdir(), 'socketdesk-browse-'));
    try {
      await mkdir(path.join(root, 'logs'));
      await writeFile(path.join(root, 'payload.bin'), 'PAYLOAD!');
      const page = desk.page;
      const dialog = page.getByTestId('path-dialog');
      const folder = page.getByTestId('path-folder');
      const pathRow = (name: string) => dialog.locator(`[data-testid="path-row"][data-name="${name}"]`);
      /**
       * Pictures of the open dialog (it is modal, so one language at a time) at both sizes, for people to look at
       * (test-results/screens/, not committed): each shows the folder's entries and the error whole, nothing cut.
       */
      const shootDialog = async (language: 'zh' | 'en', error: string): Promise<void> => {
        await mkdir(SCREENS_DIR, { recursive: true });
        for (const width of [760, 1100]) {
          await appHost.resize(width, 720);
          for (const name of ['..', 'logs', 'payload.bin']) await expect(pathRow(name)).toBeInViewport();
          await expect(dialog.getByTestId('path-error')).toHaveText(error);
          await expect(dialog.getByTestId('path-ok')).toBeInViewport();
          await expectNoClippedOrOverflowing(page, { soft: true, context: `browse dialog, ${language}, ${width}×720` });
          await page.screenshot({ path: path.join(SCREENS_DIR, `${appHost.kind}-browse-dialog-${language}-${width}x720.png`) });
        }
      };

      // The file to send: type the folder, see its entries, look into the subfolder and come back, pick the file.
      await page.getByTestId('sendfile-browse').click();
      await expect(dialog).toBeVisible();
      await expect(dialog).toHaveAttribute('data-purpose', 'sendFile');
      await expect(dialog.getByRole('heading')).toHaveText('Choose a file to send');
      await expect(folder).not.toHaveValue('');
      await folder.fill(root);
      await folder.press('Enter');
      await expect(folder).toHaveValue(root);
      await expect(dialog.getByTestId('path-row')).toHaveCount(3);
      await expect(pathRow('..')).toHaveAttribute('data-kind', 'up');
      await expect(pathRow('logs')).toHaveAttribute('data-kind', 'directory');
      await expect(pathRow('payload.bin')).toHaveAttribute('data-kind', 'file');
      await expect(pathRow('payload.bin')).toContainText('8 B');
      await pathRow('logs').dblclick();
      await expect(folder).toHaveValue(path.join(root, 'logs'));
      await expect(dialog.getByTestId('path-list')).toContainText('(empty folder)');
      await dialog.getByTestId('path-up').click();
      await expect(folder).toHaveValue(root);
      // Up highlights the folder it came from, as file managers do.
      await expect(pathRow('logs')).toHaveAttribute('aria-selected', 'true');
      // OK with no file chosen (the folder typed again: nothing highlighted) says what to do.
      await folder.press('Enter');
      await expect(pathRow('logs')).toHaveAttribute('aria-selected', 'false');
      await dialog.getByTestId('path-ok').click();
      await expect(dialog.getByTestId('path-error')).toHaveText('Choose a file in the list');
      // A folder that does not exist: a clear message; the list stays where it was.
      const missing = path.join(root, 'no-such-folder');
      await folder.fill(missing);
      await dialog.getByTestId('path-go').click();
      await expect(dialog.getByTestId('path-error')).toHaveText(`Folder not found: ${missing}`);
      await expect(pathRow('logs')).toBeVisible();
      await shootDialog('en', `Folder not found: ${missing}`);
      await pathRow('payload.bin').click();
      await expect(dialog.getByTestId('path-chosen')).toHaveText(`Chosen: ${path.join(root, 'payload.bin')}`);
      await dialog.getByTestId('path-ok').click();
      await expect(dialog).toHaveCount(0);
      await expect(page.getByTestId('sendfile-path')).toHaveValue(path.join(root, 'payload.bin'));

      // The chosen path is a real file on the host: sending it reaches a peer.
      await openUdp(desk);
      const peer = await peers.udpPeer();
      await desk.sendTo(peer.address);
      await page.getByTestId('sendfile-button').click();
      await expect.poll(() => Buffer.concat(peer.received.map((d) => d.data)).toString('latin1')).toBe('PAYLOAD!');

      // In 中文 (the dialog is modal: the language is switched before it opens). It starts in the folder of the
      // path in the field, with that file highlighted; the missing folder is named the same way.
      await desk.switchLanguage('zh');
      await page.getByTestId('sendfile-browse').click();
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole('heading')).toHaveText('选择要发送的文件');
      await expect(folder).toHaveValue(root);
      await expect(pathRow('payload.bin')).toHaveAttribute('aria-selected', 'true');
      await folder.fill(missing);
      await folder.press('Enter');
      await expect(dialog.getByTestId('path-error')).toHaveText(`找不到文件夹：${missing}`);
      await expect(pathRow('logs')).toBeVisible();
      await shootDialog('zh', `找不到文件夹：${missing}`);
      await dialog.getByTestId('path-cancel').click();
      await expect(dialog).toHaveCount(0);
      await expect(page.getByTestId('sendfile-path'), 'Cancel leaves the field as it was').toHaveValue(path.join(root, 'payload.bin'));

      // The capture file: into the subfolder, a new name, OK.
      await desk.close();
      await page.getByTestId('capture-browse').click();
      await expect(dialog).toHaveAttribute('data-purpose', 'capture');
      await folder.fill(root);
      await folder.press('Enter');
      await expect(pathRow('logs')).toBeVisible();
      await pathRow('logs').dblclick();
      await expect(folder).toHaveValue(path.join(root, 'logs'));
      // A capture into a folder that does not exist is refused too (a missing file name alone would be created).
      const deeper = path.join(root, 'no-such-folder', 'rx.bin');
      await folder.fill(deeper);
      await folder.press('Enter');
      await expect(dialog.getByTestId('path-error')).toHaveText(`找不到文件夹：${deeper}`);
      await page.getByTestId('path-filename').fill('rx.bin');
      await dialog.getByTestId('path-ok').click();
      await expect(dialog).toHaveCount(0);
      await expect(page.getByTestId('capture-path')).toHaveValue(path.join(root, 'logs', 'rx.bin'));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  test('Packet Sender import: packets from packets.ini become quick commands that send their bytes to a real peer', async ({ desk, peers }, testInfo) => {
    const ini = testInfo.outputPath('packets.ini');
    await mkdir(path.dirname(ini), { recursive: true });
    // As Packet Sender writes it through QSettings: a [General] list of names, then one section per packet.
    await writeFile(
      ini,
      [
        '[General]',
        'packetNames\\size=3',
        '',
        '[Hello%20Peer]',
        'name=Hello Peer',
        'fromIP=You',
        'toIP=127.0.0.1',
        'port=5000',
        'tcpOrUdp=UDP',
        'hexString=48 65 6C 6C 6F 0D 0A',
        'timestamp="Mon, 1 Jan 2024 10:00:00"',
        '',
        '[Modbus%20Read]',
        'name=Modbus Read',
        'tcpOrUdp=TCP',
        'hexString=01 03 00 00 00 0A C5 CD',
        '',
        '[Broken]',
        'name=Broken',
        'tcpOrUdp=UDP',
        'hexString=0G 12',
        '',
      ].join('\r\n'),
    );
    await openUdp(desk);
    const peer = await peers.udpPeer();
    await desk.sendTo(peer.address);

    await desk.page.getByTestId('quick-commands-menu').click();
    const [chooser] = await Promise.all([desk.page.waitForEvent('filechooser'), desk.page.getByTestId('quick-import-packet-sender').click()]);
    await chooser.setFiles(ini);
    const notice = desk.page.getByTestId('quick-notice');
    await expect(notice).toHaveAttribute('title', 'Imported 2 packets from Packet Sender. Skipped 1: Broken (Invalid HEX: character 2 "G" is not a hex digit).');
    await expect(desk.page.getByTestId('quick-commands-toggle')).toContainText('Quick commands (2)');
    const chips = desk.page.getByTestId('quick-command');
    await expect(chips).toHaveCount(2);
    await expect(desk.page.locator('.quick-group[data-group="Packet Sender"] [data-testid="quick-command"]')).toHaveText(['Hello Peer', 'Modbus Read']);

    await desk.page.locator('[data-testid="quick-command"][data-name="Hello Peer"]').click();
    await expect.poll(() => peer.received.map((d) => d.data.toString('hex'))).toEqual(['48656c6c6f0d0a']);
    await desk.page.locator('[data-testid="quick-command"][data-name="Modbus Read"]').click();
    await expect.poll(() => peer.received.map((d) => d.data.toString('hex'))).toEqual(['48656c6c6f0d0a', '01030000000ac5cd']);
    await desk.expectCounter('tx', { bytes: 15, frames: 2 });
  });
});
