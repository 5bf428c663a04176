import { ok, type AppError, type Result } from '../../contract/errors';
import { parseHex } from '../hex';
import { encodeUtf8 } from '../text';
import { compileTemplate, type CompiledTemplate } from './compile-template';
import { evaluateTemplate, type TemplateContext } from './evaluate-template';

/** Test helpers: templates whose literals are HEX or plain UTF-8, evaluated in a fixed context. */
export const ASCII_TEXT = (ascii: string): Uint8Array => encodeUtf8(ascii);

export function compileHexTemplate(text: string): Result<CompiledTemplate> {
  return compileTemplate(text, { backslashEscapes: false, literal: (literal) => parseHex(literal), fieldText: ASCII_TEXT });
}

export function compileTextTemplate(text: string): Result<CompiledTemplate> {
  return compileTemplate(text, { backslashEscapes: false, literal: (literal) => ok(encodeUtf8(literal)), fieldText: ASCII_TEXT });
}

/** Counting bytes 0, 1, 2… so a random field is recognisable. */
export const countingRandom = (length: number): Uint8Array => Uint8Array.from({ length }, (_, i) => i);

export const CONTEXT: TemplateContext = { sendIndex: 0, now: Date.UTC(2024, 0, 2, 3, 4, 5, 678), random: countingRandom };

export function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** The bytes as HEX, or the error's params: one value a table test can compare. */
export function run(compiled: Result<CompiledTemplate>, context: Partial<TemplateContext> = {}): string | AppError['params'] {
  if (!compiled.ok) return compiled.error.params;
  const bytes = evaluateTemplate(compiled.value, { ...CONTEXT, ...context });
  return bytes.ok ? hexOf(bytes.value) : bytes.error.params;
}
