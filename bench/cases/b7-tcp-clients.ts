import { createServer, type Server, type Socket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { hostMemoryRows } from './b7-host-memory';
import { stalledPageRow } from './b7-stalled-page';
import { type BenchCase, type CaseContext, type Row, interleave, judge } from '../harness/case';
import { RendererLikeEngine } from '../harness/renderer-like-sink';
import { median } from '../harness/stats';
import { pollUntil, sleep } from '../harness/wait';

/** One message per client; 16 bytes so the byte count also proves which messages arrived. */
const MESSAGE = 'hello, server!\r\n';
const DEADLINE_MS = 5_000;

interface ClientsRun {
  /** ms from asking for the connections until every client was accepted AND its bytes counted. */
  accountedMs: number;
  accepted: number;
  rxBytes: number;
  connectFailed: number;
  /** Worst event-loop delay of the receiving process during the run (ms): the host's "interactive" proxy. */
  maxLoopDelayMs: number;
  clientsEvents?: number;
  clientsEventMB?: number;
}

async function drive(ctx: CaseContext, clients: number, port: number, probe: () => { accepted: number; rxBytes: number }): Promise<ClientsRun> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const start = performance.now();
  const connecting = ctx.load.request({ kind: 'tcp-clients', host: '127.0.0.1', port, clients, message: MESSAGE, timeoutMs: DEADLINE_MS * 3 }, DEADLINE_MS * 4);
  const want = clients * MESSAGE.length;
  let accountedMs = Number.NaN;
  await pollUntil(
    'all clients accepted and counted',
    () => {
      const p = probe();
      return p.accepted >= clients && p.rxBytes >= want ? true : undefined;
    },
    DEADLINE_MS * 2,
    5,
  )
    .then(() => (accountedMs = performance.now() - start))
    .catch(() => undefined);
  const reply = await connecting;
  delay.disable();
  const { accepted, rxBytes } = probe();
  await ctx.load.request({ kind: 'hang-up' });
  return { accountedMs, accepted, rxBytes, connectFailed: reply.failed, maxLoopDelayMs: delay.max / 1e6 };
}

async function engineRun(ctx: CaseContext, clients: number): Promise<ClientsRun> {
  const host = new RendererLikeEngine();
  host.measureClientsJson = true;
  const opened = (await host.must('session.open', { config: { kind: 'tcp-server', localAddress: '127.0.0.1', localPort: 0 } })) as { sessionId: string; local: { port: number } };
  const tally = host.tally(opened.sessionId);
  const run = await drive(ctx, clients, opened.local.port, () => ({ accepted: host.clients.lastCount, rxBytes: tally.counters.rxBytes }));
  await host.dispose();
  await sleep(200);
  return { ...run, clientsEvents: host.clients.events, clientsEventMB: host.clients.jsonBytes / 2 ** 20 };
}

/** Bare Node `net` with the listen backlog given (Node's default is 511). */
async function bareRun(ctx: CaseContext, clients: number, backlog: number): Promise<ClientsRun> {
  let accepted = 0;
  let rxBytes = 0;
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    accepted++;
    socket.on('data', (chunk) => (rxBytes += chunk.length));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0, backlog }, resolve));
  const port = (server.address() as { port: number }).port;
  const run = await drive(ctx, clients, port, () => ({ accepted, rxBytes }));
  server.close();
  for (const socket of sockets) socket.destroy();
  await sleep(200);
  return run;
}

export const b7TcpClients: BenchCase = {
  id: 'B7',
  title: 'TCP server with 5 000 concurrent loopback clients, one message each; the host process\'s memory',
  async run(ctx) {
    const clients = ctx.smoke ? 200 : 5_000;
    const runs = await interleave(
      ctx.reps,
      {
        engine: () => engineRun(ctx, clients),
        bare511: () => bareRun(ctx, clients, 511),
        bare4096: () => bareRun(ctx, clients, 4096),
      },
      ctx.log,
    );
    const eng = runs.engine!;
    const t = median(eng.map((r) => (Number.isNaN(r.accountedMs) ? Number.POSITIVE_INFINITY : r.accountedMs)));
    const rows: Row[] = [];
    const allAccounted = eng.every((r) => r.accepted === clients && r.rxBytes === clients * MESSAGE.length);
    for (const [name, label] of [
      ['bare511', 'bare net, backlog 511'],
      ['bare4096', 'bare net, backlog 4096'],
    ] as const) {
      const base = median(runs[name]!.map((r) => r.accountedMs));
      rows.push({
        id: 'B7',
        what: `${clients} clients accepted+counted vs ${label}`,
        unit: 'ms',
        offered: clients,
        delivered: t,
        baselineName: label,
        baseline: base,
        ratio: t / base,
        target: `≤ ${DEADLINE_MS} ms, all accounted`,
        status: judge(ctx, t <= DEADLINE_MS && allAccounted),
        note:
          (t === Number.POSITIVE_INFINITY ? `engine did not account for all clients within ${(DEADLINE_MS * 2) / 1000} s; ` : '') +
          `ratio = engine time / baseline time (lower is better); accepted ${median(eng.map((r) => r.accepted))}, ` +
          `host max event-loop delay ${median(eng.map((r) => r.maxLoopDelayMs)).toFixed(0)} ms (bare ${median(runs[name]!.map((r) => r.maxLoopDelayMs)).toFixed(0)} ms); ` +
          `${median(eng.map((r) => r.clientsEvents ?? 0))} server.clients events carrying ${median(eng.map((r) => r.clientsEventMB ?? 0)).toFixed(0)} MB of JSON; median of ${ctx.reps}`,
        runs: { engine: eng, [name]: runs[name] },
      });
    }
    // Memory is measured on the host process alone (its own case file): this process holds the bench harness.
    rows.push(...(await hostMemoryRows(ctx, clients)));
    rows.push(await stalledPageRow(ctx, clients));
    return rows;
  },
};
