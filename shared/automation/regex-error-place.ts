import { charPosition } from '../codecs/template/char-position';

/**
 * Where a regular expression that does not compile goes wrong, so the rule editor can say "at character 7"
 * instead of only the regex engine's English sentence (which names no place). Called only after `new RegExp`
 * threw: it walks the source the way the 'u' flag reads it and reports the first construct it knows to be wrong.
 * Anything it does not recognise gives no place; the engine's own message is still the detail.
 *
 * Problems: 'unterminated-group' (the '(' never closed), 'unmatched-paren' (a ')' with no '('), 'unterminated-class'
 * (a '[' with no ']'), 'nothing-to-repeat' (a quantifier after nothing, '(' or '|'), 'lone-brace' (a '{', '}' or ']'
 * that is not part of a quantifier or class: the 'u' flag wants it escaped), 'bad-quantifier' ({3,1}: the numbers out
 * of order), 'invalid-escape' (an escape the 'u'
 * flag does not allow, like \a or \-), 'invalid-class' (a class whose content is wrong, like [z-a]).
 */
export type RegexProblem =
  | 'unterminated-group'
  | 'unmatched-paren'
  | 'unterminated-class'
  | 'nothing-to-repeat'
  | 'lone-brace'
  | 'bad-quantifier'
  | 'invalid-escape'
  | 'invalid-class';

export interface RegexErrorPlace {
  readonly problem: RegexProblem;
  /** 1-based character (code points, as the editor counts them). */
  readonly position: number;
}

const QUANTIFIER_BRACES = /^\{(\d+)(,(\d*))?\}/;

export function placeRegexError(source: string, flags: string): RegexErrorPlace | undefined {
  const at = (index: number, problem: RegexProblem): RegexErrorPlace => ({ problem, position: charPosition(source, index) });
  const compiles = (text: string): boolean => {
    try {
      new RegExp(text, flags);
      return true;
    } catch {
      return false;
    }
  };
  const openGroups: number[] = [];
  /** Whether the last thing read can take a quantifier (a character, class, group or escape). */
  let canRepeat = false;
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\') {
      const length = escapeLength(source, i);
      const escape = source.slice(i, i + length);
      // Back-references (\1, \k<name>) only make sense with their groups; anything else must compile on its own.
      if (!/^\\(?:[1-9]|k<)/.test(escape) && !compiles(escape)) return at(i, 'invalid-escape');
      canRepeat = true;
      i += length;
      continue;
    }
    if (c === '[') {
      const end = classEnd(source, i);
      if (end < 0) return at(i, 'unterminated-class');
      if (!compiles(source.slice(i, end + 1))) return at(i, 'invalid-class');
      canRepeat = true;
      i = end + 1;
      continue;
    }
    if (c === '(') {
      openGroups.push(i);
      canRepeat = false;
      i += groupOpenerLength(source, i);
      continue;
    }
    if (c === ')') {
      if (openGroups.pop() === undefined) return at(i, 'unmatched-paren');
      canRepeat = true;
      i++;
      continue;
    }
    if (c === '*' || c === '+' || c === '?') {
      if (!canRepeat) return at(i, 'nothing-to-repeat');
      canRepeat = false;
      i += source[i + 1] === '?' ? 2 : 1; // a lazy quantifier
      continue;
    }
    if (c === '{') {
      const braces = QUANTIFIER_BRACES.exec(source.slice(i));
      if (!braces) return at(i, 'lone-brace');
      if (!canRepeat) return at(i, 'nothing-to-repeat');
      if (braces[3] !== undefined && braces[3] !== '' && Number(braces[3]) < Number(braces[1])) return at(i, 'bad-quantifier');
      canRepeat = false;
      i += braces[0].length;
      if (source[i] === '?') i++;
      continue;
    }
    if (c === '}' || c === ']') return at(i, 'lone-brace');
    // '|', '^' and '$' are not atoms: a quantifier right after them has nothing to repeat.
    canRepeat = c !== '|' && c !== '^' && c !== '$';
    i++;
  }
  const unclosed = openGroups.pop();
  return unclosed === undefined ? undefined : at(unclosed, 'unterminated-group');
}

/** Characters of the escape at `i` ("\\d", "\\x41", "\\u{1F600}", "\\p{L}", "\\cA", "\\k<name>", "\\12"). */
function escapeLength(source: string, i: number): number {
  const rest = source.slice(i);
  const match = /^\\(?:x[0-9a-fA-F]{0,2}|u\{[^}]*\}?|u[0-9a-fA-F]{0,4}|[pP]\{[^}]*\}?|c[a-zA-Z]?|k<[^>]*>?|[1-9]\d*|[\s\S])?/.exec(rest);
  return Math.max(match?.[0].length ?? 1, 1);
}

/** Index of the ']' that closes the class opened at `start`, or -1. */
function classEnd(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i++;
  while (i < source.length) {
    if (source[i] === '\\') {
      i += escapeLength(source, i);
      continue;
    }
    if (source[i] === ']') return i;
    i++;
  }
  return -1;
}

/** "(", "(?:", "(?=", "(?!", "(?<=", "(?<!", "(?<name>". */
function groupOpenerLength(source: string, i: number): number {
  const match = /^\((?:\?(?::|=|!|<=|<!|<[^>]*>))?/.exec(source.slice(i));
  return match?.[0].length ?? 1;
}
