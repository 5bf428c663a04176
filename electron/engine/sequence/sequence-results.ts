import type { SequenceFailure, SequenceLatency, SequenceOutcome, SequenceStepResult, SequenceStepStatus } from '@shared';

interface StepTally {
  status: SequenceStepStatus;
  runs: number;
  passed: number;
  failed: number;
  latencyMs?: number;
  failure?: SequenceFailure;
}

/**
 * The results of one run, per listed step (a step inside a repeat runs many times: its counts add up, its latency
 * and failure are the latest), the run's totals, and which steps changed since the last progress event.
 */
export class SequenceResults {
  private readonly tallies: StepTally[];
  private readonly changed = new Set<number>();
  private readonly latencies: number[] = [];
  passed = 0;
  failed = 0;
  stepsRun = 0;
  firstFailure: { readonly index: number; readonly failure: SequenceFailure } | undefined;

  constructor(stepCount: number) {
    this.tallies = Array.from({ length: stepCount }, () => ({ status: 'idle', runs: 0, passed: 0, failed: 0 }));
  }

  /** A send, wait or expect step starts one execution. */
  start(index: number): void {
    const tally = this.tallies[index]!;
    tally.runs += 1;
    // A step that failed once in this run keeps showing it (its counts say how often it passed since).
    if (tally.failed === 0) tally.status = 'running';
    this.stepsRun += 1;
    this.changed.add(index);
  }

  /** `latencyMs`: an expect that matched after a send. `isCheck`: an expect (what `passed` counts). */
  pass(index: number, isCheck: boolean, latencyMs?: number): void {
    const tally = this.tallies[index]!;
    tally.passed += 1;
    if (tally.failed === 0) tally.status = 'passed';
    if (latencyMs !== undefined) {
      tally.latencyMs = latencyMs;
      this.latencies.push(latencyMs);
    }
    if (isCheck) this.passed += 1;
    this.changed.add(index);
  }

  fail(index: number, failure: SequenceFailure): void {
    const tally = this.tallies[index]!;
    tally.failed += 1;
    tally.status = 'failed';
    tally.failure = failure;
    this.failed += 1;
    this.firstFailure ??= { index, failure };
    this.changed.add(index);
  }

  /** A repeat begins a pass of its block. */
  beginPass(index: number): void {
    const tally = this.tallies[index]!;
    tally.runs += 1;
    if (tally.failed === 0) tally.status = 'running';
    this.changed.add(index);
  }

  /** A repeat's block ran to its end once more: `passed` counts whole passes. */
  completePass(index: number): void {
    this.tallies[index]!.passed += 1;
    this.changed.add(index);
  }

  /** A repeat ran its block the last time. */
  endRepeat(index: number): void {
    const tally = this.tallies[index]!;
    tally.status = tally.failed > 0 ? 'failed' : 'passed';
    this.changed.add(index);
  }

  /** A step inside the block of the repeat at `index` failed: the repeat's `failed` counts those failures. */
  failBlock(index: number): void {
    const tally = this.tallies[index]!;
    tally.failed += 1;
    tally.status = 'failed';
    this.changed.add(index);
  }

  /**
   * The run ended: steps still running end as failed when the run failed inside them (a failure, the session
   * closed), or as idle when the user stopped it there; a repeat around a failure shows it failed.
   */
  finish(outcome: SequenceOutcome): void {
    for (const [index, tally] of this.tallies.entries()) {
      if (tally.status !== 'running') continue;
      tally.status = outcome === 'stopped' ? 'idle' : 'failed';
      this.changed.add(index);
    }
  }

  takeChanged(): SequenceStepResult[] {
    const changed = [...this.changed].sort((a, b) => a - b).map((index) => this.resultOf(index));
    this.changed.clear();
    return changed;
  }

  all(): SequenceStepResult[] {
    return this.tallies.map((_, index) => this.resultOf(index));
  }

  latency(): SequenceLatency | null {
    return latencyStats(this.latencies);
  }

  private resultOf(index: number): SequenceStepResult {
    const { status, runs, passed, failed, latencyMs, failure } = this.tallies[index]!;
    return { index, status, runs, passed, failed, ...(latencyMs !== undefined ? { latencyMs } : {}), ...(failure ? { failure } : {}) };
  }
}

/** min / median / max of the latencies (ms); the median of an even count is the mean of the middle two. */
export function latencyStats(latencies: readonly number[]): SequenceLatency | null {
  if (latencies.length === 0) return null;
  const sorted = Float64Array.from(latencies).sort();
  const middle = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { count: sorted.length, minMs: sorted[0]!, medianMs, maxMs: sorted[sorted.length - 1]! };
}
