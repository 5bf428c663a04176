import { formatEndpoint } from '@shared/contract/endpoint';
import type { TrafficCounters } from '@shared/contract/session';
import { useT, useToggleLang } from '../i18n/lang-store';
import type { Translate } from '../i18n/i18n';
import type { AppState } from '../store/app-state';
import { useApp } from '../store/store-context';
import { FieldError } from './FieldError';

type StatusInput = Pick<AppState, 'protocol' | 'sessionState' | 'sessionProtocol' | 'local' | 'remote' | 'closeReason' | 'hostLink' | 'localAddress' | 'localPort' | 'remoteHost' | 'remotePort'> & {
  readonly clientCount: number;
};

/** "UDP 已打开 127.0.0.1:9000", "TCP client connected to …", "TCP Client 已关闭：对方关闭了连接". */
export function statusText(s: StatusInput, t: Translate): string {
  if (s.hostLink === 'no-token') return t('host.noToken');
  if (s.hostLink === 'closed') return t('host.closed');
  if (s.hostLink === 'connecting') return t('host.connecting');
  const protocol = s.sessionProtocol ?? s.protocol;
  const local = s.local ? formatEndpoint(s.local) : '';
  const remote = s.remote ? formatEndpoint(s.remote) : '';
  if (s.sessionState === 'opening') {
    const typedRemote = s.remoteHost.includes(':') ? `[${s.remoteHost}]:${s.remotePort}` : `${s.remoteHost}:${s.remotePort}`;
    const typedLocal = s.localAddress.includes(':') ? `[${s.localAddress}]:${s.localPort}` : `${s.localAddress}:${s.localPort}`;
    return t(`status.opening.${s.protocol}`, { local: typedLocal, remote: typedRemote });
  }
  if (s.sessionState === 'open') return t(`status.open.${protocol}`, { local, remote, clients: s.clientCount });
  if (s.closeReason) return t('status.closedWithReason', { protocol: t(`protocol.${protocol}`), reason: t(`reason.${s.closeReason}`) });
  return t('status.closed');
}

export function StatusBar() {
  const t = useT();
  const toggleLang = useToggleLang();
  const protocol = useApp((s) => s.protocol);
  const sessionState = useApp((s) => s.sessionState);
  const sessionProtocol = useApp((s) => s.sessionProtocol);
  const local = useApp((s) => s.local);
  const remote = useApp((s) => s.remote);
  const closeReason = useApp((s) => s.closeReason);
  const hostLink = useApp((s) => s.hostLink);
  const localAddress = useApp((s) => s.localAddress);
  const localPort = useApp((s) => s.localPort);
  const remoteHost = useApp((s) => s.remoteHost);
  const remotePort = useApp((s) => s.remotePort);
  const clientCount = useApp((s) => s.clients.length);
  const counters = useApp((s) => s.counters);
  const resetCounters = useApp((s) => s.resetCounters);

  const text = statusText(
    { protocol, sessionState, sessionProtocol, local, remote, closeReason, hostLink, localAddress, localPort, remoteHost, remotePort, clientCount },
    t,
  );
  const tone = hostLink === 'closed' || hostLink === 'no-token' || closeReason ? 'bad' : sessionState;

  return (
    <footer className="status-bar">
      <span className={`status-text tone-${tone}`} data-testid="status" data-state={sessionState}>
        {text}
      </span>
      <span className="spacer" />
      <Counter testId="counter-tx" which="tx" counters={counters} t={t} />
      <Counter testId="counter-rx" which="rx" counters={counters} t={t} />
      <button type="button" data-testid="counter-reset" onClick={() => void resetCounters()}>
        {t('counter.reset')}
      </button>
      <FieldError slot="counters" />
      <button type="button" className="lang-toggle" data-testid="lang-toggle" title={t('lang.switchTitle')} onClick={toggleLang}>
        {t('lang.switch')}
      </button>
    </footer>
  );
}

function Counter({ testId, which, counters, t }: { readonly testId: string; readonly which: 'tx' | 'rx'; readonly counters: TrafficCounters; readonly t: Translate }) {
  const bytes = which === 'tx' ? counters.txBytes : counters.rxBytes;
  const frames = which === 'tx' ? counters.txFrames : counters.rxFrames;
  return (
    <span className={`counter counter-${which}`} data-testid={testId} data-bytes={bytes} data-frames={frames}>
      {t(which === 'tx' ? 'counter.tx' : 'counter.rx', { bytes, frames })}
    </span>
  );
}
