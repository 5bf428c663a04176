import { parseDelimiter } from '@shared/codecs/framing/delimiter';
import { FRAMING_LIMITS, type FramingKind } from '@shared/codecs/framing/spec';
import { formatHex } from '@shared/codecs/hex';
import { fail, ok, type AppError, type Result } from '@shared/contract/errors';
import { framingSpecFromConfig, type FramingConfig } from '@shared/contract/framing';
import { delimiterText } from '../log/framing-text';

/**
 * The 分帧 controls of a TCP tab as typed (FramingSettings): flat fields, so the workspace file keeps them and a
 * change is one cheap comparison. The delimiter stays the user's text and mode (bytes are rebuilt with
 * parseDelimiter); each kind's numbers are kept while another kind is chosen, so switching back finds them again.
 */
export interface FramingForm {
  readonly framingKind: FramingKind;
  /** "\r\n" (text with escapes) or "0D 0A" (HEX), as typed. */
  readonly framingDelimiter: string;
  readonly framingDelimiterMode: 'text' | 'hex';
  readonly framingKeep: 'strip' | 'keep';
  readonly framingFixedSize: string;
  /** Max message size in bytes for the kinds that have one; empty = FRAMING_LIMITS.defaultMaxMessageBytes. */
  readonly framingMaxSize: string;
  readonly framingLengthOffset: string;
  readonly framingLengthWidth: 1 | 2 | 4;
  readonly framingLengthOrder: 'le' | 'be';
  readonly framingLengthAdjust: string;
  readonly framingLengthIncludesHeader: boolean;
  readonly framingIdleGapMs: string;
}

export const FRAMING_FORM_KEYS = [
  'framingKind',
  'framingDelimiter',
  'framingDelimiterMode',
  'framingKeep',
  'framingFixedSize',
  'framingMaxSize',
  'framingLengthOffset',
  'framingLengthWidth',
  'framingLengthOrder',
  'framingLengthAdjust',
  'framingLengthIncludesHeader',
  'framingIdleGapMs',
] as const satisfies ReadonlyArray<keyof FramingForm>;

/** A new tab: no framing, with the usual choices ready once one is picked (CR LF lines, a 2-byte big-endian length). */
export const DEFAULT_FRAMING_FORM: FramingForm = {
  framingKind: 'none',
  framingDelimiter: '\\r\\n',
  framingDelimiterMode: 'text',
  framingKeep: 'strip',
  framingFixedSize: '8',
  framingMaxSize: '',
  framingLengthOffset: '0',
  framingLengthWidth: 2,
  framingLengthOrder: 'be',
  framingLengthAdjust: '0',
  framingLengthIncludesHeader: false,
  framingIdleGapMs: '50',
};

/** An error of the framing checks, named under `framing.` so the sentence and the control can be found from it. */
function underFraming(error: AppError): AppError {
  const field = error.params?.field;
  const named = field === undefined || field === 'spec' ? 'framing' : String(field).startsWith('framing') ? String(field) : `framing.${String(field)}`;
  return { ...error, params: { ...error.params, field: named } };
}

/** A whole number as typed ("12", "-2", "+2", "−2") within [min, max], or the same error checkFramingSpec gives. */
function parseWhole(text: string, field: string, min: number, max: number): Result<number> {
  const trimmed = text.trim().replace(/^−/, '-');
  if (!/^[+-]?\d{1,9}$/.test(trimmed)) {
    return fail('INVALID_ARGUMENT', `Framing: ${field} must be an integer from ${min} to ${max}`, { field: `framing.${field}`, reason: 'not-an-integer', min, max });
  }
  const value = Number(trimmed);
  if (value < min || value > max) {
    return fail('INVALID_ARGUMENT', `Framing: ${field} must be from ${min} to ${max}, not ${value}`, { field: `framing.${field}`, reason: 'out-of-range', min, max, value });
  }
  return ok(value);
}

/** The optional max message size: empty = the default (no field in the config). */
function maxOf(form: FramingForm): Result<{ readonly maxMessageBytes?: number }> {
  if (form.framingMaxSize.trim() === '') return ok({});
  const max = parseWhole(form.framingMaxSize, 'maxMessageBytes', 1, FRAMING_LIMITS.maxMessageBytes);
  return max.ok ? ok({ maxMessageBytes: max.value }) : max;
}

function configOf(form: FramingForm): Result<FramingConfig> {
  switch (form.framingKind) {
    case 'none':
      return ok({ kind: 'none' });
    case 'fixed': {
      // The size box is the fixed size here; the limit stays the default, which no fixed size exceeds.
      const size = parseWhole(form.framingFixedSize, 'size', 1, FRAMING_LIMITS.fixedSize);
      return size.ok ? ok({ kind: 'fixed', size: size.value }) : size;
    }
    case 'delimiter': {
      const bytes = parseDelimiter(form.framingDelimiter, form.framingDelimiterMode);
      if (!bytes.ok) return bytes;
      const max = maxOf(form);
      return max.ok ? ok({ kind: 'delimiter', delimiter: Array.from(bytes.value), keep: form.framingKeep, ...max.value }) : max;
    }
    case 'length': {
      const offset = parseWhole(form.framingLengthOffset, 'offset', 0, FRAMING_LIMITS.lengthOffset);
      if (!offset.ok) return offset;
      const adjust = parseWhole(form.framingLengthAdjust, 'adjust', -FRAMING_LIMITS.lengthAdjust, FRAMING_LIMITS.lengthAdjust);
      if (!adjust.ok) return adjust;
      const max = maxOf(form);
      if (!max.ok) return max;
      const { framingLengthWidth: width, framingLengthOrder: order, framingLengthIncludesHeader: includesHeader } = form;
      return ok({ kind: 'length', offset: offset.value, width, order, adjust: adjust.value, includesHeader, ...max.value });
    }
    case 'idle': {
      const gapMs = parseWhole(form.framingIdleGapMs, 'gapMs', 1, FRAMING_LIMITS.idleGapMs);
      if (!gapMs.ok) return gapMs;
      const max = maxOf(form);
      return max.ok ? ok({ kind: 'idle', gapMs: gapMs.value, ...max.value }) : max;
    }
  }
}

/**
 * The framing the controls describe, as session.open and session.framing.set carry it, or the first problem as
 * INVALID_ARGUMENT / INVALID_HEX with `field` 'framing.<field>' and a `reason`. The rules between fields (a
 * delimiter longer than the limit, …) are the engine's own check, run here too: what passes here passes there.
 */
export function framingFromForm(form: FramingForm): Result<FramingConfig> {
  const config = configOf(form);
  if (!config.ok) return { ok: false, error: underFraming(config.error) };
  const checked = framingSpecFromConfig(config.value);
  return checked.ok ? config : { ok: false, error: underFraming(checked.error) };
}

/** The controls for a framing an engine runs (a session this page did not open): what was typed is not known. */
export function formFromFramingConfig(config: FramingConfig): Partial<FramingForm> {
  const max = config.maxMessageBytes === undefined || config.maxMessageBytes === FRAMING_LIMITS.defaultMaxMessageBytes ? '' : String(config.maxMessageBytes);
  switch (config.kind) {
    case 'none':
      return { framingKind: 'none' };
    case 'delimiter':
      return { framingKind: 'delimiter', framingDelimiter: delimiterText(config.delimiter), framingDelimiterMode: 'text', framingKeep: config.keep, framingMaxSize: max };
    case 'fixed':
      return { framingKind: 'fixed', framingFixedSize: String(config.size) };
    case 'length':
      return {
        framingKind: 'length',
        framingLengthOffset: String(config.offset),
        framingLengthWidth: config.width,
        framingLengthOrder: config.order,
        framingLengthAdjust: String(config.adjust),
        framingLengthIncludesHeader: config.includesHeader,
        framingMaxSize: max,
      };
    case 'idle':
      return { framingKind: 'idle', framingIdleGapMs: String(config.gapMs), framingMaxSize: max };
  }
}

/**
 * The delimiter rewritten for the other mode (text "\r\n" ⇄ HEX "0D 0A") when it parses; as typed otherwise, so a
 * half-written delimiter is not lost by a click on the mode.
 */
export function delimiterInMode(text: string, from: 'text' | 'hex', to: 'text' | 'hex'): string {
  if (from === to) return text;
  const bytes = parseDelimiter(text, from);
  if (!bytes.ok) return text;
  return to === 'hex' ? formatHex(bytes.value) : delimiterText(Array.from(bytes.value));
}
