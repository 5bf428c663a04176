import { SEQUENCE_LIMITS, type Sequence, type SequenceStep, type SequenceStepKind } from '@shared/contract/sequence';
import type { SendSpec } from '@shared/contract/send-spec';

/*
 * The step list editor's changes, as pure functions of the list (the slice applies them; tests call them). A
 * repeat covers the `steps` steps after it by position: moving a step moves it in or out of a block, and the
 * editor's indentation shows the blocks as they are now. Deleting a step inside a block shrinks the block so it
 * still covers the same other steps; a repeat left covering nothing goes too.
 */

/** A new tab's sequence: no steps yet. The name "1" reads as "测试序列 1" / "sequence 1" on the log rows. */
export const DEFAULT_SEQUENCE: Sequence = { name: '1', steps: [], continueOnFailure: false };

export const DEFAULT_WAIT_MS = 1000;
export const DEFAULT_EXPECT_TIMEOUT_MS = 2000;
export const DEFAULT_REPEAT_COUNT = 10;

/** A new step of `kind`: a send takes the send box as it is (like + Add of quick commands). */
export function newStep(kind: SequenceStepKind, sendBox: SendSpec, stepCount: number): SequenceStep {
  switch (kind) {
    case 'send':
      return { kind, spec: sendBox };
    case 'wait':
      return { kind, ms: DEFAULT_WAIT_MS };
    case 'expect':
      return { kind, match: { kind: 'any' }, timeoutMs: DEFAULT_EXPECT_TIMEOUT_MS, samePeer: false };
    case 'repeat':
      return { kind, count: DEFAULT_REPEAT_COUNT, steps: Math.max(1, stepCount) };
  }
}

/**
 * Adds a step: a repeat goes first and wraps every step there is (build the exchange, then repeat it); any other
 * step goes last. Unchanged when the list is full.
 */
export function withStepAdded(sequence: Sequence, step: SequenceStep): Sequence {
  if (sequence.steps.length >= SEQUENCE_LIMITS.steps) return sequence;
  const steps = step.kind === 'repeat' ? [step, ...sequence.steps] : [...sequence.steps, step];
  return { ...sequence, steps };
}

export function withStepReplaced(sequence: Sequence, index: number, step: SequenceStep): Sequence {
  if (index < 0 || index >= sequence.steps.length) return sequence;
  return { ...sequence, steps: sequence.steps.map((s, i) => (i === index ? step : s)) };
}

export function withStepRemoved(sequence: Sequence, index: number): Sequence {
  const { steps } = sequence;
  if (index < 0 || index >= steps.length) return sequence;
  const removed = new Set([index]);
  const shrunk = new Map<number, number>();
  // Innermost blocks first: a repeat left empty goes too, and the block around it then covers one step fewer.
  for (let i = index - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (step.kind !== 'repeat') continue;
    let gone = 0;
    for (let j = i + 1; j <= i + step.steps && j < steps.length; j++) if (removed.has(j)) gone++;
    if (gone === 0) continue;
    if (step.steps > gone) shrunk.set(i, step.steps - gone);
    else removed.add(i);
  }
  const kept: SequenceStep[] = [];
  for (const [i, step] of steps.entries()) {
    if (removed.has(i)) continue;
    const size = shrunk.get(i);
    kept.push(size !== undefined && step.kind === 'repeat' ? { ...step, steps: size } : step);
  }
  return { ...sequence, steps: kept };
}

/** Swaps the step with its neighbour (`delta` −1 up, +1 down); unchanged at either end. */
export function withStepMoved(sequence: Sequence, index: number, delta: -1 | 1): Sequence {
  const other = index + delta;
  if (index < 0 || index >= sequence.steps.length || other < 0 || other >= sequence.steps.length) return sequence;
  const steps = [...sequence.steps];
  [steps[index], steps[other]] = [steps[other]!, steps[index]!];
  return { ...sequence, steps };
}
