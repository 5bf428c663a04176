import { memo, useEffect, useRef } from 'react';
import type { SequenceStep, SequenceStepResult } from '@shared/contract/sequence';
import { failureSentence, formatMs } from '../i18n/sequence-sentences';
import { useLang, useT } from '../i18n/lang-store';
import type { Translate } from '../i18n/i18n';
import { ExpectEditor, RepeatEditor, SendEditor, WaitEditor } from './StepEditors';

export interface StepRowProps {
  readonly step: SequenceStep;
  readonly index: number;
  readonly count: number;
  /** Repeat blocks around it: indents the row. */
  readonly depth: number;
  readonly result: SequenceStepResult | undefined;
  readonly isCurrent: boolean;
  /** The sequence's check names this step. */
  readonly isInvalid: boolean;
  readonly onChange: (index: number, step: SequenceStep) => void;
  readonly onMove: (index: number, delta: -1 | 1) => void;
  readonly onRemove: (index: number) => void;
  readonly onProblem: (problem: string | null) => void;
}

/**
 * One step of the list: its number, kind and fields (edited in place), its result in the run (pass / fail, the
 * latency of an expect, counts when it ran many times), and up / down / delete. The step running now is marked.
 */
export const SequenceStepRow = memo(function SequenceStepRow(props: StepRowProps) {
  const { step, index, count, depth, result, isCurrent, isInvalid, onChange, onMove, onRemove, onProblem } = props;
  const t = useT();
  const row = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (isCurrent) row.current?.scrollIntoView({ block: 'nearest' });
  }, [isCurrent]);
  const change = (next: SequenceStep) => onChange(index, next);
  return (
    <li
      ref={row}
      className={`seq-step is-${step.kind} ${isCurrent ? 'is-current' : ''} ${isInvalid ? 'is-invalid' : ''}`}
      data-testid="sequence-step"
      data-kind={step.kind}
      data-status={result?.status ?? 'idle'}
      aria-current={isCurrent ? 'step' : undefined}
      style={{ paddingLeft: `${4 + depth * 14}px` }}
    >
      <span className="seq-num">{index + 1}</span>
      <span className="seq-kind">{t(`seq.kind.${step.kind}`)}</span>
      <span className="seq-fields">
        {step.kind === 'send' && <SendEditor step={step} index={index} onChange={change} onProblem={onProblem} />}
        {step.kind === 'wait' && <WaitEditor step={step} index={index} onChange={change} onProblem={onProblem} />}
        {step.kind === 'expect' && <ExpectEditor step={step} index={index} onChange={change} onProblem={onProblem} />}
        {step.kind === 'repeat' && <RepeatEditor step={step} index={index} onChange={change} onProblem={onProblem} />}
      </span>
      <StepResult step={step} index={index} result={result} />
      <span className="seq-row-buttons">
        <button type="button" className="seq-icon" data-testid="sequence-step-up" aria-label={t('seq.moveUp')} title={t('seq.moveUp')} disabled={index === 0} onClick={() => onMove(index, -1)}>
          ↑
        </button>
        <button type="button" className="seq-icon" data-testid="sequence-step-down" aria-label={t('seq.moveDown')} title={t('seq.moveDown')} disabled={index === count - 1} onClick={() => onMove(index, 1)}>
          ↓
        </button>
        <button type="button" className="seq-icon" data-testid="sequence-step-delete" aria-label={t('seq.delete')} title={t('seq.delete')} onClick={() => onRemove(index)}>
          ×
        </button>
      </span>
    </li>
  );
});

function resultText(t: Translate, step: SequenceStep, result: SequenceStepResult): string {
  if (step.kind === 'repeat') return result.status === 'running' ? t('seq.result.pass', { n: result.runs }) : `${result.passed}/${step.count}`;
  if (result.status === 'running' && result.runs <= 1) return '…';
  // Ran once: a mark; ran many times (a repeat): how often it passed, and failed when it did.
  const marks =
    result.runs > 1
      ? `✓${result.passed}${result.failed > 0 ? ` ✗${result.failed}` : ''}`
      : result.status === 'failed'
        ? '✗'
        : result.status === 'passed'
          ? '✓'
          : '';
  return result.latencyMs !== undefined ? `${marks} ${t('seq.latency', { ms: formatMs(result.latencyMs) })}` : marks;
}

function StepResult({ step, index, result }: { readonly step: SequenceStep; readonly index: number; readonly result: SequenceStepResult | undefined }) {
  const t = useT();
  const lang = useLang();
  if (!result || result.status === 'idle') return <span className="seq-result" data-testid="sequence-step-result" />;
  const title = result.failure ? failureSentence(lang, index, result.failure) : t(`seq.result.${result.status}`);
  return (
    <span className={`seq-result is-${result.status}`} data-testid="sequence-step-result" title={title}>
      {resultText(t, step, result)}
    </span>
  );
}
