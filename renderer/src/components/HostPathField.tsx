import type { ReactNode } from 'react';
import { useT } from '../i18n/lang-store';

interface HostPathFieldProps {
  readonly testId: string;
  readonly browseTestId: string;
  /** The input's accessible name. */
  readonly label: string;
  /** The tooltip while the field is empty. */
  readonly hint: string;
  readonly browseTitle: string;
  readonly value: string;
  readonly placeholder: string;
  readonly disabled: boolean;
  readonly invalid: boolean;
  onChange(value: string): void;
  onBrowse(): void;
  /** Buttons that belong on the same row (send / cancel). */
  readonly children?: ReactNode;
}

/** A path on the engine's machine as typed, with its Browse… button (capture file, file to send). */
export function HostPathField({ testId, browseTestId, label, hint, browseTitle, value, placeholder, disabled, invalid, onChange, onBrowse, children }: HostPathFieldProps) {
  const t = useT();
  return (
    <div className="file-row">
      <input
        data-testid={testId}
        aria-label={label}
        value={value}
        spellCheck={false}
        disabled={disabled}
        placeholder={placeholder}
        title={value || hint}
        aria-invalid={invalid}
        onChange={(e) => onChange(e.target.value)}
      />
      <button type="button" className="browse-button" data-testid={browseTestId} aria-label={t('path.browse')} title={browseTitle} disabled={disabled} onClick={onBrowse}>
        {/* "…" as in desktop tools' path fields: the column is too narrow for a word; the name is in aria-label. */}
        …
      </button>
      {children}
    </div>
  );
}
