/**
 * B7's memory rows for two builds of the browser host, interleaved run by run (so the machine's load hits both alike):
 *   npx tsx bench/tools/compare-host-memory.ts <other-root> [reps=3] [clients=5000]
 * <other-root> is a directory holding another build's out/ (e.g. one built at an earlier commit) and a node_modules
 * link; this checkout's out/ is the second build. Prints, per build and framing, the medians of VmRSS idle / with the
 * clients / after they reset, KiB per client and the client lists the page got; then the bare Node baseline; then the
 * stalled-page row for each build.
 */
import { fileURLToPath } from 'node:url';
import type { FramingConfig } from '@shared';
import { bareRun, hostRun, type HoldRun } from '../cases/b7-host-memory';
import { stalledPageRow } from '../cases/b7-stalled-page';
import type { CaseContext } from '../harness/case';
import { median } from '../harness/stats';

const [otherRoot, repsArg, clientsArg] = process.argv.slice(2);
if (!otherRoot) throw new Error('usage: compare-host-memory.ts <other-root> [reps] [clients]');
const reps = Number(repsArg ?? 3);
const clients = Number(clientsArg ?? 5000);
const LINES: FramingConfig = { kind: 'delimiter', delimiter: [10], keep: 'strip' };
const contextFor = (root: string): CaseContext => ({
  smoke: false,
  reps: 1,
  root,
  // The memory rows never use the load generator.
  load: undefined as never,
  log: (message) => process.stderr.write(`${message}\n`),
});
const builds = { other: contextFor(otherRoot), this: contextFor(fileURLToPath(new URL('../..', import.meta.url))) };

const runs = new Map<string, HoldRun[]>();
const keep = (name: string, run: HoldRun): void => void runs.set(name, [...(runs.get(name) ?? []), run]);
for (let rep = 0; rep < reps; rep++) {
  for (const [name, ctx] of Object.entries(builds)) keep(`${name} unframed`, await hostRun(ctx, clients));
  for (const [name, ctx] of Object.entries(builds)) keep(`${name} lines`, await hostRun(ctx, clients, LINES));
  keep('bare net', await bareRun(builds.this, clients));
}
for (const [name, list] of runs) {
  const m = (pick: (run: HoldRun) => number): string => median(list.map(pick)).toFixed(1);
  console.log(
    `${name.padEnd(15)} idle ${m((r) => r.idleMB)} → with ${m((r) => r.withMB)} → after ${m((r) => r.afterMB)} MB, ` +
      `${m((r) => r.bytesPerClient / 1024)} KiB/client, ${m((r) => r.clientLists ?? 0)} lists (${m((r) => r.clientListsMB ?? 0)} MB); ` +
      `load ${list[0]?.loadavg} … ${list[list.length - 1]?.loadavg}`,
  );
}
for (const [name, ctx] of Object.entries(builds)) {
  const row = await stalledPageRow(ctx, clients);
  console.log(`${name} stalled page: ${row.delivered?.toFixed(1)} ${row.unit}; ${row.note}`);
}
