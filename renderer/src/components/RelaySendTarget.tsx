import { RELAY_SIDES } from '@shared/contract/relay';
import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { FieldError } from './FieldError';

/**
 * A relay's send target: the side the send box injects toward (the server or the client), and which pairs — chosen
 * as a TCP server's clients are (all, the ticked ones, or one), with the same select and the pair list's ticks.
 */
export function RelaySendTarget() {
  const t = useT();
  const toward = useTab((s) => s.relayToward);
  const setToward = useTab((s) => s.setRelayToward);
  const serverTarget = useTab((s) => s.serverTarget);
  const setServerTarget = useTab((s) => s.setServerTarget);
  const clients = useTab((s) => s.clients);
  const selectedCount = useTab((s) => s.selectedClients.length);
  const sessionState = useTab((s) => s.sessionState);
  const kickClient = useTab((s) => s.kickClient);
  return (
    <div className="target-row">
      <label className="inline-field" title={t('relay.towardTitle')}>
        <span>{t('relay.toward')}</span>
        <select className="relay-toward" data-testid="relay-toward" value={toward} onChange={(e) => setToward(RELAY_SIDES.find((side) => side === e.target.value) ?? 'server')}>
          {RELAY_SIDES.map((side) => (
            <option key={side} value={side}>
              {t(`relay.toward.${side}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        <span>{t('relay.pairs.client')}</span>
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
        title={t('relay.pairs.closeTitle')}
        disabled={serverTarget === 'all' || serverTarget === 'selected' || sessionState !== 'open'}
        onClick={() => void kickClient()}
      >
        {t('relay.pairs.close')}
      </button>
      <FieldError slot="kick" />
    </div>
  );
}
