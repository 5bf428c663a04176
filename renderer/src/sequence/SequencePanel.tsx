import { useCallback, useMemo, useState } from 'react';
import { blockDepths, compileSequence } from '@shared/automation/sequence-check';
import { SEQUENCE_LIMITS, SEQUENCE_STEP_KINDS } from '@shared/contract/sequence';
import { failureSentence, sequenceErrorSentence, summarySentences } from '../i18n/sequence-sentences';
import { useLang, useT } from '../i18n/lang-store';
import { saveExport } from '../log/export/save-export';
import { useTab, useTabStore } from '../store/tab-context';
import { sequenceReportFileName, sequenceReportJson } from './sequence-report';
import { SequenceStepRow } from './SequenceStepRow';

/**
 * 测试序列: a panel under the send box (folds to its header like the quick commands). The header runs and stops
 * the tab's sequence and says how the last run went; unfolded, the list of steps is edited in place. The run
 * itself is the engine's: this shows its progress, its per-step results and its summary, and exports that as JSON.
 */
export function SequencePanel() {
  const t = useT();
  const lang = useLang();
  const tab = useTabStore();
  const sequence = useTab((s) => s.sequence);
  const run = useTab((s) => s.sequenceRun);
  const runError = useTab((s) => s.sequenceError);
  const isStarting = useTab((s) => s.isSequenceStarting);
  const encoding = useTab((s) => s.recvEncoding);
  const runSequence = useTab((s) => s.runSequence);
  const stopSequence = useTab((s) => s.stopSequence);
  const setName = useTab((s) => s.setSequenceName);
  const setContinue = useTab((s) => s.setSequenceContinueOnFailure);
  const addStep = useTab((s) => s.addSequenceStep);
  const updateStep = useTab((s) => s.updateSequenceStep);
  const moveStep = useTab((s) => s.moveSequenceStep);
  const removeStep = useTab((s) => s.removeSequenceStep);
  const [isOpen, setOpen] = useState(false);
  const [typing, setTyping] = useState<string | null>(null);
  const isRunning = run?.running === true;

  // The engine's own check, as the list is edited: the first problem is named (and its step marked) before Run.
  const check = useMemo(() => (sequence.steps.length > 0 ? compileSequence(sequence, encoding) : undefined), [sequence, encoding]);
  const depths = useMemo(() => blockDepths(sequence.steps), [sequence.steps]);
  const checkError = check && !check.ok ? check.error : null;
  const invalidStep = Number((runError ?? checkError)?.params?.step ?? 0) - 1;
  const problem = typing ?? (runError ? sequenceErrorSentence(runError, lang) : checkError ? sequenceErrorSentence(checkError, lang) : null);

  const summary = run?.summary ?? null;
  const exportJson = useCallback(() => {
    if (!summary) return;
    const s = tab.getState();
    const now = new Date();
    const json = sequenceReportJson(summary, run?.sequence ?? null, { protocol: s.sessionProtocol ?? s.protocol, local: s.local, remote: s.remote, exportedAt: now });
    void saveExport([new TextEncoder().encode(json)][Symbol.iterator](), sequenceReportFileName(summary.name, now), 'application/json');
  }, [summary, run?.sequence, tab]);

  return (
    <section className={`sequence-panel ${isOpen ? 'is-open' : ''}`} data-testid="sequence-panel">
      <div className="seq-header">
        <button type="button" className="seq-toggle" data-testid="sequence-toggle" aria-expanded={isOpen} onClick={() => setOpen(!isOpen)}>
          {isOpen ? '▾' : '▸'} {t('seq.title', { n: sequence.steps.length })}
        </button>
        {isRunning ? (
          <button type="button" className="is-repeating" data-testid="sequence-stop" onClick={() => void stopSequence()}>
            {t('seq.stop')}
          </button>
        ) : (
          // An empty sequence has nothing to run: no button until it has a step (the folded header stays short).
          sequence.steps.length > 0 && (
            <button type="button" className="primary" data-testid="sequence-run" title={t('seq.runHint')} disabled={isStarting} onClick={() => void runSequence()}>
              {t('seq.run')}
            </button>
          )
        )}
        <RunStatus isFolded={!isOpen} />
        {/* Folded, the header stays short enough to share its row with the quick commands until there is a run to export. */}
        {(isOpen || summary) && (
          <button type="button" data-testid="sequence-export" title={t('seq.exportHint')} disabled={!summary} onClick={exportJson}>
            {t('seq.export')}
          </button>
        )}
      </div>
      {isOpen && (
        <fieldset className="seq-editor" disabled={isRunning}>
          <div className="seq-options">
            <label className="inline-field" title={t('seq.nameHint')}>
              <span>{t('seq.name')}</span>
              <input className="seq-name" data-testid="sequence-name" maxLength={SEQUENCE_LIMITS.nameChars} value={sequence.name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label className="check" title={t('seq.continueHint')}>
              <input type="checkbox" data-testid="sequence-continue" checked={sequence.continueOnFailure} onChange={(e) => setContinue(e.target.checked)} />
              {t('seq.continue')}
            </label>
            <span className="seq-add">
              {SEQUENCE_STEP_KINDS.map((kind) => (
                <button
                  type="button"
                  key={kind}
                  data-testid={`sequence-add-${kind}`}
                  title={sequence.steps.length >= SEQUENCE_LIMITS.steps ? t('seq.full') : t(`seq.add.${kind}Hint`)}
                  disabled={sequence.steps.length >= SEQUENCE_LIMITS.steps}
                  onClick={() => addStep(kind)}
                >
                  {t(`seq.add.${kind}`)}
                </button>
              ))}
            </span>
          </div>
          {sequence.steps.length === 0 ? (
            <div className="seq-empty">{t('seq.empty')}</div>
          ) : (
            <ol className="seq-steps" aria-label={t('seq.steps')}>
              {sequence.steps.map((step, index) => (
                <SequenceStepRow
                  key={index}
                  step={step}
                  index={index}
                  count={sequence.steps.length}
                  depth={depths[index] ?? 0}
                  result={run?.results[index]}
                  isCurrent={run?.current === index}
                  isInvalid={invalidStep === index}
                  onChange={updateStep}
                  onMove={moveStep}
                  onRemove={removeStep}
                  onProblem={setTyping}
                />
              ))}
            </ol>
          )}
        </fieldset>
      )}
      {problem && (
        <div className="seq-problem field-error" data-testid="sequence-error" role="alert" title={(runError ?? checkError)?.detail}>
          {problem}
        </div>
      )}
      {summary && isOpen && <SummaryLine />}
    </section>
  );
}

/**
 * The header's few words: starting, running (step, counts); folded, also how the last run went (the whole summary
 * and where it failed on hover), since the summary line shows only when the panel is unfolded.
 */
function RunStatus({ isFolded }: { readonly isFolded: boolean }) {
  const t = useT();
  const lang = useLang();
  const run = useTab((s) => s.sequenceRun);
  const isStarting = useTab((s) => s.isSequenceStarting);
  const summary = run?.summary;
  let text = '';
  let title: string | undefined;
  if (isStarting) text = t('seq.status.starting');
  else if (run?.running) text = t('seq.status.running', { n: run.current === null ? '…' : run.current + 1, passed: run.passed, failed: run.failed });
  else if (summary && isFolded) {
    const { counts, latency } = summarySentences(lang, summary);
    const failure = summary.firstFailure ? failureSentence(lang, summary.firstFailure.index, summary.firstFailure.failure) : undefined;
    text = counts;
    title = [counts, latency, failure].filter(Boolean).join('\n');
  }
  return (
    <span className={`seq-status ${summary && !run?.running && isFolded ? `is-${summary.outcome}` : ''}`} data-testid="sequence-status" role="status" title={title}>
      {text}
    </span>
  );
}

/** How the last run went: outcome and counts, latencies, total time, and where it failed. */
function SummaryLine() {
  const lang = useLang();
  const summary = useTab((s) => s.sequenceRun?.summary);
  if (!summary) return null;
  const { counts, latency } = summarySentences(lang, summary);
  const failure = summary.firstFailure;
  return (
    <div className={`seq-summary is-${summary.outcome}`} data-testid="sequence-summary" data-outcome={summary.outcome}>
      <span data-testid="sequence-summary-counts">{counts}</span>
      <span className="seq-latency" data-testid="sequence-summary-latency">
        {latency}
      </span>
      {failure && (
        <span className="seq-failure" data-testid="sequence-failure">
          {failureSentence(lang, failure.index, failure.failure)}
        </span>
      )}
    </div>
  );
}
