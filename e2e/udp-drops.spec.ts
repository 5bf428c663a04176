import dgram from 'node:dgram';
import { expect, test } from './fixtures';
import type { Desk } from './desk';
import { freePort, LOOPBACK } from './peers/ports';
import { udpSocketStats } from './peers/socket-stats';
import { shootBothLanguages } from './screens';

/*
 * Issue 11, "Data is never lost silently": datagrams the OS drops for a UDP tab's socket (its receive buffer full)
 * are counted beside RX and said in the log, and the receive buffer the user asks for is reported as granted. The
 * drops are real: the browser host is held with SIGSTOP (its engine reads nothing) while a Node socket sends a
 * bounded burst, then let go.
 */

const BURST = 20_000;
const DATAGRAM_BYTES = 64;
const KIB = 1024;

/** What the OS sets for a receive buffer of `bytes` on a socket of our own (Linux: doubled, capped by rmem_max). */
async function grantedFor(bytes: number): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, () => resolve()));
  socket.setRecvBufferSize(bytes);
  const granted = socket.getRecvBufferSize();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return granted;
}

/** `count` datagrams of DATAGRAM_BYTES (an index, then zeros) to LOOPBACK:port; how many the socket accepted. */
async function burst(port: number, count: number): Promise<number> {
  const socket = dgram.createSocket('udp4');
  let accepted = 0;
  try {
    for (let start = 0; start < count; start += 1_000) {
      const sends: Array<Promise<void>> = [];
      for (let i = start; i < Math.min(count, start + 1_000); i++) {
        const datagram = Buffer.alloc(DATAGRAM_BYTES);
        datagram.writeUInt32BE(i, 0);
        sends.push(new Promise((resolve) => socket.send(datagram, port, LOOPBACK, (error) => resolve(void (error ? undefined : (accepted += 1))))));
      }
      await Promise.all(sends);
    }
  } finally {
    socket.close();
  }
  return accepted;
}

/** "KiB" figures as the log writes them: 4096 → "4.0 KiB", 425984 → "416 KiB". */
function kib(bytes: number): string {
  const value = bytes / KIB;
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} KiB`;
}

const bufferField = (desk: Desk) => desk.page.getByTestId('udp-recv-buffer');
const bufferError = (desk: Desk) => desk.page.locator('.field-error[data-slot="recvBuffer"]');
const dropCounter = (desk: Desk) => desk.page.getByTestId('counter-dropped');

test('a burst the engine could not read: the OS’s drops beside RX and in the log, rx + drops = sent; the receive buffer asked and granted', async ({ appHost, desk }) => {
  test.skip(process.platform !== 'linux', 'the kernel drop counter is read from /proc/net/udp (Linux)');
  const page = desk.page;
  const port = await freePort('udp');
  await desk.chooseProtocol('udp');
  await desk.setLocal(LOOPBACK, port);

  // Bad input is refused by the field, in both languages, and the tab does not open.
  await bufferField(desk).fill('0');
  await expect(bufferError(desk)).toHaveText('The receive buffer must be from 1 KiB to 256 MiB (e.g. 512 or 4M); empty = the system default');
  await bufferField(desk).fill('300M');
  await desk.switchLanguage('zh');
  await expect(bufferError(desk)).toHaveText('接收缓冲区应在 1 KiB 到 256 MiB 之间（如 512 或 4M）；留空 = 系统默认');
  await desk.openToggle.click();
  await expect(desk.error).toHaveText('接收缓冲区应在 1 KiB 到 256 MiB 之间（如 512 或 4M）；留空 = 系统默认');
  await expect(desk.openToggle).toHaveAttribute('data-state', 'closed');
  await desk.switchLanguage('en');
  await expect(desk.error).toHaveText('The receive buffer must be from 1 KiB to 256 MiB (e.g. 512 or 4M); empty = the system default');
  await shootBothLanguages(appHost, desk, 'udp-buffer-error', {
    check: async () => {
      const panel = await page.locator('.network-settings').boundingBox();
      const error = await bufferError(desk).boundingBox();
      expect(error!.x + error!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
      expect(await bufferError(desk).evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    },
  });
  await appHost.resize(1100, 720);

  // 4 KiB: a buffer that holds a handful of datagrams. The log says what the OS made of it.
  await bufferField(desk).fill('4');
  await expect(bufferError(desk)).toHaveCount(0);
  await desk.open();
  await expect(bufferField(desk)).toBeDisabled();
  const granted = await grantedFor(4 * KIB);
  await expect.poll(() => desk.eventRows()).toEqual([{ peer: `${LOOPBACK}:${port}`, text: `Receive buffer: asked 4.0 KiB, the OS granted ${kib(granted)}` }]);
  await expect(dropCounter(desk)).toHaveText('Dropped 0');
  await expect(dropCounter(desk)).toHaveAttribute('data-dropped', '0');

  // The host's engine stops reading while the burst comes; the kernel keeps what fits and drops the rest.
  const pid = appHost.hostPid;
  if (pid === undefined) throw new Error('the browser host has no process id');
  let sent: number;
  process.kill(pid, 'SIGSTOP');
  try {
    sent = await burst(port, BURST);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  expect(sent).toBe(BURST);

  // Every datagram is either received or counted as dropped, and the counter is the kernel's own figure.
  await expect
    .poll(async () => {
      const frames = Number(await desk.counter('rx').getAttribute('data-frames'));
      const dropped = Number(await dropCounter(desk).getAttribute('data-dropped'));
      return frames + dropped;
    }, { timeout: 10_000 })
    .toBe(sent);
  const received = Number(await desk.counter('rx').getAttribute('data-frames'));
  const dropped = Number(await dropCounter(desk).getAttribute('data-dropped'));
  expect(dropped).toBeGreaterThan(0);
  expect(received).toBeGreaterThan(0);
  expect((await udpSocketStats(port))?.drops).toBe(dropped);
  await desk.expectCounter('rx', { bytes: received * DATAGRAM_BYTES, frames: received });
  const shown = dropped.toLocaleString('en-US');
  await expect(dropCounter(desk)).toHaveText(`Dropped ${shown}`);
  await expect(dropCounter(desk)).toHaveAttribute('title', `The OS dropped ${shown} datagrams for this socket: its receive buffer was full (datagrams came faster than SocketDesk read them). A larger receive buffer holds longer bursts.`);
  await expect(dropCounter(desk)).toHaveClass(/has-drops/);
  console.log(`[e2e kernel drops] sent ${sent}, received ${received}, dropped ${dropped} (receive buffer: asked 4096, granted ${granted})`);

  // The log says it: one row per reading that found more, adding up to the counter.
  const dropRows = async (pattern: RegExp): Promise<number[]> =>
    (await desk.eventRows()).map((row) => pattern.exec(row.text)?.[1]).filter((n): n is string => n !== undefined).map((n) => Number(n.replace(/,/g, '')));
  const sum = (numbers: number[]): number => numbers.reduce((a, b) => a + b, 0);
  await expect.poll(async () => sum(await dropRows(/^The OS dropped ([\d,]+) datagrams? \(receive buffer full\)$/))).toBe(dropped);

  await desk.switchLanguage('zh');
  await expect(dropCounter(desk)).toHaveText(`丢弃 ${shown}`);
  expect(sum(await dropRows(/^系统丢弃了 ([\d,]+) 个数据报（接收缓冲区已满）$/))).toBe(dropped);
  expect((await desk.eventRows())[0]).toEqual({ peer: `${LOOPBACK}:${port}`, text: `接收缓冲区：请求 4.0 KiB，系统给了 ${kib(granted)}` });
  await expect(page.getByText('接收缓冲区', { exact: true })).toBeVisible();

  // Pictures for people, each checked: the counter and the field are on screen, inside their boxes.
  await shootBothLanguages(appHost, desk, 'udp-drops', {
    check: async () => {
      const bar = await page.locator('.status-bar').boundingBox();
      const counter = await dropCounter(desk).boundingBox();
      const field = await bufferField(desk).boundingBox();
      const panel = await page.locator('.network-settings').boundingBox();
      expect(bar && counter && field && panel).toBeTruthy();
      expect(counter!.x + counter!.width).toBeLessThanOrEqual(bar!.x + bar!.width);
      expect(counter!.y + counter!.height).toBeLessThanOrEqual(bar!.y + bar!.height + 0.5);
      expect(field!.x + field!.width).toBeLessThanOrEqual(panel!.x + panel!.width);
      expect(await dropCounter(desk).evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
      // The field's label is not cut short at 760 px either.
      expect(await page.locator('.udp-recv-buffer > .field-label').evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    },
  });

  // The field comes back with the tab after a reload of the closed tab.
  await desk.close();
  await page.reload();
  await expect(bufferField(desk)).toHaveValue('4');
});

test('no drop counter on a TCP tab, and none on a UDP tab before a session told it', async ({ desk }) => {
  await desk.chooseProtocol('tcp-server');
  await expect(dropCounter(desk)).toHaveCount(0);
  await expect(bufferField(desk)).toHaveCount(0);
  await desk.chooseProtocol('udp');
  await expect(bufferField(desk)).toBeVisible();
  await expect(dropCounter(desk)).toHaveCount(0);
});
