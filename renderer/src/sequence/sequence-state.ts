import type { AppError } from '@shared/contract/errors';
import type { Sequence, SequenceStep, SequenceStepKind, SequenceStepResult, SequenceSummary } from '@shared/contract/sequence';

/** A run of the tab's sequence as the page shows it: from sequence.progress / sequence.done, or a snapshot. */
export interface SequenceRunView {
  /** Run ids count per session: a run of the tab's earlier session is told apart by this. */
  readonly sessionId: string;
  readonly runId: number;
  readonly running: boolean;
  /** The step running now (0-based), highlighted in the list. */
  readonly current: number | null;
  /** Per listed step (by index); empty once the list was edited after the run (the indices no longer fit). */
  readonly results: readonly (SequenceStepResult | undefined)[];
  readonly passed: number;
  readonly failed: number;
  /** Set by sequence.done. */
  readonly summary: SequenceSummary | null;
  /** The steps as they were run, for the JSON export; null for a run this page did not start (after a reload). */
  readonly sequence: Sequence | null;
}

/** 测试序列 of one tab: the list it keeps (workspace file), the run it shows, and the actions of its panel. */
export interface SequenceSlice {
  readonly sequence: Sequence;
  readonly sequenceRun: SequenceRunView | null;
  /** Why the last Run did not start (a step that does not check, no target, not open): said in the panel. */
  readonly sequenceError: AppError | null;
  /** A Run is on its way to the engine. */
  readonly isSequenceStarting: boolean;
  setSequenceName(name: string): void;
  setSequenceContinueOnFailure(on: boolean): void;
  addSequenceStep(kind: SequenceStepKind): void;
  updateSequenceStep(index: number, step: SequenceStep): void;
  removeSequenceStep(index: number): void;
  moveSequenceStep(index: number, delta: -1 | 1): void;
  /** Checks the list as the engine will, then session.sequence.run to the send box's target. */
  runSequence(): Promise<void>;
  stopSequence(): Promise<void>;
}
