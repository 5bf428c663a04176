import { fail, ok, type Result } from '../contract/errors';
import { encodeUtf8 } from './text';

/**
 * `\{` and `\}` spell braces: `{{` always starts a payload template field (shared/codecs/template), so a literal
 * "{{" is typed `\{{` (or `\{\{`) with escapes on.
 */
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { r: 0x0d, n: 0x0a, t: 0x09, '0': 0x00, '\\': 0x5c, '{': 0x7b, '}': 0x7d };

/**
 * Turns one run of text between escapes into bytes. `index` is where the run starts in the text given to
 * parseEscapesWith (UTF-16 units), so an error can say where in the whole text it is.
 */
export type EncodeRun = (run: string, index: number) => Result<Uint8Array>;

const utf8Run: EncodeRun = (run) => ok(encodeUtf8(run));

/**
 * 自动解析转义符: turns "AT\r\n" or "\x02data\x03" typed in ASCII mode into bytes. Text between escapes is
 * UTF-8. Supported: \r \n \t \0 \\ \{ \} \xHH. An unknown escape or a short \x is an error with its 1-based
 * position, so a typo is reported instead of sent.
 */
export function parseEscapes(text: string): Result<Uint8Array> {
  return parseEscapesWith(text, utf8Run);
}

/**
 * parseEscapes with the text between escapes turned into bytes by `encodeRun` (a text encoding other than
 * UTF-8); its errors are returned as they are, the first one ends the parse.
 */
export function parseEscapesWith(text: string, encodeRun: EncodeRun): Result<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let literalStart = 0;
  let i = 0;
  const flush = (end: number): Result<null> => {
    if (end <= literalStart) return ok(null);
    const run = encodeRun(text.slice(literalStart, end), literalStart);
    if (!run.ok) return run;
    chunks.push(run.value);
    return ok(null);
  };
  while (i < text.length) {
    if (text[i] !== '\\') {
      i++;
      continue;
    }
    const flushed = flush(i);
    if (!flushed.ok) return flushed;
    const next = text[i + 1];
    if (next !== undefined && Object.prototype.hasOwnProperty.call(SIMPLE_ESCAPES, next)) {
      chunks.push(Uint8Array.of(SIMPLE_ESCAPES[next]!));
      i += 2;
    } else if (next === 'x' || next === 'X') {
      const digits = text.slice(i + 2, i + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(digits)) {
        return fail('INVALID_ARGUMENT', `\\x needs two HEX digits at position ${i + 1}`, { position: i + 1, escape: text.slice(i, i + 4) });
      }
      chunks.push(Uint8Array.of(parseInt(digits, 16)));
      i += 4;
    } else {
      return fail('INVALID_ARGUMENT', `Unknown escape "\\${next ?? ''}" at position ${i + 1}`, { position: i + 1, escape: `\\${next ?? ''}` });
    }
    literalStart = i;
  }
  const flushed = flush(text.length);
  if (!flushed.ok) return flushed;
  return ok(concatBytes(chunks));
}

export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
