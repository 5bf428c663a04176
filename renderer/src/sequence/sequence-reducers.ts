import type { SequenceDoneEvent, SequenceProgressEvent, SequenceRunSnapshot, SequenceStepResult } from '@shared/contract/sequence';
import type { SessionSnapshot } from '@shared/contract/workspace';
import type { TabState } from '../store/tab-state';
import type { SequenceRunView } from './sequence-state';

/*
 * How sequence events change a tab (pure, like store/tab-reducers.ts): the router applies the patch. Events of
 * another session, or of a run older than the one shown (a run replaced by a newer one), change nothing: null.
 */

type Patch = Partial<TabState>;

function freshRun(sessionId: string, runId: number): SequenceRunView {
  return { sessionId, runId, running: true, current: null, results: [], passed: 0, failed: 0, summary: null, sequence: null };
}

function withResults(results: readonly (SequenceStepResult | undefined)[], changed: readonly SequenceStepResult[]): (SequenceStepResult | undefined)[] {
  const next = [...results];
  for (const result of changed) next[result.index] = result;
  return next;
}

/** The run shown, when it is one of the tab's current session (run ids start again with each session). */
function shownRunOf(s: TabState): SequenceRunView | null {
  return s.sequenceRun && s.sequenceRun.sessionId === s.sessionId ? s.sequenceRun : null;
}

export function reduceSequenceProgress(s: TabState, event: SequenceProgressEvent): Patch | null {
  if (s.sessionId !== event.sessionId) return null;
  const shown = shownRunOf(s);
  // A newer run (also one whose first progress beat the answer to Run) starts with empty results.
  const run = !shown || event.runId > shown.runId ? freshRun(event.sessionId, event.runId) : shown;
  if (event.runId < run.runId || !run.running) return null;
  return {
    sequenceRun: { ...run, current: event.current, results: withResults(run.results, event.changed), passed: event.passed, failed: event.failed },
  };
}

export function reduceSequenceDone(s: TabState, event: SequenceDoneEvent): Patch | null {
  if (s.sessionId !== event.sessionId) return null;
  const shown = shownRunOf(s);
  if (shown && event.runId < shown.runId) return null;
  const run = shown && shown.runId === event.runId ? shown : freshRun(event.sessionId, event.runId);
  const { summary } = event;
  return {
    sequenceRun: { ...run, running: false, current: null, results: summary.steps, passed: summary.passed, failed: summary.failed, summary },
  };
}

function runOfSnapshot(sessionId: string, snapshot: SequenceRunSnapshot, asRun: SequenceRunView['sequence']): SequenceRunView {
  return {
    sessionId,
    runId: snapshot.runId,
    running: snapshot.running,
    current: snapshot.current,
    results: snapshot.steps,
    passed: snapshot.passed,
    failed: snapshot.failed,
    summary: snapshot.summary ?? null,
    sequence: asRun,
  };
}

/**
 * A page that attaches shows the run the engine holds (going or ended). The steps it ran: the ones this page
 * started, or after a reload the tab's list when it has as many steps (the list comes back from the workspace file).
 */
export function sequenceFromSnapshot(s: TabState, snapshot: SessionSnapshot): Patch {
  const held = snapshot.sequence;
  if (!held) return {};
  const shown = s.sequenceRun;
  const started = shown && shown.sessionId === snapshot.sessionId && shown.runId === held.runId ? shown.sequence : null;
  const asRun = started ?? (s.sequence.steps.length === held.steps.length ? s.sequence : null);
  return { sequenceRun: runOfSnapshot(snapshot.sessionId, held, asRun) };
}

/** The session is gone without a sequence.done (the host was lost): the run is no longer going. */
export function sequenceEnded(s: TabState): Patch {
  return s.sequenceRun?.running ? { sequenceRun: { ...s.sequenceRun, running: false, current: null } } : {};
}
