import { expect, test } from './fixtures';
import type { Desk } from './desk';
import type { UdpPeer } from './peers/node-peers';
import { freePort } from './peers/ports';
import { waitForUdpDrained } from './peers/socket-stats';
import { pollUntil } from './peers/wait';

/**
 * The status bar's numbers and the log's auto-scroll (issue 8), with a Node UDP peer on loopback: counters that belong
 * to the tab (they survive a close and a reopen), live rates under a paced sender, and a log that keeps following
 * the newest row after the window is resized.
 */

async function openUdp(desk: Desk, port?: number): Promise<number> {
  const localPort = port ?? (await freePort('udp'));
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', localPort);
  await desk.open();
  return localPort;
}

test('counters keep counting across close and reopen until 复位计数', async ({ desk, peers }) => {
  // Before: the counter read "RX 1,536 B / 3 frames" (no KiB), and opening again started the counters from 0 (they
  // belonged to the session, not the tab): after the reopen data-bytes was 1024, not 2560.
  const peer = await peers.udpPeer();
  const port = await openUdp(desk);
  await desk.sendTo(peer.address);
  const datagram = Buffer.alloc(512, 'c');
  for (let i = 0; i < 3; i++) await peer.send(datagram, port);
  await desk.typeSendAs('ascii');
  await desk.send('first session');
  await desk.expectCounter('rx', { bytes: 1_536, frames: 3 });
  await desk.expectCounter('tx', { bytes: 13, frames: 1 });
  await expect(desk.counter('rx')).toHaveText('RX 1.5 KiB / 3 frames');
  await expect(desk.counter('rx')).toHaveAttribute('title', '1,536 bytes, 3 frames (exact)');

  await desk.close();
  await desk.expectCounter('rx', { bytes: 1_536, frames: 3 });

  // Reopened on the same port: the new session adds to what the tab already counted.
  await openUdp(desk, port);
  for (let i = 0; i < 2; i++) await peer.send(datagram, port);
  await desk.send('second');
  await desk.expectCounter('rx', { bytes: 2_560, frames: 5 });
  await desk.expectCounter('tx', { bytes: 13 + 6, frames: 2 });
  await expect(desk.counter('rx')).toHaveText('RX 2.5 KiB / 5 frames');
  await desk.switchLanguage('zh');
  await expect(desk.counter('rx')).toHaveText('接收 2.5 KiB / 5 帧');
  await desk.switchLanguage('en');

  // 复位计数: both to zero, and counting starts again from there.
  await desk.resetCounters();
  await desk.expectCounter('rx', { bytes: 0, frames: 0 });
  await desk.expectCounter('tx', { bytes: 0, frames: 0 });
  await expect(desk.counter('rx')).toHaveText('RX 0 B / 0 frames');
  await peer.send(datagram, port);
  await desk.expectCounter('rx', { bytes: 512, frames: 1 });
});

test('rates: a peer sending 200 datagrams of 100 B a second reads as 20 000 B/s (within 10 %) while it runs, then falls to 0', async ({ desk, peers }) => {
  // Before: there was no rate-rx / rate-tx in the status bar (the first expectation below timed out).
  const perSecond = 200;
  const size = 100;
  const count = 4 * perSecond; // 4 s
  const expected = perSecond * size; // 20 000 B/s
  const peer = await peers.udpPeer();
  const port = await openUdp(desk);
  const rateRx = desk.page.getByTestId('rate-rx');
  await expect(rateRx).toHaveAttribute('data-bytes-per-second', '0');
  await expect(desk.page.getByTestId('rate-tx')).toHaveAttribute('data-bytes-per-second', '0');

  const sending = peer.sendPaced(port, { payload: Buffer.alloc(size, 'r'), perSecond, count });
  // The meter looks 2 s back: read it once the whole window lies inside the send (2.4 s in), every time 40 more
  // datagrams have been counted, until 0.2 s before the sender stops. At most (800 − 480) / 40 = 8 readings.
  const samples: Array<{ bytes: number; frames: number }> = [];
  await pollUntil('the sender to be 2.4 s in', () => (sending.sent() >= 2.4 * perSecond ? true : undefined), { timeoutMs: 5_000 });
  let lastFrames = 0;
  while (sending.sent() < count - 0.2 * perSecond && samples.length < 10) {
    lastFrames = await pollUntil('40 more datagrams counted', async () => {
      const frames = Number(await desk.counter('rx').getAttribute('data-frames'));
      return frames >= lastFrames + 40 ? frames : undefined;
    }, { timeoutMs: 2_000, intervalMs: 20 });
    if (sending.sent() >= count - 0.2 * perSecond) break;
    samples.push({
      bytes: Number(await rateRx.getAttribute('data-bytes-per-second')),
      frames: Number(await rateRx.getAttribute('data-frames-per-second')),
    });
  }
  const result = await sending.done;
  test.info().annotations.push({ type: 'rate-rx samples (B/s)', description: samples.map((s) => s.bytes).join(', ') });
  test.info().annotations.push({ type: 'sender', description: `${result.sent} datagrams in ${Math.round(result.elapsedMs)} ms` });

  // The sender kept its pace (else the numbers below would measure the test machine, not the app).
  expect(result.sent).toBe(count);
  expect(result.elapsedMs).toBeGreaterThan(3_800);
  expect(result.elapsedMs).toBeLessThan(4_400);
  expect(samples.length, 'readings taken while the peer ran').toBeGreaterThanOrEqual(3);
  for (const sample of samples) {
    expect(sample.bytes, `rate-rx ${sample.bytes} B/s within 10 % of ${expected}`).toBeGreaterThanOrEqual(expected * 0.9);
    expect(sample.bytes).toBeLessThanOrEqual(expected * 1.1);
    expect(sample.frames, `rate-rx ${sample.frames} frames/s within 10 % of ${perSecond}`).toBeGreaterThanOrEqual(perSecond * 0.9);
    expect(sample.frames).toBeLessThanOrEqual(perSecond * 1.1);
  }
  await expect(rateRx).toHaveText(/^\d+(\.\d)? KiB\/s$/);
  await expect(desk.page.getByTestId('rate-tx')).toHaveAttribute('data-bytes-per-second', '0');

  // Every datagram counted; with the sender quiet the rate falls to 0 once the window has passed.
  await desk.expectCounter('rx', { bytes: count * size, frames: count });
  await expect(rateRx).toHaveAttribute('data-bytes-per-second', '0', { timeout: 5_000 });
  await expect(rateRx).toHaveText('0 B/s');
});

/** Sends "row 001"… from `from` to `to` in bursts of 50, each drained by the app before the next. */
async function sendRows(peer: UdpPeer, port: number, from: number, to: number): Promise<void> {
  for (let n = from; n <= to; ) {
    for (const end = Math.min(to, n + 49); n <= end; n++) await peer.send(`row ${String(n).padStart(3, '0')}`, port);
    await waitForUdpDrained(port);
  }
}

/** The row saying `text` is drawn whole inside the log's visible box, and the log is scrolled to its bottom. */
async function expectInView(desk: Desk, text: string): Promise<void> {
  await expect
    .poll(
      async () =>
        desk.log.evaluate((log, wanted) => {
          const box = log.getBoundingClientRect();
          const row = Array.from(log.querySelectorAll<HTMLElement>('[data-testid="log-entry"]')).find((el) => el.querySelector('.log-data')?.textContent === wanted);
          if (!row) return `${wanted} is not drawn`;
          const r = row.getBoundingClientRect();
          if (r.top < box.top - 0.5 || r.bottom > box.top + log.clientHeight + 0.5) return `${wanted} is drawn outside the log's view`;
          if (log.scrollTop + log.clientHeight < log.scrollHeight - 2) return 'the log is not at its bottom';
          return 'in view';
        }, text),
      { message: `${text}, the newest row, in view` },
    )
    .toBe('in view');
}

test('auto-scroll keeps following the newest row after the window is made bigger and smaller', async ({ appHost, desk, peers }) => {
  // Before: growing the window made the browser clamp the log's scroll position; the log took that for the reader
  // scrolling up and stopped following, so rows sent after the resize arrived out of view.
  test.setTimeout(45_000);
  const peer = await peers.udpPeer();
  const port = await openUdp(desk);
  await desk.showReceivedAs('ascii');

  await sendRows(peer, port, 1, 200);
  await expect(desk.logCount).toHaveText('200 entries');
  await expectInView(desk, 'row 200');
  expect(await desk.log.evaluate((log) => log.scrollHeight > 2 * log.clientHeight), 'enough rows to scroll').toBe(true);

  let next = 201;
  for (const size of [
    { width: 1400, height: 1000 },
    { width: 900, height: 560 },
    { width: 1280, height: 900 },
    { width: 1100, height: 720 },
  ]) {
    await appHost.resize(size.width, size.height);
    await expect.poll(() => desk.log.evaluate((log) => log.clientHeight)).toBeGreaterThan(0);
    await sendRows(peer, port, next, next + 19);
    next += 20;
    const newest = `row ${String(next - 1).padStart(3, '0')}`;
    await expect(desk.logCount).toHaveText(`${next - 1} entries`);
    await expectInView(desk, newest);
  }
});
