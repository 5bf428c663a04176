import { startBrowserHost } from '../harness/browser-session';
import { type CaseContext, type Row, judge } from '../harness/case';
import { HostServerPage } from '../harness/host-server-page';
import { loadAverage, processMemory } from '../harness/proc-net';
import { pollUntil, sleep } from '../harness/wait';
import { TcpCrowd } from '../../electron/engine/test-support/tcp-crowd';

/** How often every client sends a byte while the page is stalled: each time, every client's counts change. */
const SEND_EVERY_MS = 500;
/** What the host may grow by while the page reads nothing (MB): a few client lists in flight, not one per change. */
const MAX_GROWTH_MB = 20;
const MB = 2 ** 20;

/**
 * A page that stops reading its WebSocket (a hung tab, a suspended laptop lid) while a server with `clients` keeps
 * changing: every client sends a byte every SEND_EVERY_MS, so each client list the engine would send carries new
 * counts. What the host holds for that page must not grow with the time it is stalled: traffic batches wait for the
 * page's acks, and client lists must too. Measured: the host's VmRSS at the start and end of the stall, and how many
 * client lists reach the page once it reads again.
 */
export async function stalledPageRow(ctx: CaseContext, clients: number): Promise<Row> {
  const stallMs = ctx.smoke ? 2_000 : 15_000;
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
      let peakMB = startMB;
      const stallStart = performance.now();
      while (performance.now() - stallStart < stallMs) {
        await crowd.send(Buffer.from('x'));
        await sleep(SEND_EVERY_MS);
        peakMB = Math.max(peakMB, (await processMemory(host.pid)).rssBytes / MB);
      }
      const endMB = (await processMemory(host.pid)).rssBytes / MB;
      server.page.client.socket.resume();
      // What the host had queued arrives now; then one more list at most, with the counts of now.
      await sleep(2_000);
      const listsDuring = server.clientListEvents().count - listsBefore;
      const growth = peakMB - startMB;
      const changes = Math.floor(stallMs / SEND_EVERY_MS);
      const loadAfter = await loadAverage();
      return {
        id: 'B7',
        what: `host RSS growth while the page does not read for ${stallMs / 1000} s, ${clients} clients each sending every ${SEND_EVERY_MS} ms`,
        unit: 'MB',
        offered: changes,
        delivered: growth,
        target: `≤ ${MAX_GROWTH_MB} MB, not growing with the stall`,
        status: judge(ctx, growth <= MAX_GROWTH_MB),
        note:
          `VmRSS ${startMB.toFixed(1)} → peak ${peakMB.toFixed(1)} → ${endMB.toFixed(1)} MB at the end of the stall; ${listsDuring} client lists ` +
          `reached the page for ${changes} rounds of changes (each list ${(server.clientListEvents().largest / 1024).toFixed(0)} KiB); ` +
          `load ${loadBefore} … ${loadAfter}`,
        runs: { startMB, peakMB, endMB, listsDuring, changes },
      };
    } finally {
      await server.close();
    }
  } finally {
    await crowd.close('reset');
    await host.stop();
  }
}
