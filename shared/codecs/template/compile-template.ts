import { ok, type Result } from '../../contract/errors';
import { charPosition } from './char-position';
import { templateError } from './template-errors';
import { compileField, TEMPLATE_LIMITS, type TemplateField } from './template-fields';
import { scanTemplate } from './template-syntax';
import type { ReplyFieldOptions } from './reply-fields';

/** A run of fixed bytes, or a field filled in per send; `position` (1-based character) is where errors point. */
export type TemplatePart =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'field'; readonly field: TemplateField; readonly position: number };

export interface CompiledTemplate {
  readonly parts: readonly TemplatePart[];
  /** Bytes of every send when the template has no field (the common case): no work per send at all. */
  readonly constant: Uint8Array | undefined;
  /** Fields whose bytes differ between two sends with the same index: a preview of them is an example. */
  readonly hasTime: boolean;
  readonly hasRandom: boolean;
  readonly hasCounter: boolean;
  /** Text fields (counter dec/hex, time text, len dec, crc ascii-hex) as bytes: ASCII, or UTF-16 when sending that. */
  readonly fieldText: (ascii: string) => Uint8Array;
}

export interface TemplateCompileOptions {
  /** See ScanOptions.backslashEscapes. */
  readonly backslashEscapes: boolean;
  /**
   * The bytes of a literal (HEX, escapes, text encoding: the caller's), `index` being where it starts in the
   * whole text; its errors must already carry their position in the whole text.
   */
  readonly literal: (text: string, index: number) => Result<Uint8Array>;
  readonly fieldText: (ascii: string) => Uint8Array;
  /** An auto-reply rule's reply: its fields may use the message it answers (reply-fields.ts). */
  readonly reply?: ReplyFieldOptions;
}

/**
 * Reads a payload template once (DESIGN §3b): literals become bytes, fields are checked and keep their options, so
 * evaluating it per send (evaluateTemplate, at up to 1 000 sends/s) does only the fields' work. Never throws.
 */
export function compileTemplate(text: string, options: TemplateCompileOptions): Result<CompiledTemplate> {
  const tokens = scanTemplate(text, { backslashEscapes: options.backslashEscapes });
  if (!tokens.ok) return tokens;
  const parts: TemplatePart[] = [];
  let fields = 0;
  for (const token of tokens.value) {
    if (token.kind === 'literal') {
      const bytes = options.literal(token.text, token.index);
      if (!bytes.ok) return bytes;
      if (bytes.value.length > 0) parts.push({ kind: 'bytes', bytes: bytes.value });
      continue;
    }
    if (++fields > TEMPLATE_LIMITS.maxFields) {
      return templateError('tooManyFields', charPosition(text, token.index), `more than ${TEMPLATE_LIMITS.maxFields} fields`, {
        max: TEMPLATE_LIMITS.maxFields,
      });
    }
    const field = compileField(text, token, options.reply);
    if (!field.ok) return field;
    parts.push({ kind: 'field', field: field.value, position: charPosition(text, token.index) });
  }
  const kinds = new Set(parts.map((part) => (part.kind === 'field' ? part.field.kind : 'bytes')));
  return ok({
    parts,
    constant: fields === 0 ? joinBytes(parts) : undefined,
    hasTime: kinds.has('time'),
    hasRandom: kinds.has('random'),
    hasCounter: kinds.has('counter'),
    fieldText: options.fieldText,
  });
}

function joinBytes(parts: readonly TemplatePart[]): Uint8Array {
  let length = 0;
  for (const part of parts) if (part.kind === 'bytes') length += part.bytes.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    if (part.kind !== 'bytes') continue;
    out.set(part.bytes, offset);
    offset += part.bytes.length;
  }
  return out;
}
