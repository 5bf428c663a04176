import { startBrowserHost } from '../harness/browser-session';
import { type CaseContext, type Row, judge } from '../harness/case';
import { HostServerPage } from '../harness/host-server-page';
import { loadAverage, processMemory } from '../harness/proc-net';
import { pollUntil, settled, sleep } from '../harness/wait';
import { TcpCrowd } from '../../electron/engine/test-support/tcp-crowd';

/** How often every client sends a byte while the page is stalled: each time, every client's counts change. */
const SEND_EVERY_MS = 500;
/**
 * What the host may have queued for the stalled page (MB), measured as what reaches the page once it reads again:
 * the traffic batches the credit allows (4) and a client list or two, plus what the kernel's socket buffers hold.
 * Before issue 12 it was one client list (786 KiB for 5 000 clients) every 300 ms for as long as the stall lasted.
 */
const MAX_QUEUED_MB = 10;
const MB = 2 ** 20;

/**
 * A page that stops reading its WebSocket (a hung tab, a suspended laptop lid) while a server with `clients` keeps
 * changing: every client sends a byte every SEND_EVERY_MS, so each client list the engine would send carries new
 * counts. What the host holds for that page must not grow with the time it is stalled: traffic batches wait for the
 * page's acks, and client lists must too. Measured: what reaches the page once it reads again (what the host had
 * queued for it), how many client lists; and the host's VmRSS every round, which also holds the display budget (up to
 * 50 000 frames waiting for the page's acks: ten rounds of 5 000) by design.
 */
export async function stalledPageRow(ctx: CaseContext, clients: number): Promise<Row> {
  // Half is 12 s: the budget fills in 50 000 / 5 000 = 10 rounds (5 s), with time to spare on a busy machine.
  const stallMs = ctx.smoke ? 3_000 : 24_000;
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
      const samples: Array<{ s: number; mb: number }> = [];
      const stallStart = performance.now();
      while (performance.now() - stallStart < stallMs) {
        await crowd.send(Buffer.from('x'));
        await sleep(SEND_EVERY_MS);
        samples.push({ s: (performance.now() - stallStart) / 1000, mb: (await processMemory(host.pid)).rssBytes / MB });
      }
      const bytesBeforeResume = server.receivedBytes();
      server.page.client.socket.resume();
      // What the host had queued arrives now (then at most one more list, with the counts of now).
      const queuedMB = ((await settled(() => server.receivedBytes(), 500, 15_000)) - bytesBeforeResume) / MB;
      const listsDuring = server.clientListEvents().count - listsBefore;
      const late = samples.filter((sample) => sample.s >= stallMs / 2000);
      const halfMB = late[0]?.mb ?? Number.NaN;
      const endMB = samples[samples.length - 1]?.mb ?? Number.NaN;
      const changes = samples.length;
      const loadAfter = await loadAverage();
      return {
        id: 'B7',
        what: `bytes queued for a page that did not read for ${stallMs / 1000} s, ${clients} clients each sending every ${SEND_EVERY_MS} ms`,
        unit: 'MB',
        offered: changes,
        delivered: queuedMB,
        target: `≤ ${MAX_QUEUED_MB} MB (bounded by the batch credit, not by the stall)`,
        status: judge(ctx, queuedMB <= MAX_QUEUED_MB),
        note:
          `what reached the page once it read again; ${listsDuring} client lists for ${changes} rounds of changes (each list ` +
          `${(server.clientListEvents().largest / 1024).toFixed(0)} KiB); host VmRSS ${startMB.toFixed(1)} MB at the start → ${halfMB.toFixed(1)} at half ` +
          `time (the display budget filled) → ${endMB.toFixed(1)} MB at the end, slope ${slopeOf(late).toFixed(2)} MB/s over the second half; ` +
          `load ${loadBefore} … ${loadAfter}`,
        runs: { queuedMB, samples, listsDuring },
      };
    } finally {
      await server.close();
    }
  } finally {
    await crowd.close('reset');
    await host.stop();
  }
}

/** Least-squares slope of mb over s (MB/s); NaN for fewer than two samples. */
function slopeOf(samples: ReadonlyArray<{ s: number; mb: number }>): number {
  const n = samples.length;
  if (n < 2) return Number.NaN;
  const meanS = samples.reduce((sum, p) => sum + p.s, 0) / n;
  const meanMB = samples.reduce((sum, p) => sum + p.mb, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of samples) {
    num += (p.s - meanS) * (p.mb - meanMB);
    den += (p.s - meanS) ** 2;
  }
  return num / den;
}
