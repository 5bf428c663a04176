import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { FieldError, useHasError } from './FieldError';

/** 循环周期 [1000] ms: when checked, 发送 starts the engine's cyclic send (SendArea's button turns into 停止). */
export function RepeatControl() {
  const t = useT();
  const isEnabled = useTab((s) => s.repeatEnabled);
  const period = useTab((s) => s.repeatPeriod);
  const isRunning = useTab((s) => s.repeat?.running === true);
  const sent = useTab((s) => s.repeat?.sent);
  const skipped = useTab((s) => s.repeat?.skipped ?? 0);
  const isFinal = useTab((s) => s.repeat?.isFinal === true);
  const setRepeatEnabled = useTab((s) => s.setRepeatEnabled);
  const setRepeatPeriod = useTab((s) => s.setRepeatPeriod);
  const periodInvalid = useHasError('repeatPeriod');

  return (
    <div className="task">
      <div className="repeat-row">
        <label className="check" title={t('send.repeatHint')}>
          <input type="checkbox" data-testid="repeat-enabled" checked={isEnabled} onChange={(e) => void setRepeatEnabled(e.target.checked)} />
          {t('send.repeat')}
        </label>
        <input
          className="period-input"
          data-testid="repeat-period"
          aria-label={t('send.repeatPeriodLabel')}
          inputMode="numeric"
          value={period}
          disabled={isRunning}
          aria-invalid={periodInvalid}
          onChange={(e) => setRepeatPeriod(e.target.value)}
        />
        <span className="unit">{t('send.repeatUnit')}</span>
      </div>
      <FieldError slot="repeatPeriod" />
      {sent !== undefined && (
        <div className={`task-status ${isRunning ? 'is-running' : ''}`} data-testid="repeat-count" data-sent={sent} data-running={isRunning} data-final={isFinal}>
          {t('send.repeatSent', { count: sent })}
          {skipped > 0 ? t('send.repeatSkipped', { count: skipped }) : ''}
        </div>
      )}
    </div>
  );
}
