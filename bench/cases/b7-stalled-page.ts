import { startBrowserHost } from '../harness/browser-session';
import { type CaseContext, type Row, judge } from '../harness/case';
import { HostServerPage } from '../harness/host-server-page';
import { loadAverage, processMemory } from '../harness/proc-net';
import { pollUntil, sleep } from '../harness/wait';
import { TcpCrowd } from '../../electron/engine/test-support/tcp-crowd';

/** How often every client sends a byte while the page is stalled: each time, every client's counts change. */
const SEND_EVERY_MS = 500;
/**
 * What the host may still grow by (MB) over the last two thirds of the stall. In the first third it fills what it
 * keeps for the page by design (the display budget: up to 50 000 frames waiting for the page's acks); after that it
 * must be flat, whatever the length of the stall.
 */
const MAX_LATE_GROWTH_MB = 10;
const MB = 2 ** 20;

/**
 * A page that stops reading its WebSocket (a hung tab, a suspended laptop lid) while a server with `clients` keeps
 * changing: every client sends a byte every SEND_EVERY_MS, so each client list the engine would send carries new
 * counts. What the host holds for that page must not grow with the time it is stalled: traffic batches wait for the
 * page's acks, and client lists must too. Measured: the host's VmRSS at the start, after a third and at the end of
 * the stall, and how many client lists reach the page once it reads again.
 */
export async function stalledPageRow(ctx: CaseContext, clients: number): Promise<Row> {
  // A third is 7 s: the budget fills in 50 000 / 5 000 = 10 rounds (5 s), with time to spare on a busy machine.
  const stallMs = ctx.smoke ? 3_000 : 21_000;
  const loadBefore = await loadAverage();
  const host = await startBrowserHost(ctx.root);
  const crowd = await TcpCrowd.start();
  try {
    const server = await HostServerPage.open(host);
    try {
      const connected = await crowd.connect(server.port, clients);
      if (connected.connected !== clients) throw new Error(`${connected.connected} of ${clients} clients connected`);
      await pollUntil('every client listed', () => (server.listed() === clients ? true : undefined), 60_000, 50);
      await sleep(1_000);
      const listsBefore = server.clientListEvents().count;
      const startMB = (await processMemory(host.pid)).rssBytes / MB;
      server.page.client.socket.pause();
      let thirdMB = startMB;
      const stallStart = performance.now();
      while (performance.now() - stallStart < stallMs) {
        await crowd.send(Buffer.from('x'));
        await sleep(SEND_EVERY_MS);
        if (performance.now() - stallStart < stallMs / 3) thirdMB = (await processMemory(host.pid)).rssBytes / MB;
      }
      const endMB = (await processMemory(host.pid)).rssBytes / MB;
      server.page.client.socket.resume();
      // What the host had queued arrives now; then one more list at most, with the counts of now.
      await sleep(2_000);
      const listsDuring = server.clientListEvents().count - listsBefore;
      const lateGrowth = endMB - thirdMB;
      const changes = Math.floor(stallMs / SEND_EVERY_MS);
      const loadAfter = await loadAverage();
      return {
        id: 'B7',
        what: `host RSS growth over the last ${((stallMs * 2) / 3000).toFixed(0)} s of ${stallMs / 1000} s with the page not reading, ${clients} clients each sending every ${SEND_EVERY_MS} ms`,
        unit: 'MB',
        offered: changes,
        delivered: lateGrowth,
        target: `≤ ${MAX_LATE_GROWTH_MB} MB (bounded, not growing with the stall)`,
        status: judge(ctx, lateGrowth <= MAX_LATE_GROWTH_MB),
        note:
          `VmRSS ${startMB.toFixed(1)} → ${thirdMB.toFixed(1)} after a third (the display budget filling) → ${endMB.toFixed(1)} MB at the end; ` +
          `${listsDuring} client lists reached the page for ${changes} rounds of changes (each list ${(server.clientListEvents().largest / 1024).toFixed(0)} KiB); ` +
          `load ${loadBefore} … ${loadAfter}`,
        runs: { startMB, thirdMB, endMB, listsDuring, changes },
      };
    } finally {
      await server.close();
    }
  } finally {
    await crowd.close('reset');
    await host.stop();
  }
}
