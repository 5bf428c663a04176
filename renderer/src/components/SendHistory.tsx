import { SETTINGS_LIMITS } from '@shared/contract/settings';
import { useT } from '../i18n/lang-store';
import { historyLabel } from '../send/history-label';
import { useTab } from '../store/tab-context';
import { useWorkspace } from '../workspace/workspace-context';

/**
 * 历史发送: the workspace's recent sends, each with its whole spec; picking one puts it back in the send box. It sits
 * on the send box's target row, where its labels have room and the settings column keeps its height.
 */
export function SendHistory() {
  const t = useT();
  const history = useWorkspace((s) => s.history);
  const historySkipped = useWorkspace((s) => s.historySkipped);
  const pickHistory = useTab((s) => s.pickHistory);
  return (
    <div className="send-history">
      <label className="inline-field">
        <span>{t('send.history')}</span>
        <select
          data-testid="send-history"
          value=""
          disabled={history.length === 0}
          onChange={(e) => {
            const item = history[Number(e.target.value)];
            if (item) pickHistory(item);
          }}
        >
          <option value="" disabled>
            {history.length === 0 ? t('send.historyEmpty') : t('send.historyPick')}
          </option>
          {history.map((h, i) => (
            <option key={i} value={i}>
              {historyLabel(h)}
            </option>
          ))}
        </select>
      </label>
      {historySkipped !== null && (
        <span className="field-note" data-testid="history-skipped">
          {t('send.historySkipped', { chars: historySkipped, max: SETTINGS_LIMITS.historyItemChars })}
        </span>
      )}
    </div>
  );
}
