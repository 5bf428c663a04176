import type { LoadProcess } from './load-process';

/** How a row compares with its target. */
export type Status = 'met' | 'short' | 'info' | 'not measurable yet' | 'error';

/** One line of the results table: a measurement, optionally against a baseline from the same run. */
export interface Row {
  /** "B1", "B4", … */
  readonly id: string;
  /** What was measured, e.g. "UDP ingest 64 B vs bare Node dgram". */
  readonly what: string;
  /** Unit of offered/delivered/baseline, e.g. "dgram/s", "MB/s", "ms". */
  readonly unit: string;
  readonly offered?: number;
  readonly delivered?: number;
  /** Fraction lost (0..1) where it means something. */
  readonly loss?: number;
  readonly baselineName?: string;
  readonly baseline?: number;
  /** delivered / baseline (or as the case defines it). */
  readonly ratio?: number;
  /** The target in words, e.g. "≥ 0.8× bare". */
  readonly target: string;
  readonly status: Status;
  /** Why it falls short, what was checked, how many runs. */
  readonly note?: string;
  /** Per-run raw numbers, for results.json. */
  readonly runs?: unknown;
}

export interface CaseContext {
  /** Tiny counts, no thresholds: proves the code path runs (CI). */
  readonly smoke: boolean;
  /** Runs per variant; the table reports the median. */
  readonly reps: number;
  readonly load: LoadProcess;
  /** Repository root (out/ lives there). */
  readonly root: string;
  log(message: string): void;
}

export interface BenchCase {
  readonly id: string;
  readonly title: string;
  run(ctx: CaseContext): Promise<Row[]>;
}

/** In smoke mode every threshold becomes "info": the suite proves it runs, not that the machine is fast. */
export function judge(ctx: CaseContext, isMet: boolean): Status {
  if (ctx.smoke) return 'info';
  return isMet ? 'met' : 'short';
}

/**
 * engine, baseline, engine, baseline, …: each variant runs `reps` times, alternating, so drift of the machine
 * (thermal, other load) hits both sides alike.
 */
export async function interleave<T>(reps: number, variants: Record<string, () => Promise<T>>, log?: (message: string) => void): Promise<Record<string, T[]>> {
  const out: Record<string, T[]> = {};
  for (const name of Object.keys(variants)) out[name] = [];
  for (let rep = 0; rep < reps; rep++) {
    for (const [name, run] of Object.entries(variants)) {
      const result = await run();
      out[name]!.push(result);
      log?.(`  run ${rep + 1}/${reps} ${name}: ${JSON.stringify(result)}`);
    }
  }
  return out;
}

/** A case whose measurement is not written yet: one honest row instead of silence. */
export function pending(id: string, title: string, why: string, target: string): BenchCase {
  return { id, title, run: async () => [{ id, what: title, unit: '', target, status: 'not measurable yet', note: why }] };
}

export function notYet(id: string, what: string, reason: string, target: string): Row {
  return { id, what, unit: '', target, status: 'not measurable yet', note: reason };
}

/**
 * Whether the contract (shared/contract/schemas.ts) has this command AND the Engine implements it: cases for
 * features still being built check this and report "not measurable yet" until both are true.
 */
export async function hasCommand(name: string): Promise<boolean> {
  const { isCommandName } = await import('@shared');
  if (!isCommandName(name)) return false;
  const { Engine } = await import('../../electron/engine/engine');
  const engine = new Engine(() => undefined);
  try {
    const opened = await engine.handle('session.open', { config: { kind: 'udp', localAddress: '127.0.0.1', localPort: 0 } });
    const sessionId = opened.ok ? opened.value.sessionId : 's1';
    const result = await engine.handle(name, { sessionId } as never);
    // A stub answers "not implemented"; a missing handler "Unknown command". Any other answer means it exists.
    return result.ok || !/not implemented|unknown command/i.test(result.error.message);
  } finally {
    await engine.dispose();
  }
}
