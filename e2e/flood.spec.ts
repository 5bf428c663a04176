import { expect, test } from './fixtures';
import { freePort } from './peers/ports';

/**
 * DESIGN §3: "counters are always exact; only the on-screen log may be thinned, and it says so".
 * A Node peer sends UDP datagrams as fast as it can for a second. The kernel drops what the app's socket
 * buffer cannot hold, and the app counts those drops beside RX (issue 11: the socket's own count, from
 * /proc/net/udp), so received + dropped is exactly what was sent.
 */
test('a UDP flood: every delivered datagram counted, the log accounts for all of them, the UI answers at once', async ({ desk, peers }) => {
  const localPort = await freePort('udp');
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', localPort);
  await desk.open();

  const peer = await peers.udpPeer();
  const payload = Buffer.alloc(32, 'flood');
  // At most a second and at most 20 000 datagrams: well below the log's ring buffer (100 000 frames by
  // default), so every frame the app received is either on screen or in a "not displayed" marker.
  let sent = 0;
  for (const start = Date.now(); Date.now() - start < 1_000 && sent < 20_000; sent++) await peer.send(payload, localPort);

  // The UI is not stuck behind the flood: a reply goes out and is seen by the peer right away.
  await desk.sendTo(peer.address);
  await desk.send('still here');
  await expect.poll(() => peer.received.map((d) => d.data.toString('latin1'))).toEqual(['still here']);

  // Counted + dropped by the kernel = sent, exactly (the drop counter is this socket's own).
  const rxFrames = async () => Number(await desk.counter('rx').getAttribute('data-frames'));
  const dropped = async () => Number(await desk.page.getByTestId('counter-dropped').getAttribute('data-dropped'));
  await expect.poll(async () => (await rxFrames()) + (await dropped()), { timeout: 15_000 }).toBe(sent);
  const frames = await rxFrames();
  await desk.expectCounter('rx', { bytes: frames * payload.length, frames });
  console.log(`[e2e flood] sent ${sent}, received ${frames}, dropped by the OS ${await dropped()}`);

  // What the log shows plus what it says it left out adds up to what was counted. The log view redraws on
  // the next animation frame after the counters, so poll rather than read once. Received rows only: the log also
  // holds our reply and the rows saying what the OS dropped.
  await desk.page.getByTestId('log-filter-dir').selectOption('rx');
  const accounted = async () => {
    const shown = Number(((await desk.page.getByText(/^[\d,\s]+ entries$/).textContent()) ?? '').replace(/\D/g, ''));
    const gaps = await desk.log.getByTestId('log-gap').allTextContents();
    const gapFrames = gaps.reduce((sum, text) => sum + Number(/([\d,\s]+) frames/.exec(text)?.[1]?.replace(/\D/g, '') ?? 0), 0);
    return shown + gapFrames;
  };
  await expect.poll(accounted, { message: 'received rows + frames marked not displayed', timeout: 5_000 }).toBe(frames);
});
