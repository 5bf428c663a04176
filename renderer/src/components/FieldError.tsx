import { localizeError } from '../i18n/localize-error';
import { useLang } from '../i18n/lang-store';
import type { ErrorSlot } from '../store/tab-state';
import { useTab } from '../store/tab-context';

/**
 * The localized sentence for an error that belongs to one control, shown right under it. When it is the latest
 * error it is also the app's one error message (data-testid="error"), so the sentence is never shown twice.
 */
export function FieldError({ slot, id }: { readonly slot: ErrorSlot; readonly id?: string }) {
  const error = useTab((s) => s.fieldErrors[slot]);
  const isLatest = useTab((s) => s.notice?.kind === 'error' && s.notice.slot === slot);
  const lang = useLang();
  if (!error) return null;
  return (
    <div className="field-error" id={id} data-slot={slot} {...(isLatest ? { 'data-testid': 'error', role: 'alert' } : {})} title={error.detail}>
      {localizeError(error, lang)}
    </div>
  );
}

/** True when the control for `slot` has an error: drives aria-invalid and the red border. */
export function useHasError(slot: ErrorSlot): boolean {
  return useTab((s) => s.fieldErrors[slot] !== undefined);
}
