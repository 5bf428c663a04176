import { ok, type Result } from '../../contract/errors';
import { charPosition } from './char-position';
import { templateError } from './template-errors';

/** `key=value` inside a field; indexes are UTF-16 offsets into the whole text, for error positions. */
export interface TemplateOption {
  /** Lower case. */
  readonly key: string;
  readonly value: string;
  readonly keyIndex: number;
  readonly valueIndex: number;
}

/** Text between fields, as typed (escapes and HEX are read by the caller). */
export interface TemplateLiteral {
  readonly kind: 'literal';
  readonly text: string;
  readonly index: number;
}

/** `{{name key=value …}}`. */
export interface TemplateMacro {
  readonly kind: 'macro';
  /** Lower case. */
  readonly name: string;
  /** Where "{{" is. */
  readonly index: number;
  readonly nameIndex: number;
  /** Just past "}}". */
  readonly end: number;
  readonly options: readonly TemplateOption[];
}

export type TemplateToken = TemplateLiteral | TemplateMacro;

export interface ScanOptions {
  /**
   * ASCII mode with escapes on: a backslash and the character after it are literal text, so `\{{` is a brace
   * and a field start is never hidden inside an escape. HEX mode and plain ASCII have no escapes.
   */
  readonly backslashEscapes: boolean;
}

const OPEN = '{{';
const CLOSE = '}}';

/**
 * Splits send box text into literals and fields. "{{" always starts a field and "}}" ends it; inside, words are
 * separated by blanks: the field's name, then key=value options. Never throws: an unclosed field, an empty one or
 * a word that is not key=value is INVALID_ARGUMENT { reason: 'template', problem, position } (template-errors.ts).
 * Names and keys are read in any case; what the names and options mean is template-fields.ts's business.
 */
export function scanTemplate(text: string, options: ScanOptions): Result<TemplateToken[]> {
  const tokens: TemplateToken[] = [];
  let literalStart = 0;
  let i = 0;
  while (i < text.length) {
    if (options.backslashEscapes && text[i] === '\\') {
      i += 2;
      continue;
    }
    if (!text.startsWith(OPEN, i)) {
      i++;
      continue;
    }
    if (i > literalStart) tokens.push({ kind: 'literal', text: text.slice(literalStart, i), index: literalStart });
    const macro = scanMacro(text, i);
    if (!macro.ok) return macro;
    tokens.push(macro.value);
    i = macro.value.end;
    literalStart = i;
  }
  if (literalStart < text.length) tokens.push({ kind: 'literal', text: text.slice(literalStart), index: literalStart });
  return ok(tokens);
}

function scanMacro(text: string, index: number): Result<TemplateMacro> {
  const bodyStart = index + OPEN.length;
  const close = text.indexOf(CLOSE, bodyStart);
  const nextOpen = text.indexOf(OPEN, bodyStart);
  // A field opened inside another is a field left unclosed: name the outer one, where the mistake starts.
  if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
    return templateError('unclosed', charPosition(text, index), '"{{" is not closed with "}}"');
  }
  const words = wordsOf(text, bodyStart, close);
  const [first, ...rest] = words;
  if (!first) return templateError('empty', charPosition(text, index), 'empty field "{{}}"');
  const options: TemplateOption[] = [];
  for (const word of rest) {
    const equals = word.text.indexOf('=');
    if (equals <= 0) {
      return templateError('badOption', charPosition(text, word.index), `"${word.text}" is not name=value`, { option: word.text });
    }
    options.push({
      key: word.text.slice(0, equals).toLowerCase(),
      value: word.text.slice(equals + 1),
      keyIndex: word.index,
      valueIndex: word.index + equals + 1,
    });
  }
  return ok({ kind: 'macro', name: first.text.toLowerCase(), index, nameIndex: first.index, end: close + CLOSE.length, options });
}

const isBlank = (char: string | undefined): boolean => char === ' ' || char === '\t' || char === '\r' || char === '\n';

function wordsOf(text: string, start: number, end: number): Array<{ readonly text: string; readonly index: number }> {
  const words: Array<{ readonly text: string; readonly index: number }> = [];
  let i = start;
  while (i < end) {
    while (i < end && isBlank(text[i])) i++;
    const wordStart = i;
    while (i < end && !isBlank(text[i])) i++;
    if (i > wordStart) words.push({ text: text.slice(wordStart, i), index: wordStart });
  }
  return words;
}
