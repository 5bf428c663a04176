import type { AppError } from '@shared/contract/errors';
import { parseHex } from '@shared/codecs/hex';
import { encodeText, type TextEncoding } from '@shared/codecs/encodings';
import { ByteSearch } from './byte-search';
import type { LogSearch, LogSearchState } from './log-search';
import { compileRegex, type RegexError } from './regex-error';
import { RegexSearch } from './regex-search';

/** What the search box holds (per tab) that decides the matches. */
export type SearchInput = Pick<LogSearchState, 'mode' | 'text' | 'caseInsensitive'>;

/** Why the box's content is not a search: HEX that does not parse, text the encoding cannot write, a bad regex. */
export type SearchError =
  | { readonly kind: 'hex'; readonly error: AppError }
  | { readonly kind: 'encoding'; readonly error: AppError }
  | { readonly kind: 'regex'; readonly error: RegexError };

/** The compiled search, null when there is nothing to look for (an empty box), or why the input is not valid. */
export type CompiledSearch = { readonly ok: true; readonly search: LogSearch | null } | { readonly ok: false; readonly error: SearchError };

/**
 * Text is looked for as the bytes `encoding` writes it as (the receive view's encoding: what the ASCII view shows
 * is those bytes decoded), so "温度" finds GBK frames in a GBK tab; a regex runs on the rows decoded the same way.
 */
export function compileSearch(input: SearchInput, encoding: TextEncoding = 'utf-8'): CompiledSearch {
  if (input.text === '') return { ok: true, search: null };
  switch (input.mode) {
    case 'text': {
      const bytes = encodeText(input.text, encoding);
      if (!bytes.ok) return { ok: false, error: { kind: 'encoding', error: bytes.error } };
      return { ok: true, search: new ByteSearch(bytes.value, input.caseInsensitive) };
    }
    case 'hex': {
      const bytes = parseHex(input.text);
      if (!bytes.ok) return { ok: false, error: { kind: 'hex', error: bytes.error } };
      return { ok: true, search: bytes.value.length === 0 ? null : new ByteSearch(bytes.value, false) };
    }
    case 'regex': {
      const pattern = compileRegex(input.text, input.caseInsensitive ? 'i' : '');
      if (!pattern.ok) return { ok: false, error: { kind: 'regex', error: pattern.error } };
      return { ok: true, search: new RegexSearch(pattern.value, encoding) };
    }
  }
}
