import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { FieldError, useHasError } from './FieldError';

/**
 * 接收缓冲区 of a UDP tab (issue 11): SO_RCVBUF asked for when the socket opens, in KiB or with a unit ("4M"); empty =
 * the system's default. Checked as typed; locked while open (the log says what the OS granted at open).
 */
export function ReceiveBufferField() {
  const t = useT();
  const value = useTab((s) => s.recvBuffer);
  const setValue = useTab((s) => s.setRecvBuffer);
  const locked = useTab((s) => s.sessionState !== 'closed');
  const invalid = useHasError('recvBuffer');
  return (
    <>
      <label className="udp-recv-buffer" title={locked ? t('udp.recvBufferLocked') : t('udp.recvBufferHint')}>
        <span className="field-label">{t('udp.recvBuffer')}</span>
        <input
          data-testid="udp-recv-buffer"
          placeholder={t('udp.recvBufferPlaceholder')}
          spellCheck={false}
          value={value}
          disabled={locked}
          aria-invalid={invalid}
          onChange={(e) => setValue(e.target.value)}
        />
        <span className="unit">{t('udp.recvBufferUnit')}</span>
      </label>
      <FieldError slot="recvBuffer" />
    </>
  );
}
