import { useT } from '../i18n/lang-store';
import { useTab } from '../store/tab-context';
import { FieldError, useHasError } from './FieldError';

/**
 * TCP options of a TCP tab (issue 10), applied when the session opens and locked while it is open or retrying:
 * keep-alive and no-delay (client and server: a server gives them to every client it accepts), and the client's
 * 断线自动重连 with its back-off (first wait → longest wait, in seconds).
 */
export function TcpOptions() {
  const t = useT();
  const protocol = useTab((s) => s.protocol);
  const locked = useTab((s) => s.sessionState !== 'closed');
  const keepAlive = useTab((s) => s.tcpKeepAlive);
  const noDelay = useTab((s) => s.tcpNoDelay);
  const reconnect = useTab((s) => s.tcpReconnect);
  const setTcpOptions = useTab((s) => s.setTcpOptions);
  if (protocol === 'udp') return null;
  const lockedTitle = locked ? t('tcp.lockedWhileOpen') : undefined;
  return (
    <div className="tcp-options" data-testid="tcp-options">
      {protocol === 'tcp-client' && (
        <>
          <label className="check" title={lockedTitle ?? t('tcp.reconnectTitle')}>
            <input
              type="checkbox"
              data-testid="tcp-reconnect"
              checked={reconnect}
              disabled={locked}
              onChange={(e) => setTcpOptions({ tcpReconnect: e.target.checked })}
            />
            {t('tcp.reconnect')}
          </label>
          {reconnect && <BackoffFields locked={locked} />}
        </>
      )}
      <div className="check-pair">
        <label className="check" title={lockedTitle ?? t('tcp.keepAliveTitle')}>
          <input
            type="checkbox"
            data-testid="tcp-keepalive"
            checked={keepAlive}
            disabled={locked}
            onChange={(e) => setTcpOptions({ tcpKeepAlive: e.target.checked })}
          />
          {t('tcp.keepAlive')}
        </label>
        <label className="check" title={lockedTitle ?? t('tcp.noDelayTitle')}>
          <input type="checkbox" data-testid="tcp-nodelay" checked={noDelay} disabled={locked} onChange={(e) => setTcpOptions({ tcpNoDelay: e.target.checked })} />
          {t('tcp.noDelay')}
        </label>
      </div>
    </div>
  );
}

/** "间隔 [0.5] → [30] 秒": the first wait, doubling up to the longest. */
function BackoffFields({ locked }: { readonly locked: boolean }) {
  const t = useT();
  const first = useTab((s) => s.reconnectFirstS);
  const max = useTab((s) => s.reconnectMaxS);
  const setTcpOptions = useTab((s) => s.setTcpOptions);
  const firstInvalid = useHasError('reconnectFirst');
  const maxInvalid = useHasError('reconnectMax');
  return (
    <div className="backoff">
      <div className="backoff-row" title={t('tcp.backoffTitle')}>
        <span className="field-label">{t('tcp.backoff')}</span>
        <input
          data-testid="tcp-reconnect-first"
          inputMode="decimal"
          aria-label={t('tcp.backoffFirst')}
          value={first}
          disabled={locked}
          aria-invalid={firstInvalid}
          onChange={(e) => setTcpOptions({ reconnectFirstS: e.target.value })}
        />
        <span aria-hidden="true">→</span>
        <input
          data-testid="tcp-reconnect-max"
          inputMode="decimal"
          aria-label={t('tcp.backoffMax')}
          value={max}
          disabled={locked}
          aria-invalid={maxInvalid}
          onChange={(e) => setTcpOptions({ reconnectMaxS: e.target.value })}
        />
        <span>{t('tcp.seconds')}</span>
      </div>
      <FieldError slot="reconnectFirst" />
      <FieldError slot="reconnectMax" />
    </div>
  );
}
