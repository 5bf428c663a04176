import { useT } from '../i18n/lang-store';
import { LOG_CAPACITIES } from '../log/log-store';
import { useTab } from '../store/tab-context';

/** 日志容量: how many frames the log keeps. Changing it keeps the newest frames; counters are unaffected. */
export function LogCapacitySelect() {
  const t = useT();
  const capacity = useTab((s) => s.logCapacity);
  const setCapacity = useTab((s) => s.setLogCapacity);
  // A capacity from a hand-edited settings file that is not one of ours is still shown as chosen.
  const options = (LOG_CAPACITIES as readonly number[]).includes(capacity) ? LOG_CAPACITIES : [...LOG_CAPACITIES, capacity].sort((a, b) => a - b);
  return (
    <label className="field is-inline log-capacity">
      <span className="field-label">{t('recv.capacity')}</span>
      <select data-testid="recv-capacity" value={capacity} onChange={(e) => setCapacity(Number(e.target.value))}>
        {options.map((frames) => (
          <option key={frames} value={frames}>
            {t('recv.capacityOption', { count: frames })}
          </option>
        ))}
      </select>
    </label>
  );
}
