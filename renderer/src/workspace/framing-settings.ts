import { SETTINGS_LIMITS, type TabSettings } from '@shared/contract/settings';
import type { FramingConfig } from '@shared/contract/framing';
import { DEFAULT_FRAMING_FORM, FRAMING_FORM_KEYS, formFromFramingConfig, type FramingForm } from '../store/framing-form';

type SavedFraming = NonNullable<TabSettings['framing']>;

const clip = (text: string): string => text.slice(0, SETTINGS_LIMITS.fieldChars);

/**
 * The 分帧 controls as the workspace file keeps them: as typed (the delimiter's text and mode, numbers as text).
 * Left out while they are all at their defaults, so the files of tabs that never used framing stay as they were.
 */
export function framingSettingsOf(form: FramingForm): { readonly framing?: SavedFraming } {
  if (FRAMING_FORM_KEYS.every((key) => form[key] === DEFAULT_FRAMING_FORM[key])) return {};
  return {
    framing: {
      kind: form.framingKind,
      delimiter: clip(form.framingDelimiter),
      delimiterMode: form.framingDelimiterMode,
      keep: form.framingKeep,
      fixedSize: clip(form.framingFixedSize),
      maxSize: clip(form.framingMaxSize),
      lengthOffset: clip(form.framingLengthOffset),
      lengthWidth: form.framingLengthWidth,
      lengthOrder: form.framingLengthOrder,
      lengthAdjust: clip(form.framingLengthAdjust),
      lengthIncludesHeader: form.framingLengthIncludesHeader,
      idleGapMs: clip(form.framingIdleGapMs),
    },
  };
}

/** The controls of a saved tab; a file without framing (older, or never used) gets the defaults. */
export function framingFormOf(saved: TabSettings['framing']): FramingForm {
  if (saved === undefined) return DEFAULT_FRAMING_FORM;
  return {
    framingKind: saved.kind,
    framingDelimiter: saved.delimiter,
    framingDelimiterMode: saved.delimiterMode,
    framingKeep: saved.keep,
    framingFixedSize: saved.fixedSize,
    framingMaxSize: saved.maxSize,
    framingLengthOffset: saved.lengthOffset,
    framingLengthWidth: saved.lengthWidth,
    framingLengthOrder: saved.lengthOrder,
    framingLengthAdjust: saved.lengthAdjust,
    framingLengthIncludesHeader: saved.lengthIncludesHeader,
    framingIdleGapMs: saved.idleGapMs,
  };
}

/** A tab made for a session another page opened: its controls show the framing it runs with. */
export function framingFormOfConfig(framing: FramingConfig | undefined): Partial<FramingForm> {
  return framing === undefined ? {} : formFromFramingConfig(framing);
}
