import type { KeyboardEvent, RefObject } from 'react';
import { useLang, useT } from '../i18n/lang-store';
import { localizeError } from '../i18n/localize-error';
import type { Translate } from '../i18n/i18n';
import type { SearchError } from '../log/search/compile-search';
import { SEARCH_MODES } from '../log/search/log-search';
import { useTab } from '../store/tab-context';
import { Checkbox } from './Checkbox';

interface LogSearchBoxProps {
  /** Matches in the view, and which one is current (1-based; 0 = none chosen yet); null without a search. */
  readonly count: { readonly current: number; readonly total: number } | null;
  readonly error: SearchError | null;
  readonly onStep: (direction: 1 | -1) => void;
  readonly inputRef: RefObject<HTMLInputElement | null>;
}

/** The sentence under the box for a search that cannot run, saying where it goes wrong. */
function errorText(error: SearchError, t: Translate, lang: Parameters<typeof localizeError>[1]): string {
  if (error.kind !== 'regex') return localizeError(error.error, lang);
  const { problem, position, detail } = error.error;
  return t('search.regexError', { position, problem: problem === 'other' ? detail : t(`search.regex.${problem}`) });
}

/**
 * 搜索: text (UTF-8), HEX bytes or a regex over the log; Enter / Shift+Enter and the arrows step through the
 * matches, the counter says which one of how many. "Only matching rows" narrows the view to them.
 */
export function LogSearchBox({ count, error, onStep, inputRef }: LogSearchBoxProps) {
  const t = useT();
  const lang = useLang();
  const search = useTab((s) => s.logSearch);
  const setSearch = useTab((s) => s.setLogSearch);
  const errorMessage = error ? errorText(error, t, lang) : null;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onStep(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape' && search.text !== '') {
      event.preventDefault();
      setSearch({ text: '' });
    }
  };

  return (
    <div className="log-search">
      <select
        data-testid="log-search-mode"
        aria-label={t('search.mode')}
        value={search.mode}
        onChange={(e) => setSearch({ mode: SEARCH_MODES.find((mode) => mode === e.target.value) ?? 'text' })}
      >
        {SEARCH_MODES.map((mode) => (
          <option key={mode} value={mode}>
            {t(`search.mode.${mode}`)}
          </option>
        ))}
      </select>
      <span className="log-search-field">
        <input
          ref={inputRef}
          type="search"
          data-testid="log-search"
          aria-label={t('search.label')}
          aria-invalid={errorMessage ? true : undefined}
          aria-describedby={errorMessage ? 'log-search-error' : undefined}
          title={t('search.scope')}
          placeholder={t(`search.placeholder.${search.mode}`)}
          spellCheck={false}
          value={search.text}
          onChange={(e) => setSearch({ text: e.target.value })}
          onKeyDown={onKeyDown}
        />
        {errorMessage && (
          <span className="log-search-error" id="log-search-error" data-testid="log-search-error" role="alert">
            {errorMessage}
          </span>
        )}
      </span>
      {search.mode !== 'hex' && (
        <Checkbox
          testId="log-search-case"
          label={t('search.caseInsensitive')}
          title={t('search.caseInsensitiveTitle')}
          checked={search.caseInsensitive}
          onChange={(on) => setSearch({ caseInsensitive: on })}
        />
      )}
      {/* One group: the pair wraps to the next line together, never ↑ on one line and ↓ on the next. */}
      <span className="log-search-steps">
        <button type="button" data-testid="log-search-prev" title={t('search.prev')} aria-label={t('search.prev')} disabled={!count?.total} onClick={() => onStep(-1)}>
          ↑
        </button>
        <button type="button" data-testid="log-search-next" title={t('search.next')} aria-label={t('search.next')} disabled={!count?.total} onClick={() => onStep(1)}>
          ↓
        </button>
      </span>
      {count && (
        <span className="log-search-count" data-testid="log-search-count" data-current={count.current} data-total={count.total} aria-live="polite">
          {count.total === 0 ? t('search.none') : t('search.count', { current: count.current === 0 ? '–' : count.current, total: count.total })}
        </span>
      )}
      <Checkbox testId="log-search-only" label={t('search.onlyMatches')} checked={search.onlyMatches} onChange={(on) => setSearch({ onlyMatches: on })} />
    </div>
  );
}
