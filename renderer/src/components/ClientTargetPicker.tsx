import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { FieldError } from './FieldError';

/**
 * Which clients a send goes to — all, the ticked ones, or one — and the button that drops the one chosen: a TCP
 * server's 连接对象, and a relay's pairs (same select, same ticks in the list; only the words differ).
 */
export function ClientTargetPicker({ label, closeLabel, closeTitle }: { readonly label: string; readonly closeLabel: string; readonly closeTitle: string }) {
  const t = useT();
  const serverTarget = useTab((s) => s.serverTarget);
  const setServerTarget = useTab((s) => s.setServerTarget);
  const clients = useTab((s) => s.clients);
  const selectedCount = useTab((s) => s.selectedClients.length);
  const sessionState = useTab((s) => s.sessionState);
  const kickClient = useTab((s) => s.kickClient);
  return (
    <>
      <label className="inline-field">
        <span>{label}</span>
        <select data-testid="send-target" value={serverTarget} onChange={(e) => setServerTarget(e.target.value)}>
          <option value="all">{`${t('target.all')} (${clients.length})`}</option>
          {selectedCount > 0 && <option value="selected">{t('target.selected', { count: selectedCount })}</option>}
          {clients.map((c) => (
            <option key={c.key} value={c.key}>
              {c.key}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        data-testid="kick-client"
        title={closeTitle}
        disabled={serverTarget === 'all' || serverTarget === 'selected' || sessionState !== 'open'}
        onClick={() => void kickClient()}
      >
        {closeLabel}
      </button>
      <FieldError slot="kick" />
    </>
  );
}
