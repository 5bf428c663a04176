import { RELAY_SIDES } from '@shared/contract/relay';
import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { ClientTargetPicker } from './ClientTargetPicker';

/**
 * A relay's send target: the side the send box injects toward (the server or the client), and which pairs — chosen
 * as a TCP server's clients are (all, the ticked ones, or one), with the same select and the pair list's ticks.
 */
export function RelaySendTarget() {
  const t = useT();
  const toward = useTab((s) => s.relayToward);
  const setToward = useTab((s) => s.setRelayToward);
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
      <ClientTargetPicker label={t('relay.pairs.client')} closeLabel={t('relay.pairs.close')} closeTitle={t('relay.pairs.closeTitle')} />
    </div>
  );
}
