import { MATCH_LIMITS, type MessageMatchSpec } from '@shared/automation/message-match';
import { SEQUENCE_LIMITS, type Sequence, type SequenceStep } from '@shared/contract/sequence';
import { SEND_SPEC_LIMITS } from '@shared/contract/send-spec';
import type { TabSettings } from '@shared/contract/settings';
import { DEFAULT_SEQUENCE } from './sequence-edit';

type SavedSequence = NonNullable<TabSettings['sequence']>;

/**
 * The tab's 测试序列 as the workspace file keeps it. Left out while it is the default (no steps, name and option
 * untouched), so files of tabs that never used one stay as they were. Texts are clipped to the schema's caps (the
 * editor's inputs stop there already): one over-long field must never make the whole file refused.
 */
export function sequenceSettingsOf(sequence: Sequence): { readonly sequence?: SavedSequence } {
  const isDefault = sequence.steps.length === 0 && sequence.name === DEFAULT_SEQUENCE.name && sequence.continueOnFailure === DEFAULT_SEQUENCE.continueOnFailure;
  if (isDefault) return {};
  return {
    sequence: {
      name: sequence.name.slice(0, SEQUENCE_LIMITS.nameChars),
      steps: sequence.steps.slice(0, SEQUENCE_LIMITS.steps).map(clipStep),
      continueOnFailure: sequence.continueOnFailure,
    },
  };
}

/** The sequence of a saved tab; a file without one (older, or never used) gets the empty default. */
export function sequenceOf(saved: TabSettings['sequence']): Sequence {
  return saved ?? DEFAULT_SEQUENCE;
}

function clipStep(step: SequenceStep): SequenceStep {
  if (step.kind === 'send') return { ...step, spec: { ...step.spec, text: step.spec.text.slice(0, SEND_SPEC_LIMITS.textChars) } };
  if (step.kind === 'expect') return { ...step, match: clipMatch(step.match) };
  return step;
}

function clipMatch(match: MessageMatchSpec): MessageMatchSpec {
  const clip = (text: string): string => text.slice(0, MATCH_LIMITS.patternChars);
  switch (match.kind) {
    case 'exact':
    case 'contains':
    case 'starts-with':
    case 'hex-pattern':
      return { ...match, pattern: clip(match.pattern) };
    case 'regex':
      return { ...match, source: clip(match.source) };
    default:
      return match;
  }
}
