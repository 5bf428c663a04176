import { charPosition } from '@shared/codecs/template/char-position';

/** Why a regular expression is not valid, in words the UI has sentences for ('other': the engine's own text). */
export type RegexProblem =
  | 'unterminated-group'
  | 'unmatched-paren'
  | 'unterminated-class'
  | 'nothing-to-repeat'
  | 'trailing-backslash'
  | 'quantifier-order'
  | 'invalid-group'
  | 'other';

export interface RegexError {
  readonly problem: RegexProblem;
  /** 1-based character (code point) of the pattern where it goes wrong. */
  readonly position: number;
  /** The engine's message (English), for 'other'. */
  readonly detail: string;
}

const PROBLEMS: ReadonlyArray<readonly [RegExp, RegexProblem]> = [
  [/Unterminated group/i, 'unterminated-group'],
  [/Unmatched '\)'/i, 'unmatched-paren'],
  [/Unterminated character class/i, 'unterminated-class'],
  [/Nothing to repeat/i, 'nothing-to-repeat'],
  [/\\ at end of pattern/i, 'trailing-backslash'],
  [/numbers out of order/i, 'quantifier-order'],
  [/Invalid group/i, 'invalid-group'],
];

/** Group openers read as one token: cutting "(?:" after "(?" would look like an error of its own. */
const GROUP_OPENER = /^\(\?(?:[:=!]|<[=!]|<[A-Za-z_$][\w$]*>)/;
const QUANTIFIER = /^\{\d+(?:,\d*)?\}/;

/** Compiles `source` with `flags`, or says what is wrong and where. */
export function compileRegex(source: string, flags: string): { ok: true; value: RegExp } | { ok: false; error: RegexError } {
  try {
    return { ok: true, value: new RegExp(source, flags) };
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(error);
    const problem = PROBLEMS.find(([re]) => re.test(detail))?.[1] ?? 'other';
    // A character as a person counts it (code points, as every other position the page shows): an emoji is one.
    return { ok: false, error: { problem, position: charPosition(source, errorPosition(source, flags) - 1), detail } };
  }
}

const isValid = (source: string, flags: string): boolean => {
  try {
    new RegExp(source, flags);
    return true;
  } catch {
    return false;
  }
};

/**
 * Where an invalid pattern goes wrong, as a 1-based UTF-16 index (compileRegex turns it into a character). The engine does not say, so the pattern is read token by token: after each
 * token, the part read so far is closed (open groups and class ended) and tried; the first token after which it
 * cannot be made valid is the place. A pattern whose every prefix closes fine (a group left open) is wrong where
 * the last thing left open starts.
 */
export function errorPosition(source: string, flags: string): number {
  const openGroups: number[] = [];
  let classStart = -1;
  let i = 0;
  while (i < source.length) {
    const start = i;
    const rest = source.slice(i);
    // An escape takes the character it escapes with it; a lone "\" at the very end fails on its own, at the backslash.
    if (source[i] === '\\') i += Math.min(2, source.length - i);
    else if (classStart >= 0) {
      if (source[i] === ']') classStart = -1;
      i++;
    } else if (source[i] === '[') {
      classStart = i;
      i++;
    } else if (source[i] === '(') {
      openGroups.push(i);
      i += GROUP_OPENER.exec(rest)?.[0].length ?? 1;
    } else if (source[i] === ')') {
      openGroups.pop();
      i++;
    } else i += QUANTIFIER.exec(rest)?.[0].length ?? 1;
    const closers = (classStart >= 0 ? ']' : '') + ')'.repeat(openGroups.length);
    if (!isValid(source.slice(0, i) + closers, flags)) return start + 1;
  }
  if (classStart >= 0) return classStart + 1;
  return (openGroups.at(-1) ?? 0) + 1;
}
