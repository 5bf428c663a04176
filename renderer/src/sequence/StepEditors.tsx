import { MATCH_LIMITS, MESSAGE_MATCH_KINDS, type MessageMatchKind, type MessageMatchSpec } from '@shared/automation/message-match';
import { SEQUENCE_LIMITS, type SequenceStep } from '@shared/contract/sequence';
import { SEND_SPEC_LIMITS } from '@shared/contract/send-spec';
import { useT } from '../i18n/lang-store';
import type { Translate } from '../i18n/i18n';
import { sendSpecOf } from '../store/send-request';
import { useTabStore } from '../store/tab-context';
import { NumberField } from './NumberField';

type Step<K extends SequenceStep['kind']> = Extract<SequenceStep, { kind: K }>;

interface EditorProps<K extends SequenceStep['kind']> {
  readonly step: Step<K>;
  readonly index: number;
  readonly onChange: (step: Step<K>) => void;
  readonly onProblem: (problem: string | null) => void;
}

/** "Step 3: The timeout must be a whole number from 1 to 3,600,000": what a NumberField says while it is not one. */
function numberProblem(t: Translate, index: number, field: 'ms' | 'timeoutMs' | 'count' | 'steps' | 'min' | 'max', min: number, max: number): string {
  return t('seq.err.step', { step: index + 1, text: t('seq.number', { field: t(`seq.field.${field}`), min, max }) });
}

/** Text (or HEX), its format, and "from box" to take every other option of the send box. */
export function SendEditor({ step, onChange }: EditorProps<'send'>) {
  const t = useT();
  const tab = useTabStore();
  const { spec } = step;
  const options = t('seq.send.options', {
    escapes: t(spec.escapes ? 'seq.on' : 'seq.off'),
    crlf: t(spec.appendCrlf ? 'seq.on' : 'seq.off'),
    encoding: spec.encoding.toUpperCase(),
    checksum: spec.checksum?.model ?? t('seq.none'),
  });
  return (
    <>
      <input
        className="seq-text"
        data-testid="sequence-send-text"
        aria-label={t('seq.send.text')}
        title={options}
        placeholder={t('seq.send.placeholder')}
        spellCheck={false}
        maxLength={SEND_SPEC_LIMITS.textChars}
        value={spec.text}
        onChange={(e) => onChange({ ...step, spec: { ...spec, text: e.target.value } })}
      />
      <select
        data-testid="sequence-send-mode"
        aria-label={t('quick.mode')}
        value={spec.mode}
        onChange={(e) => onChange({ ...step, spec: { ...spec, mode: e.target.value === 'hex' ? 'hex' : 'ascii' } })}
      >
        <option value="ascii">ASCII</option>
        <option value="hex">HEX</option>
      </select>
      <button type="button" className="seq-small" data-testid="sequence-send-from-box" title={t('seq.send.fromBoxHint')} onClick={() => onChange({ ...step, spec: sendSpecOf(tab.getState()) })}>
        {t('seq.send.fromBox')}
      </button>
    </>
  );
}

export function WaitEditor({ step, index, onChange, onProblem }: EditorProps<'wait'>) {
  const t = useT();
  return (
    <span className="seq-inline">
      <NumberField
        testId="sequence-wait-ms"
        label={t('seq.field.ms')}
        value={step.ms}
        min={0}
        max={SEQUENCE_LIMITS.maxWaitMs}
        problem={numberProblem(t, index, 'ms', 0, SEQUENCE_LIMITS.maxWaitMs)}
        onCommit={(ms) => onChange({ ...step, ms })}
        onProblem={onProblem}
      />
      {t('seq.wait.ms')}
    </span>
  );
}

/** A new match of `kind`, keeping what the old one had typed where it fits. */
function matchOfKind(kind: MessageMatchKind, old: MessageMatchSpec): MessageMatchSpec {
  const text = 'pattern' in old ? old.pattern : 'source' in old ? old.source : '';
  switch (kind) {
    case 'any':
      return { kind };
    case 'exact':
    case 'contains':
    case 'starts-with':
      return { kind, pattern: text, mode: 'mode' in old ? old.mode : 'text' };
    case 'regex':
      return { kind, source: text, ignoreCase: false };
    case 'hex-pattern':
      return { kind, pattern: text };
    case 'length':
      return { kind, min: 1, max: 1024 };
  }
}

export function ExpectEditor({ step, index, onChange, onProblem }: EditorProps<'expect'>) {
  const t = useT();
  const { match } = step;
  const setMatch = (next: MessageMatchSpec) => onChange({ ...step, match: next });
  return (
    <>
      <select data-testid="sequence-expect-kind" aria-label={t('seq.expect.kind')} value={match.kind} onChange={(e) => setMatch(matchOfKind(e.target.value as MessageMatchKind, match))}>
        {MESSAGE_MATCH_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`seq.match.${kind}`)}
          </option>
        ))}
      </select>
      <MatchFields match={match} index={index} onChange={setMatch} onProblem={onProblem} />
      <span className="seq-inline" title={t('seq.expect.timeout')}>
        ≤
        <NumberField
          testId="sequence-expect-timeout"
          label={t('seq.expect.timeout')}
          value={step.timeoutMs}
          min={SEQUENCE_LIMITS.minTimeoutMs}
          max={SEQUENCE_LIMITS.maxTimeoutMs}
          problem={numberProblem(t, index, 'timeoutMs', SEQUENCE_LIMITS.minTimeoutMs, SEQUENCE_LIMITS.maxTimeoutMs)}
          onCommit={(timeoutMs) => onChange({ ...step, timeoutMs })}
          onProblem={onProblem}
        />
        {t('seq.wait.ms')}
      </span>
      <label className="check seq-inline" title={t('seq.expect.samePeerHint')}>
        <input type="checkbox" data-testid="sequence-expect-same-peer" checked={step.samePeer} onChange={(e) => onChange({ ...step, samePeer: e.target.checked })} />
        {t('seq.expect.samePeer')}
      </label>
    </>
  );
}

function MatchFields({
  match,
  index,
  onChange,
  onProblem,
}: {
  readonly match: MessageMatchSpec;
  readonly index: number;
  readonly onChange: (match: MessageMatchSpec) => void;
  readonly onProblem: (problem: string | null) => void;
}) {
  const t = useT();
  const patternInput = (value: string, set: (text: string) => void, placeholder?: string) => (
    <input
      className="seq-text"
      data-testid="sequence-expect-pattern"
      aria-label={t('seq.expect.pattern')}
      spellCheck={false}
      maxLength={MATCH_LIMITS.patternChars}
      placeholder={placeholder}
      value={value}
      onChange={(e) => set(e.target.value)}
    />
  );
  switch (match.kind) {
    case 'any':
      return null;
    case 'exact':
    case 'contains':
    case 'starts-with':
      return (
        <>
          {patternInput(match.pattern, (pattern) => onChange({ ...match, pattern }))}
          <select data-testid="sequence-expect-mode" aria-label={t('seq.expect.patternMode')} value={match.mode} onChange={(e) => onChange({ ...match, mode: e.target.value === 'hex' ? 'hex' : 'text' })}>
            <option value="text">ASCII</option>
            <option value="hex">HEX</option>
          </select>
        </>
      );
    case 'regex':
      return (
        <>
          {patternInput(match.source, (source) => onChange({ ...match, source }))}
          <label className="check seq-inline" title={t('seq.expect.ignoreCase')}>
            <input type="checkbox" data-testid="sequence-expect-ignore-case" checked={match.ignoreCase} onChange={(e) => onChange({ ...match, ignoreCase: e.target.checked })} />
            Aa
          </label>
        </>
      );
    case 'hex-pattern':
      return patternInput(match.pattern, (pattern) => onChange({ ...match, pattern }), t('seq.expect.hexPlaceholder'));
    case 'length':
      return (
        <span className="seq-inline">
          <NumberField
            testId="sequence-expect-min"
            label={t('seq.expect.min')}
            value={match.min}
            min={0}
            max={MATCH_LIMITS.maxLength}
            problem={numberProblem(t, index, 'min', 0, MATCH_LIMITS.maxLength)}
            onCommit={(min) => onChange({ ...match, min })}
            onProblem={onProblem}
          />
          –
          <NumberField
            testId="sequence-expect-max"
            label={t('seq.expect.max')}
            value={match.max}
            min={0}
            max={MATCH_LIMITS.maxLength}
            problem={numberProblem(t, index, 'max', 0, MATCH_LIMITS.maxLength)}
            onCommit={(max) => onChange({ ...match, max })}
            onProblem={onProblem}
          />
          B
        </span>
      );
  }
}

export function RepeatEditor({ step, index, onChange, onProblem }: EditorProps<'repeat'>) {
  const t = useT();
  return (
    <span className="seq-inline">
      <NumberField
        testId="sequence-repeat-count"
        label={t('seq.repeat.count')}
        value={step.count}
        min={1}
        max={SEQUENCE_LIMITS.repeatCount}
        problem={numberProblem(t, index, 'count', 1, SEQUENCE_LIMITS.repeatCount)}
        onCommit={(count) => onChange({ ...step, count })}
        onProblem={onProblem}
      />
      {t('seq.repeat.times')}
      <NumberField
        testId="sequence-repeat-steps"
        label={t('seq.repeat.stepsLabel')}
        value={step.steps}
        min={1}
        max={SEQUENCE_LIMITS.steps}
        problem={numberProblem(t, index, 'steps', 1, SEQUENCE_LIMITS.steps)}
        onCommit={(steps) => onChange({ ...step, steps })}
        onProblem={onProblem}
      />
      {t('seq.repeat.steps')}
    </span>
  );
}
