import { fail, ok, type AppError, type ErrorParams, type Result } from '../contract/errors';
import { SEQUENCE_LIMITS, type Sequence, type SequenceStep } from '../contract/sequence';
import type { TextEncoding } from '../codecs/encoding-list';
import { compileSendSpec, type CompiledSendSpec } from '../codecs/send-payload';
import { compileMatch, type CompiledMatch } from './message-match';

/*
 * One check of a 测试序列 for the page (as the user edits it) and the engine (when a run arrives): every step's
 * payload, pattern and numbers, and the repeat blocks' structure. An error is INVALID_ARGUMENT whose params name
 * the step (`step`, 1-based, as the editor numbers them) and the `field`, with the inner check's own params
 * (`reason`, `position`, …), so the page can say it by that step in either language.
 */

export type CompiledStep =
  | { readonly kind: 'send'; readonly payload: CompiledSendSpec }
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'expect'; readonly match: CompiledMatch; readonly timeoutMs: number; readonly samePeer: boolean }
  /** `end`: the index just past the block it repeats. */
  | { readonly kind: 'repeat'; readonly count: number; readonly end: number };

export interface CompiledSequence {
  readonly name: string;
  readonly steps: readonly CompiledStep[];
  readonly continueOnFailure: boolean;
  /** Executions of send, wait and expect steps with every repeat expanded. */
  readonly expandedSteps: number;
}

/** `encoding`: how an expect's text patterns are encoded and its regex reads messages (the tab's receive encoding). */
export function compileSequence(sequence: Sequence, encoding: TextEncoding): Result<CompiledSequence> {
  const name = sequence.name.trim();
  if (name.length === 0) return fail('INVALID_ARGUMENT', 'The sequence needs a name (its sends are marked with it in the log)', { field: 'name', reason: 'no-name' });
  if (name.length > SEQUENCE_LIMITS.nameChars) {
    return fail('INVALID_ARGUMENT', `The sequence name is longer than ${SEQUENCE_LIMITS.nameChars} characters`, { field: 'name', reason: 'too-long', max: SEQUENCE_LIMITS.nameChars });
  }
  const { steps } = sequence;
  if (steps.length === 0) return fail('INVALID_ARGUMENT', 'The sequence has no steps', { field: 'steps', reason: 'no-steps' });
  if (steps.length > SEQUENCE_LIMITS.steps) {
    return fail('INVALID_ARGUMENT', `The sequence has ${steps.length} steps, at most ${SEQUENCE_LIMITS.steps}`, { field: 'steps', reason: 'too-many-steps', count: steps.length, max: SEQUENCE_LIMITS.steps });
  }
  const structure = checkBlocks(steps);
  if (!structure.ok) return structure;
  const compiled: CompiledStep[] = [];
  for (const [index, step] of steps.entries()) {
    const one = compileStep(step, index, encoding);
    if (!one.ok) return one;
    compiled.push(one.value);
  }
  const expandedSteps = expandedCount(compiled, 0, compiled.length);
  if (expandedSteps > SEQUENCE_LIMITS.expandedSteps) {
    return fail('INVALID_ARGUMENT', `With its repeats the sequence runs ${Math.round(expandedSteps)} steps, at most ${SEQUENCE_LIMITS.expandedSteps}`, {
      field: 'steps',
      reason: 'too-many-expanded',
      max: SEQUENCE_LIMITS.expandedSteps,
    });
  }
  return ok({ name, steps: compiled, continueOnFailure: sequence.continueOnFailure, expandedSteps });
}

/** The repeat blocks nest: each ends inside the sequence and inside the block around it, at most 8 deep. */
function checkBlocks(steps: readonly SequenceStep[]): Result<null> {
  /** Open blocks: the repeat's index and the index just past its block. */
  const open: Array<{ readonly at: number; readonly end: number }> = [];
  for (const [index, step] of steps.entries()) {
    while (open.length > 0 && open[open.length - 1]!.end <= index) open.pop();
    if (step.kind !== 'repeat') continue;
    if (!Number.isInteger(step.steps) || step.steps < 1) return stepError(index, 'steps', 'The repeat must cover at least one step', { reason: 'out-of-range', min: 1, max: SEQUENCE_LIMITS.steps });
    const end = index + 1 + step.steps;
    if (end > steps.length) {
      return stepError(index, 'steps', `The repeat covers ${step.steps} steps, but only ${steps.length - index - 1} follow it`, { reason: 'repeat-past-end', available: steps.length - index - 1 });
    }
    const outer = open[open.length - 1];
    if (outer && end > outer.end) {
      return stepError(index, 'steps', `The repeat reaches past the end of the repeat at step ${outer.at + 1} around it`, { reason: 'repeat-crosses-block', outer: outer.at + 1 });
    }
    if (open.length >= SEQUENCE_LIMITS.nestingDepth) {
      return stepError(index, 'steps', `Repeats nest at most ${SEQUENCE_LIMITS.nestingDepth} deep`, { reason: 'nesting-too-deep', max: SEQUENCE_LIMITS.nestingDepth });
    }
    open.push({ at: index, end });
  }
  return ok(null);
}

function compileStep(step: SequenceStep, index: number, encoding: TextEncoding): Result<CompiledStep> {
  switch (step.kind) {
    case 'send': {
      const payload = compileSendSpec(step.spec);
      return payload.ok ? ok({ kind: 'send', payload: payload.value }) : inner(index, payload.error, 'data');
    }
    case 'wait': {
      const range = checkRange(index, 'ms', step.ms, 0, SEQUENCE_LIMITS.maxWaitMs);
      return range.ok ? ok({ kind: 'wait', ms: step.ms }) : range;
    }
    case 'expect': {
      const range = checkRange(index, 'timeoutMs', step.timeoutMs, SEQUENCE_LIMITS.minTimeoutMs, SEQUENCE_LIMITS.maxTimeoutMs);
      if (!range.ok) return range;
      const match = compileMatch(step.match, encoding);
      if (!match.ok) return inner(index, match.error, 'pattern');
      return ok({ kind: 'expect', match: match.value, timeoutMs: step.timeoutMs, samePeer: step.samePeer });
    }
    case 'repeat': {
      const range = checkRange(index, 'count', step.count, 1, SEQUENCE_LIMITS.repeatCount);
      return range.ok ? ok({ kind: 'repeat', count: step.count, end: index + 1 + step.steps }) : range;
    }
  }
}

function checkRange(index: number, field: string, value: number, min: number, max: number): Result<null> {
  if (Number.isInteger(value) && value >= min && value <= max) return ok(null);
  return stepError(index, field, `${field} must be a whole number from ${min} to ${max}`, { reason: 'out-of-range', min, max });
}

function stepError(index: number, field: string, message: string, params: ErrorParams): Result<never> {
  return fail('INVALID_ARGUMENT', `Step ${index + 1}: ${message}`, { ...params, step: index + 1, field });
}

/** A payload's or a pattern's own error, said about its step; its field is kept (or `field` when it has none). */
function inner(index: number, error: AppError, field: string): Result<never> {
  const params = error.params ?? {};
  return fail(error.code, `Step ${index + 1}: ${error.message}`, { ...params, field: params.field ?? field, step: index + 1 }, error.detail);
}

/** Executions of non-repeat steps in [from, to) with repeats expanded; saturates rather than overflow. */
function expandedCount(steps: readonly CompiledStep[], from: number, to: number): number {
  let total = 0;
  for (let i = from; i < to && total <= SEQUENCE_LIMITS.expandedSteps; ) {
    const step = steps[i]!;
    if (step.kind === 'repeat') {
      total += step.count * expandedCount(steps, i + 1, step.end);
      i = step.end;
    } else {
      total += 1;
      i += 1;
    }
  }
  return total;
}

/**
 * How deep in repeat blocks each step sits (0 = not in any), for the editor's indentation. Tolerant of a list
 * that does not check (yet): a block that reaches past the end is cut there.
 */
export function blockDepths(steps: readonly SequenceStep[]): number[] {
  const ends: number[] = [];
  return steps.map((step, index) => {
    while (ends.length > 0 && ends[ends.length - 1]! <= index) ends.pop();
    const depth = ends.length;
    if (step.kind === 'repeat' && Number.isInteger(step.steps) && step.steps > 0) ends.push(Math.min(index + 1 + step.steps, steps.length));
    return depth;
  });
}
