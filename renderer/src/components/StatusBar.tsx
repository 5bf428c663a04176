import type { TrafficCounters } from '@shared/contract/session';
import { useT, useToggleLang } from '../i18n/lang-store';
import type { Translate } from '../i18n/i18n';
import { useApp } from '../store/store-context';
import { FieldError } from './FieldError';
import { statusText } from './status-text';

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
