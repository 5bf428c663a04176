import { safeParseUntrusted } from '@shared/contract/safe-parse';
import { quickCommandSchema } from '@shared/contract/schemas';
import { QUICK_COMMAND_LIMITS, type QuickCommandDraft } from './quick-command';
import { QUICK_FILE_FORMAT, QUICK_FILE_VERSION } from './quick-file-format';

/*
 * Reading a file of quick commands checks every entry with the workspace file's schema, which brings zod and the
 * hosts' schemas: QuickCommandsMenu loads this module only when the user imports a file, so the page starts
 * without them. Writing one needs neither (quick-file-format.ts).
 */
export { exportQuickCommands, QUICK_FILE_FORMAT, QUICK_FILE_VERSION } from './quick-file-format';

/** Why a file was refused, in no language: QuickCommandsMenu says it in the page's. Nothing is imported then. */
export type QuickFileError =
  | { readonly kind: 'notJson'; readonly line: number | undefined; readonly detail: string }
  | { readonly kind: 'notOurs' }
  | { readonly kind: 'version'; readonly version: string }
  | { readonly kind: 'tooMany'; readonly count: number }
  | {
      readonly kind: 'badEntry';
      readonly index: number;
      readonly line: number | undefined;
      readonly path: string;
      /** What is wrong with the field, in no language (quick-import-text says it); `detail` is the checker's English. */
      readonly problem: EntryProblem;
      readonly detail: string;
    };

/** Why one field of an imported command was refused, from the schema check's issue. */
export type EntryProblem = 'wrongType' | 'tooLong' | 'tooShort' | 'notAllowed' | 'unknownField' | 'encoding' | 'other';

export type QuickFileResult = { readonly ok: true; readonly commands: readonly QuickCommandDraft[] } | { readonly ok: false; readonly error: QuickFileError };

/** Reads an export of ours. Every entry is checked by the workspace file's schema; the first bad one refuses the file. */
export function parseQuickFile(text: string): QuickFileResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { kind: 'notJson', line: jsonErrorLine(text, detail), detail } };
  }
  if (!isRecord(data) || data.format !== QUICK_FILE_FORMAT || !Array.isArray(data.commands)) return { ok: false, error: { kind: 'notOurs' } };
  if (data.version !== QUICK_FILE_VERSION) return { ok: false, error: { kind: 'version', version: versionText(data.version) } };
  const entries: unknown[] = data.commands;
  if (entries.length > QUICK_COMMAND_LIMITS.commands) return { ok: false, error: { kind: 'tooMany', count: entries.length } };
  const commands: QuickCommandDraft[] = [];
  for (const [index, entry] of entries.entries()) {
    // The id is ours to give (it may clash with one here): an entry without one is fine.
    const checked = safeParseUntrusted(quickCommandSchema, isRecord(entry) && !('id' in entry) ? { ...entry, id: 'import' } : entry);
    if (!checked.success) {
      const issue = checked.error.issues[0]!;
      const line = elementLines(text)[index];
      const path = issue.path.map(String).join('.');
      return { ok: false, error: { kind: 'badEntry', index: index + 1, line, path, problem: problemOf(issue.code, path), detail: issue.message } };
    }
    const { id: _id, ...draft } = checked.data;
    commands.push(draft);
  }
  return { ok: true, commands };
}

/**
 * The version a file names, as the message shows it: a number or a string as written, anything else as its JSON
 * (String() would throw on an object whose own toString is not a function, and the value came from JSON.parse).
 */
function versionText(version: unknown): string {
  const text = typeof version === 'string' || typeof version === 'number' ? String(version) : JSON.stringify(version) ?? 'none';
  return text.slice(0, 40);
}

/** The schema check's issue code as a problem the page can say in its language (zod's own text is English). */
function problemOf(code: string, path: string): EntryProblem {
  if (/(^|\.)encoding$/.test(path)) return 'encoding';
  switch (code) {
    case 'invalid_type':
      return 'wrongType';
    case 'too_big':
      return 'tooLong';
    case 'too_small':
      return 'tooShort';
    case 'invalid_value':
    case 'invalid_union':
    case 'invalid_format':
      return 'notAllowed';
    case 'unrecognized_keys':
      return 'unknownField';
    default:
      return 'other';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The 1-based line of a JSON.parse error: engines say "line L column C" or "at position P", depending on version. */
export function jsonErrorLine(text: string, message: string): number | undefined {
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  if (position) return lineAt(text, Number(position[1]));
  // V8 now quotes the text around the token instead: `Unexpected token ',', ..."ands": [,]\n}" is not valid JSON`,
  // ten characters before it when there are that many ("..." then).
  const quoted = /^Unexpected token '([\s\S])', (?:"|(\.\.\.)"?)([\s\S]*?)(?:\.\.\.)?"? is not valid JSON/.exec(message);
  if (quoted) {
    const [, token, before, context] = quoted;
    const at = text.indexOf(context!);
    if (at >= 0) return lineAt(text, at + (before ? 10 : Math.max(0, context!.indexOf(token!))));
  }
  // "Unexpected end of JSON input": the end of the text.
  return /end of (JSON|data)/i.test(message) ? lineAt(text, text.length) : undefined;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < Math.min(offset, text.length); i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The line each element of the top-level "commands" array starts on (the text is valid JSON by now), so a bad
 * entry is named by its line as an editor shows it. A small scan: strings are skipped, depth is counted.
 */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let lastString = '';
  let inCommands = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      lastString = text.slice(start + 1, i);
      if (expectElement) {
        lines.push(line);
        expectElement = false;
      }
      continue;
    }
    if (/\s/.test(c)) continue;
    if (inCommands && depth === 2 && expectElement && c !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (c === '[' || c === '{') {
      depth++;
      if (c === '[' && depth === 2 && lastString === 'commands') {
        inCommands = true;
        expectElement = true;
      }
    } else if (c === ']' || c === '}') {
      depth--;
      if (depth === 1) inCommands = false;
    } else if (c === ',' && inCommands && depth === 2) expectElement = true;
    else if (c !== ':') lastString = '';
  }
  return lines;
}
