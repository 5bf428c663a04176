import { useEffect, useId, useLayoutEffect, useRef, type KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import type { DirectoryEntry, PathPurpose } from '@shared/contract/commands';
import { formatBytes } from '../i18n/format-units';
import { formatCount } from '../i18n/i18n';
import { useLang, useT } from '../i18n/lang-store';
import { localizeError } from '../i18n/localize-error';
import { joinHostPath } from '../store/host-path';
import { entryNamed, pathDialogStore, UP_ROW, visibleRows } from '../store/path-dialog-store';

/**
 * The page's folder browser for a host path (the browser host, which shows no file dialog of its own): a modal
 * <dialog> over the page, shown while a request of `purpose` is open (path-dialog-store.ts does the browsing, with
 * system.listDirectory). Mounted by the control it serves, so a request is cancelled when that control goes away
 * (another tab came to the front).
 *
 * Keyboard: ↑ ↓ Home End PageUp PageDown move in the list, a letter jumps to the next name starting with it, Enter
 * opens a folder or chooses a file, Backspace (in the list) or Alt+↑ goes up, Escape cancels; Tab stays inside.
 */
export function PathDialog({ purpose }: { readonly purpose: PathPurpose }) {
  const isOpen = useStore(pathDialogStore, (s) => s.purpose === purpose);
  useEffect(
    () => () => {
      if (pathDialogStore.getState().purpose === purpose) pathDialogStore.getState().cancel();
    },
    [purpose],
  );
  return isOpen ? <PathDialogBody purpose={purpose} /> : null;
}

const PAGE_ROWS = 10;

function rowName(row: typeof UP_ROW | DirectoryEntry): string {
  return row === UP_ROW ? UP_ROW : row.name;
}

function PathDialogBody({ purpose }: { readonly purpose: PathPurpose }) {
  const t = useT();
  const lang = useLang();
  const s = useStore(pathDialogStore);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const idPrefix = useId();
  const titleId = `${idPrefix}-title`;
  const rowId = (index: number): string => `${idPrefix}-row-${index}`;

  // Modal while it is shown; the control that opened it gets the focus back when it closes.
  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    if (purpose === 'capture' && nameRef.current) {
      const input = nameRef.current;
      input.focus();
      // The name without its extension is selected, ready to be typed over.
      const dot = input.value.lastIndexOf('.');
      input.setSelectionRange(0, dot > 0 ? dot : input.value.length);
    } else {
      listRef.current?.focus();
    }
    return () => {
      if (dialog?.open) dialog.close();
      opener?.focus();
    };
  }, [purpose]);

  const rows = visibleRows(s);
  const activeIndex = rows.findIndex((row) => rowName(row) === s.activeName);
  const listing = s.listing;

  // The highlighted row stays in view as the keys move it.
  useEffect(() => {
    if (activeIndex < 0) return;
    document.getElementById(rowId(activeIndex))?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex, listing]);

  const moveTo = (index: number): void => {
    if (rows.length === 0) return;
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))]!;
    s.setActive(rowName(row));
  };

  const onListKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const key = event.key;
    let handled = true;
    if (key === 'ArrowDown') moveTo(activeIndex < 0 ? 0 : activeIndex + 1);
    else if (key === 'ArrowUp' && event.altKey) void s.goUp();
    else if (key === 'ArrowUp') moveTo(activeIndex < 0 ? 0 : activeIndex - 1);
    else if (key === 'Home') moveTo(0);
    else if (key === 'End') moveTo(rows.length - 1);
    else if (key === 'PageDown') moveTo((activeIndex < 0 ? 0 : activeIndex) + PAGE_ROWS);
    else if (key === 'PageUp') moveTo((activeIndex < 0 ? 0 : activeIndex) - PAGE_ROWS);
    else if (key === 'Enter') {
      if (s.activeName !== null) void s.openRow(s.activeName);
      else void s.confirm();
    } else if (key === 'Backspace') void s.goUp();
    else if (key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey && key !== ' ') {
      // Type-ahead: the next name (after the highlighted one, wrapping) that starts with the letter.
      const letter = key.toLowerCase();
      const start = activeIndex + 1;
      for (let step = 0; step < rows.length; step++) {
        const row = rows[(start + step) % rows.length]!;
        if (row !== UP_ROW && row.name.toLowerCase().startsWith(letter)) {
          s.setActive(row.name);
          break;
        }
      }
    } else handled = false;
    if (handled) event.preventDefault();
  };

  /** Tab and Shift+Tab cycle through the dialog's controls; the page's own shortcuts stay off while it is open. */
  const onDialogKeyDown = (event: KeyboardEvent<HTMLDialogElement>): void => {
    if (event.key === 'ArrowUp' && event.altKey) {
      event.preventDefault();
      void s.goUp();
    }
    if (event.ctrlKey || event.metaKey) event.stopPropagation();
    if (event.key !== 'Tab') return;
    const focusables = [...(dialogRef.current?.querySelectorAll<HTMLElement>('button:not(:disabled), input:not(:disabled), select:not(:disabled), [tabindex="0"]') ?? [])];
    const first = focusables[0];
    const last = focusables.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const active = entryNamed(listing, s.activeName);
  const existing = purpose === 'capture' ? entryNamed(listing, s.fileName.trim()) : undefined;
  const chosenPath = purpose === 'sendFile' && active?.kind === 'file' && listing ? joinHostPath(listing.path, active.name, listing.separator) : null;
  const message = s.problem ? t(`path.problem.${s.problem}`) : s.error ? localizeError(s.error, lang) : null;
  const hasManyRoots = (listing?.roots.length ?? 0) > 1;
  const currentRoot = listing?.roots.find((root) => listing.path.toLowerCase().startsWith(root.toLowerCase()));

  return (
    <dialog
      ref={dialogRef}
      className="path-dialog"
      data-testid="path-dialog"
      data-purpose={purpose}
      aria-labelledby={titleId}
      onKeyDown={onDialogKeyDown}
      onCancel={(event) => {
        // Escape: answered as Cancel; the dialog closes when the request ends (the component goes away).
        event.preventDefault();
        s.cancel();
      }}
    >
      <div className="path-dialog-head">
        <h2 id={titleId}>{t(purpose === 'capture' ? 'path.title.capture' : 'path.title.sendFile')}</h2>
        <span className="hint">{t('path.hostNote')}</span>
      </div>
      <div className="path-dialog-bar">
        <button type="button" data-testid="path-up" title={t('path.upTitle')} disabled={!listing?.parent || s.isLoading} onClick={() => void s.goUp()}>
          ↑ {t('path.up')}
        </button>
        <button type="button" data-testid="path-home" title={t('path.homeTitle')} disabled={s.isLoading} onClick={() => void s.navigate()}>
          {t('path.home')}
        </button>
        {hasManyRoots && listing && (
          <select data-testid="path-root" aria-label={t('path.drive')} value={currentRoot ?? ''} onChange={(e) => void s.navigate(e.target.value)}>
            {currentRoot === undefined && <option value="" />}
            {listing.roots.map((root) => (
              <option key={root} value={root}>
                {root}
              </option>
            ))}
          </select>
        )}
        <input
          data-testid="path-folder"
          className="path-folder"
          aria-label={t('path.folder')}
          value={s.pathInput}
          spellCheck={false}
          title={s.pathInput}
          onChange={(e) => s.setPathInput(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            void s.submitPathInput();
          }}
        />
        <button type="button" data-testid="path-go" title={t('path.goTitle')} onClick={() => void s.submitPathInput()}>
          {t('path.go')}
        </button>
      </div>
      <div
        ref={listRef}
        className={`path-list ${s.isLoading ? 'is-loading' : ''}`}
        data-testid="path-list"
        role="listbox"
        tabIndex={0}
        aria-label={t('path.list')}
        aria-busy={s.isLoading}
        aria-activedescendant={activeIndex >= 0 ? rowId(activeIndex) : undefined}
        onKeyDown={onListKeyDown}
      >
        {rows.map((row, index) => (
          <PathRow
            key={rowName(row)}
            id={rowId(index)}
            row={row}
            isActive={index === activeIndex}
            t={t}
            onSelect={() => {
              s.setActive(rowName(row));
              listRef.current?.focus();
            }}
            onOpen={() => void s.openRow(rowName(row))}
          />
        ))}
        {listing && rows.every((row) => row === UP_ROW) && <div className="path-empty">{t('path.empty')}</div>}
        {!listing && s.isLoading && <div className="path-empty">{t('path.loading')}</div>}
      </div>
      <div className="path-dialog-options">
        <label className="check">
          <input type="checkbox" data-testid="path-hidden" checked={s.showHidden} onChange={(e) => s.setShowHidden(e.target.checked)} />
          {t('path.showHidden')}
        </label>
        {listing?.truncated && (
          <span className="path-note" data-testid="path-truncated">
            {t('path.truncated', { count: listing.entries.length })}
          </span>
        )}
        {s.isLoading && listing && <span className="path-note">{t('path.loading')}</span>}
      </div>
      {purpose === 'capture' ? (
        <div className="path-dialog-name">
          <label htmlFor={`${idPrefix}-name`}>{t('path.fileName')}</label>
          <input
            ref={nameRef}
            id={`${idPrefix}-name`}
            data-testid="path-filename"
            value={s.fileName}
            spellCheck={false}
            aria-invalid={s.problem !== null && s.problem !== 'chooseFile'}
            onChange={(e) => s.setFileName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              void s.confirm();
            }}
          />
        </div>
      ) : (
        <div className="path-chosen" data-testid="path-chosen" title={chosenPath ?? undefined}>
          {chosenPath ? t('path.chosen', { path: chosenPath }) : '\u00a0'}
        </div>
      )}
      <div className="path-dialog-message">
        {message ? (
          <span className="path-error" role="alert" data-testid="path-error" title={s.error?.detail}>
            {message}
          </span>
        ) : existing?.kind === 'file' ? (
          <span className="path-warn" data-testid="path-exists">
            {t('path.exists')}
          </span>
        ) : null}
      </div>
      <div className="path-dialog-foot">
        <span className="hint path-keys">{t('path.keys')}</span>
        <button type="button" className="primary" data-testid="path-ok" disabled={s.isLoading || !listing} onClick={() => void s.confirm()}>
          {t('path.ok')}
        </button>
        <button type="button" data-testid="path-cancel" onClick={() => s.cancel()}>
          {t('path.cancel')}
        </button>
      </div>
    </dialog>
  );
}

function PathRow({
  id,
  row,
  isActive,
  t,
  onSelect,
  onOpen,
}: {
  readonly id: string;
  readonly row: typeof UP_ROW | DirectoryEntry;
  readonly isActive: boolean;
  readonly t: ReturnType<typeof useT>;
  readonly onSelect: () => void;
  readonly onOpen: () => void;
}) {
  const kind = row === UP_ROW ? 'up' : row.kind;
  const name = rowName(row);
  const size = row !== UP_ROW && row.kind === 'file' && row.size !== undefined ? formatBytes(row.size) : '';
  const note = row === UP_ROW ? t('path.parentRow') : row.kind === 'other' ? t('path.kind.other') : row.kind === 'directory' ? t('path.kind.directory') : '';
  return (
    <div
      id={id}
      role="option"
      aria-selected={isActive}
      className={`path-row kind-${kind} ${isActive ? 'is-active' : ''}`}
      data-testid="path-row"
      data-name={name}
      data-kind={kind}
      title={row !== UP_ROW && row.size !== undefined ? `${name}\n${formatCount(row.size)} B` : name}
      onMouseDown={(event) => event.preventDefault()}
      onClick={onSelect}
      onDoubleClick={onOpen}
    >
      <span className="path-icon" aria-hidden="true" />
      <span className="path-name">
        {name}
        {row !== UP_ROW && row.link && <span className="path-link"> ↪ {t('path.kind.link')}</span>}
      </span>
      <span className="path-meta">{note || size}</span>
    </div>
  );
}
