import type { ErrorParams } from '@shared/contract/errors';
import { translate, type Lang, type MessageKey } from './i18n';

/** The framing's own fields (shared/codecs/framing/check-spec.ts) and their labels in a sentence. */
const FIELD_LABELS: Readonly<Record<string, MessageKey>> = {
  delimiter: 'framing.field.delimiter',
  keep: 'framing.field.keep',
  size: 'framing.field.size',
  maxMessageBytes: 'framing.field.maxMessageBytes',
  offset: 'framing.field.offset',
  width: 'framing.field.width',
  order: 'framing.field.order',
  adjust: 'framing.field.adjust',
  includesHeader: 'framing.field.includesHeader',
  gapMs: 'framing.field.gapMs',
  kind: 'framing.field.kind',
};

/** The framing field an error names: 'framing.size', 'config.framing.size' → 'size'; 'framing' → ''. */
export function framingFieldOf(params: ErrorParams | undefined): string | undefined {
  const field = params?.field;
  if (typeof field !== 'string') return undefined;
  const segments = field.split('.');
  const at = segments.indexOf('framing');
  if (at < 0) return undefined;
  return segments.slice(at + 1).join('.');
}

const num = (params: ErrorParams | undefined, name: string): string | number => params?.[name] ?? '?';

/**
 * The sentence for a framing error (FramingSettings' own check, the host's schema, or the engine), or undefined
 * when the error is not about framing. The field comes as 'framing.<field>' (renderer, engine, session.framing.set)
 * or 'config.framing.<field>' (session.open through a host).
 */
export function framingSentence(lang: Lang, p: ErrorParams | undefined): string | undefined {
  const field = framingFieldOf(p);
  if (field === undefined) return undefined;
  const reason = p?.reason;
  const labelKey = FIELD_LABELS[field];
  const label = labelKey ? translate(lang, labelKey) : translate(lang, 'framing.field.kind');
  switch (reason) {
    case 'not-an-integer':
    case 'out-of-range':
      return translate(lang, 'validate.framing.integer', { field: label, min: num(p, 'min'), max: num(p, 'max') });
    case 'not-one-of':
      return translate(lang, 'validate.framing.oneOf', { field: label, allowed: num(p, 'allowed') });
    case 'empty':
      return translate(lang, 'validate.framing.delimiterEmpty');
    case 'too-long':
      return translate(lang, 'validate.framing.delimiterTooLong', { length: num(p, 'length'), max: num(p, 'max') });
    case 'not-bytes':
      return translate(lang, 'validate.framing.delimiterNotBytes');
    case 'exceeds-max-message':
      if (field === 'delimiter') return translate(lang, 'validate.framing.delimiterOverMax', { length: num(p, 'length'), maxMessageBytes: num(p, 'maxMessageBytes') });
      if (field === 'size') return translate(lang, 'validate.framing.sizeOverMax', { size: num(p, 'size'), maxMessageBytes: num(p, 'maxMessageBytes') });
      return translate(lang, 'validate.framing.headerOverMax', { headerBytes: num(p, 'headerBytes'), maxMessageBytes: num(p, 'maxMessageBytes') });
    case 'unknown-kind':
      return translate(lang, 'validate.framing.unknownKind', { allowed: num(p, 'allowed') });
    case 'unknown-field':
      return translate(lang, 'validate.framing.unknownField', { name: field });
    case 'not-an-object':
      return translate(lang, 'validate.framing.notObject');
    case 'not-tcp':
      return translate(lang, 'validate.framing.notTcp');
    default:
      // An escape the delimiter's text cannot read has its own sentence (position and escape): not ours to say.
      if (p?.escape !== undefined) return undefined;
      return translate(lang, 'validate.framing.invalid', { field: label });
  }
}
