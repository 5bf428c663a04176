import type { FramingConfig } from '@shared';
import { BareNetHolder } from '../harness/bare-net-holder';
import { startBrowserHost } from '../harness/browser-session';
import { type CaseContext, type Row, interleave, judge } from '../harness/case';
import { HostServerPage } from '../harness/host-server-page';
import { loadAverage, processMemory } from '../harness/proc-net';
import { median, medianRun } from '../harness/stats';
import { pollUntil, sleep } from '../harness/wait';
import { TcpCrowd } from '../../electron/engine/test-support/tcp-crowd';

/** The target for the host process alone with 5 000 clients. */
const TARGET_MB = 150;
/** One line per client, so a line framer cuts one message each; 16 B, so the byte counter proves every one arrived. */
const MESSAGE = Buffer.from('hello, server!\r\n');
/** Each client's bytes cut into lines: what a user watching line-based devices turns on. */
const LINE_FRAMING: FramingConfig = { kind: 'delimiter', delimiter: [10], keep: 'strip' };
const MB = 2 ** 20;

/** One process (the browser host, or the bare baseline) through idle → N clients → they left, resident set each time. */
export interface HoldRun {
  idleMB: number;
  withMB: number;
  /** VmHWM: the process is fresh, so this is the peak of its whole life, the clients' arrival included. */
  peakMB: number;
  afterMB: number;
  /** (with − idle) / clients. */
  bytesPerClient: number;
  held: number;
  /** Host only: bytes counted = clients × 16, and the client lists (`server.clients`) the page got. */
  rxBytes?: number;
  clientLists?: number;
  clientListsMB?: number;
  loadavg: string;
}

const rssMB = async (pid: number): Promise<number> => (await processMemory(pid)).rssBytes / MB;

/**
 * The measurement both processes go through: idle, then `clients` from a python3 crowd (each sends one line), then
 * the crowd resets its connections (a FIN would leave them half-closed in the host for its linger time). Resident
 * set from /proc/<pid>/status after each settles; no forced GC, so the figures are what the user's system shows.
 */
async function hold(
  ctx: CaseContext,
  clients: number,
  pid: number,
  port: number,
  held: () => Promise<number>,
  allCounted: () => boolean,
): Promise<Omit<HoldRun, 'loadavg' | 'rxBytes' | 'clientLists' | 'clientListsMB'>> {
  const settleMs = ctx.smoke ? 200 : 1_000;
  const crowd = await TcpCrowd.start();
  try {
    await sleep(settleMs);
    const idleMB = await rssMB(pid);
    const connected = await crowd.connect(port, clients);
    if (connected.connected !== clients) throw new Error(`${connected.connected} of ${clients} clients connected: ${JSON.stringify(connected.failed)}`);
    await crowd.send(MESSAGE);
    await pollUntil('every client held and its line counted', async () => ((await held()) === clients && allCounted() ? true : undefined), 60_000, 50);
    await sleep(settleMs);
    const memory = await processMemory(pid);
    const withMB = memory.rssBytes / MB;
    const heldNow = await held();
    await crowd.close('reset');
    await pollUntil('every client gone', async () => ((await held()) === 0 ? true : undefined), 30_000, 50);
    await sleep(settleMs);
    const afterMB = await rssMB(pid);
    return { idleMB, withMB, peakMB: memory.peakRssBytes / MB, afterMB, bytesPerClient: ((withMB - idleMB) * MB) / clients, held: heldNow };
  } finally {
    await crowd.close('reset');
  }
}

/** `node out/main/serve.js` as a user starts it, a page attached over its WebSocket, one TCP server session. */
export async function hostRun(ctx: CaseContext, clients: number, framing?: FramingConfig): Promise<HoldRun> {
  const loadavg = await loadAverage();
  const host = await startBrowserHost(ctx.root);
  try {
    const server = await HostServerPage.open(host, framing);
    try {
      const run = await hold(
        ctx,
        clients,
        host.pid,
        server.port,
        async () => server.listed(),
        () => server.rxBytes() === clients * MESSAGE.length,
      );
      const lists = server.clientListEvents();
      return { ...run, rxBytes: server.rxBytes(), clientLists: lists.count, clientListsMB: lists.wireBytes / MB, loadavg };
    } finally {
      await server.close();
    }
  } finally {
    await host.stop();
  }
}

/** A bare Node `net` server in a fresh process holding the same clients (bench/load/bare-net-holder.mjs). */
export async function bareRun(ctx: CaseContext, clients: number): Promise<HoldRun> {
  const loadavg = await loadAverage();
  const bare = await BareNetHolder.start();
  try {
    return { ...(await hold(ctx, clients, bare.pid, bare.port, () => bare.open(), () => true)), loadavg };
  } finally {
    await bare.stop();
  }
}

const fixed = (value: number, digits = 1): string => value.toFixed(digits);

function memoryRow(ctx: CaseContext, clients: number, what: string, host: HoldRun[], bare: HoldRun[]): Row {
  const withMB = median(host.map((r) => r.withMB));
  const bareMB = median(bare.map((r) => r.withMB));
  const run = medianRun(host, (r) => r.withMB);
  const counted = host.every((r) => r.held === clients && r.rxBytes === clients * MESSAGE.length);
  return {
    id: 'B7',
    what: `host RSS with ${clients} clients, ${what} (node out/main/serve.js, page attached) vs bare Node net in a fresh process`,
    unit: 'MB',
    offered: clients,
    delivered: withMB,
    baselineName: `bare net holding ${clients}`,
    baseline: bareMB,
    ratio: withMB / bareMB,
    target: `≤ ${TARGET_MB} MB (host process alone), all held and counted`,
    status: judge(ctx, withMB <= TARGET_MB && counted),
    note:
      `VmRSS of the host process, median of ${host.length}: idle ${fixed(run.idleMB)} → ${fixed(run.withMB)} with the clients → ` +
      `${fixed(run.afterMB)} MB after they reset (peak ${fixed(run.peakMB)}); ${fixed(run.bytesPerClient / 1024)} KiB per client ` +
      `(bare: ${fixed(median(bare.map((r) => r.idleMB)))} → ${fixed(bareMB)} → ${fixed(median(bare.map((r) => r.afterMB)))} MB, ` +
      `${fixed(median(bare.map((r) => r.bytesPerClient)) / 1024)} KiB per client); page got ${run.clientLists} client lists, ` +
      `${fixed(run.clientListsMB ?? 0)} MB; load ${host[0]?.loadavg} … ${host[host.length - 1]?.loadavg}`,
    runs: { host, bare },
  };
}

/**
 * Issue 12: the memory of the browser host process alone, as a user runs it, with `clients` idle TCP clients each
 * having sent one line; unframed and line-framed; against a bare Node `net` server holding as many, interleaved.
 */
export async function hostMemoryRows(ctx: CaseContext, clients: number): Promise<Row[]> {
  const runs = await interleave(
    ctx.reps,
    {
      host: () => hostRun(ctx, clients),
      hostLines: () => hostRun(ctx, clients, LINE_FRAMING),
      bare: () => bareRun(ctx, clients),
    },
    ctx.log,
  );
  const bare = runs.bare!;
  const perClient = median(runs.host!.map((r) => r.bytesPerClient));
  const barePerClient = median(bare.map((r) => r.bytesPerClient));
  return [
    memoryRow(ctx, clients, 'unframed', runs.host!, bare),
    memoryRow(ctx, clients, 'each cut into lines', runs.hostLines!, bare),
    {
      id: 'B7',
      what: `host RSS per idle client (unframed), vs bare Node net`,
      unit: 'KiB',
      offered: clients,
      delivered: perClient / 1024,
      baselineName: 'bare net',
      baseline: barePerClient / 1024,
      ratio: perClient / barePerClient,
      target: 'info (bounded: see docs/architecture.md)',
      status: 'info',
      note: `(RSS with − idle) / ${clients}, medians of ${ctx.reps}; line-framed ${fixed(median(runs.hostLines!.map((r) => r.bytesPerClient)) / 1024)} KiB`,
    },
  ];
}
