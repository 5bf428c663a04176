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

export function notYet(id: string, what: string, reason: string, target: string): Row {
  return { id, what, unit: '', target, status: 'not measurable yet', note: reason };
}
