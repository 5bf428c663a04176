/**
 * `npm run bench` (= build, then `tsx bench/run.ts`): runs the cases of issue 3, prints one table and writes
 * bench/results.json. Options:
 *   --smoke        tiny counts, no thresholds (CI: proves every case still runs, in seconds)
 *   --only B1,B4   run only these cases
 *   --reps N       runs per variant (default 3; the table shows the median)
 * Exit code: 0 when every row ran (short targets are reported, not fatal); 1 when a case threw.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { CASES } from './cases';
import type { CaseContext, Row } from './harness/case';
import { LoadProcess } from './harness/load-process';
import { formatMarkdown, formatTable } from './harness/table';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function parseArgs(argv: readonly string[]): { smoke: boolean; only?: Set<string>; reps: number; markdown: boolean } {
  let smoke = false;
  let only: Set<string> | undefined;
  let reps = 3;
  let markdown = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--smoke') smoke = true;
    else if (arg === '--markdown') markdown = true;
    else if (arg === '--only') only = new Set((argv[++i] ?? '').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean));
    else if (arg.startsWith('--only=')) only = new Set(arg.slice(7).split(',').map((s) => s.trim().toUpperCase()).filter(Boolean));
    else if (arg === '--reps') reps = Math.max(1, Number(argv[++i]));
    else throw new Error(`unknown argument ${arg} (use --smoke, --only B1,B4, --reps N, --markdown)`);
  }
  return { smoke, ...(only ? { only } : {}), reps: smoke ? 1 : Math.max(3, reps), markdown };
}

function toolVersion(cmd: string, args: string[], pattern: RegExp): string {
  try {
    const out = execFileSync(cmd, args, { encoding: 'utf8', timeout: 5_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return pattern.exec(out)?.[1] ?? out.split('\n')[0]!.trim();
  } catch {
    return 'not found';
  }
}

export function machine(): Record<string, string | number> {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpu,
    cores: os.cpus().length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    chromium: toolVersion('/usr/bin/chromium', ['--version'], /Chromium ([\d.]+)/),
    socat: toolVersion('socat', ['-V'], /socat version ([\d.]+)/),
  };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const cases = CASES.filter((c) => !args.only || args.only.has(c.id));
  if (cases.length === 0) throw new Error(`no case matches --only ${[...(args.only ?? [])].join(',')}`);
  const load = await LoadProcess.start();
  const ctx: CaseContext = {
    smoke: args.smoke,
    reps: args.reps,
    load,
    root: ROOT,
    log: (message) => process.stderr.write(`${message}\n`),
  };
  const info = machine();
  process.stderr.write(`SocketDesk bench${args.smoke ? ' (smoke)' : ''}: ${JSON.stringify(info)}\n`);
  const rows: Row[] = [];
  let failed = false;
  try {
    for (const c of cases) {
      const t0 = performance.now();
      ctx.log(`── ${c.id}: ${c.title}`);
      try {
        rows.push(...(await c.run(ctx)));
      } catch (error) {
        failed = true;
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        ctx.log(`${c.id} failed: ${message}`);
        rows.push({ id: c.id, what: c.title, unit: '', target: '', status: 'error', note: message.split('\n')[0] });
      }
      ctx.log(`── ${c.id} took ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await load.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`\n${formatTable(rows)}\n\n${args.smoke ? 'smoke run: ' : ''}${rows.length} rows in ${seconds.toFixed(0)} s\n`);
  if (args.markdown) process.stdout.write(`\n${formatMarkdown(rows)}\n`);
  const file = new URL(args.smoke ? './results.smoke.json' : './results.json', import.meta.url);
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), smoke: args.smoke, reps: args.reps, seconds, machine: info, rows }, null, 2)}\n`);
  process.stderr.write(`wrote ${fileURLToPath(file)}\n`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
