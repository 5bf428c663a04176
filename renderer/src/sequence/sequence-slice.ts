import { compileSequence } from '@shared/automation/sequence-check';
import type { Sequence } from '@shared/contract/sequence';
import { sendSpecOf, sendTargetOf } from '../store/send-request';
import type { SliceCreator } from '../store/tab-state';
import { DEFAULT_SEQUENCE, newStep, withStepAdded, withStepMoved, withStepRemoved, withStepReplaced } from './sequence-edit';
import type { SequenceSlice } from './sequence-state';

/**
 * 测试序列 of a tab. The list is edited here and kept with the tab (workspace file); a run lives in the engine
 * (session.sequence.run), which reports it (sequence-reducers.ts). The list is locked while a run goes: its results
 * are shown by step index. An edit after a run drops the per-step results (the summary and its export stay).
 */
export const createSequenceSlice: SliceCreator<SequenceSlice> = (deps) => (set, get) => {
  const edit = (change: (sequence: Sequence) => Sequence): void => {
    const s = get();
    if (s.sequenceRun?.running) return;
    const sequence = change(s.sequence);
    if (sequence === s.sequence) return;
    set({ sequence, sequenceError: null, ...(s.sequenceRun && s.sequenceRun.results.length > 0 ? { sequenceRun: { ...s.sequenceRun, results: [] } } : {}) });
  };
  return {
    sequence: DEFAULT_SEQUENCE,
    sequenceRun: null,
    sequenceError: null,
    isSequenceStarting: false,

    setSequenceName: (name) => edit((sequence) => ({ ...sequence, name })),
    setSequenceContinueOnFailure: (continueOnFailure) => edit((sequence) => ({ ...sequence, continueOnFailure })),
    addSequenceStep: (kind) => edit((sequence) => withStepAdded(sequence, newStep(kind, sendSpecOf(get()), sequence.steps.length))),
    updateSequenceStep: (index, step) => edit((sequence) => withStepReplaced(sequence, index, step)),
    removeSequenceStep: (index) => edit((sequence) => withStepRemoved(sequence, index)),
    moveSequenceStep: (index, delta) => edit((sequence) => withStepMoved(sequence, index, delta)),

    async runSequence() {
      const s = get();
      if (s.isSequenceStarting || s.sequenceRun?.running) return;
      // The engine's own check, here first: a step that does not check is named before anything is asked.
      const checked = compileSequence(s.sequence, s.recvEncoding);
      if (!checked.ok) return set({ sequenceError: checked.error });
      const target = sendTargetOf(s, 'send');
      if (!target.ok) return set({ sequenceError: target.error });
      const { sessionId, ...where } = target.value;
      const sequence = s.sequence;
      set({ isSequenceStarting: true, sequenceError: null });
      const result = await deps.transport.invoke('session.sequence.run', { sessionId, sequence, target: where, encoding: s.recvEncoding });
      if (!result.ok) return set({ isSequenceStarting: false, sequenceError: result.error });
      const { runId } = result.value;
      const shown = get().sequenceRun;
      // Its first events may have come before this answer: they made the run's view already.
      const run =
        shown && shown.sessionId === sessionId && shown.runId === runId
          ? { ...shown, sequence }
          : { sessionId, runId, running: true, current: null, results: [], passed: 0, failed: 0, summary: null, sequence };
      set({ isSequenceStarting: false, sequenceRun: run });
    },

    async stopSequence() {
      const { sessionId, sequenceRun } = get();
      if (!sessionId || !sequenceRun?.running) return;
      const result = await deps.transport.invoke('session.sequence.stop', { sessionId });
      // NOT_OPEN: the session is gone, and its run ended with it (sequence.done said so).
      if (!result.ok && result.error.code !== 'NOT_OPEN') set({ sequenceError: result.error });
    },
  };
};
