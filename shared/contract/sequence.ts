import type { MessageMatchSpec } from '../automation/message-match';
import { MAX_MARK_NAME_CHARS } from '../traffic/frame-mark';
import type { AppError } from './errors';
import type { CloseReason } from './session';
import type { SendSpec } from './send-spec';

/*
 * 测试序列 (issue 10): a list of steps the engine runs on one session — send, wait, expect a message, repeat a
 * block — with the time of each answer measured from the frames' own times. The runner lives in the engine
 * (electron/engine/sequence/), so its timing does not depend on the page, and a run goes on while no page is
 * attached. The checks every side runs are in shared/automation/sequence-check.ts; the hosts' runtime shapes in
 * sequence-schemas.ts.
 */

/**
 * `repeat` wraps the `steps` steps that follow it and runs them `count` times. One step with two numbers rather
 * than begin/end markers: nothing to pair up, a deleted step can never leave a dangling "end", and the editor
 * shows the block by indenting the steps it covers. Blocks nest (a repeat inside the range of another must end
 * inside it too).
 */
export type SequenceStep =
  | { readonly kind: 'send'; readonly spec: SendSpec }
  | { readonly kind: 'wait'; readonly ms: number }
  /** `samePeer`: only a message from the peer (or one of the clients) the last send went to passes. */
  | { readonly kind: 'expect'; readonly match: MessageMatchSpec; readonly timeoutMs: number; readonly samePeer: boolean }
  | { readonly kind: 'repeat'; readonly count: number; readonly steps: number };

export type SequenceStepKind = SequenceStep['kind'];
export const SEQUENCE_STEP_KINDS: readonly SequenceStepKind[] = ['send', 'wait', 'expect', 'repeat'];

export interface Sequence {
  /** Shown on the log rows of its sends ("sequence X"); at most MAX_MARK_NAME_CHARS. */
  readonly name: string;
  readonly steps: readonly SequenceStep[];
  /** A failed step fails the run there (false, the default) or is counted and the run goes on (true). */
  readonly continueOnFailure: boolean;
}

export const SEQUENCE_LIMITS = {
  /** Steps of one sequence as the user lists them. */
  steps: 500,
  nameChars: MAX_MARK_NAME_CHARS,
  /** A wait or an expect's timeout: an hour is the longest worth a step; a longer soak is a repeat block. */
  maxWaitMs: 3_600_000,
  minTimeoutMs: 1,
  maxTimeoutMs: 3_600_000,
  repeatCount: 100_000,
  /** Blocks inside blocks: the editor indents each level, and deeper nesting is never what a test needs. */
  nestingDepth: 8,
  /**
   * Steps a run executes with every repeat expanded. Nested repeats multiply (100 000 × 100 000), and a run keeps
   * one latency per expect for the summary's median: a million steps (a day of a send/expect pair every 0.2 s)
   * holds at most 8 MB of latencies and always ends.
   */
  expandedSteps: 1_000_000,
} as const;

/** How far one listed step has got in the current run. */
export type SequenceStepStatus = 'idle' | 'running' | 'passed' | 'failed';

/** Why a step failed. Sentences are the page's (both languages), from these parts. */
export type SequenceFailure =
  /** An expect saw no matching message within its timeout. */
  | { readonly kind: 'timeout'; readonly timeoutMs: number }
  /** A send step's bytes could not be made or sent (refused, no client, connection gone). */
  | { readonly kind: 'send'; readonly error: AppError }
  /** The session closed while the step ran. */
  | { readonly kind: 'closed'; readonly reason: CloseReason };

/** One listed step's results in the current run (a step inside a repeat runs many times). */
export interface SequenceStepResult {
  /** 0-based index in the sequence's steps (the page numbers them from 1). */
  readonly index: number;
  readonly status: SequenceStepStatus;
  /** Times it ran (a repeat: passes of its block begun). */
  readonly runs: number;
  /** Executions that passed (an expect matched, a send went out, a wait ended) and that failed. */
  readonly passed: number;
  readonly failed: number;
  /** An expect's latest measured latency (ms): its send's tx frame time to the match's rx frame time. */
  readonly latencyMs?: number;
  /** The latest failure of this step. */
  readonly failure?: SequenceFailure;
}

export interface SequenceLatency {
  readonly count: number;
  readonly minMs: number;
  readonly medianMs: number;
  readonly maxMs: number;
}

/** How a run ended: every step passed, some failed, the user stopped it, or the session closed under it. */
export type SequenceOutcome = 'passed' | 'failed' | 'stopped' | 'closed';

export interface SequenceSummary {
  readonly name: string;
  readonly outcome: SequenceOutcome;
  /** outcome 'closed': why the session closed. */
  readonly closeReason?: CloseReason;
  /** ms since epoch. */
  readonly startedAt: number;
  readonly totalMs: number;
  /** Executions of send, wait and expect steps (repeats expanded). */
  readonly stepsRun: number;
  /** Expect executions that matched. */
  readonly passed: number;
  /** Step executions that failed (expects that timed out, sends that failed, the step the session closed in). */
  readonly failed: number;
  /** Over every expect that matched after a send; null when none did. */
  readonly latency: SequenceLatency | null;
  /** The first failure: where the run stopped unless it continues on failure. */
  readonly firstFailure?: { readonly index: number; readonly failure: SequenceFailure };
  /** Every listed step's results. */
  readonly steps: readonly SequenceStepResult[];
}

/** Throttled while a run goes (a few per second), and once more with the last changes before `sequence.done`. */
export interface SequenceProgressEvent {
  readonly sessionId: string;
  /** Per session, from 1: events of a run that was replaced are told apart. */
  readonly runId: number;
  /** The step running now (0-based), null when none is. */
  readonly current: number | null;
  /** The steps whose result changed since the previous event of this run. */
  readonly changed: readonly SequenceStepResult[];
  readonly passed: number;
  readonly failed: number;
  readonly elapsedMs: number;
}

export interface SequenceDoneEvent {
  readonly sessionId: string;
  readonly runId: number;
  readonly summary: SequenceSummary;
}

/** A run as the engine holds it, for a page that attaches while it runs or after it ended. */
export interface SequenceRunSnapshot {
  readonly runId: number;
  readonly name: string;
  readonly running: boolean;
  readonly current: number | null;
  readonly steps: readonly SequenceStepResult[];
  readonly passed: number;
  readonly failed: number;
  readonly startedAt: number;
  /** Present once it ended. */
  readonly summary?: SequenceSummary;
}
