import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';
import { freePort } from './peers/ports';

/**
 * DESIGN §3: "counters are always exact; only the on-screen log may be thinned, and it says so".
 * A Node peer sends UDP datagrams as fast as it can for a second. The kernel drops what the app's socket
 * buffer cannot hold, and counts those drops (/proc/net/snmp, Udp RcvbufErrors — system-wide, so another
 * program's drops can only widen the window, never narrow it).
 */
async function udpReceiveBufferErrors(): Promise<number> {
  const lines = (await readFile('/proc/net/snmp', 'utf8')).split('\n').filter((line) => line.startsWith('Udp:'));
  const names = lines[0]?.split(/\s+/) ?? [];
  const values = lines[1]?.split(/\s+/) ?? [];
  return Number(values[names.indexOf('RcvbufErrors')]);
}

test('a UDP flood: every delivered datagram counted, the log accounts for all of them, the UI answers at once', async ({ desk, peers }) => {
  const localPort = await freePort('udp');
  await desk.chooseProtocol('udp');
  await desk.setLocal('127.0.0.1', localPort);
  await desk.open();

  const peer = await peers.udpPeer();
  const payload = Buffer.alloc(32, 'flood');
  const dropsBefore = await udpReceiveBufferErrors();
  // At most a second and at most 20 000 datagrams: well below the log's ring buffer (100 000 frames by
  // default), so every frame the app received is either on screen or in a "not displayed" marker.
  let sent = 0;
  for (const start = Date.now(); Date.now() - start < 1_000 && sent < 20_000; sent++) await peer.send(payload, localPort);

  // The UI is not stuck behind the flood: a reply goes out and is seen by the peer right away.
  await desk.sendTo(peer.address);
  await desk.send('still here');
  await expect.poll(() => peer.received.map((d) => d.data.toString('latin1'))).toEqual(['still here']);

  // Counted = sent − dropped by the kernel (exactly, when nothing else on the machine dropped UDP meanwhile).
  const rxFrames = async () => Number(await desk.counter('rx').getAttribute('data-frames'));
  await expect
    .poll(async () => {
      const dropped = (await udpReceiveBufferErrors()) - dropsBefore;
      const counted = await rxFrames();
      return counted <= sent && counted >= sent - dropped;
    }, { timeout: 15_000 })
    .toBe(true);
  const frames = await rxFrames();
  await desk.expectCounter('rx', { bytes: frames * payload.length, frames });

  // What the log shows plus what it says it left out adds up to what was counted. The log view redraws on
  // the next animation frame after the counters, so poll rather than read once.
  const accounted = async () => {
    const shown = Number(((await desk.page.getByText(/^[\d,\s]+ entries$/).textContent()) ?? '').replace(/\D/g, ''));
    const gaps = await desk.log.getByTestId('log-gap').allTextContents();
    const gapFrames = gaps.reduce((sum, text) => sum + Number(/([\d,\s]+) frames/.exec(text)?.[1]?.replace(/\D/g, '') ?? 0), 0);
    return shown - 1 + gapFrames; // one entry is our reply
  };
  await expect.poll(accounted, { message: 'log entries (less our reply) + frames marked not displayed', timeout: 5_000 }).toBe(frames);
});
