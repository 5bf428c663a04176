import { MATCH_LIMITS } from '@shared/automation/message-match';
import type { AppError, ErrorParams } from '@shared/contract/errors';
import type { SequenceFailure, SequenceSummary } from '@shared/contract/sequence';
import { translate, type Lang, type MessageKey } from './i18n';
import { localizeError } from './localize-error';

/*
 * 测试序列's sentences in the page's language: why a step failed in a run (SequenceFailure), why a run was refused
 * (compileSequence's errors: the page's own check or the engine's, naming the step and field), and the numbers of
 * a summary.
 */

const NUMBER_FIELDS: Readonly<Record<string, MessageKey>> = {
  ms: 'seq.field.ms',
  timeoutMs: 'seq.field.timeoutMs',
  count: 'seq.field.count',
  steps: 'seq.field.steps',
  min: 'seq.field.min',
  max: 'seq.field.max',
};

const str = (params: ErrorParams | undefined, name: string): string => String(params?.[name] ?? '?');

/** "第 3 步：等待 2000 毫秒未收到匹配的消息" / "Step 3: no matching message within 2000 ms". `index` is 0-based. */
export function failureSentence(lang: Lang, index: number, failure: SequenceFailure): string {
  const step = index + 1;
  switch (failure.kind) {
    case 'timeout':
      return translate(lang, 'seq.fail.timeout', { step, ms: failure.timeoutMs });
    case 'send':
      return translate(lang, 'seq.fail.send', { step, error: localizeError(failure.error, lang) });
    case 'closed':
      return translate(lang, 'seq.fail.closed', { step, reason: translate(lang, `reason.${failure.reason}`) });
  }
}

/** Why a sequence does not check (or a run was refused): "Step 2: invalid regular expression: …", or the whole list's problem. */
export function sequenceErrorSentence(error: AppError, lang: Lang): string {
  const p = error.params;
  const step = p?.step;
  const own = ownSentence(lang, p, error);
  if (step === undefined) return own ?? localizeError(error, lang);
  const { step: _step, ...rest } = p ?? {};
  const text = own ?? localizeError({ ...error, params: rest }, lang);
  return translate(lang, 'seq.err.step', { step, text });
}

/** compileSequence's and compileMatch's reasons; undefined for a payload's (localizeError says those). */
function ownSentence(lang: Lang, p: ErrorParams | undefined, error: AppError): string | undefined {
  const reason = p?.reason;
  const field = str(p, 'field');
  switch (reason) {
    case 'no-name':
      return translate(lang, 'seq.err.noName');
    case 'no-steps':
      return translate(lang, 'seq.err.noSteps');
    case 'too-many-steps':
      return translate(lang, 'seq.err.tooManySteps', { max: str(p, 'max') });
    case 'too-many-expanded':
      return translate(lang, 'seq.err.tooManyExpanded', { max: Number(p?.max ?? 0) });
    case 'repeat-past-end':
      return translate(lang, 'seq.err.repeatPastEnd', { available: str(p, 'available') });
    case 'repeat-crosses-block':
      return translate(lang, 'seq.err.repeatCrossesBlock', { outer: str(p, 'outer') });
    case 'nesting-too-deep':
      return translate(lang, 'seq.err.nestingTooDeep', { max: str(p, 'max') });
    case 'invalid-regex':
      return translate(lang, 'seq.err.invalidRegex', { detail: error.detail ?? error.message });
    case 'invalid-hex-pattern':
      return translate(lang, 'seq.err.invalidHexPattern', { position: str(p, 'position') });
    case 'min-above-max':
      return translate(lang, 'seq.err.minAboveMax', { min: str(p, 'min'), max: str(p, 'max') });
    case 'too-long':
      return field === 'name' ? translate(lang, 'seq.err.nameTooLong', { max: str(p, 'max') }) : translate(lang, 'seq.err.patternTooLong', { max: str(p, 'max') });
    case 'empty':
      if (field === 'pattern' || field === 'source') return translate(lang, 'seq.err.emptyPattern');
      if (field === 'data') return translate(lang, 'seq.err.emptySend');
      return undefined;
    case 'out-of-range': {
      const label = NUMBER_FIELDS[field];
      if (!label) return undefined;
      // The length match's range is its own (MATCH_LIMITS), which compileMatch does not put in its params.
      if (p?.min === undefined) return translate(lang, 'seq.number', { field: translate(lang, label), min: 0, max: MATCH_LIMITS.maxLength });
      return translate(lang, 'seq.number', { field: translate(lang, label), min: Number(p.min), max: Number(p.max) });
    }
    default:
      return undefined;
  }
}

/** "0.123": ms with three decimals below 10 ms, one below 1000, whole above: enough to compare runs. */
export function formatMs(ms: number): string {
  if (ms < 10) return ms.toFixed(3);
  if (ms < 1000) return ms.toFixed(1);
  return String(Math.round(ms));
}

/** A run's length: "850 ms", "12.3 s", "5 min 02 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** The summary line: outcome and counts, then the latencies. */
export function summarySentences(lang: Lang, summary: SequenceSummary): { readonly counts: string; readonly latency: string } {
  const counts = translate(lang, 'seq.summary', {
    outcome: translate(lang, `seq.outcome.${summary.outcome}`),
    passed: summary.passed,
    failed: summary.failed,
    steps: summary.stepsRun,
    total: formatDuration(summary.totalMs),
  });
  const l = summary.latency;
  const latency = l ? translate(lang, 'seq.summary.latency', { min: formatMs(l.minMs), median: formatMs(l.medianMs), max: formatMs(l.maxMs) }) : translate(lang, 'seq.summary.noLatency');
  return { counts, latency };
}
